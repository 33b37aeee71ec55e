-- pgTAP test helpers, in schema `tests`. This file runs first (pg_prove sorts by name) and is NOT
-- wrapped in a rolled-back transaction: what it creates is committed, so every later test file can
-- use it. It works in our runner (connected as postgres, pgTAP pre-created by the platform
-- stand-in) and under `supabase test db` on a real Supabase (where the first line creates pgTAP).
--
-- Vocabulary (each function carries a comment with details):
--   tests.create_user(identifier, metadata)   a confirmed email user, as Supabase Auth creates one
--   tests.get_user_id(identifier)             the id of a user made by create_user
--   tests.access_token_claims(user_id)        the claims of that user's access token (hook applied)
--   tests.authenticate_as(identifier)         act as that user, exactly as PostgREST does
--   tests.authenticate_as_anon()              act as a request made with the anon key
--   tests.authenticate_as_service_role()      act as a request made with the service_role key
--   tests.clear_authentication()              back to the session's own role, no claims
--   tests.rls_enabled(schema [, table])       pgTAP assertion: RLS is on for every table there
--   tests.realtime_can_receive(topic, ext)    may the current caller join `topic` to receive (as Realtime checks)
--   tests.realtime_can_send(topic, ext)       may the current caller send on `topic` (as Realtime checks)
--
-- Not provided: freeze_time / unfreeze_time. now() can only be "frozen" by putting a schema with a
-- fake now() before pg_catalog in search_path, and every function of ours has
-- `set search_path = ''`, so the trick would not reach them (nor defaults, policies or checks):
-- tests pass explicit timestamps instead.

create extension if not exists pgtap with schema extensions;
set client_min_messages = warning; -- quiet "already exists, skipping" notices on re-runs

create schema if not exists tests;
comment on schema tests is 'pgTAP helpers; created by supabase/tests/database/000-setup-test-helpers.sql, never by a migration.';
-- The helpers stay usable after `set local role authenticated / anon / service_role`.
grant usage on schema tests to anon, authenticated, service_role;

create table if not exists tests.users (
  identifier text primary key,
  id uuid not null unique
);
comment on table tests.users is 'Users made by tests.create_user, by identifier (rows roll back with each test file).';
comment on column tests.users.identifier is 'The name a test file gave the user, e.g. ''owner''.';
comment on column tests.users.id is 'auth.users.id of that user.';
grant select on tests.users to anon, authenticated, service_role;

create or replace function tests.create_user(identifier text, metadata jsonb default '{}')
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  new_id uuid := gen_random_uuid();
  new_email text := lower(case when identifier like '%@%' then identifier else identifier || '@test.local' end);
  created timestamptz := now();
begin
  -- What Supabase Auth writes for a confirmed email sign-up: empty strings (not nulls) in the
  -- token columns, bcrypt password, provider metadata, sign-up options.data as user metadata.
  insert into auth.users (
    instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
    confirmation_token, recovery_token, email_change_token_new, email_change,
    raw_app_meta_data, raw_user_meta_data, created_at, updated_at
  ) values (
    '00000000-0000-0000-0000-000000000000', new_id, 'authenticated', 'authenticated', new_email,
    extensions.crypt('password-1', extensions.gen_salt('bf', 4)), created,
    '', '', '', '',
    '{"provider": "email", "providers": ["email"]}', coalesce(metadata, '{}'), created, created
  );
  insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
  values (
    new_id::text, new_id,
    jsonb_build_object('sub', new_id::text, 'email', new_email, 'email_verified', true, 'phone_verified', false),
    'email', created, created, created
  );
  insert into tests.users (identifier, id) values (create_user.identifier, new_id)
  on conflict on constraint users_pkey do update set id = excluded.id;
  return new_id;
end;
$$;
comment on function tests.create_user(text, jsonb) is
  'Creates a confirmed email user (email <identifier>@test.local unless identifier has an @, password "password-1", metadata as raw_user_meta_data, plus its email identity) and returns its id. Security definer (postgres) so it works after a role switch.';

create or replace function tests.get_user_id(identifier text)
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  found_id uuid;
begin
  select u.id into found_id from tests.users u where u.identifier = get_user_id.identifier;
  if found_id is null then
    raise exception 'tests.get_user_id: no user % (create it with tests.create_user)', identifier;
  end if;
  return found_id;
end;
$$;
comment on function tests.get_user_id(text) is 'The id of a user made by tests.create_user in this transaction; raises when unknown.';

