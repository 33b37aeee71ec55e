-- Profiles: one per auth user, made by the sign-up trigger; read by signed-in users; edited by
-- their owner only, in the editable columns only; a bad username fails the sign-up whole.
begin;
select plan(48);

-- Sign-up trigger
select tests.create_user('prof_owner', '{"username":"Owner_One","display_name":"Owner","locale":"en"}');
select results_eq(
  $$select username, display_name, locale::text from public.profiles where id = tests.get_user_id('prof_owner')$$,
  $$values ('owner_one', 'Owner', 'en')$$,
  'sign-up makes the profile from metadata, username lower-cased');
select tests.create_user('prof_other');
select matches((select username from public.profiles where id = tests.get_user_id('prof_other')), '^user_[0-9a-f]{10}$',
  'without a username in the metadata one is generated');
select is((select locale::text from public.profiles where id = tests.get_user_id('prof_other')), 'ru', 'the locale defaults to Russian');
select throws_ok($$select tests.create_user('prof_dup', '{"username":"OWNER_ONE"}')$$, 'PT409', 'username_taken',
  'a username taken in another case fails the sign-up');
select throws_ok($$select tests.create_user('prof_bad', '{"username":"no spaces!"}')$$, 'PT400', 'invalid_username',
  'an invalid username fails the sign-up');
select throws_ok($$select tests.create_user('prof_short', '{"username":"ab"}')$$, 'PT400', 'invalid_username',
  'a username shorter than 3 characters fails the sign-up');
select is((select count(*)::int from auth.users where email in ('prof_dup@test.local', 'prof_bad@test.local', 'prof_short@test.local')), 0,
  'a failed sign-up leaves no auth user behind');
select is((select count(*)::int from public.profiles p join auth.users u on u.id = p.id), (select count(*)::int from auth.users),
  'every auth user has exactly one profile');

select tests.create_user('prof_banned');
insert into public.user_bans (user_id, reason) values (tests.get_user_id('prof_banned'), 'spam');

-- anon
select tests.authenticate_as_anon();
select is(public.username_available('OWNER_ONE'), false, 'anon learns that a username is taken, case-insensitively');
select is(public.username_available('fresh_name'), true, 'anon learns that a username is free');
select is(public.username_available('no'), false, 'a too short username is not available');
select is(public.username_available('bad name'), false, 'a malformed username is not available');
select throws_ok($$select bio from public.profiles$$, '42501', null, 'anon cannot read a profile''s bio');
select throws_ok($$select city from public.profiles$$, '42501', null, 'nor its city');
select throws_ok($$select locale from public.profiles$$, '42501', null, 'nor its locale');
select throws_ok($$select * from public.profiles$$, '42501', null, 'nor every column (select=*)');
select is((select username from public.public_profiles where id = tests.get_user_id('prof_other')),
  (select username from public.profiles where id = tests.get_user_id('prof_other')), 'anon reads the public profile (username, display name, avatar)');
select is((select count(*)::int from public.profiles p where p.id = tests.get_user_id('prof_other') and p.username is not null), 1,
  'anon reads exactly the public columns from the table too (embeds of public_profiles resolve there)');
select is(array(select a.attname::text from pg_attribute a where a.attrelid = 'public.public_profiles'::regclass and a.attnum > 0 order by a.attnum),
  array['id', 'username', 'display_name', 'avatar_path'], 'public_profiles has exactly id, username, display_name, avatar_path');
select throws_ok($$update public.profiles set bio = 'x'$$, '42501', null, 'anon cannot update profiles');

-- the owner
select tests.authenticate_as('prof_owner');
select isnt_empty($$select 1 from public.profiles where id = tests.get_user_id('prof_other')$$, 'a signed-in user reads another user''s profile');
select lives_ok($$update public.profiles set bio = 'Hello', city = 'Kazan', display_name = 'O.' where id = auth.uid()$$,
  'a user edits their own bio, city and display name');
select is((select bio from public.profiles where id = tests.get_user_id('prof_owner')), 'Hello', 'the edit is saved');
select lives_ok($$update public.profiles set username = 'Owner_Two' where id = auth.uid()$$, 'a user changes their own username');
select is((select username from public.profiles where id = tests.get_user_id('prof_owner')), 'owner_two', 'a changed username is stored lower-case');
select throws_ok($$update public.profiles set username = 'x y' where id = auth.uid()$$, 'PT400', 'invalid_username', 'a bad username is refused on edit too');
select throws_ok($$update public.profiles set username = (select username from public.profiles where id = tests.get_user_id('prof_other')) where id = auth.uid()$$,
  'PT409', 'username_taken', 'a username another user holds is refused with username_taken (no raw 23505)');
select throws_ok($$update public.profiles set bio = repeat('b', 501) where id = auth.uid()$$, 'PT400', 'invalid_length',
  'a bio over 500 characters is refused with invalid_length');
