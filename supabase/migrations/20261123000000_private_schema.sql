-- The `private` schema: security definer helpers that policies and public functions call.
-- It is not in config.toml [api] schemas, so no client can call anything in it over REST;
-- usage and execute are granted one helper at a time to the roles whose policies need them.
create schema if not exists private;

comment on schema private is
  'Not exposed over the API. Security definer helpers (set search_path = '''') called by RLS policies and public functions; execute granted per helper.';

revoke all on schema private from public;
grant usage on schema private to anon, authenticated, service_role;

-- Functions are executable by PUBLIC when created: every definer helper here revokes that and
-- grants execute to the roles that need it (see docs/conventions.md).
