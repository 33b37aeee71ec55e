-- Roles and bans: permissions are data, only roles.manage grants roles (never to oneself), only
-- users.ban bans (never someone holding a permission the banner lacks), a ban bites at once.
begin;
select plan(44);

select tests.create_user('rb_admin');
select tests.create_user('rb_admin2');
select tests.create_user('rb_mod');
select tests.create_user('rb_user');
select tests.create_user('rb_other');
insert into public.user_roles (user_id, role) values
  (tests.get_user_id('rb_admin'), 'admin'), (tests.get_user_id('rb_admin2'), 'admin'), (tests.get_user_id('rb_mod'), 'moderator');

-- role_permissions and user_roles: who reads, nobody writes directly
select tests.authenticate_as_anon();
select throws_ok($$select * from public.role_permissions$$, '42501', null, 'anon cannot read the permission matrix');
select tests.authenticate_as('rb_user');
select isnt_empty($$select 1 from public.role_permissions$$, 'a user reads the permission matrix');
select is_empty($$select 1 from public.user_roles where user_id <> auth.uid()$$, 'a user does not see other users'' roles');
select throws_ok($$insert into public.user_roles (user_id, role) values (auth.uid(), 'admin')$$, '42501', null,
  'a user cannot give themselves a role by insert');
select throws_ok($$insert into public.role_permissions (role, permission) values ('user', 'users.ban')$$, '42501', null,
  'a user cannot add permissions to a role');
select tests.authenticate_as('rb_mod');
select isnt_empty($$select 1 from public.user_roles where user_id = tests.get_user_id('rb_admin')$$,
  'a moderator (users.ban) sees who holds which role');
select is((select array_agg(role order by role) from public.my_roles), array['moderator']::public.app_role[],
  'a moderator''s my_roles holds their own roles only, though they may read everyone''s');
select tests.authenticate_as('rb_admin');
select is((select count(*)::int from public.my_roles), 1, 'an admin''s my_roles is their own single row');
select throws_ok($$update public.user_roles set role = 'moderator'$$, '42501', null, 'even an admin cannot update roles directly');
select throws_ok($$delete from public.role_permissions$$, '42501', null, 'even an admin cannot delete permissions through the API');

-- grant_role / revoke_role
select lives_ok($$select public.grant_role(tests.get_user_id('rb_user'), 'moderator', 'trusted reviewer')$$,
  'an admin grants the moderator role');
select ok(exists (select 1 from public.user_roles where user_id = tests.get_user_id('rb_user') and role = 'moderator'),
  'the granted role is stored');
select results_eq(
  $$select action, target_id, reason, after -> 'roles' from public.audit_log where action = 'role.grant'$$,
  $$values ('role.grant', tests.get_user_id('rb_user')::text, 'trusted reviewer', '["moderator"]'::jsonb)$$,
  'the grant is audited with the roles after it');
select throws_ok($$select public.grant_role(tests.get_user_id('rb_user'), 'moderator', 'again')$$, 'PT409', 'role_already_held',
  'granting a role already held is a conflict');
select throws_ok($$select public.grant_role(auth.uid(), 'moderator', 'me')$$, 'PT403', 'cannot_change_own_role',
  'nobody changes their own roles, admins included');
select throws_ok($$select public.grant_role(tests.get_user_id('rb_other'), 'moderator', '')$$, 'PT400', 'reason_required',
  'a role change needs a reason');
select lives_ok($$select public.revoke_role(tests.get_user_id('rb_user'), 'moderator', 'back to normal')$$, 'an admin revokes a role');
select throws_ok($$select public.revoke_role(tests.get_user_id('rb_user'), 'moderator', 'twice')$$, 'PT409', 'role_not_held',
  'revoking a role not held is a conflict');
select tests.authenticate_as('rb_mod');
select throws_ok($$select public.grant_role(tests.get_user_id('rb_other'), 'moderator', 'my friend')$$, 'PT403', 'forbidden',
  'a moderator (no roles.manage) cannot grant roles');
select throws_ok($$select public.grant_role(auth.uid(), 'admin', 'promotion')$$, 'PT403', 'forbidden',
  'a moderator cannot raise their own role');

-- Bans
select lives_ok($$select public.ban_user(tests.get_user_id('rb_other'), 'spam in chats', interval '7 days')$$,
  'a moderator bans a user for seven days');
