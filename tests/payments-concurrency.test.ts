// Payment notifications racing each other, as the webhooks run them (service role, one connection
// each, real concurrent database clients): the payment row lock makes exactly one of them credit,
// and a store transaction heard of by many deliveries at once becomes one payment.
import { afterAll, describe, expect, it } from 'vitest';
import type postgres from 'postgres';
import { actAs, closeStack, connection, createUser, db, unique } from './helpers/stack.ts';

const webhooks = Array.from({ length: 8 }, () => connection());
afterAll(async () => {
  await Promise.all(webhooks.map((c) => c.end()));
  await closeStack();
});

/** One call of the core as the webhook functions make it: a transaction as the service role. */
const asService = <T>(conn: postgres.Sql, work: (tx: postgres.TransactionSql) => Promise<T>) =>
  conn.begin(async (tx) => {
    await tx`select set_config('role', 'service_role', true), set_config('request.jwt.claims', '{"role":"service_role"}', true)`;
    return await work(tx);
  }) as Promise<T>;

async function pack() {
  const [row] = await db`
    insert into public.credit_packs (title, credits, price_amount, currency, active, app_store_product_id)
    values ('Race', 100, 499, 'EUR', true, ${unique('race.pack').replaceAll('_', '.')}) returning id, app_store_product_id`;
  return row as { id: string; app_store_product_id: string };
}

async function ledgerOf(userId: string) {
  const [row] = await db`
    select count(*)::int as rows, coalesce(sum(amount), 0)::int as total,
           (select balance from public.wallets where user_id = ${userId}) as balance
    from public.credit_ledger where user_id = ${userId}`;
  return row;
}

describe('payment notifications under concurrency', () => {
  it('eight deliveries of one checkout payment at once: exactly one credits', async () => {
    const buyer = await createUser();
    const { id: packId } = await pack();
    const [payment] = await actAs(webhooks[0], buyer.id, async (tx) => {
      const [opened] = await tx`select id from private.open_checkout_payment(${packId}, 'stripe')`;
      await tx`select private.attach_checkout(${opened.id}, ${`cs_race_${opened.id}`}, true)`;
      return [opened];
    });
    const outcomes = await Promise.all(webhooks.map((conn, i) =>
      asService(conn, async (tx) => {
        const [row] = await tx`select private.confirm_checkout_payment(${payment.id}, ${`cs_race_${payment.id}`}, 'pi_race',
          ${buyer.id}, 499, 'eur', ${`evt_${i}`}, now()) ->> 'outcome' as outcome`;
        return row.outcome as string;
      })));
    expect(outcomes.filter((o) => o === 'credited')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'unchanged')).toHaveLength(7);
    expect(await ledgerOf(buyer.id)).toEqual({ rows: 1, total: 100, balance: 100 });
  });

  it('eight deliveries of a store purchase nobody has heard of yet: one payment, one credit', async () => {
    const buyer = await createUser();
    const product = await pack();
    const transaction = String(Date.now()) + String(Math.floor(Math.random() * 1e6));
    const outcomes = await Promise.all(webhooks.map((conn, i) =>
      asService(conn, async (tx) => {
        const [row] = await tx`select private.record_store_purchase('app_store', ${transaction}, ${buyer.id}, ${product.app_store_product_id},
          4.99, 'USD', false, ${`rc_${i}`}, now()) ->> 'outcome' as outcome`;
        return row.outcome as string;
      })));
    expect(outcomes.filter((o) => o === 'credited')).toHaveLength(1);
    const [{ payments }] = await db`select count(*)::int as payments from public.payments where provider = 'app_store' and provider_reference = ${transaction}`;
    expect(payments).toBe(1);
    expect(await ledgerOf(buyer.id)).toEqual({ rows: 1, total: 100, balance: 100 });
  });

  it('a purchase and its refund delivered at once, in any order: the wallet ends where it started', async () => {
    const buyer = await createUser();
    const product = await pack();
    const transaction = String(Date.now()) + String(Math.floor(Math.random() * 1e6));
    const call = (conn: postgres.Sql, fn: 'record_store_purchase' | 'record_store_refund', i: number) =>
      asService(conn, (tx) => tx.unsafe(`select private.${fn}('app_store', $1, $2, $3, 4.99, 'USD', false, $4, now())`,
        [transaction, buyer.id, product.app_store_product_id, `rc_${fn}_${i}`]));
    await Promise.all(webhooks.map((conn, i) => call(conn, i % 2 ? 'record_store_refund' : 'record_store_purchase', i)));
    const [payment] = await db`select status::text, credits_reversed from public.payments where provider = 'app_store' and provider_reference = ${transaction}`;
    expect(payment.status).toBe('refunded');
    const ledger = await ledgerOf(buyer.id);
    expect([ledger.total, ledger.balance]).toEqual([0, 0]);
    expect(ledger.rows === 0 || ledger.rows === 2).toBe(true);
  });
});
