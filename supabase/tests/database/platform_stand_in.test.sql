-- The platform our schema stands on behaves as Supabase's does (docs/supabase-platform.md,
-- sections 1, 3, 6, 7). Runs as postgres against the local stand-in
-- (supabase/local/platform) and passes unchanged against `supabase start` / a hosted project with
-- our migrations applied: that is how the stand-in is kept faithful.
begin;
select plan(67);

-- Roles ---------------------------------------------------------------------------------------
select ok(
  (select not rolsuper and rolcanlogin and rolcreaterole and rolcreatedb and rolreplication and rolbypassrls
   from pg_roles where rolname = 'postgres'),
  'postgres is not a superuser but logs in, creates roles and databases, replicates and bypasses RLS');
select ok(
  pg_has_role('postgres', 'anon', 'member') and pg_has_role('postgres', 'authenticated', 'member')
  and pg_has_role('postgres', 'service_role', 'member') and pg_has_role('postgres', 'pg_read_all_data', 'member')
  and pg_has_role('postgres', 'pg_signal_backend', 'member'),
  'postgres is a member of anon, authenticated, service_role, pg_read_all_data and pg_signal_backend');
select ok(
  exists (select 1 from pg_db_role_setting s, unnest(s.setconfig) c
          where s.setrole = 'postgres'::regrole and s.setdatabase = 0
            and c ~ '^search_path=.*\$user.*public.*extensions'),
  'postgres'' search_path is "$user", public, extensions');
select ok(
  (select not rolcanlogin and rolinherit and not rolbypassrls from pg_roles where rolname = 'anon')
  and exists (select 1 from pg_db_role_setting s, unnest(s.setconfig) c
              where s.setrole = 'anon'::regrole and c = 'statement_timeout=3s'),
  'anon cannot log in, does not bypass RLS and has a 3s statement timeout');
select ok(
  (select not rolcanlogin and rolinherit and not rolbypassrls from pg_roles where rolname = 'authenticated')
  and exists (select 1 from pg_db_role_setting s, unnest(s.setconfig) c
              where s.setrole = 'authenticated'::regrole and c = 'statement_timeout=8s'),
  'authenticated cannot log in, does not bypass RLS and has an 8s statement timeout');
select ok((select not rolcanlogin and rolbypassrls from pg_roles where rolname = 'service_role'),
  'service_role cannot log in and bypasses RLS');
select ok(
  (select rolcanlogin and not rolinherit from pg_roles where rolname = 'authenticator')
  and pg_has_role('authenticator', 'anon', 'member') and pg_has_role('authenticator', 'authenticated', 'member')
  and pg_has_role('authenticator', 'service_role', 'member')
  and (select count(*) from pg_db_role_setting s, unnest(s.setconfig) c
       where s.setrole = 'authenticator'::regrole and c in ('statement_timeout=8s', 'lock_timeout=8s')) = 2,
  'authenticator logs in without inheriting, may switch to the API roles, with 8s statement and lock timeouts');
select throws_ok(
  $$create function public.stand_in_c_probe() returns void language c as 'stand_in_probe'$$, '42501', null,
  'postgres cannot do what needs a superuser (a C-language function)');

-- Schemas and default privileges ----------------------------------------------------------------
select ok(has_database_privilege('postgres', current_database(), 'create')
  and has_schema_privilege('postgres', 'public', 'create'),
  'postgres may create schemas in the database and objects in public');
set local client_min_messages = warning; -- "extension already exists, skipping"
select lives_ok($$create extension if not exists postgis with schema extensions$$,
  'postgres may run create extension if not exists postgis with schema extensions');
reset client_min_messages;
select ok(has_schema_privilege('anon', 'extensions', 'usage') and has_schema_privilege('authenticated', 'extensions', 'usage'),
  'the API roles may use schema extensions');

create table public.stand_in_probe (id bigint generated always as identity primary key, label text);
create function public.stand_in_probe_fn() returns int language sql set search_path = '' as $$ select 1 $$;
select ok(has_table_privilege('anon', 'public.stand_in_probe', 'select, insert, update, delete, truncate, references, trigger'),
  'a table postgres creates in public is fully granted to anon');
select ok(has_table_privilege('authenticated', 'public.stand_in_probe', 'select, insert, update, delete, truncate, references, trigger'),
  'a table postgres creates in public is fully granted to authenticated');
select ok(has_table_privilege('service_role', 'public.stand_in_probe', 'select, insert, update, delete'),
  'a table postgres creates in public is fully granted to service_role');
select ok(has_sequence_privilege('anon', 'public.stand_in_probe_id_seq', 'usage, select, update'),
  'a sequence postgres creates in public is granted to anon');
