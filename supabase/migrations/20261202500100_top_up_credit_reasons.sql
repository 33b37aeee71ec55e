-- Credit top-ups: the ledger reasons of a bought pack and of its reversal (a refund, a chargeback).
-- In a migration of its own: a new enum value cannot be used in the transaction that adds it.
alter type public.credit_reason add value if not exists 'top_up';
alter type public.credit_reason add value if not exists 'top_up_refund';
alter type public.credit_reason add value if not exists 'top_up_chargeback';
comment on type public.credit_reason is
  'Why credits moved: earned on a first completion, spent on an unlock or merch, refunded, granted by staff, bought (top_up), or taken back when a purchase was refunded (top_up_refund) or charged back (top_up_chargeback).';
