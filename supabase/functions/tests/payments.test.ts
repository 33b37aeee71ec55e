// HTTP tests of the payment functions, with notifications signed exactly as the providers sign
// them and the outgoing calls answered by a local fake of Stripe's API:
// - Stripe: events signed with the official SDK's test helper (generateTestHeaderStringAsync) and
//   a webhook secret made up here; the functions run on an isolated functions server that trusts
//   this secret and points the Stripe SDK at the fake API (sessions, PaymentIntents);
// - RevenueCat: events with the Authorization header configured for that server.
// The shared server of `npm test` has no payment secrets: there the functions answer 503.
import Stripe from 'stripe';
import { assert, assertEquals } from './assert.ts';
import { closeStack, createUser, db, stack, type TestUser, unique } from '../../../tests/helpers/stack.ts';
import { startIsolatedFunctionsServer } from './isolated-server.ts';

// == A local fake of the Stripe API: what the functions call =====================================
const created: { form: URLSearchParams; idempotencyKey: string | null; session: Record<string, unknown> }[] = [];
const intents = new Map<string, Record<string, string>>();
let stripeDown = false;
const fakeStripe = Deno.serve({ hostname: '127.0.0.1', port: 0, onListen() {} }, async (req) => {
  const path = new URL(req.url).pathname;
  const reply = (body: unknown, status = 200) => Response.json(body, { status });
  if (stripeDown) return reply({ error: { type: 'api_error', message: 'down for the test' } }, 500);
  if (req.method === 'POST' && path === '/v1/checkout/sessions') {
    const form = new URLSearchParams(await req.text());
    const id = `cs_test_${crypto.randomUUID().replaceAll('-', '')}`;
    const session = {
      id, object: 'checkout.session', livemode: false, url: `https://checkout.stripe.com/c/pay/${id}`,
      client_reference_id: form.get('client_reference_id'), expires_at: Number(form.get('expires_at')),
      amount_total: Number(form.get('line_items[0][price_data][unit_amount]')), currency: form.get('line_items[0][price_data][currency]'),
      payment_status: 'unpaid', status: 'open',
    };
    created.push({ form, idempotencyKey: req.headers.get('Idempotency-Key'), session });
    return reply(session);
  }
  const intent = /^\/v1\/payment_intents\/([^/]+)$/.exec(path);
  if (req.method === 'GET' && intent) {
    const metadata = intents.get(intent[1]);
    if (!metadata) return reply({ error: { type: 'invalid_request_error', message: 'No such payment_intent' } }, 404);
    return reply({ id: intent[1], object: 'payment_intent', metadata, status: 'succeeded' });
  }
  return reply({ error: { type: 'invalid_request_error', message: `unknown ${req.method} ${path}` } }, 404);
});

// == The functions, on a server that trusts this test's secrets ==================================
const webhookSecret = `whsec_${crypto.randomUUID().replaceAll('-', '')}`;
const revenueCatAuthorization = `Bearer ${crypto.randomUUID()}`;
const server = await startIsolatedFunctionsServer({
  ...Deno.env.toObject(),
  STRIPE_SECRET_KEY: 'sk_test_local_fake',
  STRIPE_WEBHOOK_SECRET: webhookSecret,
  STRIPE_API_URL: `http://127.0.0.1:${fakeStripe.addr.port}`,
  PAYMENTS_RETURN_URL: 'https://questcity.test/top-up',
  REVENUECAT_WEBHOOK_AUTHORIZATION: revenueCatAuthorization,
});
const signer = new Stripe('sk_test_local_fake');

async function expectError(response: Response, status: number, code: string) {
  const body = await response.json();
  assertEquals(response.status, status, `${code}: ${JSON.stringify(body)}`);
  assertEquals(body.error.code, code);
}

async function pack(fields: Record<string, unknown> = {}) {
  const row = {
    title: 'Test credits', credits: 100, price_amount: 499, currency: 'EUR', active: true,
    app_store_product_id: unique('ios.credits').replaceAll('_', '.'), play_store_product_id: unique('credits'), ...fields,
  };
  const [inserted] = await db`insert into public.credit_packs ${db(row)} returning id, app_store_product_id, play_store_product_id`;
  return inserted as { id: string; app_store_product_id: string; play_store_product_id: string };
}

