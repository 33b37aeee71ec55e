// HTTP tests of `unlock-approval`: every action's success and refusals, the wrong role, a banned
// user, malformed bodies. Each test makes its own users and quest.
import { assert, assertEquals } from './assert.ts';
import { closeStack, createUser, db, stack, type TestUser } from '../../../tests/helpers/stack.ts';

const post = (user: TestUser | null, action: string, body: unknown) =>
  fetch(`${stack.functionsUrl}/unlock-approval/${action}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(user ? { Authorization: `Bearer ${user.token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function expectError(response: Response, status: number, code: string) {
  const body = await response.json();
  assertEquals(response.status, status, `status for ${code}: ${JSON.stringify(body)}`);
  assertEquals(body.error.code, code);
  return body.error;
}

/** A published locked quest with a price, a player with credits, a moderator. */
async function scene(price = 30, credits = 100) {
  const player = await createUser();
  const moderator = await createUser();
  await db`insert into public.user_roles (user_id, role) values (${moderator.id}, 'moderator')`;
  const [quest] = await db`
    insert into public.quests (title, slug, city, status, access, price_credits, published_at)
    values ('Locked yard', ${`locked-${crypto.randomUUID().slice(0, 8)}`}, 'Moscow', 'published', 'locked', ${price}, now())
    returning id`;
  if (credits > 0) await db`select private.post_credits(${player.id}, ${credits}, 'staff_grant')`;
  return { player, moderator, questId: quest.id as string };
}

Deno.test('submit → approve: access granted, price debited, requester notified', async () => {
  const { player, moderator, questId } = await scene();
  const submitted = await post(player, 'submit', { quest_id: questId, message: 'Please!' });
  assertEquals(submitted.status, 201);
  const { request } = await submitted.json();
  assertEquals(request.status, 'pending');

  const queue = await post(moderator, 'list', { scope: 'queue' });
  assertEquals(queue.status, 200);
  assert((await queue.json()).requests.some((r: { id: string }) => r.id === request.id), 'the moderator sees the request in the queue');

  const approved = await post(moderator, 'approve', { request_id: request.id });
  assertEquals(approved.status, 200);
  assertEquals((await approved.json()).request.status, 'approved');
  const [state] = await db`
    select (select balance from public.wallets where user_id = ${player.id}) as balance,
           private.has_quest_access(${questId}, ${player.id}) as access,
           (select count(*)::int from public.notifications where user_id = ${player.id} and kind = 'unlock_approved') as notes`;
  assertEquals(state, { balance: 70, access: true, notes: 1 });
});

Deno.test('approving twice is a conflict; rejecting needs a reason; cancel only while pending', async () => {
  const { player, moderator, questId } = await scene();
  const { request } = await (await post(player, 'submit', { quest_id: questId })).json();
  await (await post(moderator, 'approve', { request_id: request.id })).body?.cancel();
  await expectError(await post(moderator, 'approve', { request_id: request.id }), 409, 'already_decided');
  await expectError(await post(moderator, 'reject', { request_id: request.id }), 400, 'invalid_body');
  await expectError(await post(player, 'cancel', { request_id: request.id }), 409, 'already_decided');
});

Deno.test('reject with a reason, then the user may ask again and cancel', async () => {
  const { player, moderator, questId } = await scene();
  const { request } = await (await post(player, 'submit', { quest_id: questId })).json();
  const rejected = await post(moderator, 'reject', { request_id: request.id, reason: 'Finish an open quest first' });
  assertEquals(rejected.status, 200);
  assertEquals((await rejected.json()).request.decision_reason, 'Finish an open quest first');
  const again = await post(player, 'submit', { quest_id: questId });
  assertEquals(again.status, 201);
  await expectError(await post(player, 'submit', { quest_id: questId }), 409, 'request_pending');
  const cancelled = await post(player, 'cancel', { request_id: (await again.json()).request.id });
  assertEquals(cancelled.status, 200);
  assertEquals((await cancelled.json()).request.status, 'cancelled');
  const mine = await (await post(player, 'list', { scope: 'mine' })).json();
  assertEquals(mine.requests.map((r: { status: string }) => r.status), ['cancelled', 'rejected']);
});

Deno.test('insufficient credits: approval fails with 402 and changes nothing', async () => {
  const { player, moderator, questId } = await scene(50, 20);
  const { request } = await (await post(player, 'submit', { quest_id: questId })).json();
  await expectError(await post(moderator, 'approve', { request_id: request.id }), 402, 'insufficient_credits');
  const [state] = await db`
    select (select status from public.unlock_requests where id = ${request.id})::text as status,
           (select balance from public.wallets where user_id = ${player.id}) as balance,
           private.has_quest_access(${questId}, ${player.id}) as access`;
  assertEquals(state, { status: 'pending', balance: 20, access: false });
});

Deno.test('the wrong role, someone else, and a banned user are refused', async () => {
  const { player, questId } = await scene();
  const stranger = await createUser();
  const { request } = await (await post(player, 'submit', { quest_id: questId })).json();
  await expectError(await post(stranger, 'approve', { request_id: request.id }), 403, 'forbidden');
  await expectError(await post(player, 'approve', { request_id: request.id }), 403, 'forbidden');
  await expectError(await post(stranger, 'list', { scope: 'queue' }), 403, 'forbidden');
  await expectError(await post(stranger, 'cancel', { request_id: request.id }), 404, 'request_not_found');
  const banned = await createUser();
  await db`insert into public.user_bans (user_id, reason) values (${banned.id}, 'spam')`;
  await expectError(await post(banned, 'submit', { quest_id: questId }), 403, 'forbidden');
  const anonymous = await fetch(`${stack.functionsUrl}/unlock-approval/submit`, {
    method: 'POST', headers: { Authorization: `Bearer ${stack.anonKey}` }, body: JSON.stringify({ quest_id: questId }),
  });
  await expectError(anonymous, 401, 'not_signed_in');
  const noToken = await post(null, 'submit', { quest_id: questId });
  assertEquals(noToken.status, 401);
  await noToken.body?.cancel();
});

Deno.test('malformed bodies get 400 with the field and the reason; unknown routes 404', async () => {
  const { player, questId } = await scene();
  const notJson = await expectError(await post(player, 'submit', '{oops'), 400, 'invalid_json');
  assert(notJson.message.length > 0);
  const badId = await expectError(await post(player, 'submit', { quest_id: 'nope' }), 400, 'invalid_body');
  assertEquals(badId.fields[0].path, 'quest_id');
  const tooLong = await expectError(await post(player, 'submit', { quest_id: questId, message: 'x'.repeat(501) }), 400, 'invalid_body');
  assertEquals(tooLong.fields[0].path, 'message');
  const extra = await expectError(await post(player, 'submit', { quest_id: questId, price: 0 }), 400, 'invalid_body');
  assert(extra.fields.length > 0);
  const badScope = await expectError(await post(player, 'list', { scope: 'everyone' }), 400, 'invalid_body');
  assertEquals(badScope.fields[0].path, 'scope');
  await expectError(await post(player, 'unknown', {}), 404, 'route_not_found');
  await expectError(await post(player, 'submit', { quest_id: crypto.randomUUID() }), 404, 'quest_not_found');
});

Deno.test('close connections', async () => {
  await closeStack();
});
