-- Push devices: a user registers, refreshes, replaces and removes their own FCM tokens; a token
-- belongs to one account at a time (registering it elsewhere moves it); another user, a visitor
-- and a banned user can read or change nothing of anyone else's; bad input is a catalogued 400;
-- registrations are rate-limited; deleting the account removes its devices.
begin;
select plan(37);

select tests.create_user('pd_owner');
select tests.create_user('pd_other');
select tests.create_user('pd_banned');
select tests.create_user('pd_spammer');
insert into public.user_bans (user_id, reason) values (tests.get_user_id('pd_banned'), 'spam');

-- The owner registers, refreshes and replaces a token.
select tests.authenticate_as('pd_owner');
select is(
  (select format('%s %s %s %s', (d).platform, (d).locale, (d).app_version, (d).user_id = auth.uid())
   from (select public.register_push_device('owner-phone-token-0001', 'android', 'ru', '2.4.0') as d) x),
  'android ru 2.4.0 t', 'a user registers their phone''s token with platform, language and app version');
select results_eq($$select token from public.push_devices$$, $$values ('owner-phone-token-0001')$$, 'and reads it back');
select lives_ok($$select public.register_push_device('owner-phone-token-0001', 'android', 'en', '2.5.0')$$,
  'registering the same token again refreshes it');
select results_eq($$select locale::text, app_version from public.push_devices$$, $$values ('en', '2.5.0')$$,
  'the refresh updates the language and the version of the one row');
select lives_ok($$select public.register_push_device('owner-phone-token-0002', 'android', 'en', '2.5.0', 'owner-phone-token-0001')$$,
  'after onTokenRefresh the new token is registered with the one it replaces');
select results_eq($$select token from public.push_devices$$, $$values ('owner-phone-token-0002')$$, 'only the new token remains');
select lives_ok($$select public.register_push_device('owner-tablet-token-001', 'ios', 'en', null, 'pd-other-token-0000001')$$,
  'naming a replaced token that is not yours changes nothing of anyone else (checked below)');

-- Another user.
select tests.authenticate_as('pd_other');
select lives_ok($$select public.register_push_device('pd-other-token-0000001', 'ios', 'en')$$, 'another user registers a phone');
select tests.authenticate_as('pd_owner');
select lives_ok($$select public.register_push_device('owner-tablet-token-002', 'ios', 'en', null, 'pd-other-token-0000001')$$,
  'the owner names the other user''s token as replaced');
select tests.authenticate_as('pd_other');
select results_eq($$select token from public.push_devices$$, $$values ('pd-other-token-0000001')$$,
  'a token of another account is never removed by naming it as replaced');
select is((select count(*)::int from public.push_devices where token like 'owner-%'), 0, 'another user cannot read someone''s tokens');
select throws_ok($$update public.push_devices set user_id = auth.uid() where token = 'owner-phone-token-0002'$$, '42501', null,
  'nobody changes device rows directly (no update privilege)');
select throws_ok($$delete from public.push_devices where token = 'owner-phone-token-0002'$$, '42501', null,
  'nobody deletes device rows directly (no delete privilege)');
select throws_ok($$insert into public.push_devices (user_id, token, platform, locale) values (auth.uid(), 'forged-token-000001', 'android', 'en')$$,
  '42501', null, 'nobody inserts device rows directly, in their own name or another''s');
select is(public.unregister_push_device('owner-phone-token-0002'), false, 'another user cannot sign someone''s phone out by naming its token');
select tests.clear_authentication();
select is((select count(*)::int from public.push_devices where user_id = tests.get_user_id('pd_owner')), 3,
  'the owner''s devices are all still there');

-- A token moves with the phone: registering it under another account takes it from the first.
select tests.authenticate_as('pd_other');
select lives_ok($$select public.register_push_device('owner-phone-token-0002', 'android', 'ru')$$,
  'the phone signs in to another account and registers its token');
