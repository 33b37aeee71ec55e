-- The audit log is insert-only and readable by admins only; the custom access token hook adds
-- user_role, keeps every claim Auth requires, refuses banned users, and only Auth may call it.
begin;
select plan(17);

select tests.create_user('ah_admin');
select tests.create_user('ah_mod');
select tests.create_user('ah_user');
insert into public.user_roles (user_id, role) values
  (tests.get_user_id('ah_admin'), 'admin'), (tests.get_user_id('ah_mod'), 'moderator');
select tests.authenticate_as('ah_admin');
select public.grant_role(tests.get_user_id('ah_user'), 'moderator', 'test');
select public.revoke_role(tests.get_user_id('ah_user'), 'moderator', 'test over');

-- Audit log
select is((select count(*)::int from public.audit_log where target_id = tests.get_user_id('ah_user')::text), 2,
  'an admin (audit.read) reads the audit log');
select is((select actor_id from public.audit_log order by id desc limit 1), tests.get_user_id('ah_admin'),
  'the audit row names the actor');
select throws_ok($$insert into public.audit_log (action, target_table, target_id) values ('x.y', 't', '1')$$, '42501', null,
  'not even an admin inserts audit rows directly');
select throws_ok($$select private.audit('x.y', 't', '1')$$, '42501', null, 'clients cannot call the audit writer');
select tests.authenticate_as('ah_mod');
select is_empty($$select 1 from public.audit_log$$, 'a moderator (no audit.read) sees no audit row');
select tests.authenticate_as('ah_user');
select is_empty($$select 1 from public.audit_log$$, 'a user sees no audit row, not even about themselves');
select tests.authenticate_as_anon();
select throws_ok($$select 1 from public.audit_log$$, '42501', null, 'anon cannot read the audit log');
select tests.clear_authentication();
select throws_ok($$update public.audit_log set reason = 'rewritten'$$, 'PT403', 'audit_log_is_append_only',
  'audit rows cannot be updated, even by postgres (Studio)');
select throws_ok($$delete from public.audit_log$$, 'PT403', 'audit_log_is_append_only',
  'audit rows cannot be deleted, even by postgres (Studio)');
select tests.authenticate_as_service_role();
select throws_ok($$delete from public.audit_log where target_id = tests.get_user_id('ah_user')::text$$, 'PT403', 'audit_log_is_append_only',
  'not even the service role deletes audit rows');
select tests.clear_authentication();

-- Custom access token hook
create temporary table hook_event as
select jsonb_build_object(
  'user_id', u.id,
  'authentication_method', 'password',
  'claims', jsonb_build_object('iss', 'x', 'sub', u.id, 'aud', 'authenticated', 'exp', 2000000000, 'iat', 1900000000,
    'email', u.email, 'phone', '', 'role', 'authenticated', 'aal', 'aal1', 'session_id', gen_random_uuid(), 'is_anonymous', false)
) as event, i.identifier
from tests.users i join auth.users u on u.id = i.id
where i.identifier in ('ah_admin', 'ah_mod', 'ah_user');
grant select on hook_event to supabase_auth_admin;

select is((select public.custom_access_token_hook(event) -> 'claims' ->> 'user_role' from hook_event where identifier = 'ah_admin'),
  'admin', 'the hook gives an admin user_role admin');
select is((select public.custom_access_token_hook(event) -> 'claims' ->> 'user_role' from hook_event where identifier = 'ah_mod'),
  'moderator', 'the hook gives a moderator user_role moderator');
select is((select public.custom_access_token_hook(event) -> 'claims' ->> 'user_role' from hook_event where identifier = 'ah_user'),
  'user', 'the hook gives someone without staff roles user_role user');
select is(
  (select array(select jsonb_object_keys(public.custom_access_token_hook(event) -> 'claims') except select 'user_role' order by 1)
   from hook_event where identifier = 'ah_user'),
  (select array(select jsonb_object_keys(event -> 'claims') order by 1) from hook_event where identifier = 'ah_user'),
  'the hook keeps every claim Supabase Auth requires');
insert into public.user_bans (user_id, reason) values (tests.get_user_id('ah_user'), 'spam');
select is((select public.custom_access_token_hook(event) -> 'error' ->> 'http_code' from hook_event where identifier = 'ah_user'),
  '403', 'the hook refuses a token to a banned user');
select ok(has_function_privilege('supabase_auth_admin', 'public.custom_access_token_hook(jsonb)', 'execute'),
  'Supabase Auth (supabase_auth_admin) may call the hook');
select ok(not has_function_privilege('authenticated', 'public.custom_access_token_hook(jsonb)', 'execute')
  and not has_function_privilege('anon', 'public.custom_access_token_hook(jsonb)', 'execute'),
  'clients cannot call the hook over the API');

select * from finish();
rollback;