const checkout = (token: string | null, body: unknown, base = server.url) =>
  fetch(`${base}/payments-checkout`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

type Checkout = { payment_id: string; session_id: string; intent: string; user: TestUser; pack_id: string };

/** A user opens a checkout through the function; the fake Stripe knows its future PaymentIntent. */
async function openCheckout(user?: TestUser, packId?: string): Promise<Checkout> {
  user ??= await createUser();
  packId ??= (await pack()).id;
  const response = await checkout(user.token, { pack_id: packId });
  const body = await response.json();
  assertEquals(response.status, 201, JSON.stringify(body));
  const session = created.find((c) => c.form.get('client_reference_id') === body.payment_id)!.session;
  const intent = `pi_${crypto.randomUUID().replaceAll('-', '')}`;
  intents.set(intent, { payment_id: body.payment_id, user_id: user.id, pack_id: packId });
  return { payment_id: body.payment_id, session_id: session.id as string, intent, user, pack_id: packId };
}

function stripeEvent(type: string, object: Record<string, unknown>) {
  return {
    id: `evt_${crypto.randomUUID().replaceAll('-', '')}`, object: 'event', api_version: '2026-01-28', created: Math.floor(Date.now() / 1000),
    livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object },
  };
}

function paidSession(c: Checkout, overrides: Record<string, unknown> = {}) {
  return stripeEvent('checkout.session.completed', {
    id: c.session_id, object: 'checkout.session', client_reference_id: c.payment_id, payment_intent: c.intent,
    payment_status: 'paid', status: 'complete', amount_total: 499, currency: 'eur', livemode: false,
    metadata: { payment_id: c.payment_id, user_id: c.user.id, pack_id: c.pack_id }, ...overrides,
  });
}

const refund = (c: Checkout, amountRefunded: number) =>
  stripeEvent('charge.refunded', {
    id: `ch_${crypto.randomUUID().replaceAll('-', '')}`, object: 'charge', payment_intent: c.intent, amount: 499,
    amount_refunded: amountRefunded, currency: 'eur', refunded: amountRefunded === 499, metadata: {},
  });

const dispute = (c: Checkout, type: 'charge.dispute.created' | 'charge.dispute.closed', status = 'needs_response') =>
  stripeEvent(type, {
    id: `dp_${crypto.randomUUID().replaceAll('-', '')}`, object: 'dispute', payment_intent: c.intent, amount: 499, currency: 'eur', status,
  });

/** Delivers an event as Stripe does: the raw JSON body and its Stripe-Signature header. */
async function deliver(event: unknown, { secret = webhookSecret, payload }: { secret?: string; payload?: string } = {}) {
  const body = JSON.stringify(event);
  const signature = await signer.webhooks.generateTestHeaderStringAsync({ payload: payload ?? body, secret });
  return await fetch(`${server.url}/payments-stripe-webhook`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature }, body,
  });
}

/** Everything the payment wrote, to prove that a refused notification wrote nothing. */
async function footprint(paymentId: string, userId: string) {
  const [state] = await db`
    select p.status::text, p.credited_at is not null as credited, p.provider_reference, p.refunded_amount::int, p.credits_reversed,
           (select count(*)::int from public.payment_events e where e.payment_id = p.id) as events,
           (select count(*)::int from public.credit_ledger l where l.user_id = ${userId}) as ledger_rows,
           (select balance from public.wallets w where w.user_id = ${userId}) as balance
    from public.payments p where p.id = ${paymentId}`;
  return state;
}

