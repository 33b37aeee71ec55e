// HTTP tests of `account-delete`: a user deletes their own account; our foreign keys apply the
// content policy; avatar files are removed through the Storage API or queued when it cannot be
// reached (Docker-free mode has no Storage API); every refusal has its status and code.
import { assert, assertEquals } from './assert.ts';
import { closeStack, createUser, db, signIn, stack } from '../../../tests/helpers/stack.ts';

const url = `${stack.functionsUrl}/account-delete`;
const call = (token: string | null, method = 'POST') =>
  fetch(url, { method, headers: token ? { Authorization: `Bearer ${token}` } : {} });

Deno.test('a user deletes their own account: auth user, profile, roles and wallet are gone', async () => {
  const user = await createUser({ username: `del_${crypto.randomUUID().slice(0, 8)}` });
  await db`insert into public.user_roles (user_id, role) values (${user.id}, 'moderator')`;
  await db`insert into storage.objects (bucket_id, name, owner_id) values ('avatars', ${`${user.id}/avatar.png`}, ${user.id})`;

  const response = await call(user.token);
  assertEquals(response.status, 200);
  const body = await response.json();
  assertEquals(body.deleted, true);
  assertEquals(body.files_removed + body.files_pending, 1, 'the one avatar file is removed or queued');

  const [left] = await db`
    select (select count(*) from auth.users where id = ${user.id})::int as users,
           (select count(*) from public.profiles where id = ${user.id})::int as profiles,
           (select count(*) from public.user_roles where user_id = ${user.id})::int as roles,
           (select count(*) from public.wallets where user_id = ${user.id})::int as wallets`;
  assertEquals(left, { users: 0, profiles: 0, roles: 0, wallets: 0 });
  if (body.files_pending === 1) {
    const pending = await db`
      select name from private.pending_storage_deletions where bucket_id = 'avatars' and name = ${`${user.id}/avatar.png`}`;
    assertEquals(pending.length, 1, 'a file the Storage API could not remove is queued');
  }
});

Deno.test('a banned user may still delete their account (right to erasure)', async () => {
  const user = await createUser();
  await db`insert into public.user_bans (user_id, reason) values (${user.id}, 'spam')`;
  const response = await call(user.token);
  assertEquals(response.status, 200);
  await response.body?.cancel();
  assertEquals((await db`select 1 from auth.users where id = ${user.id}`).length, 0);
});

Deno.test('the token of an already deleted account gets 404 user_not_found', async () => {
  const user = await createUser();
  await (await call(user.token)).body?.cancel();
  const again = await call(user.token);
  assertEquals(again.status, 404);
  assertEquals((await again.json()).error.code, 'user_not_found');
});

Deno.test('without a token, with a forged token or with the anon key the account is not deleted', async () => {
  const user = await createUser();
  const missing = await call(null);
  assertEquals(missing.status, 401, 'verify_jwt refuses a request without Authorization');
  await missing.body?.cancel();
  const forged = await call(`${user.token.slice(0, -4)}AAAA`);
  assertEquals(forged.status, 401, 'verify_jwt refuses a bad signature');
  assertEquals(await forged.json(), { msg: 'Invalid JWT' });
  const anon = await call(stack.anonKey);
  assertEquals(anon.status, 401);
  assertEquals((await anon.json()).error.code, 'not_signed_in');
  assertEquals((await db`select 1 from auth.users where id = ${user.id}`).length, 1, 'the account still exists');
});

Deno.test('an expired token is refused before the function runs', async () => {
  const user = await createUser();
  const expired = await signIn(user.id, { expiresIn: -10 });
  const response = await call(expired);
  assertEquals(response.status, 401);
  await response.body?.cancel();
  assert((await db`select 1 from auth.users where id = ${user.id}`).length === 1);
});

Deno.test('only POST deletes: GET gets 405 method_not_allowed', async () => {
  const user = await createUser();
  const response = await call(user.token, 'GET');
  assertEquals(response.status, 405);
  assertEquals((await response.json()).error.code, 'method_not_allowed');
});

Deno.test('close connections', async () => {
  await closeStack();
});