select ok(has_function_privilege('anon', 'public.stand_in_probe_fn()', 'execute')
  and has_function_privilege('authenticated', 'public.stand_in_probe_fn()', 'execute'),
  'a function postgres creates in public is executable by anon and authenticated');

-- auth: claim helpers -----------------------------------------------------------------------------
select set_config('request.jwt.claims', '', true);
select is(auth.uid(), null, 'auth.uid() is null without claims');
select is(auth.jwt(), null, 'auth.jwt() is null without claims');
select set_config('request.jwt.claims',
  '{"sub": "a1b2c3d4-0000-4000-8000-000000000001", "role": "authenticated", "email": "probe@test.local", "aal": "aal1"}', true);
select is(auth.uid(), 'a1b2c3d4-0000-4000-8000-000000000001'::uuid, 'auth.uid() is the sub claim of request.jwt.claims');
select is(auth.role(), 'authenticated', 'auth.role() is the role claim of request.jwt.claims');
select is(auth.email(), 'probe@test.local', 'auth.email() is the email claim of request.jwt.claims');
select is(auth.jwt() ->> 'aal', 'aal1', 'auth.jwt() returns all claims of request.jwt.claims as jsonb');
select set_config('request.jwt.claim.sub', 'a1b2c3d4-0000-4000-8000-000000000002', true);
select is(auth.uid(), 'a1b2c3d4-0000-4000-8000-000000000002'::uuid, 'the legacy request.jwt.claim.sub wins when set');
select set_config('request.jwt.claim.sub', '', true);
select is(auth.uid(), 'a1b2c3d4-0000-4000-8000-000000000001'::uuid, 'an empty legacy request.jwt.claim.sub is ignored');
select set_config('request.jwt.claims', '', true);
select ok(
  (select bool_and(p.provolatile = 's' and not p.prosecdef and p.proconfig is null and l.lanname = 'sql')
   from pg_proc p join pg_language l on l.oid = p.prolang
   where p.oid in ('auth.uid()'::regprocedure, 'auth.role()'::regprocedure, 'auth.email()'::regprocedure, 'auth.jwt()'::regprocedure)),
  'auth.uid(), role(), email() and jwt() are stable SQL functions, security invoker, without search_path');
select is(obj_description('auth.uid()'::regprocedure, 'pg_proc'), 'Deprecated. Use auth.jwt() -> ''sub'' instead.',
  'auth.uid() carries its deprecation comment');
select ok(has_function_privilege('anon', 'auth.uid()', 'execute') and has_function_privilege('authenticated', 'auth.jwt()', 'execute'),
  'the API roles may call the auth helpers');

-- auth: tables ---------------------------------------------------------------------------------
select is(
  (select array_agg(a.attname::text order by a.attnum) from pg_attribute a
   where a.attrelid = 'auth.users'::regclass and a.attnum > 0 and not a.attisdropped),
  array['instance_id', 'id', 'aud', 'role', 'email', 'encrypted_password', 'email_confirmed_at', 'invited_at',
        'confirmation_token', 'confirmation_sent_at', 'recovery_token', 'recovery_sent_at', 'email_change_token_new',
        'email_change', 'email_change_sent_at', 'last_sign_in_at', 'raw_app_meta_data', 'raw_user_meta_data',
        'is_super_admin', 'created_at', 'updated_at', 'phone', 'phone_confirmed_at', 'phone_change',
        'phone_change_token', 'phone_change_sent_at', 'confirmed_at', 'email_change_token_current',
        'email_change_confirm_status', 'banned_until', 'reauthentication_token', 'reauthentication_sent_at',
        'is_sso_user', 'deleted_at', 'is_anonymous'],
  'auth.users has the 35 columns of Supabase Auth, in order');
select is(
  (select attgenerated::text from pg_attribute where attrelid = 'auth.users'::regclass and attname = 'confirmed_at'), 's',
  'auth.users.confirmed_at is a stored generated column');
select ok(
  exists (select 1 from pg_constraint where conrelid = 'auth.users'::regclass and conname = 'users_phone_key' and contype = 'u')
  and exists (select 1 from pg_indexes where schemaname = 'auth' and indexname = 'users_email_partial_key'
              and indexdef like 'CREATE UNIQUE INDEX%WHERE (is_sso_user = false)'),
  'phone is unique (users_phone_key) and email unique only among non-SSO users');
select ok(
  (select bool_and(relrowsecurity) from pg_class where oid in ('auth.users'::regclass, 'auth.identities'::regclass, 'auth.sessions'::regclass))
  and not exists (select 1 from pg_policies where schemaname = 'auth' and tablename in ('users', 'identities', 'sessions')),
  'auth.users, identities and sessions have RLS enabled and no policies');
select is((select tableowner::text from pg_tables where schemaname = 'auth' and tablename = 'users'), 'supabase_auth_admin',
  'auth.users belongs to supabase_auth_admin');
