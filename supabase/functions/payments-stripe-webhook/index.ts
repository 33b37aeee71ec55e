// POST /functions/v1/payments-stripe-webhook: Stripe's notifications about web top-ups (the
// adapter of Stripe to the payments core; verify_jwt = false, Stripe signs instead). The
// Stripe-Signature header is verified over the raw body first (constructEventAsync with the
// SubtleCrypto provider): a bad signature is a 400 and nothing is read or written. Each event we
// act on becomes one call of the core, as the service role; every rule (credit once, mismatches,
// reversals, order and replays) is in SQL:
//   checkout.session.completed (paid) / async_payment_succeeded → private.confirm_checkout_payment
//   checkout.session.async_payment_failed / expired             → private.close_checkout_payment
//   charge.refunded (amount_refunded so far)                     → private.reverse_checkout_payment refunded
//   charge.dispute.created / charge.dispute.closed (won)         → private.reverse_checkout_payment charged_back / dispute_won
// Refunds and disputes name a PaymentIntent, which is read from Stripe for the payment it belongs to
// (metadata.payment_id, set at checkout). Events that are not ours (no payment_id) or that we do
// not act on are acknowledged (200) and ignored. Answers: 200 {received, outcome}; 4xx with the
// core's code when the notification contradicts the payment (nothing written); 5xx only when a retry
// should follow (database or Stripe unreachable, secrets missing): Stripe then retries for 3 days.
import Stripe from 'stripe';
import { z } from 'zod';
import type { Caller } from '../_shared/auth.ts';
import type { PaymentOutcome as Outcome } from '../_shared/database.ts';
import { asCaller } from '../_shared/db.ts';
import { refuse, toHttpError } from '../_shared/errors.ts';
import { handle, json } from '../_shared/http.ts';
import { stripeClient, verifiedStripeEvent } from '../_shared/stripe.ts';

const service: Caller = { role: 'service_role', claims: { role: 'service_role' } };
const paymentId = z.uuid();

/** Our payment id in a session's or PaymentIntent's metadata, or null when the object is not ours. */
function ours(metadata: Stripe.Metadata | null | undefined): string | null {
  const parsed = paymentId.safeParse(metadata?.payment_id);
  return parsed.success ? parsed.data : null;
}

const idOf = (value: string | { id: string } | null | undefined) => (typeof value === 'string' ? value : value?.id ?? null);

async function core(call: string, args: unknown[]): Promise<Outcome> {
  return await asCaller(service, async (tx) => {
    const [row] = await tx.unsafe(`select ${call} as result`, args as never[]);
    return row.result as Outcome;
  });
}

/** The payment a PaymentIntent belongs to (read from Stripe), or null when it is not ours. */
async function paymentOfIntent(stripe: Stripe, intent: string | null): Promise<string | null> {
  if (!intent) return null;
  try {
    return ours((await stripe.paymentIntents.retrieve(intent)).metadata);
  } catch (error) {
    console.error('payments-stripe-webhook: cannot read the PaymentIntent', error);
    throw refuse('provider_unavailable');
  }
}

async function act(stripe: Stripe, event: Stripe.Event): Promise<Outcome> {
  const at = new Date(event.created * 1000).toISOString();
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const session = event.data.object;
      const payment = ours(session.metadata);
      if (!payment) return { outcome: 'ignored' };
      if (session.payment_status !== 'paid') return { outcome: 'awaiting_payment', payment_id: payment };
      return await core('private.confirm_checkout_payment($1, $2, $3, $4, $5, $6, $7, $8)', [
        payment, session.id, idOf(session.payment_intent), session.metadata?.user_id ?? null,
        session.amount_total, session.currency, event.id, at,
      ]);
    }
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired': {
      const session = event.data.object;
      const payment = ours(session.metadata);
      if (!payment) return { outcome: 'ignored' };
      const kind = event.type === 'checkout.session.expired' ? 'expired' : 'failed';
      return await core('private.close_checkout_payment($1, $2, $3, $4, $5)', [payment, session.id, kind, event.id, at]);
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      const intent = idOf(charge.payment_intent);
      const payment = await paymentOfIntent(stripe, intent);
      if (!payment) return { outcome: 'ignored' };
      return await core('private.reverse_checkout_payment($1, $2, $3, $4, $5, $6, $7)', [
        payment, intent, 'refunded', charge.amount_refunded, charge.currency, event.id, at,
      ]);
    }
    case 'charge.dispute.created':
    case 'charge.dispute.closed': {
      const dispute = event.data.object;
      if (event.type === 'charge.dispute.closed' && dispute.status !== 'won') return { outcome: 'ignored' };
      const intent = idOf(dispute.payment_intent);
      const payment = await paymentOfIntent(stripe, intent);
      if (!payment) return { outcome: 'ignored' };
      const kind = event.type === 'charge.dispute.created' ? 'charged_back' : 'dispute_won';
      return await core('private.reverse_checkout_payment($1, $2, $3, $4, $5, $6, $7)', [
        payment, intent, kind, null, dispute.currency, event.id, at,
      ]);
    }
    default:
      return { outcome: 'ignored' };
  }
}

Deno.serve(handle(async (req) => {
  if (req.method !== 'POST') throw refuse('method_not_allowed');
  const stripe = stripeClient();
  const event = await verifiedStripeEvent(stripe, await req.text(), req.headers.get('Stripe-Signature'));
  try {
    return json({ received: true, ...(await act(stripe, event)) });
  } catch (error) {
    const refusal = toHttpError(error);
    console.warn(`payments-stripe-webhook: ${event.type} ${event.id} refused: ${refusal.status} ${refusal.code}`);
    throw refusal;
  }
}));
