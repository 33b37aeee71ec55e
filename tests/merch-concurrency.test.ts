// The merch purchase under load: 200 concurrent purchases of an item with stock 50 by 100 users
// with limited credits, plus replayed idempotency keys. Real concurrent transactions (a pool of
// 40 connections), each acting as its user exactly as PostgREST would.
import { afterAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { actAs, closeStack, createUser, db, stack } from './helpers/stack.ts';

const pool = postgres(stack.dbUrl, { max: 40, onnotice: () => {} });
afterAll(async () => {
  await pool.end();
  await closeStack();
});

const shipping = { name: 'Load Test', phone: '+7 900 000-00-00', address: 'Main st 1', city: 'Kazan', postal_code: '420000', country: 'RU' };

describe('merch purchases under concurrency', () => {
  it('200 purchases for 50 units: exactly 50 sold, stock 0, no negative balance, ledgers balance, replays create nothing', async () => {
    const [item] = await db`insert into public.merch_items (title, price_credits, stock) values ('Limited pin', 10, 50) returning id`;
    const users = await Promise.all(Array.from({ length: 100 }, () => createUser()));
    // Limited credits: half the users can afford one pin, half can afford three.
    await Promise.all(users.map((u, i) => db`select private.post_credits(${u.id}, ${i % 2 === 0 ? 10 : 30}, 'staff_grant')`));

    const attempts = users.flatMap((u) => [0, 1].map((n) => ({ user: u, key: `load-${u.id}-${n}` })));
    const outcomes = await Promise.allSettled(attempts.map(({ user, key }) =>
      actAs(pool, user.id, (tx) => tx`select id from public.purchase_merch(${tx.json({ item_id: item.id, quantity: 1, idempotency_key: key, shipping })}::json)`)
    ));
    const refusals = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.message);
    expect(refusals.filter((code) => code !== 'out_of_stock' && code !== 'insufficient_credits')).toEqual([]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(50);

    // Replay 40 keys that succeeded, concurrently: same orders back, nothing new, nothing charged.
    const succeeded = attempts.filter((_, i) => outcomes[i].status === 'fulfilled').slice(0, 40);
    const replays = await Promise.all(succeeded.map(({ user, key }) =>
      actAs(pool, user.id, (tx) => tx`select id from public.purchase_merch(${tx.json({ item_id: item.id, quantity: 1, idempotency_key: key, shipping })}::json)`)
    ));
    expect(replays.map(([r]) => r.id)).toEqual(
      succeeded.map((_, i) => ((outcomes[attempts.indexOf(succeeded[i])] as PromiseFulfilledResult<{ id: string }[]>).value[0].id)),
    );

    const ids = users.map((u) => u.id);
    const [state] = await db`
      select (select stock from public.merch_items where id = ${item.id}) as stock,
             (select coalesce(sum(oi.quantity), 0)::int from public.merch_order_items oi where oi.item_id = ${item.id}) as sold,
             (select count(*)::int from public.merch_orders where user_id = any(${ids})) as orders,
             (select count(*)::int from public.wallets where user_id = any(${ids}) and balance < 0) as negative,
             (select count(*)::int from public.wallets w where w.user_id = any(${ids})
                and w.balance <> (select coalesce(sum(l.amount), 0) from public.credit_ledger l where l.user_id = w.user_id)) as unbalanced`;
    expect(state).toEqual({ stock: 0, sold: 50, orders: 50, negative: 0, unbalanced: 0 });
  });
});
