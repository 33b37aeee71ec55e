// POST /functions/v1/payments-revenuecat-webhook: in-app purchases on iOS and Android, as reported
// by RevenueCat (the adapter of the App Store and Google Play to the payments core; why RevenueCat:
// docs/payments.md). RevenueCat verifies every purchase with the store (StoreKit 2 signed
// transactions, Play Developer API) and sends the Authorization header configured for the webhook
// in its dashboard; that header is compared (constant time) with the secret
// REVENUECAT_WEBHOOK_AUTHORIZATION first: a wrong one is a 400 and nothing is read or written.
// verify_jwt = false. Events we act on, one call of the core each, as the service role:
//   NON_RENEWING_PURCHASE (a consumable bought)        → private.record_store_purchase
//   CANCELLATION with cancel_reason CUSTOMER_SUPPORT   → private.record_store_refund (the store refunded it)
// The store transaction id is the payment's reference, so duplicates, retries and out-of-order
// delivery are harmless (a refund heard of first makes the purchase credit nothing). Other events
// (TEST, subscriptions, transfers, other stores) are acknowledged and ignored. 4xx with the core's
// code when the event contradicts what we know (nothing written); 5xx only when a retry should follow.
import { z } from 'zod';
import type { Caller } from '../_shared/auth.ts';
import type { PaymentOutcome } from '../_shared/database.ts';
import { asCaller } from '../_shared/db.ts';
import { refuse, toHttpError } from '../_shared/errors.ts';
import { handle, json, readBody } from '../_shared/http.ts';

const service: Caller = { role: 'service_role', claims: { role: 'service_role' } };
const stores: Record<string, 'app_store' | 'play_store'> = { APP_STORE: 'app_store', MAC_APP_STORE: 'app_store', PLAY_STORE: 'play_store' };

const schema = z.object({
  api_version: z.string().optional(),
  event: z.looseObject({
    id: z.string().min(1).max(255),
    type: z.string().min(1).max(64),
    event_timestamp_ms: z.number().int().nonnegative(),
    app_user_id: z.string().max(255).nullish(),
    product_id: z.string().max(255).nullish(),
    transaction_id: z.string().max(255).nullish(),
    price_in_purchased_currency: z.number().nullish(),
    currency: z.string().max(8).nullish(),
    store: z.string().max(32).nullish(),
    environment: z.string().max(32).nullish(),
    cancel_reason: z.string().max(64).nullish(),
  }),
});

/** Constant-time comparison of the Authorization header with the configured secret. */
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const digest = async (text: string) => new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  return a.reduce((difference, byte, i) => difference | (byte ^ b[i]), 0) === 0;
}

Deno.serve(handle(async (req) => {
  if (req.method !== 'POST') throw refuse('method_not_allowed');
  const expected = Deno.env.get('REVENUECAT_WEBHOOK_AUTHORIZATION');
  if (!expected) throw refuse('payments_not_configured');
  if (!(await sameSecret(req.headers.get('Authorization') ?? '', expected))) throw refuse('invalid_signature');
  const { event } = await readBody(req, schema);

  const provider = stores[event.store ?? ''];
  const call = event.type === 'NON_RENEWING_PURCHASE'
    ? 'private.record_store_purchase'
    : event.type === 'CANCELLATION' && event.cancel_reason === 'CUSTOMER_SUPPORT'
    ? 'private.record_store_refund'
    : null;
  if (!call || !provider) return json({ received: true, outcome: 'ignored' });
  try {
    const outcome = await asCaller(service, async (tx) => {
      const [row] = await tx.unsafe<{ result: PaymentOutcome }[]>(`select ${call}($1, $2, $3, $4, $5, $6, $7, $8, $9) as result`, [
        provider, event.transaction_id ?? null, event.app_user_id ?? null, event.product_id ?? null,
        event.price_in_purchased_currency ?? null, event.currency ?? null, event.environment === 'SANDBOX', event.id,
        new Date(event.event_timestamp_ms).toISOString(),
      ] as never[]);
      return row.result;
    });
    return json({ received: true, ...outcome });
  } catch (error) {
    const refusal = toHttpError(error);
    console.warn(`payments-revenuecat-webhook: ${event.type} ${event.id} refused: ${refusal.status} ${refusal.code}`);
    throw refusal;
  }
}));
