-- Credits wallet: who reads what, who grants, and the balance rule (never negative, always the
-- sum of the ledger, ledger append-only).
begin;
select plan(24);

select tests.create_user('wallet_owner');
select tests.create_user('wallet_other');
select tests.create_user('wallet_admin');
select tests.create_user('wallet_moderator');
insert into public.user_roles (user_id, role) values
  (tests.get_user_id('wallet_admin'), 'admin'),
  (tests.get_user_id('wallet_moderator'), 'moderator');

select is((select balance from public.wallets where user_id = tests.get_user_id('wallet_owner')), 0,
  'every new user gets an empty wallet');

-- Granting
select tests.authenticate_as('wallet_admin');
select is(public.grant_credits(tests.get_user_id('wallet_owner'), 100, 'welcome bonus'), 100,
  'an admin (credits.grant) grants credits and gets the new balance');
select throws_ok($$select public.grant_credits(tests.get_user_id('wallet_owner'), 10, '  ')$$, 'PT400', 'reason_required',
  'a grant without a reason is refused');
select throws_ok($$select public.grant_credits(tests.get_user_id('wallet_owner'), 0, 'nothing')$$, 'PT400', 'invalid_amount',
  'a zero grant is refused');
select throws_ok($$select public.grant_credits(tests.get_user_id('wallet_owner'), 10, repeat('x', 501))$$, 'PT400', 'invalid_parameter',
  'a reason longer than the ledger note (500) is invalid_parameter, not a constraint error');
select throws_ok($$select public.grant_credits(tests.get_user_id('wallet_owner'), -101, 'too much')$$, 'PT402', 'insufficient_credits',
  'a correction that would make the balance negative is refused');
select throws_ok($$select public.grant_credits(gen_random_uuid(), 10, 'ghost')$$, 'PT404', 'user_not_found',
  'granting to an unknown user is refused');
select ok(exists (select 1 from public.audit_log where action = 'credits.grant' and target_id = tests.get_user_id('wallet_owner')::text),
  'a grant is written to the audit log');

select tests.authenticate_as('wallet_moderator');
select throws_ok($$select public.grant_credits(tests.get_user_id('wallet_owner'), 10, 'friendly')$$, 'PT403', 'forbidden',
  'a moderator (no credits.grant) cannot grant credits');
select tests.authenticate_as('wallet_owner');
select throws_ok($$select public.grant_credits(tests.get_user_id('wallet_owner'), 1000, 'myself')$$, 'PT403', 'forbidden',
  'a user cannot grant themselves credits');

-- Reading
select is((select balance from public.wallets), 100, 'a user reads their own balance');
select is((select count(*)::int from public.credit_ledger), 1, 'a user reads their own ledger');
select tests.authenticate_as('wallet_other');
select is((select count(*)::int from public.wallets where user_id = tests.get_user_id('wallet_owner')), 0,
  'another user cannot see someone''s wallet');
select is((select count(*)::int from public.credit_ledger where user_id = tests.get_user_id('wallet_owner')), 0,
  'another user cannot see someone''s ledger');
select tests.authenticate_as_anon();
select throws_ok($$select * from public.wallets$$, '42501', null, 'anon cannot read wallets at all');
select tests.authenticate_as('wallet_admin');
select is((select count(*)::int from public.credit_ledger where user_id = tests.get_user_id('wallet_owner')), 0,
  'a holder of credits.grant reads only their own ledger from the table ("my ledger" is always mine)');
select is((select jsonb_array_length(public.staff_wallet(tests.get_user_id('wallet_owner')) -> 'items')), 1,
  'and reads another user''s ledger through staff_wallet');

-- Writing directly is impossible for clients
select tests.authenticate_as('wallet_owner');
select throws_ok($$update public.wallets set balance = 1000000$$, '42501', null, 'a user cannot set their balance');
select throws_ok($$insert into public.credit_ledger (user_id, amount, reason, balance_after) values (auth.uid(), 5, 'staff_grant', 5)$$,
  '42501', null, 'a user cannot write ledger rows');
select throws_ok($$select private.post_credits(auth.uid(), 5, 'staff_grant')$$, '42501', null,
  'a user cannot call the internal posting function');

-- The ledger is append-only, even for postgres (Studio)
select tests.clear_authentication();
select throws_ok($$update public.credit_ledger set amount = 1$$, 'PT403', 'credit_ledger_is_append_only',
  'ledger rows cannot be updated, even by postgres');
select throws_ok($$delete from public.credit_ledger$$, 'PT403', 'credit_ledger_is_append_only',
  'ledger rows cannot be deleted, even by postgres');

-- The balance rule holds in the table itself
select throws_ok($$update public.wallets set balance = -1 where user_id = tests.get_user_id('wallet_owner')$$, 'PT409', 'negative_balance',
  'the database refuses a negative balance whoever writes it (only a top-up reversal may, see payments_core)');
select is(
  (select balance from public.wallets where user_id = tests.get_user_id('wallet_owner')),
  (select sum(amount)::int from public.credit_ledger where user_id = tests.get_user_id('wallet_owner')),
  'the balance equals the sum of the ledger');

select * from finish();
rollback;
