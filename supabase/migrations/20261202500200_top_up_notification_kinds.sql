-- Credit top-ups tell the buyer when the credits landed and when a refund or a chargeback took them
-- back (private.notify, topic user:<id>). In a migration of its own: a new enum value cannot be
-- used in the transaction that adds it.
alter type public.notification_kind add value if not exists 'top_up_credited';
alter type public.notification_kind add value if not exists 'top_up_reversed';