Deno.test('a signed-in user opens a Stripe Checkout for a pack: the session carries its price, the payment and the user; the payment waits', async () => {
  const user = await createUser();
  const { id: packId } = await pack({ credits: 250, price_amount: 1299, currency: 'USD' });
  const response = await checkout(user.token, { pack_id: packId });
  const body = await response.json();
  assertEquals(response.status, 201, JSON.stringify(body));
  assertEquals([body.credits, body.amount, body.currency], [250, 1299, 'USD']);
  const call = created.find((c) => c.form.get('client_reference_id') === body.payment_id)!;
  assertEquals(call.form.get('mode'), 'payment');
  assertEquals(call.form.get('line_items[0][price_data][unit_amount]'), '1299');
  assertEquals(call.form.get('line_items[0][price_data][currency]'), 'usd');
  assertEquals(call.form.get('metadata[user_id]'), user.id);
  assertEquals(call.form.get('payment_intent_data[metadata][payment_id]'), body.payment_id);
  assertEquals(call.idempotencyKey, `checkout-${body.payment_id}`);
  assert(call.form.get('success_url')!.startsWith(`https://questcity.test/top-up?payment_id=${body.payment_id}`));
  assertEquals(body.checkout_url, call.session.url);
  const [payment] = await db`select status::text, user_id, checkout_reference, test_mode from public.payments where id = ${body.payment_id}`;
  assertEquals(payment, { status: 'pending', user_id: user.id, checkout_reference: call.session.id, test_mode: true });
});

Deno.test('checkout refusals have codes and write nothing: visitor, unknown or inactive pack, bad body', async () => {
  const user = await createUser();
  const inactive = await pack({ active: false });
  const noToken = await checkout(null, { pack_id: inactive.id });
  assertEquals(noToken.status, 401, 'verify_jwt refuses a visitor');
  await noToken.body?.cancel();
  await expectError(await checkout(stack.anonKey, { pack_id: inactive.id }), 401, 'not_signed_in');
  await expectError(await checkout(user.token, { pack_id: crypto.randomUUID() }), 404, 'pack_not_found');
  await expectError(await checkout(user.token, { pack_id: inactive.id }), 404, 'pack_not_found');
  await expectError(await checkout(user.token, { pack_id: 'not-a-uuid' }), 400, 'invalid_body');
  await expectError(await checkout(user.token, { pack_id: inactive.id, amount: 1 }), 400, 'invalid_body');
  const [{ count }] = await db`select count(*)::int from public.payments where user_id = ${user.id}`;
  assertEquals(count, 0);
});

Deno.test('Stripe unreachable while opening a checkout: 502 provider_unavailable, nothing written', async () => {
  const user = await createUser();
  const { id } = await pack();
  stripeDown = true;
  try {
    await expectError(await checkout(user.token, { pack_id: id }), 502, 'provider_unavailable');
  } finally {
    stripeDown = false;
  }
  const [{ count }] = await db`select count(*)::int from public.payments where user_id = ${user.id}`;
  assertEquals(count, 0, 'the payment opened in the same transaction was rolled back');
});

Deno.test('a paid checkout credits the wallet once: audited, notified, and a replay changes nothing', async () => {
  const c = await openCheckout();
  const event = paidSession(c);
  const first = await deliver(event);
  assertEquals([first.status, (await first.json()).outcome], [200, 'credited']);
  const replay = await deliver(event);
  assertEquals([replay.status, (await replay.json()).outcome], [200, 'unchanged']);
  const again = await deliver(paidSession(c));
  assertEquals((await again.json()).outcome, 'unchanged', 'another delivery id for the same payment credits nothing either');
  assertEquals(await footprint(c.payment_id, c.user.id), {
    status: 'succeeded', credited: true, provider_reference: c.intent, refunded_amount: 0, credits_reversed: 0, events: 3, ledger_rows: 1, balance: 100,
  });
  const [ledger] = await db`select amount, reason::text, reference_id from public.credit_ledger where user_id = ${c.user.id}`;
  assertEquals(ledger, { amount: 100, reason: 'top_up', reference_id: c.payment_id });
  const [note] = await db`select kind::text, payload->>'credits' as credits from public.notifications where user_id = ${c.user.id}`;
  assertEquals(note, { kind: 'top_up_credited', credits: '100' });
});

