// Payment notifications per second: 1,000 distinct Stripe `checkout.session.completed` events and
// a duplicate of each (2,000 deliveries, shuffled), signed with the Stripe SDK's test helper and
// delivered concurrently over HTTP to the payments-stripe-webhook function (signature check, one
// core call per event), then the same through the core alone (SQL as the service role, 8
// connections). Each scenario must credit exactly 1,000 times. Smoke: 20 notifications.
import postgres from 'postgres';
import Stripe from 'stripe';
import { startFunctionsServer } from '../../scripts/lib/functions-server.mjs';
import { freePort } from '../../scripts/lib/throwaway.mjs';
import { asRole, seededRandom } from '../lib/measure.mjs';

export const name = 'payments';
export const description = '1,000 distinct payment notifications + 1,000 duplicates, concurrent: credited exactly 1,000 times';

const webhookSecret = 'whsec_bench_local';
const uuid = (block, i) => `00000000-0000-4000-${block}-${i.toString(16).padStart(12, '0')}`;

/** `count` pending checkout payments, one per bench user, on one pack; returns their events. */
async function openPayments(sql, block, count) {
  await sql.unsafe(`
    insert into auth.users (instance_id, id, aud, role, email, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    select '00000000-0000-0000-0000-000000000000', ('00000000-0000-4000-${block}-' || lpad(to_hex(i), 12, '0'))::uuid,
           'authenticated', 'authenticated', 'payer${block}_' || i || '@bench.local', '{}', jsonb_build_object('username', 'payer${block}_' || i), now(), now()
    from generate_series(1, ${count}) i`);
  const [pack] = await sql`
    insert into public.credit_packs (title, credits, price_amount, currency, active) values (${`Bench ${block}`}, 100, 499, 'EUR', true) returning id`;
  await sql.unsafe(`
    insert into public.payments (id, user_id, pack_id, provider, checkout_reference, credits, amount, currency, test_mode)
    select ('00000000-0000-4000-${block}-' || lpad(to_hex(i), 12, '0'))::uuid, ('00000000-0000-4000-${block}-' || lpad(to_hex(i), 12, '0'))::uuid,
           '${pack.id}', 'stripe', 'cs_bench_${block}_' || i, 100, 499, 'EUR', true
    from generate_series(1, ${count}) i`);
  return Array.from({ length: count }, (_, k) => {
    const i = k + 1;
    const id = uuid(block, i);
    return {
      id: `evt_bench_${block}_${i}`, object: 'event', api_version: '2026-01-28', created: Math.floor(Date.now() / 1000), livemode: false,
      type: 'checkout.session.completed',
      data: { object: {
        id: `cs_bench_${block}_${i}`, object: 'checkout.session', client_reference_id: id, payment_intent: `pi_bench_${block}_${i}`,
        payment_status: 'paid', status: 'complete', amount_total: 499, currency: 'eur', metadata: { payment_id: id, user_id: id },
      } },
    };
  });
}

/** Every event twice, in a fixed pseudo-random order. */
function withDuplicates(events, seed) {
  const random = seededRandom(seed);
  const all = [...events, ...events];
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all;
}

async function pool(items, workers, work) {
  let next = 0;
  const outcomes = [];
  await Promise.all(Array.from({ length: workers }, async () => {
    while (next < items.length) {
      const item = items[next++];
      outcomes.push(await work(item));
    }
  }));
  return outcomes;
}

async function credited(sql, block) {
  const [row] = await sql.unsafe(`
    select count(*)::int as ledger_rows, count(distinct reference_id)::int as payments
    from public.credit_ledger where reason = 'top_up' and user_id::text like '00000000-0000-4000-${block}-%'`);
  return row;
}

export async function run({ sql, urls, port, smoke, check }) {
  const size = smoke ? 20 : 1000;
  const rows = [];
  const stripe = new Stripe('sk_test_bench');

  // 1. Over HTTP: signature verification + the core, through the edge function.
  const httpEvents = withDuplicates(await openPayments(sql, '8f00', size), 17);
  const apiPort = await freePort();
  const functions = await startFunctionsServer({
    apiPort, dbPort: port, stdio: 'ignore',
    extraEnv: { STRIPE_SECRET_KEY: 'sk_test_bench', STRIPE_WEBHOOK_SECRET: webhookSecret },
  });
  try {
    const url = `http://127.0.0.1:${apiPort}/functions/v1/payments-stripe-webhook`;
    const signed = httpEvents.map((event) => {
      const body = JSON.stringify(event);
      return { body, signature: stripe.webhooks.generateTestHeaderString({ payload: body, secret: webhookSecret }) };
    });
    const start = process.hrtime.bigint();
    const outcomes = await pool(signed, 16, async ({ body, signature }) => {
      const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature }, body });
      return `${response.status} ${(await response.json()).outcome}`;
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const ledger = await credited(sql, '8f00');
    const answered = outcomes.filter((o) => o === '200 credited').length;
    check('HTTP: credited exactly once per payment', answered === size && ledger.ledger_rows === size && ledger.payments === size,
      `${answered} credited answers, ${ledger.ledger_rows} ledger rows`);
    rows.push({
      scenario: 'HTTP webhook, 16 concurrent deliveries', notifications: signed.length,
      credited: `${answered} (ledger ${ledger.ledger_rows}, other answers ${outcomes.filter((o) => !o.startsWith('200')).length})`,
      seconds: Math.round(seconds * 100) / 100, 'notifications/s': Math.round(signed.length / seconds),
    });
  } finally {
    functions.kill('SIGTERM');
  }

  // 2. The core alone: the same calls as the service role, 8 connections.
  const sqlEvents = withDuplicates(await openPayments(sql, '8f01', size), 23);
  const connections = postgres(urls.db, { max: 8, onnotice: () => {} });
  try {
    const start = process.hrtime.bigint();
    const outcomes = await pool(sqlEvents, 8, (event) => asRole(connections, 'service_role', { role: 'service_role' }, async (tx) => {
      const s = event.data.object;
      const [row] = await tx`select private.confirm_checkout_payment(${s.client_reference_id}, ${s.id}, ${s.payment_intent}, ${s.metadata.user_id},
        ${s.amount_total}, ${s.currency}, ${event.id}, now()) ->> 'outcome' as outcome`;
      return row.outcome;
    }));
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const ledger = await credited(sql, '8f01');
    const answered = outcomes.filter((o) => o === 'credited').length;
    check('core: credited exactly once per payment', answered === size && ledger.ledger_rows === size && ledger.payments === size,
      `${answered} credited answers, ${ledger.ledger_rows} ledger rows`);
    rows.push({
      scenario: 'core only (SQL, service role), 8 connections', notifications: sqlEvents.length,
      credited: `${answered} (ledger ${ledger.ledger_rows})`,
      seconds: Math.round(seconds * 100) / 100, 'notifications/s': Math.round(sqlEvents.length / seconds),
    });
  } finally {
    await connections.end();
  }
  const [unbalanced] = await sql`
    select count(*)::int as n from public.wallets w
    where w.balance <> (select coalesce(sum(l.amount), 0) from public.credit_ledger l where l.user_id = w.user_id)`;
  check('every wallet equals its ledger', unbalanced.n === 0, `${unbalanced.n} differ`);
  rows.push({ scenario: `check: ${unbalanced.n} wallets differ from their ledger`, notifications: '', credited: '', seconds: '', 'notifications/s': '' });
  return rows;
}