select ok(has_schema_privilege('authenticated', 'auth', 'usage') and has_schema_privilege('anon', 'auth', 'usage')
  and not has_table_privilege('authenticated', 'auth.users', 'select')
  and not has_table_privilege('anon', 'auth.users', 'select')
  and not has_table_privilege('authenticated', 'auth.identities', 'select'),
  'the API roles use schema auth for its functions but cannot read auth tables');
select ok(has_table_privilege('postgres', 'auth.users', 'select, insert, update, delete, references, trigger'),
  'postgres (migrations, Studio) has every privilege on auth.users: foreign keys, triggers, deleting users');

select tests.create_user('stand_in_user');
select ok((select confirmed_at is not null and confirmed_at = email_confirmed_at from auth.users
           where id = tests.get_user_id('stand_in_user')),
  'confirmed_at follows email_confirmed_at');
select tests.authenticate_as('stand_in_user');
select is(auth.uid(), tests.get_user_id('stand_in_user'), 'as a signed-in user (PostgREST-style claims) auth.uid() is that user');
select is(current_user::text, 'authenticated', 'a signed-in user''s request runs as role authenticated');
select tests.clear_authentication();

-- storage ---------------------------------------------------------------------------------------
select is(storage.foldername('a/b/c.png'), array['a', 'b'], 'storage.foldername lists the folders of a path');
select is(storage.foldername('c.png'), '{}'::text[], 'storage.foldername of a bare file name is empty');
select is(storage.filename('a/b/c.png'), 'c.png', 'storage.filename is the last segment of a path');
select is(storage.extension('a/b/c.tar.gz'), 'gz', 'storage.extension is the text after the last dot');
select is(storage.extension('noext'), 'noext', 'storage.extension of a name without a dot is the name itself');
select ok(
  (select bool_and(provolatile = 'i') from pg_proc
   where oid in ('storage.foldername(text)'::regprocedure, 'storage.filename(text)'::regprocedure, 'storage.extension(text)'::regprocedure)),
  'the storage path helpers are immutable');
select ok(
  (select bool_and(relrowsecurity and pg_get_userbyid(relowner) = 'supabase_storage_admin') from pg_class
   where oid in ('storage.buckets'::regclass, 'storage.objects'::regclass)),
  'storage.buckets and storage.objects belong to supabase_storage_admin and have RLS enabled');
select ok(
  has_table_privilege('anon', 'storage.objects', 'select, insert, update, delete')
  and has_table_privilege('authenticated', 'storage.objects', 'select, insert, update, delete')
  and has_table_privilege('authenticated', 'storage.buckets', 'select, insert, update, delete')
  and has_table_privilege('service_role', 'storage.objects', 'select, insert, update, delete'),
  'the API roles hold select, insert, update and delete on storage tables: policies decide');

insert into storage.buckets (id, name) values ('stand-in-probe', 'stand-in-probe');
insert into storage.objects (bucket_id, name, owner_id) values ('stand-in-probe', 'u1/x.png', 'u1');
select is((select path_tokens from storage.objects where bucket_id = 'stand-in-probe'), array['u1', 'x.png'],
  'storage.objects.path_tokens is generated from the name');
select throws_ok($$insert into storage.objects (bucket_id, name) values ('stand-in-probe', 'u1/x.png')$$, '23505', null,
  'an object name is unique within its bucket');
select throws_ok($$delete from storage.objects where bucket_id = 'stand-in-probe'$$, '42501',
  'Direct deletion from storage tables is not allowed. Use the Storage API instead.',
  'direct SQL deletes from storage.objects are refused');
select throws_ok($$delete from storage.buckets where id = 'stand-in-probe'$$, '42501',
  'Direct deletion from storage tables is not allowed. Use the Storage API instead.',
  'direct SQL deletes from storage.buckets are refused');
select set_config('storage.allow_delete_query', 'true', true);
select lives_ok($$delete from storage.objects where bucket_id = 'stand-in-probe'$$,
  'deletes pass when storage.allow_delete_query is true, as the Storage API sets it');
select set_config('storage.allow_delete_query', '', true);

-- realtime --------------------------------------------------------------------------------------
select is(
  (select pg_get_partkeydef('realtime.messages'::regclass)), 'RANGE (inserted_at)',
  'realtime.messages is partitioned by range of inserted_at');
select ok(
  (select relrowsecurity and pg_get_userbyid(relowner) = 'supabase_realtime_admin' from pg_class where oid = 'realtime.messages'::regclass)
  and exists (select 1 from pg_constraint where conrelid = 'realtime.messages'::regclass and contype = 'p'
              and pg_get_constraintdef(oid) = 'PRIMARY KEY (id, inserted_at)'),
  'realtime.messages belongs to supabase_realtime_admin, has RLS enabled and the primary key (id, inserted_at)');
