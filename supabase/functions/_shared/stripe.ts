// The Stripe client of the payment functions (the official `stripe` SDK, fetch-based as the edge
// runtime needs), configured from function secrets:
//   STRIPE_SECRET_KEY      sk_live_… / sk_test_… (or a restricted key: Checkout Sessions write,
//                          PaymentIntents read)
//   STRIPE_WEBHOOK_SECRET  whsec_… of the webhook endpoint (payments-stripe-webhook)
//   STRIPE_API_URL         tests only: the SDK talks to a local fake of Stripe's API instead
// A missing secret answers 503 `payments_not_configured` (Stripe retries a webhook it could not
// deliver, so nothing is lost while the project is being set up).
import Stripe from 'stripe';
import { refuse } from './errors.ts';

let client: { key: string; stripe: Stripe } | null = null;

/** The Stripe client for the configured secret key. */
export function stripeClient(): Stripe {
  const key = Deno.env.get('STRIPE_SECRET_KEY');
  if (!key) throw refuse('payments_not_configured');
  if (client?.key !== key) {
    const api = Deno.env.get('STRIPE_API_URL');
    const target = api ? new URL(api) : null;
    client = {
      key,
      stripe: new Stripe(key, {
        httpClient: Stripe.createFetchHttpClient(),
        maxNetworkRetries: 2,
        timeout: 10_000,
        ...(target
          ? { host: target.hostname, port: Number(target.port), protocol: target.protocol === 'http:' ? 'http' : 'https' }
          : {}),
      }),
    };
  }
  return client.stripe;
}

/** The webhook endpoint's signing secret. */
export function stripeWebhookSecret(): string {
  const secret = Deno.env.get('STRIPE_WEBHOOK_SECRET');
  if (!secret) throw refuse('payments_not_configured');
  return secret;
}

/** Verifies Stripe-Signature over the raw body (SubtleCrypto, as the edge runtime has no Node crypto) before anything is read. */
export async function verifiedStripeEvent(stripe: Stripe, payload: string, signature: string | null): Promise<Stripe.Event> {
  try {
    return await stripe.webhooks.constructEventAsync(payload, signature ?? '', stripeWebhookSecret(), undefined, cryptoProvider);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) throw refuse('invalid_signature');
    throw error;
  }
}

const cryptoProvider = Stripe.createSubtleCryptoProvider();
