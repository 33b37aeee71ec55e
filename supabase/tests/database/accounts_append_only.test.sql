-- The audit log and the credit ledger are append-only for everyone, with exactly one path that
-- may touch their rows: deleting an account clears that account's references (and nothing else).
-- The attacks: Studio's postgres (the table owner) and the service role updating, deleting,
-- truncating; forging the erasure marker for an account that still exists; riding a real account
-- deletion to rewrite amounts or other people's rows.
begin;
select plan(17);

select tests.create_user('ao_owner');
select tests.create_user('ao_other');
select tests.create_user('ao_admin');
insert into public.user_roles (user_id, role) values (tests.get_user_id('ao_admin'), 'admin');
select private.post_credits(tests.get_user_id('ao_owner'), 70, 'staff_grant', null, null, 'for ao_owner');
select private.post_credits(tests.get_user_id('ao_other'), 30, 'staff_grant', null, null, 'for ao_other');
select tests.authenticate_as('ao_admin');
select public.grant_role(tests.get_user_id('ao_owner'), 'moderator', 'test');
select tests.clear_authentication();
create temporary table ids as select tests.get_user_id('ao_owner') as owner, tests.get_user_id('ao_other') as other;
grant select on ids to service_role, authenticated;

-- Studio's postgres
select throws_ok($$update public.credit_ledger set amount = 1000 where user_id = (select owner from ids)$$,
  'PT403', 'credit_ledger_is_append_only', 'postgres cannot change a ledger amount');
select throws_ok($$delete from public.credit_ledger where user_id = (select owner from ids)$$,
  'PT403', 'credit_ledger_is_append_only', 'postgres cannot delete ledger rows');
select throws_ok($$truncate public.credit_ledger$$, 'PT403', 'credit_ledger_is_append_only', 'postgres cannot truncate the ledger');
select throws_ok($$update public.credit_ledger set user_id = null where user_id = (select owner from ids)$$,
  'PT403', 'credit_ledger_is_append_only', 'postgres cannot unlink a movement from a living account');
select throws_ok($$update public.audit_log set reason = 'rewritten' where target_id = (select owner::text from ids)$$,
  'PT403', 'audit_log_is_append_only', 'postgres cannot rewrite an audit row');
select throws_ok($$delete from public.audit_log where target_id = (select owner::text from ids)$$,
  'PT403', 'audit_log_is_append_only', 'postgres cannot delete audit rows');
select throws_ok($$truncate public.audit_log$$, 'PT403', 'audit_log_is_append_only', 'postgres cannot truncate the audit log');

-- The erasure marker names an account that still exists: ignored.
select set_config('questcity.erased_accounts', (select owner::text from ids), true);
select throws_ok($$update public.credit_ledger set user_id = null, note = null where user_id = (select owner from ids)$$,
  'PT403', 'credit_ledger_is_append_only', 'a forged erasure marker for a living account changes nothing');
select throws_ok($$update public.audit_log set target_id = null where target_id = (select owner::text from ids)$$,
  'PT403', 'audit_log_is_append_only', 'nor in the audit log');
select set_config('questcity.erased_accounts', '', true);

-- The service role (no longer let through)
select tests.authenticate_as_service_role();
select throws_ok($$delete from public.credit_ledger where user_id = (select other from ids)$$,
  'PT403', 'credit_ledger_is_append_only', 'the service role cannot delete ledger rows');
select throws_ok($$delete from public.audit_log$$, 'PT403', 'audit_log_is_append_only', 'the service role cannot delete audit rows');
select throws_ok($$update public.audit_log set reason = 'x'$$, 'PT403', 'audit_log_is_append_only', 'the service role cannot rewrite audit rows');

-- The one path: deleting the account clears its references, nothing else.
select tests.clear_authentication();
select lives_ok($$delete from auth.users where id = (select owner from ids)$$, 'deleting an account with ledger and audit rows succeeds');
select is((select count(*)::int from public.credit_ledger where note = 'for ao_owner' or (amount = 70 and user_id is null and note is null)), 1,
  'its movement stays, owner and note cleared');
select throws_ok($$update public.credit_ledger set amount = 1 where user_id is null and amount = 70$$,
  'PT403', 'credit_ledger_is_append_only', 'within the deleting transaction, amounts still cannot change');
select throws_ok($$update public.credit_ledger set user_id = null where user_id = (select other from ids)$$,
  'PT403', 'credit_ledger_is_append_only', 'nor can another account''s movements be unlinked');
select is((select count(*)::int from public.credit_ledger where user_id = (select other from ids) and note = 'for ao_other'), 1,
  'other accounts'' movements are untouched');

select * from finish();
rollback;
