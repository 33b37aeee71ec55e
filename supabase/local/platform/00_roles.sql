-- Platform stand-in, part 0: the roles of Supabase's Postgres image and what they may do in the
-- database, as `supabase start` (CLI 3.1.0, postgres 17.11.0.018) and a hosted project have them.
-- Mirrors supabase/postgres migrations/db (init-scripts and migrations up to 2026-08) and the
-- facts in docs/supabase-platform.md, section 1.
-- LOCAL WORK AND TESTS ONLY: loaded by the bootstrap superuser `supabase_admin` into a cluster made
-- by `initdb -U supabase_admin`; never pushed, never part of a migration.
--
-- Differences from the platform that cannot be avoided without the `supautils` extension:
--   * `postgres` is a member of supabase_storage_admin and supabase_realtime_admin (see the end of
--     this file): that is how plain Postgres lets it create policies on storage.objects and
--     realtime.messages, which supautils' `policy_grants` allows on the platform. It is broader
--     (postgres could also alter those tables here).
--   * On Postgres 15, CREATEROLE lets postgres alter or grant any non-superuser role;
--     supautils' `reserved_roles` forbids that on the platform (Postgres 16+ forbids it natively).

-- The bootstrap superuser: the platform's owner of most objects.
alter role supabase_admin with superuser createdb createrole replication bypassrls login;
alter role supabase_admin set search_path = "$user", public, auth, extensions;
comment on role supabase_admin is 'Platform superuser (stand-in bootstrap user): owns the platform schemas.';

-- API roles: PostgREST, Storage and Realtime switch to them per request (`set local role`).
create role anon nologin inherit;
alter role anon set statement_timeout = '3s';
comment on role anon is 'API role of requests without a user session (anon / publishable key).';

create role authenticated nologin inherit;
alter role authenticated set statement_timeout = '8s';
comment on role authenticated is 'API role of requests carrying a signed-in user''s access token.';

create role service_role nologin inherit bypassrls;
comment on role service_role is 'API role of the service_role / secret key: bypasses RLS.';

-- PostgREST's login role: it may only switch to the API roles.
create role authenticator login noinherit password 'postgres';
grant anon, authenticated, service_role to authenticator;
alter role authenticator set statement_timeout = '8s';
alter role authenticator set lock_timeout = '8s';
comment on role authenticator is 'PostgREST login: noinherit, switches to anon / authenticated / service_role.';

-- postgres: what migrations, the seed, Studio and `supabase test db` run as. Demoted: not a superuser.
create role postgres login nosuperuser createdb createrole replication bypassrls password 'postgres';
alter role postgres set search_path = "$user", public, extensions;
grant pg_read_all_data, pg_signal_backend, pg_monitor to postgres;
do $$
begin
  -- Postgres 16+ needs the admin option for postgres to grant the API roles to roles of its own
  -- (the image does the same); on 15 CREATEROLE is enough.
  if current_setting('server_version_num')::int >= 160000 then
    execute 'grant anon, authenticated, service_role to postgres with admin option';
  else
    execute 'grant anon, authenticated, service_role to postgres';
  end if;
end
$$;
comment on role postgres is 'Migrations, seed, Studio: not a superuser, bypasses RLS, member of the API roles.';

-- Service owners.
create role supabase_auth_admin login noinherit createrole password 'postgres';
alter role supabase_auth_admin set search_path = auth;
comment on role supabase_auth_admin is 'Supabase Auth (GoTrue): owns schema auth, runs the auth hooks.';

create role supabase_storage_admin login noinherit createrole password 'postgres';
alter role supabase_storage_admin set search_path = storage;
-- The image grants authenticator (and through it anon, authenticated, service_role): the Storage
-- API switches to the caller's role like PostgREST does.
grant authenticator to supabase_storage_admin;
comment on role supabase_storage_admin is 'Storage API: owns schema storage and its tables and functions.';

create role supabase_realtime_admin nologin noinherit noreplication;
grant anon, authenticated, service_role to supabase_realtime_admin;
comment on role supabase_realtime_admin is 'Realtime: owns realtime.messages and the realtime functions.';

create role supabase_replication_admin login replication;
comment on role supabase_replication_admin is 'Logical replication (read replicas, Realtime).';

create role supabase_read_only_user login bypassrls;
grant pg_read_all_data to supabase_read_only_user;
comment on role supabase_read_only_user is 'Read-only access to all data (dashboard, support).';

create role dashboard_user nosuperuser nologin createdb createrole replication;
comment on role dashboard_user is 'Studio internals.';

create role pgbouncer login;
comment on role pgbouncer is 'Connection pooler auth user.';

create role supabase_functions_admin login noinherit createrole;
comment on role supabase_functions_admin is 'Database webhooks / pg_net.';

-- The database belongs to postgres on the platform (the image runs `alter database postgres owner
-- to postgres`): postgres creates schemas (private, supabase_migrations) and, through
-- pg_database_owner, owns schema public.
alter database postgres owner to postgres;
grant all on database postgres to dashboard_user;
grant create on database postgres to supabase_auth_admin;
grant create on database postgres to supabase_realtime_admin;

-- What supautils' `privileged_role_allowed_configs` lets postgres set on the platform, expressed
-- with Postgres' own parameter privileges (the parameters that exist in plain Postgres).
grant set on parameter session_replication_role, log_min_messages, log_lock_waits, track_io_timing to postgres;
grant set on parameter log_min_messages to supabase_realtime_admin;
grant execute on function pg_catalog.pg_reload_conf() to postgres;

-- Stand-in for supautils' `policy_grants` (see the header): lets postgres create policies on
-- storage.objects / storage.buckets and realtime.messages from migrations. Not granted for
-- supabase_auth_admin: triggers and foreign keys on auth.users need only the table privileges
-- postgres holds, and `alter table auth.…` must fail here as it does on the platform.
grant supabase_storage_admin, supabase_realtime_admin to postgres;
