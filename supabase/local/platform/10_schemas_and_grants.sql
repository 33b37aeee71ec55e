-- Platform stand-in, part 1: schemas `public`, `extensions`, `graphql_public` and the grants and
-- default privileges that decide what the API roles can touch.
-- Mirrors supabase/postgres migrations/db (00000000000000-initial-schema, demote-postgres,
-- grant_extensions_perms_for_postgres; image 17.11.0.018, CLI 3.1.0) and
-- docs/supabase-platform.md, section 1.
-- LOCAL WORK AND TESTS ONLY: loaded by `supabase_admin`; never pushed.
--
-- Schemas auth, storage and realtime come in 30_, 40_ and 50_. Not reproduced: graphql (pg_graphql
-- is off for new projects and is not packaged for Debian), vault (supabase_vault), pgbouncer
-- (pooler auth function), supabase_functions (webhooks): nothing of ours uses them.
-- supabase_migrations is created by the Supabase CLI itself (`supabase migration up`), as postgres.

-- public: on Postgres 15+ owned by pg_database_owner, i.e. by postgres (owner of the database).
comment on schema public is 'standard public schema';
grant usage on schema public to postgres, anon, authenticated, service_role;
grant create, usage on schema public to supabase_realtime_admin;

-- Every object created in public by postgres (migrations, Studio) or by supabase_admin (platform
-- tooling) is fully granted to the API roles: RLS is the only thing in the way.
alter default privileges for role postgres in schema public
  grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  grant all on sequences to postgres, anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public
  grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public
  grant all on sequences to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public
  grant all on functions to postgres, anon, authenticated, service_role;

-- extensions: where every extension lives (lint 0014 flags extensions in public).
create schema extensions authorization supabase_admin;
comment on schema extensions is 'Extensions, created here so they stay out of the API schemas.';
grant usage on schema extensions to postgres, anon, authenticated, service_role;
grant all on schema extensions to postgres, dashboard_user;
grant usage on schema extensions to supabase_realtime_admin;
alter default privileges for role supabase_admin in schema extensions
  grant all on tables to postgres with grant option;
alter default privileges for role supabase_admin in schema extensions
  grant all on routines to postgres with grant option;
alter default privileges for role supabase_admin in schema extensions
  grant all on sequences to postgres with grant option;

-- graphql_public: exposed by the API by default ([api] schemas); empty without pg_graphql.
create schema graphql_public authorization supabase_admin;
comment on schema graphql_public is 'Exposed GraphQL entry point; empty here (pg_graphql is off).';
grant usage on schema graphql_public to postgres, anon, authenticated, service_role;
grant usage on schema graphql_public to postgres with grant option;