select tests.clear_authentication();
select ok((select banned_until between now() + interval '6 days' and now() + interval '8 days' from auth.users where id = tests.get_user_id('rb_other')),
  'the ban sets auth.users.banned_until so Auth refuses new sessions');
select tests.authenticate_as('rb_mod');
select throws_ok($$select public.ban_user(tests.get_user_id('rb_other'), 'again', null)$$, 'PT409', 'already_banned',
  'a user already banned cannot be banned twice');
select throws_ok($$select public.ban_user(tests.get_user_id('rb_admin'), 'coup', null)$$, 'PT403', 'cannot_ban_higher_staff',
  'a moderator cannot ban an admin');
select throws_ok($$select public.ban_user(auth.uid(), 'oops', null)$$, 'PT400', 'cannot_ban_yourself', 'nobody bans themselves');
select throws_ok($$select public.ban_user(tests.get_user_id('rb_user'), 'x', interval '-1 day')$$, 'PT400', 'invalid_duration',
  'a ban lasts a positive duration');
select throws_ok($$select public.ban_user(tests.get_user_id('rb_user'), 'x', interval '178000000 years')$$, 'PT400', 'invalid_duration',
  'a duration the calendar cannot hold is invalid_duration, not a raw 22008 (at most 100 years; null bans for good)');

-- The ban bites at once: the banned user keeps the claims of a token issued before the ban
select tests.authenticate_as('rb_other');
select results_eq($$select reason, in_force from public.my_bans$$, $$values ('spam in chats'::text, true)$$,
  'a banned user reads their own ban (my_bans): reason and dates');
select is(array(select a.attname::text from pg_attribute a where a.attrelid = 'public.my_bans'::regclass and a.attnum > 0 order by a.attnum),
  array['id', 'reason', 'banned_at', 'banned_until', 'lifted_at', 'in_force'], 'my_bans shows reason and dates only, never who banned');
select is_empty($$select banned_by from public.user_bans$$, 'a banned user cannot learn who banned them from user_bans');
select is_empty($$select banned_by from public.active_bans$$, 'nor from active_bans');
select is_empty($$select banned_by from public.staff_user_overview$$, 'nor from the staff overview');
select throws_ok($$select public.ban_user(tests.get_user_id('rb_user'), 'revenge', null)$$, 'PT403', 'forbidden',
  'a banned user cannot use staff functions');
select tests.authenticate_as('rb_user');
select is_empty($$select 1 from public.user_bans$$, 'a user does not see other users'' bans');
select throws_ok($$select public.ban_user(tests.get_user_id('rb_other'), 'me too', null)$$, 'PT403', 'forbidden',
  'a user (no users.ban) cannot ban');

-- A moderator who is banned loses their powers at once
select tests.authenticate_as('rb_admin');
select lives_ok($$select public.ban_user(tests.get_user_id('rb_mod'), 'abuse of power', null)$$, 'an admin bans a moderator for good');
select tests.authenticate_as('rb_mod');
select throws_ok($$select public.unban_user(tests.get_user_id('rb_other'), 'friend')$$, 'PT403', 'forbidden',
  'a banned moderator can no longer unban anyone');

-- Unban
select tests.authenticate_as('rb_admin2');
select lives_ok($$select public.unban_user(tests.get_user_id('rb_mod'), 'appeal accepted')$$, 'an admin lifts a ban');
select tests.clear_authentication();
select is((select banned_until from auth.users where id = tests.get_user_id('rb_mod')), null, 'unbanning clears auth.users.banned_until');
select tests.authenticate_as('rb_admin2');
select throws_ok($$select public.unban_user(tests.get_user_id('rb_mod'), 'again')$$, 'PT404', 'not_banned', 'unbanning twice is refused');
select tests.authenticate_as('rb_admin');
select is((select count(*)::int from public.my_bans), 0, 'an admin''s my_bans holds no one else''s bans');
select is((select banned_by from public.user_bans where user_id = tests.get_user_id('rb_other')), tests.get_user_id('rb_mod'),
  'staff (users.ban) read who banned from user_bans');
select is((select banned_by from public.staff_user_overview where id = tests.get_user_id('rb_other')), tests.get_user_id('rb_mod'),
  'and in the staff overview');
select is((select array_agg(action order by id) from public.audit_log where action like 'user.%'),
  array['user.ban', 'user.ban', 'user.unban'], 'bans and unbans are audited');

select * from finish();
rollback;
