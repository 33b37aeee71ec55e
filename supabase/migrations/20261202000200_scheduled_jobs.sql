-- Scheduled jobs (Supabase Cron, i.e. pg_cron) and calls from the database to edge functions
-- (pg_net, with the project URL and the service key kept in Supabase Vault). One way to add a job:
--   select cron.schedule('<feature>-<what>', '<cron schedule>', 'select private.<function>()');
-- in the feature's own migration; jobs that need HTTP (the Storage API, push providers) call
-- private.invoke_edge_function('<name>'). Jobs run as postgres, so the functions they call do
-- their own checks; every job is listed in docs/scheduled-jobs.md.
-- Hosted set-up, once per project (never in a migration: the key is a secret):
--   select vault.create_secret('https://<ref>.supabase.co', 'project_url');
--   select vault.create_secret('<service_role key>', 'service_role_key');
-- The local stack and `npm test` create the same two secrets for their own URL and key.

create extension if not exists pg_cron with schema pg_catalog;

create function private.invoke_edge_function(name text, body jsonb default '{}'::jsonb)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  base_url text;
  service_key text;
begin
  select s.decrypted_secret into base_url from vault.decrypted_secrets s where s.name = 'project_url';
  select s.decrypted_secret into service_key from vault.decrypted_secrets s where s.name = 'service_role_key';
  if base_url is null or service_key is null then
    raise warning 'invoke_edge_function(%): the Vault secrets project_url and service_role_key are not set; see docs/scheduled-jobs.md', name;
    return null;
  end if;
  return net.http_post(
    url => rtrim(base_url, '/') || '/functions/v1/' || name,
    body => coalesce(body, '{}'::jsonb),
    headers => jsonb_build_object('Content-Type', 'application/json', 'Authorization', 'Bearer ' || service_key),
    timeout_milliseconds => 10000);
end;
$$;
comment on function private.invoke_edge_function(text, jsonb) is
  'Calls POST <project_url>/functions/v1/<name> with the service key, through pg_net (sent after commit; returns the request id, or null with a warning when the Vault secrets are missing). For scheduled jobs and database webhooks.';
revoke execute on function private.invoke_edge_function(text, jsonb) from public;

select cron.schedule('rate-limit-prune', '*/5 * * * *', 'select private.prune_rate_limit_hits()');