select ok(
  has_table_privilege('authenticated', 'realtime.messages', 'select, insert, update')
  and has_table_privilege('anon', 'realtime.messages', 'select, insert, update')
  and not has_table_privilege('authenticated', 'realtime.messages', 'delete'),
  'the API roles may select, insert and update realtime.messages (policies decide), not delete');
select ok(
  (select not prosecdef from pg_proc where oid = 'realtime.send(jsonb, text, text, boolean)'::regprocedure),
  'realtime.send runs with the caller''s rights (security invoker)');

select realtime.send('{"hello": "world"}', 'greeting', 'stand-in:probe');
select results_eq(
  $$select event, private, extension, payload ->> 'hello', (payload ->> 'id')::uuid = id
    from realtime.messages where topic = 'stand-in:probe'$$,
  $$values ('greeting', true, 'broadcast', 'world', true)$$,
  'realtime.send writes one private broadcast row whose payload carries the row id');
select is(realtime.topic(), 'stand-in:probe', 'realtime.topic() is the topic realtime.send set for the transaction');
select realtime.send('{"id": "mine"}', 'kept', 'stand-in:probe-id', false);
select results_eq(
  $$select payload ->> 'id', private from realtime.messages where topic = 'stand-in:probe-id'$$,
  $$values ('mine', false)$$,
  'realtime.send keeps an id already in the payload and honours private => false');

set local client_min_messages = error; -- the refusal below is reported as a WARNING
set local role authenticated;
select lives_ok($$select realtime.send('{"x": 1}', 'refused', 'stand-in:probe-rls')$$,
  'realtime.send does not raise when RLS refuses the insert');
reset role;
reset client_min_messages;
select is((select count(*)::int from realtime.messages where topic = 'stand-in:probe-rls'), 0,
  'realtime.send swallows an RLS refusal: no row is written');

insert into public.stand_in_probe (label) values ('broadcast me');
select realtime.broadcast_changes('stand-in:changes', 'probe_inserted', 'INSERT', 'stand_in_probe', 'public', p, null)
from public.stand_in_probe p where p.label = 'broadcast me';
select results_eq(
  $$select event, private, payload - 'id', payload ? 'id'
    from realtime.messages where topic = 'stand-in:changes'$$,
  $$select 'probe_inserted', true,
      jsonb_build_object('old_record', null, 'record', to_jsonb(p), 'operation', 'INSERT',
                         'table', 'stand_in_probe', 'schema', 'public'),
      true
    from public.stand_in_probe p where p.label = 'broadcast me'$$,
  'realtime.broadcast_changes sends {old_record, record, operation, table, schema} privately');
select throws_ok(
  $$select realtime.broadcast_changes('t', 'e', 'INSERT', 'x', 'public', null::record, null::record, 'STATEMENT')$$,
  'P0001', null, 'realtime.broadcast_changes refuses statement-level use');
select throws_ok(
  $$select realtime.broadcast_changes('t', 'e', 'TRUNCATE', 'x', 'public', null::record, null::record)$$,
  'P0001', null, 'realtime.broadcast_changes refuses an operation other than INSERT, UPDATE or DELETE');
select ok(exists (select 1 from pg_publication where pubname = 'supabase_realtime'),
  'the publication supabase_realtime exists for Postgres Changes');

-- cron, vault, net (section 9) ----------------------------------------------------------------
select ok(to_regprocedure('cron.schedule(text, text, text)') is not null and to_regclass('cron.job_run_details') is not null,
  'Supabase Cron: cron.schedule(job_name, schedule, command) and cron.job_run_details');
select ok(to_regprocedure('vault.create_secret(text, text, text, uuid)') is not null
          and exists (select 1 from information_schema.columns where table_schema = 'vault' and table_name = 'decrypted_secrets' and column_name = 'decrypted_secret'),
  'Vault: vault.create_secret(secret, name, description, key_id) and vault.decrypted_secrets.decrypted_secret');
select is(
  (select pg_get_function_arguments('net.http_post(text, jsonb, jsonb, jsonb, integer)'::regprocedure)),
  'url text, body jsonb DEFAULT ''{}''::jsonb, params jsonb DEFAULT ''{}''::jsonb, headers jsonb DEFAULT ''{"Content-Type": "application/json"}''::jsonb, timeout_milliseconds integer DEFAULT 5000',
  'pg_net: net.http_post(url, body, params, headers, timeout_milliseconds) with the platform''s defaults');
select ok(to_regclass('net.http_request_queue') is not null and to_regclass('net._http_response') is not null,
  'pg_net: requests queue in net.http_request_queue, outcomes land in net._http_response');

select * from finish();
rollback;
