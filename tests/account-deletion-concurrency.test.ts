// Account deletion racing with the account's own writers, on real concurrent connections: while
// private.delete_account runs (what the account-delete function calls), the user keeps buying, a
// reward is paid to them, and staff ship and cancel their orders. Every writer takes its locks in
// one order (open orders, items, wallet, account), so nothing deadlocks: the deletion succeeds, the
// others either finish before it (and their orders are then cancelled or kept anonymised) or are
// refused afterwards with a code, and stock and ledgers stay consistent.
import { afterAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { actAs, closeStack, createUser, db, stack } from './helpers/stack.ts';

const pool = postgres(stack.dbUrl, { max: 30, onnotice: () => {} });
afterAll(async () => {
  await pool.end();
  await closeStack();
});

const shipping = { name: 'Race Test', phone: '+7 900 000-00-00', address: 'Main st 1', city: 'Kazan', postal_code: '420000', country: 'RU' };
const buy = (userId: string, itemId: string, key: string) =>
  actAs(pool, userId, (tx) => tx`select id from public.purchase_merch(${tx.json({ item_id: itemId, quantity: 1, idempotency_key: key, shipping })}::json)`);

describe('account deletion under concurrency', () => {
  it('deleting accounts while they buy, earn and have orders moved by staff: no deadlock, stock and ledgers consistent', async () => {
    const admin = await createUser();
    await db`insert into public.user_roles (user_id, role) values (${admin.id}, 'admin')`;
    const [item] = await db`insert into public.merch_items (title, price_credits, stock, per_user_limit) values ('Race mug', 10, 1000, 50) returning id`;
    const users = await Promise.all(Array.from({ length: 8 }, () => createUser()));
    const orders: Record<string, { pending: string; paid: string }> = {};
    for (const user of users) {
      await db`select private.post_credits(${user.id}, 200, 'staff_grant')`;
      const [[pending], [paid]] = [await buy(user.id, item.id, `race-${user.id}-a`), await buy(user.id, item.id, `race-${user.id}-b`)];
      await actAs(pool, admin.id, (tx) => tx`select public.set_order_status(${paid.id}, 'paid')`);
      orders[user.id] = { pending: pending.id, paid: paid.id };
    }
    const [{ stock: stockBefore }] = await db`select stock from public.merch_items where id = ${item.id}`;

    const work = users.flatMap((user) => [
      { kind: 'delete', run: () => pool`select private.delete_account(${user.id})` },
      ...[0, 1, 2].map((n) => ({ kind: 'buy', run: () => buy(user.id, item.id, `race-${user.id}-c${n}`) })),
      { kind: 'reward', run: () => pool`select private.post_credits(${user.id}, 5, 'quest_reward')` },
      { kind: 'ship', run: () => actAs(pool, admin.id, (tx) => tx`select public.set_order_status(${orders[user.id].paid}, 'shipped', 'RA1')`) },
      { kind: 'cancel', run: () => actAs(pool, admin.id, (tx) => tx`select public.cancel_merch_order(${orders[user.id].pending}, 'race')`) },
    ]);
    const outcomes = await Promise.allSettled(work.map((w) => w.run()));
    const failures = outcomes.map((o, i) => ({ kind: work[i].kind, o }))
      .filter(({ o }) => o.status === 'rejected')
      .map(({ kind, o }) => ({ kind, code: ((o as PromiseRejectedResult).reason as { code?: string; message?: string }).code,
                               message: ((o as PromiseRejectedResult).reason as { message?: string }).message }));

    expect(failures.filter((f) => f.kind === 'delete')).toEqual([]);
    expect(failures.filter((f) => f.code === '40P01')).toEqual([]);
    // After the deletion, the others meet a deleted account: refused with a code, or a foreign key
    // the account no longer satisfies (a writer that checked the account just before it went).
    for (const f of failures) {
      expect(['forbidden', 'order_not_found', 'invalid_transition', 'insufficient_credits']
        .includes(f.message ?? '') || f.code === '23503', `${f.kind}: ${f.code} ${f.message}`).toBe(true);
    }

    const ids = users.map((u) => u.id);
    const [state] = await db`
      select (select count(*)::int from auth.users where id = any(${ids})) as accounts,
             (select count(*)::int from public.merch_orders where user_id = any(${ids})) as orders_naming_them,
             (select count(*)::int from public.credit_ledger where user_id = any(${ids}) or created_by = any(${ids})) as ledger_naming_them,
             (select count(*)::int from public.wallets where user_id = any(${ids})) as wallets,
             (select count(*)::int from public.merch_orders o join public.merch_order_items oi on oi.order_id = o.id
               where oi.item_id = ${item.id} and o.status in ('pending', 'paid')) as open_orders,
             (select stock from public.merch_items where id = ${item.id}) as stock,
             (select coalesce(sum(oi.quantity), 0)::int from public.merch_order_items oi join public.merch_orders o on o.id = oi.order_id
               where oi.item_id = ${item.id} and o.status in ('shipped', 'delivered')) as shipped`;
    expect(state).toMatchObject({ accounts: 0, orders_naming_them: 0, ledger_naming_them: 0, wallets: 0, open_orders: 0 });
    // Every unit is either back in stock or in a shipped order.
    expect(state.stock + state.shipped).toBe(stockBefore + 2 * users.length);
  });
});
