// The merch RPCs as the app calls them (supabase.rpc → PostgREST), executed exactly as PostgREST
// executes them (tests/helpers/postgrest.ts): the catalogue's one shape, purchases (idempotent),
// every documented refusal with its status and code, the buyer's and the staff's order lists with
// their keyset cursors, cancellation with refund, staff state changes, and the attacks: hoarding a
// whole stock, NUL characters and other bad input in shipping fields, a year-0000 cursor, staff
// moving their own orders.
import { afterAll, describe, expect, it } from 'vitest';
import { closeStack, createUser, db, type TestUser } from './helpers/stack.ts';
import { rpc } from './helpers/postgrest.ts';

afterAll(async () => {
  await closeStack();
});

const address = { name: 'Alice Petrova', phone: '+7 900 123-45-67', address: 'Tverskaya 1', city: 'Moscow', postal_code: '125009', country: 'RU' };
const key = () => `key-${crypto.randomUUID()}`;

async function item(fields: Record<string, unknown> = {}): Promise<string> {
  const row = { title: `Mug ${crypto.randomUUID().slice(0, 6)}`, price_credits: 30, stock: 5, active: true, ...fields };
  const [created] = await db`insert into public.merch_items ${db(row)} returning id`;
  return created.id;
}

async function buyer(credits = 100): Promise<TestUser> {
  const user = await createUser();
  if (credits) await db`select private.post_credits(${user.id}, ${credits}, 'staff_grant')`;
  return user;
}

async function staff(role: 'admin' | 'moderator' = 'admin'): Promise<TestUser> {
  const user = await createUser();
  await db`insert into public.user_roles (user_id, role) values (${user.id}, ${role})`;
  return user;
}

type Order = { id: string; user_id: string; status: string; total_credits: number; items: { quantity: number; title: string }[]; expires_at: string | null };
type Cursor = { list: string; key: string; id: string };
type Page<T = Order> = { items: (T & { cursor: Cursor })[]; next_cursor: Cursor | null };
const buy = (user: TestUser, itemId: string, quantity = 1, extra: Record<string, unknown> = {}) =>
  rpc<Order>(db, { userId: user.id }, 'purchase_merch', { item_id: itemId, quantity, shipping: address, idempotency_key: key(), ...extra });

