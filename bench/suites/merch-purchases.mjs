// Merch purchases per second: the full purchase transaction (idempotency lock, rules, conditional
// stock update, ledger debit, order + line) as authenticated users, sequentially and with 8
// concurrent clients, against one contended item and against many items.
import postgres from 'postgres';
import { asRole } from '../lib/measure.mjs';

export const name = 'merch-purchases';
export const description = '4,000 purchases by 400 users: one hot item vs. 100 items, 1 vs. 8 concurrent clients';

const shipping = { name: 'Bench', phone: '+7 900 000-00-00', address: 'Main st 1', city: 'Kazan', postal_code: '420000', country: 'RU' };

export async function run({ sql, urls }) {
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

  const rows = [];
  let offset = 0;
  for (const [label, clients, hot] of [['1 client, one hot item', 1, true], ['8 clients, one hot item', 8, true],
    ['1 client, 100 items', 1, false], ['8 clients, 100 items', 8, false]]) {
    const pool = postgres(urls.db, { max: clients, onnotice: () => {} });
    const count = Number(process.env.MERCH_BENCH_PURCHASES ?? 1000); // smaller for a smoke run
    const start = process.hrtime.bigint();
    let next = 0;
    await Promise.all(Array.from({ length: clients }, async () => {
      while (next < count) {
        const i = offset + next++;
        await asRole(pool, 'authenticated', { sub: user(i), role: 'authenticated' }, (tx) =>
          tx`select id from public.purchase_merch(${tx.json({ item_id: item(i, hot), quantity: 1, idempotency_key: `bench-order-${i}`, shipping })}::json)`);
      }
    }));
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    offset += count;
    await pool.end();
    rows.push({ scenario: label, purchases: count, seconds: Math.round(seconds * 100) / 100, 'purchases/s': Math.round(count / seconds) });
  }
  const [check] = await sql`
    select count(*)::int as orders,
           (select count(*)::int from public.wallets w where w.balance <> (select coalesce(sum(l.amount), 0) from public.credit_ledger l where l.user_id = w.user_id)) as unbalanced
    from public.merch_orders`;
  rows.push({ scenario: `check: ${check.orders} orders, ${check.unbalanced} unbalanced wallets`, purchases: '', seconds: '', 'purchases/s': '' });
  return rows;
}