Deno.test('the same notification delivered several times at once credits once', async () => {
  const c = await openCheckout();
  const event = paidSession(c);
  const responses = await Promise.all(Array.from({ length: 6 }, () => deliver(event)));
  const outcomes = await Promise.all(responses.map(async (r) => `${r.status} ${(await r.json()).outcome}`));
  assertEquals(outcomes.filter((o) => o === '200 credited').length, 1, outcomes.join(', '));
  assertEquals(outcomes.filter((o) => o === '200 unchanged').length, 5, outcomes.join(', '));
  const state = await footprint(c.payment_id, c.user.id);
  assertEquals([state.ledger_rows, state.balance], [1, 100]);
});

Deno.test('a forged or missing signature is a 400 invalid_signature and writes nothing', async () => {
  const c = await openCheckout();
  const before = await footprint(c.payment_id, c.user.id);
  await expectError(await deliver(paidSession(c), { secret: 'whsec_forged' }), 400, 'invalid_signature');
  await expectError(await deliver(paidSession(c), { payload: JSON.stringify(paidSession(c, { amount_total: 1 })) }), 400, 'invalid_signature');
  const unsigned = await fetch(`${server.url}/payments-stripe-webhook`, { method: 'POST', body: JSON.stringify(paidSession(c)) });
  await expectError(unsigned, 400, 'invalid_signature');
  assertEquals(await footprint(c.payment_id, c.user.id), before);
});

Deno.test('a wrong amount or currency is refused (payment_amount_mismatch) and writes nothing', async () => {
  const c = await openCheckout();
  const before = await footprint(c.payment_id, c.user.id);
  await expectError(await deliver(paidSession(c, { amount_total: 1 })), 422, 'payment_amount_mismatch');
  await expectError(await deliver(paidSession(c, { currency: 'usd' })), 422, 'payment_amount_mismatch');
  await expectError(await deliver(paidSession(c, { id: 'cs_test_another_session' })), 422, 'payment_reference_mismatch');
  assertEquals(await footprint(c.payment_id, c.user.id), before);
});

Deno.test('another user\'s payment: a notification that credits someone else is refused and writes nothing', async () => {
  const c = await openCheckout();
  const thief = await createUser();
  const before = await footprint(c.payment_id, c.user.id);
  await expectError(
    await deliver(paidSession(c, { metadata: { payment_id: c.payment_id, user_id: thief.id, pack_id: c.pack_id } })), 403, 'payment_user_mismatch');
  assertEquals(await footprint(c.payment_id, c.user.id), before);
  const [{ count }] = await db`select count(*)::int from public.credit_ledger where user_id = ${thief.id}`;
  assertEquals(count, 0);
  const [{ visible }] = await db.begin(async (tx) => {
    await tx`select set_config('request.jwt.claims', tests.access_token_claims(${thief.id})::text, true), set_config('role', 'authenticated', true)`;
    return await tx`select count(*)::int as visible from public.payments where id = ${c.payment_id}`;
  });
  assertEquals(visible, 0, 'nor can they read it');
});

Deno.test('a refund takes the credits back, a partial one in proportion; spent credits leave a debt that blocks spending', async () => {
  const c = await openCheckout();
  await (await deliver(paidSession(c))).body?.cancel();
  const partial = await deliver(refund(c, 200));
  assertEquals([partial.status, (await partial.json()).status], [200, 'partially_refunded']);
  assertEquals((await footprint(c.payment_id, c.user.id)).balance, 59, '200/499 of 100 credits, rounded up: 41 taken back');
  await db`select private.post_credits(${c.user.id}, -59, 'merch_order')`;
  const full = await deliver(refund(c, 499));
  assertEquals([full.status, (await full.json()).status], [200, 'refunded']);
  const older = await deliver(refund(c, 200));
  assertEquals((await older.json()).outcome, 'unchanged', 'a late, older refund notice changes nothing');
  const state = await footprint(c.payment_id, c.user.id);
  assertEquals([state.status, state.balance, state.credits_reversed], ['refunded', -59, 100]);
  let refused = '';
  try {
    await db`select private.post_credits(${c.user.id}, -1, 'unlock')`;
  } catch (error) {
    refused = (error as { message: string }).message;
  }
  assertEquals(refused, 'insufficient_credits', 'nothing can be spent while the balance is negative');
  await db`select private.post_credits(${c.user.id}, 80, 'quest_reward')`;
  const [wallet] = await db`
    select w.balance, (select sum(amount)::int from public.credit_ledger l where l.user_id = w.user_id) as ledger
    from public.wallets w where w.user_id = ${c.user.id}`;
  assertEquals(wallet, { balance: 21, ledger: 21 }, 'later credits pay the debt first; the wallet equals its ledger');
});