describe('merch RPCs', () => {
  it('a purchase takes stock and credits once; the same idempotency key returns the same order, in the one order shape', async () => {
    const itemId = await item();
    const user = await buyer();
    const idempotency_key = key();
    const first = await buy(user, itemId, 2, { idempotency_key });
    expect(first.error).toBeNull();
    const order = first.data!;
    expect([order.status, order.total_credits, order.items[0].quantity]).toEqual(['pending', 60, 2]);
    expect(Object.keys(order).sort()).toEqual(['buyer_username', 'cancel_reason', 'cancellation', 'created_at', 'expires_at', 'id',
      'items', 'ship_address', 'ship_city', 'ship_country', 'ship_name', 'ship_phone', 'ship_postal_code', 'status', 'total_credits',
      'tracking_number', 'updated_at', 'user_id'].sort());
    expect(new Date(order.expires_at!).getTime() - new Date((order as unknown as { created_at: string }).created_at).getTime()).toBe(72 * 3600 * 1000);
    const replay = await buy(user, itemId, 2, { idempotency_key });
    expect(replay.data!.id).toBe(order.id);
    const [state] = await db`
      select (select stock from public.merch_items where id = ${itemId}) as stock,
             (select balance from public.wallets where user_id = ${user.id}) as balance,
             (select count(*)::int from public.merch_orders where user_id = ${user.id}) as orders`;
    expect(state).toEqual({ stock: 3, balance: 40, orders: 1 });
  });

  it('every refusal has its status, code and params, and changes nothing', async () => {
    const user = await buyer(50);
    const cases: [Record<string, unknown>, number, number, string, Record<string, unknown>][] = [
      [{ stock: 1 }, 2, 409, 'out_of_stock', { available: 1 }],
      [{ price_credits: 60 }, 1, 402, 'insufficient_credits', { shortfall: 10 }],
      [{ per_user_limit: 1 }, 2, 409, 'limit_reached', { limit: 1, held: 0 }],
      [{ active: false }, 1, 409, 'item_inactive', {}],
      [{}, 0, 400, 'invalid_quantity', {}],
    ];
    for (const [fields, quantity, status, code, params] of cases) {
      const { error } = await buy(user, await item(fields), quantity);
      expect(error).toMatchObject({ status, message: code, params: expect.objectContaining(params) });
    }
    const [quest] = await db`insert into public.quests (title, slug, city, status, published_at)
      values ('Mug quest', ${`mug-${crypto.randomUUID().slice(0, 8)}`}, 'Moscow', 'published', now()) returning id`;
    expect((await buy(user, await item({ quest_id: quest.id, quest_rule: 'purchase_after_completion' }))).error)
      .toMatchObject({ status: 403, message: 'quest_not_completed' });
    expect((await buy(user, await item({ quest_id: quest.id, quest_rule: 'visible_after_completion' }))).error)
      .toMatchObject({ status: 404, message: 'item_not_found' });
    expect((await buy(user, await item(), 1, { idempotency_key: 'short' })).error).toMatchObject({ status: 400, message: 'invalid_idempotency_key' });
    const [state] = await db`
      select (select balance from public.wallets where user_id = ${user.id}) as balance,
             (select count(*)::int from public.merch_orders where user_id = ${user.id}) as orders`;
    expect(state).toEqual({ balance: 50, orders: 0 });
  });

  it('stock hoarding: an item without a chosen limit allows 5 units per buyer, not the whole stock', async () => {
    const itemId = await item({ price_credits: 1, stock: 50 });
    const user = await buyer(100);
    expect((await buy(user, itemId, 5)).error).toBeNull();
    expect((await buy(user, itemId, 1)).error).toMatchObject({ status: 409, message: 'limit_reached', params: { limit: 5, held: 5 } });
    const [row] = await db`select stock from public.merch_items where id = ${itemId}`;
    expect(row.stock).toBe(45);
  });

  it('bad shipping input is a 400 invalid_shipping_field naming the field, never a 500 or a raw database error', async () => {
    const user = await buyer();
    const itemId = await item();
    const bad: [Record<string, unknown>, string][] = [
      [{ ...address, address: 'Tverskaya\u0000 1' }, 'address'],
      [{ ...address, name: 'Al\u0000ice' }, 'name'],
      [{ ...address, city: 'Mos\ncow' }, 'city'],
      [{ ...address, phone: 'call me' }, 'phone'],
      [{ ...address, country: 'Russia' }, 'country'],
      [{ ...address, postal_code: 'x'.repeat(40) }, 'postal_code'],
      [{ ...address, name: 'x'.repeat(129) }, 'name'],
      [{ ...address, floor: '3' }, 'floor'],
      [{ ...address, city: 7 }, 'city'],
      [{ name: 'Only a name' }, 'phone'],
    ];
    for (const [shipping, field] of bad) {
      const { error } = await rpc(db, { userId: user.id }, 'purchase_merch', { item_id: itemId, quantity: 1, shipping, idempotency_key: key() });
      expect(error).toMatchObject({ status: 400, code: 'PT400', message: 'invalid_shipping_field', params: { field } });
    }
    expect((await rpc(db, { userId: user.id }, 'purchase_merch', { item_id: itemId, quantity: 1, shipping: 'a string', idempotency_key: key() })).error)
      .toMatchObject({ status: 400, message: 'invalid_shipping_field', params: { field: 'shipping' } });
    const [state] = await db`select count(*)::int as orders from public.merch_orders where user_id = ${user.id}`;
    expect(state.orders).toBe(0);
  });

  it('the shop is one call with one shape: can_buy, blocked_by and shortfall for visitors and users; reserved items stay hidden', async () => {
    const itemId = await item({ price_credits: 1000 });
    const [quest] = await db`insert into public.quests (title, slug, city, status, published_at)
      values ('Secret', ${`secret-${crypto.randomUUID().slice(0, 8)}`}, 'Kazan', 'published', now()) returning id`;
    const hidden = await item({ quest_id: quest.id, quest_rule: 'visible_after_completion' });
    type Entry = { id: string; can_buy: boolean; blocked_by: string | null; shortfall: number; units_held: number };
    const visitor = await rpc<Page<Entry>>(db, { anon: true }, 'merch_catalog', { page_size: 100 });
    const seen = visitor.data!.items.find((i) => i.id === itemId)!;
    expect([seen.can_buy, seen.blocked_by]).toEqual([false, 'not_signed_in']);
    expect(visitor.data!.items.some((i) => i.id === hidden)).toBe(false);
    expect(Object.keys(seen).sort()).toEqual(['blocked_by', 'can_buy', 'created_at', 'description', 'id', 'image_paths', 'per_user_limit',
      'price_credits', 'quest_id', 'quest_rule', 'shortfall', 'stock', 'title', 'units_held', 'cursor'].sort());
    const user = await buyer(10);
    const mine = (await rpc<Page<Entry>>(db, { userId: user.id }, 'merch_catalog', { page_size: 100 })).data!.items.find((i) => i.id === itemId)!;
    expect([mine.blocked_by, mine.shortfall]).toEqual(['insufficient_credits', 990]);
    const cheap = await item({ price_credits: 5 });
    await buy(user, cheap, 1);
    const after = (await rpc<Page<Entry>>(db, { userId: user.id }, 'merch_catalog', { page_size: 100 })).data!.items.find((i) => i.id === cheap)!;
    expect([after.can_buy, after.units_held]).toEqual([true, 1]);
  });

  it('the buyer cancels while pending: refund and stock back; not once paid', async () => {
    const itemId = await item({ stock: 3 });
    const user = await buyer();
    const admin = await staff();
    const order = (await buy(user, itemId)).data!;
    const cancelled = await rpc<Order>(db, { userId: user.id }, 'cancel_merch_order', { order_id: order.id });
    expect(cancelled.data!).toMatchObject({ status: 'cancelled', cancellation: 'buyer' });
    const [state] = await db`select (select stock from public.merch_items where id = ${itemId}) as stock,
      (select balance from public.wallets where user_id = ${user.id}) as balance`;
    expect(state).toEqual({ stock: 3, balance: 100 });
    const second = (await buy(user, itemId)).data!;
    expect((await rpc<Order>(db, { userId: admin.id }, 'set_order_status', { order_id: second.id, status: 'paid' })).data!.status).toBe('paid');
    expect((await rpc(db, { userId: user.id }, 'cancel_merch_order', { order_id: second.id })).error)
      .toMatchObject({ status: 409, message: 'invalid_transition' });
  });

  it('staff move orders paid → shipped → delivered (audited, buyer notified); buyers, moderators and staff on their own orders cannot', async () => {
    const itemId = await item();
    const user = await buyer();
    const admin = await staff();
    const moderator = await staff('moderator');
    const order = (await buy(user, itemId)).data!;
    const move = (who: TestUser, args: Record<string, unknown>) => rpc<Order>(db, { userId: who.id }, 'set_order_status', { order_id: order.id, ...args });

    expect((await move(user, { status: 'paid' })).error).toMatchObject({ status: 403, message: 'forbidden' });
    expect((await move(moderator, { status: 'paid' })).error).toMatchObject({ status: 404, message: 'order_not_found' });
    expect((await rpc(db, { userId: moderator.id }, 'staff_merch_orders', {})).error).toMatchObject({ status: 403, message: 'forbidden' });
    expect((await move(admin, { status: 'paid' })).error).toBeNull();
    expect((await move(admin, { status: 'shipped' })).error).toMatchObject({ status: 400, message: 'tracking_number_required' });
    expect((await move(admin, { status: 'shipped', tracking_number: 'RA123456789RU' })).data!).toMatchObject({ tracking_number: 'RA123456789RU' });
    expect((await move(admin, { status: 'paid' })).error).toMatchObject({ status: 409, message: 'invalid_transition' });
    expect((await move(admin, { status: 'delivered' })).data!.status).toBe('delivered');

    const [trail] = await db`
      select (select array_agg(action order by id) from public.audit_log where target_id = ${order.id}) as actions,
             (select count(*)::int from public.notifications where user_id = ${user.id} and kind = 'order_updated') as notes`;
    expect(trail).toEqual({ actions: ['order.paid', 'order.shipped', 'order.delivered'], notes: 3 });

    // Four eyes: an admin's own order is moved by another admin, never by themselves.
    await db`select private.post_credits(${admin.id}, 100, 'staff_grant')`;
    const own = (await buy(admin, itemId)).data!;
    expect((await rpc(db, { userId: admin.id }, 'set_order_status', { order_id: own.id, status: 'paid' })).error)
      .toMatchObject({ status: 403, message: 'forbidden' });
  });

  it("my orders: the caller's own only (staff too), newest first, pages {items, next_cursor} with a (created_at, id) cursor that skips nothing", async () => {
    const itemId = await item({ price_credits: 1, stock: null, per_user_limit: 100 });
    const user = await buyer();
    const admin = await staff();
    await db`select private.post_credits(${admin.id}, 10, 'staff_grant')`;
    await buy(admin, itemId);
    for (let i = 0; i < 3; i++) await buy(user, itemId);
    // Three orders sharing one timestamp: a created_at-only cursor would skip two of them.
    await db`update public.merch_orders set created_at = '2026-11-30T10:00:00Z' where user_id = ${user.id}`;
    const seen: string[] = [];
    let after: Cursor | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page: { data: Page | null } = await rpc<Page>(db, { userId: user.id }, 'my_merch_orders', { page_size: 1, ...(after ? { after } : {}) });
      const { items, next_cursor } = page.data!;
      seen.push(...items.map((o) => o.id));
      if (!next_cursor) break;
      after = next_cursor;
    }
    expect(new Set(seen).size).toBe(3);
    expect(seen).toHaveLength(3);
    const adminOwn = (await rpc<Page>(db, { userId: admin.id }, 'my_merch_orders', {})).data!;
    expect(adminOwn.items.map((o) => o.user_id)).toEqual([admin.id]);
    const queue = await rpc<Page>(db, { userId: admin.id }, 'staff_merch_orders', { status: 'pending', page_size: 100 });
    expect(queue.error).toBeNull();
  });

  it('a malformed or foreign cursor is a 400 invalid_cursor and a bad page size a 400 invalid_parameter, never a database error (year 0000 included)', async () => {
    const user = await buyer(0);
    const id = '00000000-0000-4000-a000-000000000001';
    for (const after of [{ list: 'my_merch_orders', key: '0000-01-01 00:00:00+00', id }, { list: 'my_merch_orders', key: 'garbage', id },
      { list: 'my_merch_orders', key: '2026-01-01 00:00:00+00', id: 'x' }, { list: 'staff_merch_orders', key: '2026-01-01 00:00:00+00', id },
      'garbage', [1, 2]]) {
      expect((await rpc(db, { userId: user.id }, 'my_merch_orders', { after })).error, JSON.stringify(after))
        .toMatchObject({ status: 400, message: 'invalid_cursor' });
    }
    expect((await rpc(db, { userId: user.id }, 'my_merch_orders', { page_size: 0 })).error)
      .toMatchObject({ status: 400, message: 'invalid_parameter', params: { parameter: 'page_size' } });
  });

  it('banned users and visitors cannot buy', async () => {
    const itemId = await item();
    const banned = await buyer();
    await db`insert into public.user_bans (user_id, reason) values (${banned.id}, 'fraud')`;
    expect((await buy(banned, itemId)).error).toMatchObject({ status: 403, message: 'forbidden' });
    const catalogue = await rpc<Page<{ id: string; blocked_by: string }>>(db, { userId: banned.id }, 'merch_catalog', { page_size: 100 });
    expect(catalogue.data!.items.find((i) => i.id === itemId)!.blocked_by).toBe('forbidden');
    expect((await rpc(db, { anon: true }, 'purchase_merch', { item_id: itemId, quantity: 1, shipping: address, idempotency_key: key() })).error)
      .toMatchObject({ status: 401, code: '42501' });
  });
});
