-- Platform stand-in, part 2: schemas, extensions and the default privileges that decide what the
-- API roles can touch (supabase/postgres image). Local work and tests only: never pushed.

create schema extensions;
create schema graphql_public;
grant usage on schema public, extensions to postgres, anon, authenticated, service_role;
grant usage on schema graphql_public to postgres, anon, authenticated, service_role;
grant all on schema extensions to postgres with grant option;

-- Every new object in public is fully granted to the API roles, whether postgres or supabase_admin
-- creates it: RLS is the only thing in the way.
alter default privileges for role postgres in schema public grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on sequences to postgres, anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public grant all on sequences to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public grant all on functions to postgres, anon, authenticated, service_role;

-- The extensions of a new project and those our migrations use, created by the superuser in
-- `extensions` (on the platform supautils lets postgres create them; here they are pre-created so
-- that `create extension if not exists … with schema extensions` is a no-op, as it is there).
create extension if not exists "uuid-ossp" with schema extensions;
create extension if not exists pgcrypto with schema extensions;
create extension if not exists pg_stat_statements with schema extensions;
create extension if not exists pg_trgm with schema extensions;
create extension if not exists unaccent with schema extensions;
create extension if not exists postgis with schema extensions;
-- pgTAP: `supabase test db` creates it on the platform; our runner needs it pre-created.
create extension if not exists pgtap with schema extensions;
-- plpgsql_check: `supabase db lint` type-checks our plpgsql functions with it.
create extension if not exists plpgsql_check with schema extensions;
grant usage on schema extensions to postgres, anon, authenticated, service_role;
grant execute on all functions in schema extensions to postgres, anon, authenticated, service_role;
grant select on all tables in schema extensions to postgres, anon, authenticated, service_role;

-- Realtime's publication for Postgres Changes: created empty by the image.
create publication supabase_realtime;