create or replace function tests.access_token_claims(user_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  account auth.users;
  issued_at bigint := extract(epoch from now())::bigint;
  claims jsonb;
  hook_result jsonb;
  missing text[];
begin
  select * into account from auth.users u where u.id = access_token_claims.user_id;
  if account.id is null then
    raise exception 'tests.access_token_claims: no auth.users row %', user_id;
  end if;
  -- The payload Supabase Auth signs (see docs/supabase-platform.md, section 4).
  claims := jsonb_build_object(
    'iss', 'http://127.0.0.1:54321/auth/v1',
    'sub', account.id,
    'aud', 'authenticated',
    'exp', issued_at + 3600,
    'iat', issued_at,
    'email', coalesce(account.email, ''),
    'phone', coalesce(account.phone, ''),
    'app_metadata', coalesce(account.raw_app_meta_data, '{}'),
    'user_metadata', coalesce(account.raw_user_meta_data, '{}'),
    'role', coalesce(nullif(account.role, ''), 'authenticated'),
    'aal', 'aal1',
    'amr', jsonb_build_array(jsonb_build_object('method', 'password', 'timestamp', issued_at)),
    'session_id', gen_random_uuid(),
    'is_anonymous', account.is_anonymous
  );
  -- The custom access token hook, when there is one, gets the event Auth sends and its claims
  -- replace the payload. Auth runs it as supabase_auth_admin; here it runs as postgres (a definer
  -- function cannot switch roles), so the hook's grants are not exercised by this helper.
  if to_regprocedure('public.custom_access_token_hook(jsonb)') is not null then
    execute 'select public.custom_access_token_hook($1)' into hook_result
      using jsonb_build_object(
        'metadata', jsonb_build_object('uuid', gen_random_uuid(), 'time', now(), 'name', 'customize-access-token'),
        'user_id', account.id,
        'claims', claims,
        'authentication_method', 'password'
      );
    if hook_result ? 'claims' then
      select array_agg(required) into missing
      from unnest(array['aud', 'exp', 'iat', 'sub', 'email', 'phone', 'role', 'aal', 'session_id', 'is_anonymous']) required
      where not (hook_result -> 'claims') ? required;
      if missing is not null then
        raise exception 'tests.access_token_claims: custom_access_token_hook dropped required claims %', missing;
      end if;
      claims := hook_result -> 'claims';
    end if;
    -- A refusal ({"error": …}) keeps the plain claims: it stands for a token issued before the
    -- refusal applied (e.g. a user banned while signed in), which is what such tests exercise.
  end if;
  return claims;
end;
$$;
comment on function tests.access_token_claims(uuid) is
  'The claims of this user''s Supabase Auth access token, passed through public.custom_access_token_hook when it exists (a refusing hook leaves the plain claims: a token issued before the refusal).';

create or replace function tests.authenticate_as(identifier text)
returns void
language plpgsql
set search_path = ''
as $$
declare
  claims jsonb := tests.access_token_claims(tests.get_user_id(identifier));
begin
  -- What PostgREST does per request: set local role <role claim>, then request.jwt.claims.
  perform set_config('role', claims ->> 'role', true);
  perform set_config('request.jwt.claims', claims::text, true);
end;
$$;
comment on function tests.authenticate_as(text) is
  'Acts as that user until the transaction ends or another authenticate_* call: set local role authenticated and request.jwt.claims, as PostgREST does.';

create or replace function tests.authenticate_as_anon()
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform set_config('role', 'anon', true);
  perform set_config('request.jwt.claims', '{"iss": "supabase-demo", "role": "anon", "exp": 1983812996}', true);
end;
$$;
comment on function tests.authenticate_as_anon() is 'Acts as a request made with the anon key (role anon, the anon key''s claims).';

create or replace function tests.authenticate_as_service_role()
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform set_config('role', 'service_role', true);
  perform set_config('request.jwt.claims', '{"iss": "supabase-demo", "role": "service_role", "exp": 1983812996}', true);
end;
$$;
comment on function tests.authenticate_as_service_role() is 'Acts as a request made with the service_role key (role service_role: RLS bypassed).';

create or replace function tests.clear_authentication()
returns void
language plpgsql
set search_path = ''
as $$
begin
  -- 'none' is what RESET ROLE restores: the session user (postgres in our runs).
  perform set_config('role', 'none', true);
  perform set_config('request.jwt.claims', '', true);
end;
$$;
comment on function tests.clear_authentication() is 'Back to the session''s own role (postgres) with no claims.';

create or replace function tests.rls_enabled(schema_name text)
returns text
language plpgsql
-- pgTAP's functions call each other unqualified: they need extensions on the path.
set search_path = extensions, pg_catalog
as $$
declare
  offenders text[];
  description text := format('every table in schema %s has row level security enabled', schema_name);
begin
  select array_agg(c.relname::text order by c.relname) into offenders
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where n.nspname = schema_name
    and c.relkind in ('r', 'p')
    and not c.relrowsecurity;
  if offenders is null then
    return extensions.ok(true, description);
  end if;
  return extensions.ok(false, description)
    || E'\n' || extensions.diag('tables without row level security: ' || array_to_string(offenders, ', '));
end;
$$;
comment on function tests.rls_enabled(text) is 'pgTAP assertion: every table (partitioned ones and partitions included) of the schema has RLS enabled; the offenders are listed on failure.';

create or replace function tests.rls_enabled(schema_name text, table_name text)
returns text
language plpgsql
set search_path = extensions, pg_catalog
as $$
declare
  enabled boolean;
  description text := format('table %s.%s has row level security enabled', schema_name, table_name);
begin
  select c.relrowsecurity into enabled
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where n.nspname = schema_name and c.relname = table_name and c.relkind in ('r', 'p');
  if enabled is null then
    return extensions.ok(false, description) || E'\n' || extensions.diag('no such table');
  end if;
  return extensions.ok(enabled, description);
end;
$$;
comment on function tests.rls_enabled(text, text) is 'pgTAP assertion: this table has RLS enabled (fails when it does not exist).';

-- Realtime authorises a private channel join in a transaction of its own: it inserts probe rows
-- for the topic as an admin, switches to the caller's role and claims, sets realtime.topic, and
-- asks whether a SELECT sees the probe (may receive) and whether an INSERT is allowed (may send);
-- then rolls back. These helpers do the same inside the test's transaction.
create or replace function tests.realtime_probe(topic text, extension text)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into realtime.messages (topic, extension, event, payload, private)
  values (topic, extension, 'tests.probe', '{}', true);
$$;
comment on function tests.realtime_probe(text, text) is 'Inserts a probe message for the topic as postgres (what Realtime does before checking a join).';

create or replace function tests.realtime_can_receive(topic text, extension text default 'broadcast')
returns boolean
language plpgsql
set search_path = ''
as $$
begin
  perform tests.realtime_probe(topic, extension);
  perform set_config('realtime.topic', topic, true);
  return exists (select 1 from realtime.messages m
                 where m.topic = realtime.topic() and m.extension = realtime_can_receive.extension and m.event = 'tests.probe');
end;
$$;
comment on function tests.realtime_can_receive(text, text) is
  'As the current caller (after tests.authenticate_as): may they receive on this private topic? The probe row Realtime inserts must be visible to them.';

create or replace function tests.realtime_can_send(topic text, extension text default 'broadcast')
returns boolean
language plpgsql
set search_path = ''
as $$
begin
  perform set_config('realtime.topic', topic, true);
  begin
    insert into realtime.messages (topic, extension, event, payload, private)
    values (topic, extension, 'tests.send', '{}', true);
    raise exception using errcode = 'T0001', message = 'undo the probe';
  exception
    when sqlstate 'T0001' then return true;
    when insufficient_privilege then return false;
  end;
end;
$$;
comment on function tests.realtime_can_send(text, text) is
  'As the current caller: may they send on this private topic? An INSERT into realtime.messages must pass the policies (the row is rolled back).';

grant execute on all functions in schema tests to anon, authenticated, service_role;

select extensions.plan(1);
select extensions.ok(true, 'test helpers are installed');
select * from extensions.finish();

-- == added by the play area: one statement's outcome for a caller (access matrices) ==========
create or replace function tests.outcome(who text, statement text)
returns text
language plpgsql
set search_path = ''
as $$
declare
  affected bigint;
begin
  begin
    if who = 'anon' then perform tests.authenticate_as_anon(); else perform tests.authenticate_as(who); end if;
    execute statement;
    get diagnostics affected = row_count;
    raise exception 'tests.undo';
  exception
    when insufficient_privilege then return 'denied';
    when raise_exception then
      if sqlerrm = 'tests.undo' then return case when affected > 0 then 'allowed' else 'no rows' end; end if;
      return format('error %s %s', sqlstate, sqlerrm);
    when others then
      if sqlstate like 'PT%' then return 'refused ' || sqlerrm; end if;  -- a catalogued refusal: its code
      return format('error %s %s', sqlstate, sqlerrm);
  end;
end;
$$;
comment on function tests.outcome(text, text) is
  'Runs one statement as one caller (a user identifier, or anon) and undoes it: allowed (rows returned or changed), no rows (RLS filtered it silently), denied (42501), refused <code> (a catalogued refusal), or the error. For access matrices.';
grant execute on function tests.outcome(text, text) to anon, authenticated, service_role;