select tests.clear_authentication();
select results_eq(
  $$select u.identifier from public.push_devices d join tests.users u on u.id = d.user_id where d.token = 'owner-phone-token-0002'$$,
  $$values ('pd_other')$$, 'the token now belongs to the other account only (one account per token)');

-- Sign-out.
select tests.authenticate_as('pd_other');
select is(public.unregister_push_device('owner-phone-token-0002'), true, 'signing out removes the phone''s token');
select is(public.unregister_push_device('owner-phone-token-0002'), false, 'signing out twice is harmless');
select is((select count(*)::int from public.push_devices where token = 'owner-phone-token-0002'), 0, 'the token is gone');

-- Visitors and service callers.
select tests.authenticate_as_anon();
select throws_ok($$select count(*) from public.push_devices$$, '42501', null, 'visitors cannot read devices');
select throws_ok($$select public.register_push_device('anon-token-000000001', 'android', 'en')$$, '42501', null,
  'visitors cannot register tokens');
select throws_ok($$select public.unregister_push_device('owner-tablet-token-001')$$, '42501', null, 'visitors cannot remove tokens');

-- A banned user keeps their phone (they may still be told about their account) and can sign out.
select tests.authenticate_as('pd_banned');
select lives_ok($$select public.register_push_device('banned-token-00000001', 'android', 'en')$$, 'a banned user registers their phone');
select is(public.unregister_push_device('banned-token-00000001'), true, 'and signs it out');

-- At most ten devices per account: the least recently seen goes.
select tests.clear_authentication();
update public.push_devices set last_seen_at = now() - interval '1 day' where token = 'owner-tablet-token-001';
select tests.authenticate_as('pd_owner');
select public.register_push_device('owner-extra-token-' || lpad(n::text, 3, '0'), 'android', 'en') from generate_series(1, 9) n;
select is((select count(*)::int from public.push_devices), 10, 'an account keeps at most ten devices');
select is((select count(*)::int from public.push_devices where token = 'owner-tablet-token-001'), 0, 'the least recently seen one was dropped');

-- Bad input: catalogued 400s naming the parameter, nothing written.
select throws_ok($$select public.register_push_device('short', 'android', 'en')$$, 'PT400', 'invalid_parameter', 'a too short token is refused');
select throws_ok($$select public.register_push_device('a token with spaces in it', 'android', 'en')$$, 'PT400', 'invalid_parameter',
  'a token with spaces is refused');
select throws_ok($$select public.register_push_device(repeat('x', 4097), 'android', 'en')$$, 'PT400', 'invalid_parameter',
  'a token over 4096 characters is refused');
select throws_ok($$select public.register_push_device(null, 'android', 'en')$$, 'PT400', 'invalid_parameter', 'a missing token is refused');
select throws_ok($$select public.register_push_device('owner-valid-token-001', 'windows', 'en')$$, 'PT400', 'invalid_parameter',
  'an unknown platform is refused');
select throws_ok($$select public.register_push_device('owner-valid-token-001', 'android', 'de')$$, 'PT400', 'invalid_parameter',
  'a language other than ru and en is refused');
select throws_ok($$select public.register_push_device('owner-valid-token-001', 'android', 'en', repeat('9', 33))$$, 'PT400', 'invalid_parameter',
  'an app version over 32 characters is refused');

-- Rate limit.
select tests.clear_authentication();
update private.rate_limits set max_hits = 2 where action = 'push.register';
select tests.authenticate_as('pd_spammer');
select public.register_push_device('spam-token-0000000' || n, 'android', 'en') from generate_series(1, 2) n;
select throws_ok($$select public.register_push_device('spam-token-00000003', 'android', 'en')$$, 'PT429', 'rate_limited',
  'token registrations are rate-limited per user');

-- Account deletion takes the devices along.
select tests.clear_authentication();
delete from auth.users where id = tests.get_user_id('pd_owner');
select is((select count(*)::int from public.push_devices where token like 'owner-%'), 0, 'deleting the account deletes its devices');

select * from finish();
rollback;