Deno.test('a chargeback takes the credits back, a dispute won gives them back, a lost one changes nothing more', async () => {
  const c = await openCheckout();
  await (await deliver(paidSession(c))).body?.cancel();
  const opened = await deliver(dispute(c, 'charge.dispute.created'));
  assertEquals((await opened.json()).status, 'charged_back');
  assertEquals((await footprint(c.payment_id, c.user.id)).balance, 0);
  const won = await deliver(dispute(c, 'charge.dispute.closed', 'won'));
  assertEquals((await won.json()).status, 'succeeded');
  const lost = await deliver(dispute(c, 'charge.dispute.closed', 'lost'));
  assertEquals((await lost.json()).outcome, 'ignored');
  const reasons = await db`select reason::text, amount from public.credit_ledger where user_id = ${c.user.id} order by id`;
  assertEquals(reasons.map((r) => `${r.reason} ${r.amount}`), ['top_up 100', 'top_up_chargeback -100', 'top_up 100']);
});

Deno.test('out of order: a refund heard before the payment marks it, and the payment then credits nothing', async () => {
  const c = await openCheckout();
  const early = await deliver(refund(c, 499));
  assertEquals((await early.json()).status, 'refunded');
  const late = await deliver(paidSession(c));
  assertEquals((await late.json()).outcome, 'unchanged');
  const state = await footprint(c.payment_id, c.user.id);
  assertEquals([state.status, state.credited, state.ledger_rows], ['refunded', false, 0]);
});

Deno.test('expired and failed checkouts close the payment; unknown events and events that are not ours are acknowledged and ignored', async () => {
  const c = await openCheckout();
  const session = { id: c.session_id, object: 'checkout.session', metadata: { payment_id: c.payment_id, user_id: c.user.id } };
  const expired = await deliver(stripeEvent('checkout.session.expired', session));
  assertEquals((await expired.json()).status, 'expired');
  const failed = await deliver(stripeEvent('checkout.session.async_payment_failed', session));
  assertEquals((await failed.json()).outcome, 'unchanged', 'a closed payment stays as it is');
  const unknown = await deliver(stripeEvent('customer.created', { id: 'cus_1', object: 'customer' }));
  assertEquals([unknown.status, (await unknown.json()).outcome], [200, 'ignored']);
  const foreign = await deliver(paidSession(c, { metadata: {} }));
  assertEquals([foreign.status, (await foreign.json()).outcome], [200, 'ignored']);
  intents.set('pi_not_ours', {});
  const notOursRefund = await deliver(refund({ ...c, intent: 'pi_not_ours' }, 499));
  assertEquals([notOursRefund.status, (await notOursRefund.json()).outcome], [200, 'ignored'], 'a refund of a PaymentIntent that is not ours');
  const unpaid = await deliver(paidSession(c, { payment_status: 'unpaid' }));
  assertEquals((await unpaid.json()).outcome, 'awaiting_payment');
  assertEquals((await footprint(c.payment_id, c.user.id)).ledger_rows, 0);
});

Deno.test('Stripe unreachable while a refund arrives: 502 so that Stripe retries, nothing written', async () => {
  const c = await openCheckout();
  await (await deliver(paidSession(c))).body?.cancel();
  const before = await footprint(c.payment_id, c.user.id);
  stripeDown = true;
  try {
    await expectError(await deliver(refund(c, 499)), 502, 'provider_unavailable');
  } finally {
    stripeDown = false;
  }
  assertEquals(await footprint(c.payment_id, c.user.id), before);
});

