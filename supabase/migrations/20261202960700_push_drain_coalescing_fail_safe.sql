-- The coalescing of push-send calls (20261202960400) reads net.http_request_queue. pg_net's grants on
-- its tables have changed between versions (some grant them to PUBLIC, others only to the
-- extension's owner), so where the function's owner may not read the queue it calls push-send
-- once per transaction, as before, instead of failing the transaction that queued the pushes.

create or replace function private.kick_push_drain()
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if coalesce(current_setting('questcity.push_kicked', true), '') <> 'on' then
    perform set_config('questcity.push_kicked', 'on', true);
    if not has_table_privilege('net.http_request_queue', 'select')
       or not exists (select 1 from net.http_request_queue q where q.url like '%/functions/v1/push-send') then
      perform private.invoke_edge_function('push-send');
    end if;
  end if;
end;
$$;
comment on function private.kick_push_drain() is
  'Asks push-send to drain, at most once per transaction and only when no call to it already waits in pg_net''s queue (where the queue is not readable: once per transaction). pg_net sends the call after commit; nothing for a rolled-back one.';
