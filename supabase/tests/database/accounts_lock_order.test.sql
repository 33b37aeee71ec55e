-- One lock order for a user's wallet, merch orders and stock (20261202600100_account_lock_order.sql):
-- every writer takes the account (its wallet row, private.lock_account) before the rows it changes,
-- so account deletion never deadlocks with the account's purchases and order changes. Deadlocks
-- only show under load (tests/account-deletion-concurrency.test.ts); this file checks the order
-- in the functions themselves, so that a later redefinition cannot drop it unnoticed (one did:
-- 20261202910400_merch_lock_order_and_parameter_refusal.sql restored it).
begin;
select plan(4);

-- Where a statement first stands in a function's body (0: nowhere).
create function pg_temp.at(fn regprocedure, statement text) returns integer language sql as $$
  select position(lower(statement) in lower((select p.prosrc from pg_proc p where p.oid = fn)));
$$;

select ok(pg_temp.at('private.purchase_merch(json)', 'perform private.lock_account(buyer)') between 1
          and pg_temp.at('private.purchase_merch(json)', 'update public.merch_items'),
  'purchase_merch takes the buyer''s account before the item''s stock');
select ok(pg_temp.at('private.change_order_status(uuid, public.order_status, text, text)', 'perform private.lock_account(') between 1
          and pg_temp.at('private.change_order_status(uuid, public.order_status, text, text)', 'for update'),
  'change_order_status takes the buyer''s account before the order');
select ok(pg_temp.at('private.delete_account(uuid)', 'perform private.lock_account(target)') between 1
          and pg_temp.at('private.delete_account(uuid)', 'from public.merch_orders'),
  'account deletion takes the account before its orders and items');
select ok(pg_temp.at('private.expire_pending_merch_orders(integer)', 'from public.wallets w where w.user_id = candidate.user_id for update skip locked') between 1
          and pg_temp.at('private.expire_pending_merch_orders(integer)', 'o.id = candidate.id and o.status = ''pending'''),
  'the expiry job takes the account before the order (without waiting)');

select * from finish();
rollback;
