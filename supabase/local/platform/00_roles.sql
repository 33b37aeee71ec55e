-- Platform stand-in, part 1: the roles of Supabase's Postgres image (supabase/postgres 17.x, CLI 3.1.0).
-- Local work and tests only: never pushed. Loaded by the bootstrap superuser `supabase_admin`.
-- Mirrors ../shared/reference/supabase-platform-facts.md section 1.

create role anon nologin inherit;
create role authenticated nologin inherit;
create role service_role nologin inherit bypassrls;
create role authenticator login noinherit password 'postgres';
grant anon, authenticated, service_role to authenticator;

-- postgres: what migrations, the seed and Studio run as. Not a superuser on the platform.
create role postgres login createdb createrole replication bypassrls password 'postgres';
grant anon, authenticated, service_role, pg_read_all_data, pg_signal_backend to postgres;
alter role postgres set search_path = "$user", public, extensions;

create role supabase_auth_admin login noinherit createrole password 'postgres';
alter role supabase_auth_admin set search_path = auth;
create role supabase_storage_admin login noinherit createrole password 'postgres';
alter role supabase_storage_admin set search_path = storage;
grant authenticator, anon, authenticated, service_role to supabase_storage_admin;
create role supabase_realtime_admin nologin noinherit;
create role supabase_replication_admin login replication;
create role supabase_read_only_user login bypassrls;
grant pg_read_all_data to supabase_read_only_user;
create role dashboard_user createdb createrole replication;
create role pgbouncer login;
create role supabase_functions_admin login noinherit createrole;

alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
alter role authenticator set statement_timeout = '8s';
alter role authenticator set lock_timeout = '8s';

-- postgres creates schemas (private, supabase_migrations) and objects in public, as on the platform.
grant create, connect, temporary on database postgres to postgres;
grant all on schema public to postgres;

-- On the platform postgres is a member of the service owners' roles (as a hosted pg_dumpall shows):
-- it can create policies on storage.objects and realtime.messages and triggers on auth.users.
grant supabase_auth_admin, supabase_storage_admin, supabase_realtime_admin to postgres;