select throws_ok($$update public.profiles set display_name = E'two\nlines' where id = auth.uid()$$, 'PT400', 'invalid_characters',
  'control characters in the display name are refused');
select throws_ok(format($$update public.profiles set avatar_path = '%s/avatar.png' where id = auth.uid()$$, tests.get_user_id('prof_other')),
  'PT400', 'invalid_avatar_path', 'avatar_path cannot point into another user''s folder');
select throws_ok(format($$update public.profiles set avatar_path = '%s/../%s/avatar.png' where id = auth.uid()$$, tests.get_user_id('prof_owner'), tests.get_user_id('prof_other')),
  'PT400', 'invalid_avatar_path', 'avatar_path cannot escape the own folder with ..');
select throws_ok($$update public.profiles set avatar_path = 'https://evil.example/x.png' where id = auth.uid()$$,
  'PT400', 'invalid_avatar_path', 'avatar_path cannot be any string (a URL)');
select lives_ok(format($$update public.profiles set avatar_path = '%s/avatar.webp' where id = auth.uid()$$, tests.get_user_id('prof_owner')),
  'avatar_path <own id>/<file> is accepted');
select throws_ok($$update public.profiles set id = gen_random_uuid() where id = auth.uid()$$, '42501', null, 'a user cannot change a profile id');
select throws_ok($$update public.profiles set created_at = now() - interval '1 year' where id = auth.uid()$$, '42501', null,
  'a user cannot backdate their profile');
select throws_ok($$insert into public.profiles (id, username) values (gen_random_uuid(), 'intruder')$$, '42501', null,
  'a user cannot insert profiles');
select throws_ok($$delete from public.profiles where id = auth.uid()$$, '42501', null, 'a user cannot delete a profile (account-delete does)');

-- another user
update public.profiles set bio = 'hacked' where id = tests.get_user_id('prof_other');
select tests.clear_authentication();
select isnt((select bio from public.profiles where id = tests.get_user_id('prof_other')), 'hacked', 'a user cannot edit another user''s profile');

-- the banned user
select tests.authenticate_as('prof_banned');
select isnt_empty($$select 1 from public.profiles where id = auth.uid()$$, 'a banned user still reads their own profile');
update public.profiles set bio = 'still here' where id = tests.get_user_id('prof_banned');
select tests.clear_authentication();
select is((select bio from public.profiles where id = tests.get_user_id('prof_banned')), null, 'a banned user cannot edit their profile');

select ok((select updated_at >= created_at from public.profiles where id = tests.get_user_id('prof_owner')), 'updated_at is kept by the trigger');

-- Locale: Auth's e-mails follow the profile, in the same transaction.
select tests.authenticate_as('prof_other');
update public.profiles set locale = 'en' where id = auth.uid();
select tests.clear_authentication();
select is((select raw_user_meta_data ->> 'locale' from auth.users where id = tests.get_user_id('prof_other')), 'en',
  'changing profiles.locale updates Auth''s user metadata locale');

-- My profile: the caller's row only, whoever calls (.single() works for staff too).
select tests.create_user('prof_admin');
insert into public.user_roles (user_id, role) values (tests.get_user_id('prof_admin'), 'admin');
select private.post_credits(tests.get_user_id('prof_admin'), 15, 'staff_grant');
select tests.authenticate_as('prof_admin');
select results_eq($$select id, roles, balance, banned from public.my_profile$$,
  $$values (tests.get_user_id('prof_admin'), array['admin']::public.app_role[], 15, false)$$,
  'an admin''s my_profile is exactly one row: their own, with roles and balance');
select tests.authenticate_as('prof_banned');
select results_eq($$select id, banned, ban_reason from public.my_profile$$, $$values (tests.get_user_id('prof_banned'), true, 'spam'::text)$$,
  'a banned user reads their own profile with the ban''s reason');
select tests.authenticate_as_anon();
select throws_ok($$select * from public.my_profile$$, '42501', null, 'visitors have no my_profile');

-- Rate limits: profile edits per user; username checks per visitor IP.
select tests.clear_authentication();
update private.rate_limits set max_hits = 2 where action in ('profiles.update', 'accounts.username_check');
select tests.authenticate_as('prof_other');
update public.profiles set bio = 'one' where id = auth.uid();
select throws_ok($$update public.profiles set bio = 'two' where id = auth.uid()$$, 'PT429', 'rate_limited',
  'profile edits beyond the limit are refused with rate_limited');
select tests.authenticate_as_anon();
select set_config('request.headers', '{"x-forwarded-for": "203.0.113.7"}', true);
select public.username_available('probe_one');
select public.username_available('probe_two');
select throws_ok($$select public.username_available('probe_three')$$, 'PT429', 'rate_limited',
  'a visitor enumerating usernames is refused with rate_limited (counted by IP)');
select set_config('request.headers', '{"x-forwarded-for": "198.51.100.9"}', true);
select is(public.username_available('probe_four'), true, 'another IP is counted on its own');

select * from finish();
rollback;
