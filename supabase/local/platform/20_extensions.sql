-- Platform stand-in, part 2: the extensions, pre-created by the superuser in schema `extensions`.
-- Mirrors supabase/postgres (initial-schema creates uuid-ossp and pgcrypto; pg_stat_statements is
-- on in every project) and docs/supabase-platform.md, section 1.
-- LOCAL WORK AND TESTS ONLY: loaded by `supabase_admin`; never pushed.
--
-- On the platform the `supautils` extension lets the non-superuser postgres create the extensions
-- Supabase ships; plain Postgres lets it create only "trusted" ones (not PostGIS, pgTAP,
-- pg_stat_statements, plpgsql_check). Pre-creating them here gives the platform's effect:
-- `create extension if not exists <name> with schema extensions` in a migration is a no-op in
-- both places. Not available here: pg_graphql (off for new projects anyway) and pgjwt (gone on
-- Postgres 17). supabase_vault and pg_net are not packaged for Debian: 60_vault.sql and 70_net.sql
-- stand in for them.

-- On every new project.
create extension if not exists "uuid-ossp" with schema extensions;
create extension if not exists pgcrypto with schema extensions;
-- Creating it works without `shared_preload_libraries`; reading its view needs the library
-- preloaded (the project's cluster scripts preload it).
create extension if not exists pg_stat_statements with schema extensions;

-- Used by our migrations (quest catalogue: geography points, fuzzy and accent-insensitive search).
create extension if not exists postgis with schema extensions;
create extension if not exists pg_trgm with schema extensions;
create extension if not exists unaccent with schema extensions;

-- Supabase Cron (docs/supabase-platform.md, section 9): the dashboard's "enable pg_cron" runs
-- `create extension pg_cron with schema pg_catalog` and grants postgres the cron schema. The
-- cluster preloads the library (scripts/lib/cluster.mjs); jobs run as the user who scheduled them.
create extension if not exists pg_cron with schema pg_catalog;
grant usage on schema cron to postgres with grant option;
grant all privileges on all tables in schema cron to postgres with grant option;
grant all privileges on all sequences in schema cron to postgres with grant option;
grant execute on all functions in schema cron to postgres with grant option;

-- Test and lint tooling: `supabase test db` creates pgtap and `supabase db lint` plpgsql_check on
-- the platform (supautils allows both); our runner connects as postgres and needs them ready.
create extension if not exists pgtap with schema extensions;
create extension if not exists plpgsql_check with schema extensions;

-- What supabase/postgres' grant_extensions_perms_for_postgres gives postgres on existing objects
-- (the default privileges of 10_ already covered everything created above).
grant all privileges on all tables in schema extensions to postgres with grant option;
grant all privileges on all routines in schema extensions to postgres with grant option;
grant all privileges on all sequences in schema extensions to postgres with grant option;
