-- Scheduled jobs and the file-removal queue: the jobs exist as documented, calls from the
-- database to edge functions go through pg_net with the Vault secrets, and the queue hands each
-- file to one drainer at a time with growing delays after failures. The jobs really running under
-- pg_cron is checked at the end of `npm test`; two drainers at once in tests/platform-jobs.test.ts.
begin;
select plan(11);

select ok(exists (select 1 from pg_extension where extname = 'pg_cron'), 'Supabase Cron (pg_cron) is enabled');
select is((select username::text from cron.job where jobname = 'storage-cleanup'), 'postgres', 'jobs run as postgres');

-- Calls to edge functions.
select isnt(private.invoke_edge_function('storage-cleanup', '{"max": 5}'), null, 'invoke_edge_function queues a request');
select is(
  (select jsonb_build_object('method', q.method, 'url', q.url ~ '/functions/v1/storage-cleanup$',
          'auth', q.headers ->> 'Authorization' = 'Bearer ' || (select decrypted_secret from vault.decrypted_secrets where name = 'service_role_key'),
          'body', convert_from(q.body, 'UTF8')::jsonb)
   from net.http_request_queue q order by q.id desc limit 1),
  '{"method": "POST", "url": true, "auth": true, "body": {"max": 5}}'::jsonb,
  'the request is a POST to <project_url>/functions/v1/<name> with the service key from Vault and the JSON body');
delete from vault.secrets where name = 'project_url';
select is(private.invoke_edge_function('storage-cleanup'), null, 'without the Vault secrets nothing is sent (a warning says what to set)');

-- The queue.
select private.enqueue_storage_deletion('avatars', 'tests/one.png', 'test');
select private.enqueue_storage_deletion('avatars', 'tests/one.png', 'test again');
select private.enqueue_storage_deletion('chat-attachments', 'tests/two.pdf', 'test');
select is((select count(*)::int from private.pending_storage_deletions where name like 'tests/%'), 2, 'queuing the same file twice keeps one entry');

create temporary table first_claim on commit drop as
  select * from private.claim_storage_deletions(100) where name like 'tests/%';
select is((select count(*)::int from first_claim), 2, 'a drainer claims the due files');
select is((select count(*)::int from private.claim_storage_deletions(100) where name like 'tests/%'), 0,
  'a claimed file is not handed to another drainer while the claim lasts');

select private.settle_storage_deletions(
  array(select id from first_claim where name = 'tests/one.png'),
  array(select id from first_claim where name = 'tests/two.pdf'), 'Storage API unreachable');
select is((select count(*)::int from private.pending_storage_deletions where name = 'tests/one.png'), 0, 'a removed file leaves the queue');
select is(
  (select jsonb_build_object('error', last_error, 'claimed', claimed_until is not null,
          'delay_ok', next_attempt_at between now() + interval '1 minute' and now() + interval '3 minutes')
   from private.pending_storage_deletions where name = 'tests/two.pdf'),
  '{"error": "Storage API unreachable", "claimed": false, "delay_ok": true}'::jsonb,
  'a failed file stays queued with the error and is retried after a growing delay (2^attempts minutes)');
select is((select count(*)::int from private.claim_storage_deletions(100) where name like 'tests/%'), 0,
  'a failed file is not claimed again before its delay');

select * from finish();
rollback;
