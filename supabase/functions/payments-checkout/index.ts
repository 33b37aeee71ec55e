// POST /functions/v1/payments-checkout {pack_id}: a web top-up. Opens a payment for the signed-in
// user on a pack on sale (private.open_checkout_payment: active account, rate limit, pack, price
// copied), creates a Stripe Checkout Session for exactly that price with the payment and the user
// bound to it (client_reference_id, metadata), and records the session on the payment, all in one
// transaction: if Stripe refuses, nothing is written. Answers {payment_id, checkout_url, …}; the
// app opens checkout_url, and the payments-stripe-webhook function credits the wallet once Stripe
// says the payment succeeded. Secrets: STRIPE_SECRET_KEY, PAYMENTS_RETURN_URL (the web page Stripe
// sends the buyer back to).
import { z } from 'zod';
import { requireUser } from '../_shared/auth.ts';
import type { Tables } from '../_shared/database.ts';
import { asCaller } from '../_shared/db.ts';
import { refuse } from '../_shared/errors.ts';
import { handle, json, readBody } from '../_shared/http.ts';
import { stripeClient } from '../_shared/stripe.ts';

const schema = z.object({ pack_id: z.uuid() }).strict();
/** The payment private.open_checkout_payment opened (a public.payments row) and its pack's title. */
type OpenedPayment = Pick<Tables<'payments'>, 'id' | 'pack_id' | 'credits' | 'amount' | 'currency'> & Pick<Tables<'credit_packs'>, 'title'>;
// Stripe's minimum: a session lives 30 minutes at least; short, so unpaid attempts expire soon.
const sessionLifetimeS = 30 * 60;

Deno.serve(handle(async (req) => {
  if (req.method !== 'POST') throw refuse('method_not_allowed');
  const user = await requireUser(req);
  const body = await readBody(req, schema);
  const stripe = stripeClient();
  const returnUrl = Deno.env.get('PAYMENTS_RETURN_URL');
  if (!returnUrl) throw refuse('payments_not_configured');

  const checkout = await asCaller(user, async (tx) => {
    const [payment] = await tx<OpenedPayment[]>`
      select p.id, p.pack_id, p.credits, p.amount::integer as amount, p.currency, k.title
      from private.open_checkout_payment(${body.pack_id}, 'stripe') p
      join public.credit_packs k on k.id = p.pack_id`;
    const binding = { payment_id: payment.id, user_id: user.userId, pack_id: payment.pack_id };
    const back = (result: string) => `${returnUrl}${returnUrl.includes('?') ? '&' : '?'}payment_id=${payment.id}&result=${result}`;
    let session;
    try {
      session = await stripe.checkout.sessions.create({
        mode: 'payment',
        client_reference_id: payment.id,
        metadata: binding,
        payment_intent_data: { metadata: binding },
        line_items: [{
          quantity: 1,
          price_data: {
            currency: payment.currency.toLowerCase(),
            unit_amount: payment.amount,
            product_data: { name: payment.title, metadata: { pack_id: payment.pack_id } },
          },
        }],
        success_url: back('success'),
        cancel_url: back('cancelled'),
        expires_at: Math.floor(Date.now() / 1000) + sessionLifetimeS,
        locale: 'auto',
      }, { idempotencyKey: `checkout-${payment.id}` });
    } catch (error) {
      console.error('payments-checkout: Stripe refused the session', error);
      throw refuse('provider_unavailable');
    }
    await tx`select private.attach_checkout(${payment.id}, ${session.id}, ${!session.livemode})`;
    return {
      payment_id: payment.id,
      checkout_url: session.url,
      expires_at: new Date(session.expires_at * 1000).toISOString(),
      credits: payment.credits,
      amount: payment.amount,
      currency: payment.currency,
    };
  });
  return json(checkout, 201);
}));
