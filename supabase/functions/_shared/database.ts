// The generated types of the public schema (`npm run types` writes types/database.types.ts from
// the migrations; `npm test` fails while it is stale), for the rows and values edge functions
// read from public tables and enums. Type-only: nothing of it exists at run time.
export type { Database, Enums, Tables } from '../../../types/database.types.ts';
import type { Enums } from '../../../types/database.types.ts';

/** What a webhook answers for one provider event: the payments core's result (private.confirm_checkout_payment, record_store_purchase, …), or why nothing was done. */
export type PaymentOutcome = {
  outcome: 'credited' | 'unchanged' | 'reversed' | 'closed' | 'ignored' | 'awaiting_payment';
  payment_id?: string;
  status?: Enums<'payment_status'>;
  credits_moved?: number;
};