Deno.test('without the payment secrets (the shared test server) the functions answer 503 payments_not_configured', async () => {
  const user = await createUser();
  const { id } = await pack();
  await expectError(await checkout(user.token, { pack_id: id }, stack.functionsUrl), 503, 'payments_not_configured');
  const webhook = await fetch(`${stack.functionsUrl}/payments-stripe-webhook`, { method: 'POST', body: '{}' });
  await expectError(webhook, 503, 'payments_not_configured');
  const revenueCat = await fetch(`${stack.functionsUrl}/payments-revenuecat-webhook`, { method: 'POST', body: '{}' });
  await expectError(revenueCat, 503, 'payments_not_configured');
  const [{ count }] = await db`select count(*)::int from public.payments where user_id = ${user.id}`;
  assertEquals(count, 0);
});

// == RevenueCat (in-app purchases) ================================================================

function storeEvent(type: string, fields: Record<string, unknown>) {
  return {
    api_version: '1.0',
    event: {
      id: crypto.randomUUID().toUpperCase(), type, event_timestamp_ms: Date.now(), store: 'APP_STORE', environment: 'PRODUCTION',
      transaction_id: String(2000000000000000n + BigInt(Math.floor(Math.random() * 1e12))), price_in_purchased_currency: 4.99,
      currency: 'USD', purchased_at_ms: Date.now(), ...fields,
    },
  };
}

const notify = (event: unknown, authorization: string | null = revenueCatAuthorization) =>
  fetch(`${server.url}/payments-revenuecat-webhook`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
    body: JSON.stringify(event),
  });

async function storePayment(store: string, reference: string) {
  const [row] = await db`
    select p.status::text, p.credited_at is not null as credited, p.amount::int, p.currency, p.test_mode, p.user_id,
           (select count(*)::int from public.payment_events e where e.payment_id = p.id) as events
    from public.payments p where p.provider = ${store}::public.payment_provider and p.provider_reference = ${reference}`;
  return row;
}

Deno.test('an in-app purchase reported by RevenueCat credits once per store transaction, even delivered several times at once', async () => {
  const user = await createUser();
  const product = await pack({ credits: 300 });
  const event = storeEvent('NON_RENEWING_PURCHASE', { app_user_id: user.id, product_id: product.app_store_product_id });
  const responses = await Promise.all(Array.from({ length: 5 }, () => notify(event)));
  const outcomes = await Promise.all(responses.map(async (r) => `${r.status} ${(await r.json()).outcome}`));
  assertEquals(outcomes.sort(), ['200 credited', '200 unchanged', '200 unchanged', '200 unchanged', '200 unchanged']);
  const android = storeEvent('NON_RENEWING_PURCHASE', {
    app_user_id: user.id, product_id: product.play_store_product_id, store: 'PLAY_STORE', transaction_id: `GPA.${unique('order')}`,
    price_in_purchased_currency: 450, currency: 'JPY', environment: 'SANDBOX',
  });
  assertEquals((await (await notify(android)).json()).outcome, 'credited');
  assertEquals(await storePayment('app_store', event.event.transaction_id), {
    status: 'succeeded', credited: true, amount: 499, currency: 'USD', test_mode: false, user_id: user.id, events: 2,
  });
  const sandbox = await storePayment('play_store', android.event.transaction_id);
  assertEquals([sandbox.amount, sandbox.currency, sandbox.test_mode], [450, 'JPY', true]);
  const [{ balance }] = await db`select balance from public.wallets where user_id = ${user.id}`;
  assertEquals(balance, 600);
});

Deno.test('RevenueCat: a wrong or missing Authorization is a 400 invalid_signature and writes nothing', async () => {
  const user = await createUser();
  const product = await pack();
  const event = storeEvent('NON_RENEWING_PURCHASE', { app_user_id: user.id, product_id: product.app_store_product_id });
  await expectError(await notify(event, 'Bearer forged'), 400, 'invalid_signature');
  await expectError(await notify(event, null), 400, 'invalid_signature');
  assertEquals(await storePayment('app_store', event.event.transaction_id), undefined);
});

