-- Functions are executable by PUBLIC when created, unless revoked. Every helper in `private` so far
-- revokes that by hand; from now on postgres' functions start with no PUBLIC execute at all, and
-- each one is granted to exactly the roles that call it. (Postgres cannot narrow a global default
-- per schema, so this is the global default of the role `postgres`; functions in `public` still
-- get execute for anon, authenticated and service_role from the platform's per-schema default,
-- and every public RPC states its grants anyway.) supabase/tests/database/api_surface.test.sql
-- lists the private functions the API roles may execute and fails on any other.
alter default privileges for role postgres revoke execute on functions from public;
