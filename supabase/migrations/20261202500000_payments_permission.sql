-- Payments: the staff permission to manage credit packs and to read every payment and its events.
-- In a migration of its own: a new enum value cannot be used in the transaction that adds it
-- (20261202500400_credit_packs.sql grants it to admins).
alter type public.app_permission add value if not exists 'payments.manage';
comment on type public.app_permission is
  'Fine-grained staff permissions, granted to roles in public.role_permissions (payments.manage: credit packs, every payment).';