Deno.test('RevenueCat: an unknown product, an unknown user, another user\'s transaction, a wrong price are refused with codes and write nothing', async () => {
  const user = await createUser();
  const other = await createUser();
  const product = await pack();
  await expectError(await notify(storeEvent('NON_RENEWING_PURCHASE', { app_user_id: user.id, product_id: 'io.questcity.unknown' })), 404, 'pack_not_found');
  await expectError(await notify(storeEvent('NON_RENEWING_PURCHASE', { app_user_id: '$RCAnonymousID:abc', product_id: product.app_store_product_id })), 404, 'user_not_found');
  await expectError(
    await notify(storeEvent('NON_RENEWING_PURCHASE', { app_user_id: user.id, product_id: product.app_store_product_id, price_in_purchased_currency: -1 })),
    422, 'payment_amount_mismatch');
  const bought = storeEvent('NON_RENEWING_PURCHASE', { app_user_id: user.id, product_id: product.app_store_product_id });
  await (await notify(bought)).body?.cancel();
  const claimed = { ...bought, event: { ...bought.event, id: crypto.randomUUID(), app_user_id: other.id } };
  await expectError(await notify(claimed), 403, 'payment_user_mismatch');
  const repriced = { ...bought, event: { ...bought.event, id: crypto.randomUUID(), price_in_purchased_currency: 0.99 } };
  await expectError(await notify(repriced), 422, 'payment_amount_mismatch');
  const [{ count }] = await db`select count(*)::int from public.credit_ledger where user_id = ${other.id}`;
  assertEquals(count, 0);
  assertEquals((await storePayment('app_store', bought.event.transaction_id)).events, 2, 'only the first purchase wrote');
  const [{ payments }] = await db`select count(*)::int as payments from public.payments where user_id = ${user.id}`;
  assertEquals(payments, 1);
});

Deno.test('RevenueCat: a store refund takes the credits back; a refund heard first makes the purchase credit nothing', async () => {
  const user = await createUser();
  const product = await pack();
  const bought = storeEvent('NON_RENEWING_PURCHASE', { app_user_id: user.id, product_id: product.app_store_product_id });
  await (await notify(bought)).body?.cancel();
  const refunded = { ...bought.event, id: crypto.randomUUID(), type: 'CANCELLATION', cancel_reason: 'CUSTOMER_SUPPORT' };
  assertEquals((await (await notify({ api_version: '1.0', event: refunded })).json()).status, 'refunded');
  const first = storeEvent('CANCELLATION', {
    app_user_id: user.id, product_id: product.app_store_product_id, cancel_reason: 'CUSTOMER_SUPPORT',
  });
  assertEquals((await (await notify(first)).json()).status, 'refunded');
  const late = storeEvent('NON_RENEWING_PURCHASE', { ...first.event, id: crypto.randomUUID(), type: 'NON_RENEWING_PURCHASE', cancel_reason: undefined });
  assertEquals((await (await notify(late)).json()).outcome, 'unchanged');
  const ledger = await db`select reason::text, amount from public.credit_ledger where user_id = ${user.id} order by id`;
  assertEquals(ledger.map((r) => `${r.reason} ${r.amount}`), ['top_up 100', 'top_up_refund -100']);
});

Deno.test('RevenueCat: TEST events, subscriptions and other stores are acknowledged and ignored; a bad body is a 400', async () => {
  for (const event of [storeEvent('TEST', {}), storeEvent('RENEWAL', {}), storeEvent('NON_RENEWING_PURCHASE', { store: 'PROMOTIONAL' })]) {
    const response = await notify(event);
    assertEquals([response.status, (await response.json()).outcome], [200, 'ignored']);
  }
  await expectError(await notify({ event: { type: 'NON_RENEWING_PURCHASE' } }), 400, 'invalid_body');
});

Deno.test('close the fake Stripe API, the isolated server and connections', async () => {
  await server.stop();
  await fakeStripe.shutdown();
  await closeStack();
});
