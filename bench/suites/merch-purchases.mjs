// Merch purchases per second: the full purchase transaction (idempotency lock, rules, conditional
// stock update, ledger debit, order + line) as authenticated users, sequentially and with 8
// concurrent clients, against one contended item and against many items; each as a ratio of the
// bare limit of the same cluster (the same conditional stock update and ledger insert alone).
import postgres from 'postgres';
import { asRole } from '../lib/measure.mjs';

export const name = 'merch-purchases';
export const description = '4,000 purchases by 400 users: one hot item vs. 100 items, 1 vs. 8 concurrent clients';

const shipping = { name: 'Bench', phone: '+7 900 000-00-00', address: 'Main st 1', city: 'Kazan', postal_code: '420000', country: 'RU' };

export async function run({ sql, urls, smoke, check }) {
  await sql.unsafe(`
    insert into auth.users (instance_id, id, aud, role, email, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    select '00000000-0000-0000-0000-000000000000', ('00000000-0000-4000-d000-' || lpad(to_hex(i), 12, '0'))::uuid,
           'authenticated', 'authenticated', 'buyer' || i || '@bench.local', '{}', jsonb_build_object('username', 'buyer_' || i), now(), now()
    from generate_series(1, 400) i`);
  await sql.unsafe(`select private.post_credits(u.id, 1000000, 'staff_grant') from auth.users u where u.email like 'buyer%@bench.local'`);
  await sql.unsafe(`
    insert into public.merch_items (id, title, price_credits, stock, per_user_limit)
    select ('00000000-0000-4000-e000-' || lpad(to_hex(i), 12, '0'))::uuid, 'Bench item ' || i, 10, 1000000, 1000
    from generate_series(1, 100) i`);
  await sql`analyze`;
  const user = (i) => `00000000-0000-4000-d000-${(1 + (i % 400)).toString(16).padStart(12, '0')}`;
  const item = (i, hot) => `00000000-0000-4000-e000-${(hot ? 1 : 1 + (i % 100)).toString(16).padStart(12, '0')}`;

  // The bare limit of this cluster: the same conditional stock update and ledger insert, in one
  // transaction per purchase with the request settings, on copies of the tables that keep their
  // indexes and checks (LIKE … INCLUDING ALL) but have no RLS, no triggers and no foreign keys;
  // no idempotency lock, no rules, no order rows.
  await sql.unsafe(`
    create table public.bench_bare_items (like public.merch_items including all);
    insert into public.bench_bare_items select * from public.merch_items;
    create table public.bench_bare_ledger (like public.credit_ledger including all);`);
  const count = smoke ? 40 : 1000;
  const scenarios = [['1 client, one hot item', 1, true], ['8 clients, one hot item', 8, true],
    ['1 client, 100 items', 1, false], ['8 clients, 100 items', 8, false]];
  let offset = 0;
  // A pool of `clients` connections, all opened before anything is timed.
  const openPool = async (clients) => {
    const pool = postgres(urls.db, { max: clients, onnotice: () => {} });
    await Promise.all(Array.from({ length: clients }, () => pool`select pg_sleep(0.01)`));
    return pool;
  };
  // Seconds for `total` purchases made by the pool's connections concurrently.
  const measure = async (pool, clients, purchase, total) => {
    const start = process.hrtime.bigint();
    let next = 0;
    await Promise.all(Array.from({ length: clients }, async () => {
      while (next < total) await purchase(pool, offset + next++);
    }));
    offset += total;
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
  // A shop with a history: one earlier order per buyer, then fresh statistics (plans are made for
  // tables with rows, as in production, not for the empty tables of a new database).
  const warmUp = smoke ? 40 : 400;
  const warmPool = await openPool(4);
  await measure(warmPool, 4, (pool, i) => asRole(pool, 'authenticated', { sub: user(i), role: 'authenticated' }, (tx) =>
    tx`select id from public.purchase_merch(${tx.json({ item_id: item(i, false), quantity: 1, idempotency_key: `bench-earlier-${i}`, shipping })}::json)`), warmUp);
  await warmPool.end();
  await sql`analyze`;
  const rows = [];
  const capacity = [];
  const perSecond = {};
  const full = (hot) => (pool, i) => asRole(pool, 'authenticated', { sub: user(i), role: 'authenticated' }, (tx) =>
    tx`select id from public.purchase_merch(${tx.json({ item_id: item(i, hot), quantity: 1, idempotency_key: `bench-order-${i}`, shipping })}::json)`);
  const bare = (hot) => (pool, i) => asRole(pool, 'service_role', { role: 'service_role' }, async (tx) => {
    const [row] = await tx`update public.bench_bare_items set stock = stock - 1 where id = ${item(i, hot)} and stock >= 1 returning stock`;
    await tx`insert into public.bench_bare_ledger (user_id, amount, reason, balance_after, reference_id)
             values (${user(i)}, -10, 'merch_order', ${row.stock}, ${item(i, hot)})`;
  });
  // Each scenario on warm connections (as PostgREST's pool is: a few untimed purchases on each
  // connection first, so that no timed call pays for planning a session's first statements), then
  // in 8 pairs of rounds (full then bare) of an eighth of the purchases each. The ratio is the
  // median of the 8 pairs' ratios: a burst of the machine's neighbours during one round moves one
  // pair, not the figure (the rates are over all rounds).
  const ROUNDS = 8;
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  let warmPurchases = 0;
  for (const [label, clients, hot] of scenarios) {
    const seconds = { full: 0, bare: 0 };
    const ratios = [];
    const [fullPool, barePool] = await Promise.all([openPool(clients), openPool(clients)]);
    await measure(fullPool, clients, full(hot), clients * 6);
    await measure(barePool, clients, bare(hot), clients * 6);
    warmPurchases += clients * 6;
    for (let round = 0; round < ROUNDS; round++) {
      const fullSeconds = await measure(fullPool, clients, full(hot), count / ROUNDS);
      const bareSeconds = await measure(barePool, clients, bare(hot), count / ROUNDS);
      seconds.full += fullSeconds;
      seconds.bare += bareSeconds;
      ratios.push(bareSeconds / fullSeconds);
    }
    await Promise.all([fullPool.end(), barePool.end()]);
    const fullRate = count / seconds.full;
    const bareRate = count / seconds.bare;
    perSecond[label] = fullRate;
    rows.push({ scenario: label, 'purchases/s': Math.round(fullRate), 'bare limit/s': Math.round(bareRate),
      'ratio full / bare': Math.round(median(ratios) * 100) / 100, target: '≥ 0.5' });
    capacity.push({ operation: `merch purchase (${label})`, clients, perSecond: Math.round(fullRate) });
  }
  const hot = perSecond['8 clients, one hot item'] / perSecond['1 client, one hot item'];
  rows.push({ scenario: 'hot item: 8 clients / 1 client', 'purchases/s': Math.round(hot * 100) / 100, 'bare limit/s': '', 'ratio full / bare': '', target: '≥ 1' });
  const [after] = await sql`
    select count(*)::int as orders,
           (select count(*)::int from public.wallets w where w.balance <> (select coalesce(sum(l.amount), 0) from public.credit_ledger l where l.user_id = w.user_id)) as unbalanced,
           (select count(*)::int from public.merch_items i where i.stock <> 1000000 - (select coalesce(sum(l.quantity), 0) from public.merch_order_items l where l.item_id = i.id)) as miscounted
    from public.merch_orders`;
  check('one order per purchase', after.orders === warmUp + warmPurchases + count * scenarios.length, `${after.orders} orders`);
  check('every wallet equals its ledger', after.unbalanced === 0, `${after.unbalanced} differ`);
  check('every stock equals its initial stock less the lines sold', after.miscounted === 0, `${after.miscounted} differ`);
  return { rows, capacity };
}
