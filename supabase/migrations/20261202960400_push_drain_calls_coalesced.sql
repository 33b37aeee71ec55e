-- One waiting call to push-send is enough (measured by the push benchmark: 500 chat messages in 500
-- transactions queued 502 calls to push-send, each a function start and a claim query, and chat
-- inserts with pushes on ran at a fifth of the rate with pushes off on the same machine). A
-- transaction that queued pushes now asks pg_net for a call only when no call to push-send is
-- already waiting in net.http_request_queue: the waiting call runs after this commit and drains
-- every due push, repeating its claim until the outbox is empty (_shared/push.ts). A call already
-- taken by pg_net's worker is no longer in the queue, so the next transaction asks again; the
-- every-minute push-send job remains the safety net.

create or replace function private.kick_push_drain()
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if coalesce(current_setting('questcity.push_kicked', true), '') <> 'on' then
    perform set_config('questcity.push_kicked', 'on', true);
    if not exists (select 1 from net.http_request_queue q where q.url like '%/functions/v1/push-send') then
      perform private.invoke_edge_function('push-send');
    end if;
  end if;
end;
$$;
comment on function private.kick_push_drain() is
  'Asks push-send to drain, at most once per transaction and only when no call to it is already waiting in pg_net''s queue (pg_net sends the call after commit; nothing for a rolled-back one).';
