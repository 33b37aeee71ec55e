-- Profiles: one per auth user, made by the sign-up trigger; read by signed-in users; edited by
-- their owner only, in the editable columns only; a bad username fails the sign-up whole.
begin;
select plan(28);

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
select throws_ok($$select 1 from public.profiles$$, '42501', null, 'anon cannot read profiles');
select throws_ok($$update public.profiles set bio = 'x'$$, '42501', null, 'anon cannot update profiles');

-- the owner
select tests.authenticate_as('prof_owner');
select isnt_empty($$select 1 from public.profiles where id = tests.get_user_id('prof_other')$$, 'a signed-in user reads another user''s profile');
select lives_ok($$update public.profiles set bio = 'Hello', city = 'Kazan', display_name = 'O.' where id = auth.uid()$$,
  'a user edits their own bio, city and display name');
select is((select bio from public.profiles where id = tests.get_user_id('prof_owner')), 'Hello', 'the edit is saved');
select lives_ok($$update public.profiles set username = 'Owner_Two' where id = auth.uid()$$, 'a user changes their own username');
select is((select username from public.profiles where id = tests.get_user_id('prof_owner')), 'owner_two', 'a changed username is stored lower-case');
select throws_ok($$update public.profiles set username = 'x y' where id = auth.uid()$$, '23514', null, 'a bad username is refused on edit too');
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

select * from finish();
rollback;
