-- Test helpers for pgTAP, in schema `tests`, created by this file (the first one pg_prove runs)
-- and committed, so every later file can use them; `npm test` and `supabase test db` both run it.
-- Vocabulary:
--   tests.create_user(identifier, metadata)  a confirmed user in auth.users, as Supabase Auth makes one
--   tests.get_user_id(identifier)            the id of a user made by create_user
--   tests.authenticate_as(identifier)        act as that user exactly as PostgREST does
--   tests.authenticate_as_anon()             act as a request with the anon key
--   tests.authenticate_as_service_role()     act as a request with the service_role key
--   tests.clear_authentication()             back to the session's own role, no claims
--   tests.rls_enabled(schema [, table])      pgTAP assertion: RLS is on for every table there
create extension if not exists pgtap with schema extensions;

create schema if not exists tests;
comment on schema tests is 'pgTAP helpers; created only by the test run, never by a migration.';
grant usage on schema tests to anon, authenticated, service_role;

create table if not exists tests.users (
  identifier text primary key,
  id uuid not null unique
);
comment on table tests.users is 'Users made by tests.create_user, by identifier.';
grant select on tests.users to anon, authenticated, service_role;

create or replace function tests.create_user(identifier text, metadata jsonb default '{}')
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  user_id uuid := gen_random_uuid();
  user_email text := case when identifier like '%@%' then identifier else identifier || '@test.local' end;
begin
  insert into auth.users (
    instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
    raw_app_meta_data, raw_user_meta_data, created_at, updated_at
  ) values (
    '00000000-0000-0000-0000-000000000000', user_id, 'authenticated', 'authenticated', user_email,
    extensions.crypt('password-1', extensions.gen_salt('bf', 4)), now(),
    '{"provider":"email","providers":["email"]}', coalesce(metadata, '{}'), now(), now()
  );
  insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
  values (user_id::text, user_id, jsonb_build_object('sub', user_id::text, 'email', user_email), 'email', now(), now());
  insert into tests.users (identifier, id) values (identifier, user_id)
  on conflict on constraint users_pkey do update set id = excluded.id;
  return user_id;
end;
$$;
comment on function tests.create_user(text, jsonb) is 'Creates a confirmed email user (password "password-1") with sign-up metadata; returns its id.';

create or replace function tests.get_user_id(identifier text)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select u.id from tests.users u where u.identifier = get_user_id.identifier;
$$;
comment on function tests.get_user_id(text) is 'The id of a user made by tests.create_user.';

create or replace function tests.access_token_claims(user_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  u auth.users;
  claims jsonb;
  hooked jsonb;
  now_s bigint := extract(epoch from now())::bigint;
begin
  select * into u from auth.users where id = user_id;
  if u.id is null then
    raise exception 'tests.access_token_claims: no auth user %', user_id;
  end if;
  claims := jsonb_build_object(
    'iss', 'http://127.0.0.1:54321/auth/v1', 'sub', u.id, 'aud', 'authenticated',
    'exp', now_s + 3600, 'iat', now_s, 'email', coalesce(u.email, ''), 'phone', coalesce(u.phone, ''),
    'app_metadata', coalesce(u.raw_app_meta_data, '{}'), 'user_metadata', coalesce(u.raw_user_meta_data, '{}'),
    'role', 'authenticated', 'aal', 'aal1',
    'amr', jsonb_build_array(jsonb_build_object('method', 'password', 'timestamp', now_s)),
    'session_id', gen_random_uuid(), 'is_anonymous', u.is_anonymous
  );
  if to_regprocedure('public.custom_access_token_hook(jsonb)') is not null then
    execute 'select public.custom_access_token_hook($1)' into hooked
      using jsonb_build_object('user_id', u.id, 'claims', claims, 'authentication_method', 'password');
    if hooked ? 'claims' then
      claims := hooked -> 'claims';
    end if;
  end if;
  return claims;
end;
$$;
comment on function tests.access_token_claims(uuid) is
  'The claims Supabase Auth would put in this user''s access token, passed through public.custom_access_token_hook when it exists (a refused token keeps the plain claims).';

create or replace function tests.authenticate_as(identifier text)
returns void
language plpgsql
set search_path = ''
as $$
declare
  claims jsonb := tests.access_token_claims(tests.get_user_id(identifier));
begin
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', claims::text, true);
end;
$$;
comment on function tests.authenticate_as(text) is 'Acts as that user for the rest of the transaction: set local role authenticated + request.jwt.claims, as PostgREST does.';

create or replace function tests.authenticate_as_anon()
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform set_config('role', 'anon', true);
  perform set_config('request.jwt.claims', '{"iss":"supabase-demo","role":"anon"}', true);
end;
$$;
comment on function tests.authenticate_as_anon() is 'Acts as a request made with the anon key.';

create or replace function tests.authenticate_as_service_role()
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform set_config('role', 'service_role', true);
  perform set_config('request.jwt.claims', '{"iss":"supabase-demo","role":"service_role"}', true);
end;
$$;
comment on function tests.authenticate_as_service_role() is 'Acts as a request made with the service_role key (RLS bypassed).';

create or replace function tests.clear_authentication()
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform set_config('role', session_user, true);
  perform set_config('request.jwt.claims', '', true);
end;
$$;
comment on function tests.clear_authentication() is 'Back to the session''s own role with no claims.';

create or replace function tests.rls_enabled(schema_name text)
returns text
language sql
set search_path = extensions, pg_catalog -- pgTAP's own functions call each other unqualified
as $$
  select extensions.is(
    (select coalesce(array_agg(c.relname::text order by c.relname), '{}')
     from pg_catalog.pg_class c
     join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where n.nspname = schema_name and c.relkind in ('r', 'p') and not c.relrowsecurity),
    '{}'::text[],
    format('every table in schema %s has row level security enabled', schema_name)
  );
$$;
comment on function tests.rls_enabled(text) is 'pgTAP assertion: no table of the schema lacks RLS (the offenders are shown on failure).';

create or replace function tests.rls_enabled(schema_name text, table_name text)
returns text
language sql
set search_path = extensions, pg_catalog -- pgTAP's own functions call each other unqualified
as $$
  select extensions.ok(
    coalesce((select c.relrowsecurity
              from pg_catalog.pg_class c
              join pg_catalog.pg_namespace n on n.oid = c.relnamespace
              where n.nspname = schema_name and c.relname = table_name), false),
    format('table %s.%s has row level security enabled', schema_name, table_name)
  );
$$;
comment on function tests.rls_enabled(text, text) is 'pgTAP assertion: this table has RLS enabled.';

grant execute on all functions in schema tests to anon, authenticated, service_role;

select extensions.plan(1);
select extensions.ok(to_regprocedure('tests.authenticate_as(text)') is not null, 'the test helpers are installed');
select * from extensions.finish();
