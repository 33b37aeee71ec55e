// HTTP tests of `storage-cleanup`: queued files are removed through the Storage API (the local
// stand-in) by the service role only; failures stay queued.
import { assertEquals } from './assert.ts';
import { closeStack, createUser, db, stack } from '../../../tests/helpers/stack.ts';

const url = `${stack.functionsUrl}/storage-cleanup`;
const call = (token: string | null, body: unknown = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

Deno.test('the service role drains the queue: queued files are removed through the Storage API and leave the queue', async () => {
  const folder = crypto.randomUUID();
  const names = [`${folder}/a.png`, `${folder}/b.png`];
  for (const name of names) {
    await db`insert into storage.objects (bucket_id, name, owner_id) values ('avatars', ${name}, ${folder})`;
    await db`select private.enqueue_storage_deletion('avatars', ${name}, 'test')`;
  }
  const response = await call(stack.serviceRoleKey, { max: 1000 });
  assertEquals(response.status, 200);
  const body = await response.json();
  assertEquals(body.failed, 0);
  const left = await db`select name from storage.objects where bucket_id = 'avatars' and name = any(${names})`;
  assertEquals(left.length, 0, 'the Storage API removed the objects');
  const queued = await db`select name from private.pending_storage_deletions where name = any(${names})`;
  assertEquals(queued.length, 0, 'the queue is empty for them');
});

Deno.test('users and visitors cannot run the cleanup', async () => {
  const user = await createUser();
  const asUser = await call(user.token);
  assertEquals(asUser.status, 403);
  assertEquals((await asUser.json()).error.code, 'forbidden');
  const asAnon = await call(stack.anonKey);
  assertEquals(asAnon.status, 403);
  await asAnon.body?.cancel();
  const noToken = await call(null);
  assertEquals(noToken.status, 401, 'verify_jwt refuses a request without a token');
  await noToken.body?.cancel();
});

Deno.test('a bad body is a 400 with the field, NUL characters included', async () => {
  const tooMany = await call(stack.serviceRoleKey, { max: 100000 });
  assertEquals(tooMany.status, 400);
  assertEquals((await tooMany.json()).error.fields[0].path, 'max');
  const nul = await call(stack.serviceRoleKey, { ['a\u0000b']: 1 });
  assertEquals(nul.status, 400);
  const error = (await nul.json()).error;
  assertEquals([error.code, error.fields[0].message], ['invalid_body', 'must not contain NUL characters']);
});

Deno.test('close connections', async () => {
  await closeStack();
});
