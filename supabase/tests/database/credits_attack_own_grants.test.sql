-- Attack (self-dealing, found by the probe of main): an admin holding credits.grant mints credits
-- into their own wallet with grant_credits(<own id>, 1000000, ...), once a call, audited but never
-- checked. Staff never grant (nor correct) their own credits: cannot_grant_own_credits, nothing
-- posted; another admin may.
begin;
select plan(7);

select tests.create_user(u) from unnest(array['own_grant_admin', 'own_grant_other_admin', 'own_grant_player']) u;
insert into public.user_roles (user_id, role) values
  (tests.get_user_id('own_grant_admin'), 'admin'), (tests.get_user_id('own_grant_other_admin'), 'admin');

select tests.authenticate_as('own_grant_admin');
select throws_ok($$select public.grant_credits(tests.get_user_id('own_grant_admin'), 1000000, 'bonus for me')$$,
  'PT403', 'cannot_grant_own_credits', 'an admin cannot grant credits to themselves');
select tests.clear_authentication();
select is((select balance from public.wallets where user_id = tests.get_user_id('own_grant_admin')), 0,
  'their wallet is untouched');
select is((select count(*)::int from public.credit_ledger where user_id = tests.get_user_id('own_grant_admin')), 0,
  'and no ledger row was written');

select tests.authenticate_as('own_grant_other_admin');
select is(public.grant_credits(tests.get_user_id('own_grant_admin'), 50, 'contest prize'), 50,
  'another admin grants them credits (four eyes)');
select tests.authenticate_as('own_grant_admin');
select throws_ok($$select public.grant_credits(tests.get_user_id('own_grant_admin'), -50, 'tidy up my balance')$$,
  'PT403', 'cannot_grant_own_credits', 'nor correct their own balance');
select is(public.grant_credits(tests.get_user_id('own_grant_player'), 20, 'contest prize'), 20,
  'grants to other users still work');
select tests.clear_authentication();
select is((select count(*)::int from public.audit_log where action = 'credits.grant' and actor_id = tests.get_user_id('own_grant_admin')), 1,
  'only the grant to another user is audited as theirs');

select * from finish();
rollback;
