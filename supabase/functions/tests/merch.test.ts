// HTTP tests of `merch`: catalogue with can_buy, purchase (idempotent), every documented refusal,
// orders, cancellation with refund, staff state changes, wrong roles, banned users, bad bodies.
import { assert, assertEquals } from './assert.ts';
import { closeStack, createUser, db, stack, type TestUser } from '../../../tests/helpers/stack.ts';

const post = (token: string | null, action: string, body: unknown) =>
  fetch(`${stack.functionsUrl}/merch/${action}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const as = (user: TestUser) => user.token;

async function expectError(response: Response, status: number, code: string) {
  const body = await response.json();
  assertEquals(response.status, status, `${code}: ${JSON.stringify(body)}`);
  assertEquals(body.error.code, code);
  return body.error;
}

const address = { name: 'Alice Petrova', phone: '+7 900 123-45-67', address: 'Tverskaya 1', city: 'Moscow', postal_code: '125009', country: 'RU' };
const key = () => `key-${crypto.randomUUID()}`;

async function item(fields: Record<string, unknown> = {}) {
  const row = { title: 'QuestCity mug', price_credits: 30, stock: 5, per_user_limit: null, active: true, quest_id: null, quest_rule: null, ...fields };
  const [created] = await db`insert into public.merch_items ${db(row)} returning id`;
  return created.id as string;
}

async function buyer(credits = 100) {
  const user = await createUser();
  if (credits) await db`select private.post_credits(${user.id}, ${credits}, 'staff_grant')`;
  return user;
}

Deno.test('purchase: stock and credits go down, the same idempotency key returns the same order', async () => {
  const itemId = await item();
  const user = await buyer();
  const idempotency_key = key();
  const first = await post(as(user), 'purchase', { item_id: itemId, quantity: 2, shipping: address, idempotency_key });
  assertEquals(first.status, 201);
  const { order } = await first.json();
  assertEquals([order.status, order.total_credits, order.items[0].quantity], ['pending', 60, 2]);
  const replay = await post(as(user), 'purchase', { item_id: itemId, quantity: 2, shipping: address, idempotency_key });
  assertEquals((await replay.json()).order.id, order.id);
  const [state] = await db`
    select (select stock from public.merch_items where id = ${itemId}) as stock,
           (select balance from public.wallets where user_id = ${user.id}) as balance,
           (select count(*)::int from public.merch_orders where user_id = ${user.id}) as orders`;
  assertEquals(state, { stock: 3, balance: 40, orders: 1 });
});

Deno.test('every refusal has its code and changes nothing', async () => {
  const user = await buyer(50);
  const cases: [Record<string, unknown>, number, number, string][] = [
    [{ stock: 1 }, 2, 409, 'out_of_stock'],
    [{ price_credits: 60 }, 1, 402, 'insufficient_credits'],
    [{ per_user_limit: 1 }, 2, 409, 'limit_reached'],
    [{ active: false }, 1, 409, 'item_inactive'],
  ];
  for (const [fields, quantity, status, code] of cases) {
    const itemId = await item(fields);
    await expectError(await post(as(user), 'purchase', { item_id: itemId, quantity, shipping: address, idempotency_key: key() }), status, code);
  }
  const [quest] = await db`insert into public.quests (title, slug, city, status, published_at)
    values ('Mug quest', ${`mug-${crypto.randomUUID().slice(0, 8)}`}, 'Moscow', 'published', now()) returning id`;
  const afterQuest = await item({ quest_id: quest.id, quest_rule: 'purchase_after_completion' });
  await expectError(await post(as(user), 'purchase', { item_id: afterQuest, quantity: 1, shipping: address, idempotency_key: key() }), 403, 'quest_not_completed');
  const secret = await item({ quest_id: quest.id, quest_rule: 'visible_after_completion' });
  await expectError(await post(as(user), 'purchase', { item_id: secret, quantity: 1, shipping: address, idempotency_key: key() }), 404, 'item_not_found');
  const [state] = await db`
    select (select balance from public.wallets where user_id = ${user.id}) as balance,
           (select count(*)::int from public.merch_orders where user_id = ${user.id}) as orders`;
  assertEquals(state, { balance: 50, orders: 0 });
});

Deno.test('catalogue: visitors and users see can_buy and why not; reserved items stay hidden', async () => {
  const itemId = await item({ price_credits: 1000 });
  const [quest] = await db`insert into public.quests (title, slug, city, status, published_at)
    values ('Secret', ${`secret-${crypto.randomUUID().slice(0, 8)}`}, 'Kazan', 'published', now()) returning id`;
  const hidden = await item({ quest_id: quest.id, quest_rule: 'visible_after_completion' });
  const visitor = await (await post(stack.anonKey, 'catalog', {})).json();
  const seen = visitor.items.find((i: { id: string }) => i.id === itemId);
  assertEquals([seen.can_buy, seen.blocked_by], [false, 'not_signed_in']);
  assert(!visitor.items.some((i: { id: string }) => i.id === hidden), 'visitors do not see reserved items');
  const user = await buyer(10);
  const mine = await (await post(as(user), 'catalog', {})).json();
  assertEquals(mine.items.find((i: { id: string }) => i.id === itemId).blocked_by, 'insufficient_credits');
});

Deno.test('the buyer cancels while pending: refund and stock restored; not once paid', async () => {
  const itemId = await item({ stock: 3 });
  const user = await buyer();
  const staff = await createUser();
  await db`insert into public.user_roles (user_id, role) values (${staff.id}, 'admin')`;
  const { order } = await (await post(as(user), 'purchase', { item_id: itemId, quantity: 1, shipping: address, idempotency_key: key() })).json();
  const cancelled = await post(as(user), 'cancel', { order_id: order.id });
  assertEquals((await cancelled.json()).order.status, 'cancelled');
  const [state] = await db`select (select stock from public.merch_items where id = ${itemId}) as stock,
    (select balance from public.wallets where user_id = ${user.id}) as balance`;
  assertEquals(state, { stock: 3, balance: 100 });

  const second = (await (await post(as(user), 'purchase', { item_id: itemId, quantity: 1, shipping: address, idempotency_key: key() })).json()).order;
  assertEquals((await (await post(as(staff), 'status', { order_id: second.id, status: 'paid' })).json()).order.status, 'paid');
  await expectError(await post(as(user), 'cancel', { order_id: second.id }), 409, 'invalid_transition');
});

Deno.test('staff move orders paid → shipped (tracking) → delivered, audited and notified; users cannot', async () => {
  const itemId = await item();
  const user = await buyer();
  const staff = await createUser();
  await db`insert into public.user_roles (user_id, role) values (${staff.id}, 'admin')`;
  const moderator = await createUser();
  await db`insert into public.user_roles (user_id, role) values (${moderator.id}, 'moderator')`;
  const { order } = await (await post(as(user), 'purchase', { item_id: itemId, quantity: 1, shipping: address, idempotency_key: key() })).json();

  await expectError(await post(as(user), 'status', { order_id: order.id, status: 'paid' }), 403, 'forbidden');
  await expectError(await post(as(moderator), 'status', { order_id: order.id, status: 'paid' }), 404, 'order_not_found');
  await expectError(await post(as(moderator), 'orders', { scope: 'all' }), 403, 'forbidden');
  await (await post(as(staff), 'status', { order_id: order.id, status: 'paid' })).body?.cancel();
  await expectError(await post(as(staff), 'status', { order_id: order.id, status: 'shipped' }), 400, 'tracking_number_required');
  const shipped = await (await post(as(staff), 'status', { order_id: order.id, status: 'shipped', tracking_number: 'RA123456789RU' })).json();
  assertEquals(shipped.order.tracking_number, 'RA123456789RU');
  await expectError(await post(as(staff), 'status', { order_id: order.id, status: 'paid' }), 409, 'invalid_transition');
  assertEquals((await (await post(as(staff), 'status', { order_id: order.id, status: 'delivered' })).json()).order.status, 'delivered');

  const all = await (await post(as(staff), 'orders', { scope: 'all', status: 'delivered' })).json();
  assert(all.orders.some((o: { id: string }) => o.id === order.id), 'staff list orders by status');
  const mine = await (await post(as(user), 'orders', {})).json();
  assertEquals(mine.orders.map((o: { id: string }) => o.id), [order.id]);
  const [trail] = await db`
    select (select array_agg(action order by id) from public.audit_log where target_id = ${order.id}) as actions,
           (select count(*)::int from public.notifications where user_id = ${user.id} and kind = 'order_updated') as notes`;
  assertEquals(trail, { actions: ['order.paid', 'order.shipped', 'order.delivered'], notes: 3 });
});

Deno.test('banned users, visitors and malformed bodies are refused', async () => {
  const itemId = await item();
  const banned = await buyer();
  await db`insert into public.user_bans (user_id, reason) values (${banned.id}, 'fraud')`;
  await expectError(await post(as(banned), 'purchase', { item_id: itemId, quantity: 1, shipping: address, idempotency_key: key() }), 403, 'forbidden');
  await expectError(await post(stack.anonKey, 'purchase', { item_id: itemId, quantity: 1, shipping: address, idempotency_key: key() }), 401, 'not_signed_in');
  const invalidToken = await post('not-a-jwt.at.all', 'catalog', {});
  await expectError(invalidToken, 401, 'invalid_token');
  const user = await buyer();
  const bad = async (body: unknown, field: string) => {
    const error = await expectError(await post(as(user), 'purchase', body), 400, 'invalid_body');
    assert(error.fields.some((f: { path: string }) => f.path === field), `field ${field} in ${JSON.stringify(error.fields)}`);
  };
  await bad({ item_id: itemId, quantity: 0, shipping: address, idempotency_key: key() }, 'quantity');
  await bad({ item_id: itemId, quantity: 1.5, shipping: address, idempotency_key: key() }, 'quantity');
  await bad({ item_id: itemId, quantity: 1, shipping: { ...address, country: 'Russia' }, idempotency_key: key() }, 'shipping.country');
  await bad({ item_id: itemId, quantity: 1, shipping: { ...address, phone: 'call me' }, idempotency_key: key() }, 'shipping.phone');
  await bad({ item_id: itemId, quantity: 1, shipping: address }, 'idempotency_key');
  await bad({ item_id: 'mug', quantity: 1, shipping: address, idempotency_key: key() }, 'item_id');
  await expectError(await post(as(user), 'purchase', 'not json'), 400, 'invalid_json');
  await expectError(await post(as(user), 'refund-everything', {}), 404, 'route_not_found');
});

Deno.test('close connections', async () => {
  await closeStack();
});
