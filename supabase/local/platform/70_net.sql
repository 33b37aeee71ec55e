-- Platform stand-in, part 7: pg_net (schema `net`), Supabase's asynchronous HTTP client, as our
-- migrations use it (docs/supabase-platform.md, section 9): net.http_post / http_get / http_delete
-- only queue a request in net.http_request_queue and return its id; a background worker sends it
-- after the transaction commits (a rolled-back transaction sends nothing) and records the outcome
-- in net._http_response. No retries: callers that need delivery keep their own outbox.
-- LOCAL WORK AND TESTS ONLY: loaded by `supabase_admin`; never pushed.
--
-- Difference: pg_net's worker is a C background worker inside Postgres; here it is a process of
-- the local stack (scripts/lib/net-worker.mjs, started by `npm run dev` and `npm test`) that
-- LISTENs on `pg_net_stand_in`: the trigger below notifies it, and Postgres delivers a NOTIFY
-- only when the transaction commits, which gives the same "after commit" behaviour.

create schema net authorization supabase_admin;
comment on schema net is 'pg_net stand-in: asynchronous HTTP requests from SQL, sent after commit by a worker.';

create unlogged table net.http_request_queue (
  id bigserial primary key,
  method text not null check (method in ('GET', 'POST', 'DELETE')),
  url text not null,
  headers jsonb not null,
  body bytea,
  timeout_milliseconds integer not null
);
comment on table net.http_request_queue is 'Requests waiting for the worker (unlogged, as in pg_net).';

create unlogged table net._http_response (
  id bigint,
  status_code integer,
  content_type text,
  headers jsonb,
  content text,
  timed_out boolean,
  error_msg text,
  created timestamptz not null default now()
);
comment on table net._http_response is 'Outcome of each sent request, by request id (kept for a limited time by pg_net).';
create index _http_response_created_idx on net._http_response (created);

create function net.wake_worker()
returns trigger
language plpgsql
as $$
begin
  perform pg_catalog.pg_notify('pg_net_stand_in', '');
  return null;
end
$$;
comment on function net.wake_worker() is 'Statement trigger: wakes the local worker once the queuing transaction commits.';
create trigger wake_worker after insert on net.http_request_queue
  for each statement execute function net.wake_worker();

create function net.enqueue(method text, url text, params jsonb, headers jsonb, body bytea, timeout_milliseconds integer)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  full_url text := url;
  query text;
  request_id bigint;
begin
  select string_agg(pg_catalog.format('%s=%s', k, v), '&') into query
  from jsonb_each_text(coalesce(params, '{}'::jsonb)) as p (k, v);
  if query is not null then
    full_url := full_url || case when position('?' in full_url) > 0 then '&' else '?' end || query;
  end if;
  insert into net.http_request_queue (method, url, headers, body, timeout_milliseconds)
  values (method, full_url, coalesce(headers, '{}'::jsonb), body, timeout_milliseconds)
  returning id into request_id;
  return request_id;
end
$$;
comment on function net.enqueue(text, text, jsonb, jsonb, bytea, integer) is 'Stand-in internal: queues one request.';

create function net.http_post(url text, body jsonb default '{}'::jsonb, params jsonb default '{}'::jsonb,
  headers jsonb default '{"Content-Type": "application/json"}'::jsonb, timeout_milliseconds integer default 5000)
returns bigint
language sql
security definer
set search_path = ''
as $$
  select net.enqueue('POST', url, params,
    case when exists (select 1 from jsonb_object_keys(coalesce(headers, '{}'::jsonb)) k where lower(k) = 'content-type')
         then headers else coalesce(headers, '{}'::jsonb) || '{"Content-Type": "application/json"}'::jsonb end,
    convert_to(coalesce(body, '{}'::jsonb)::text, 'UTF8'), timeout_milliseconds);
$$;
comment on function net.http_post(text, jsonb, jsonb, jsonb, integer) is 'Queues a POST with a JSON body; returns the request id. Sent after commit.';

create function net.http_get(url text, params jsonb default '{}'::jsonb, headers jsonb default '{}'::jsonb,
  timeout_milliseconds integer default 5000)
returns bigint
language sql
security definer
set search_path = ''
as $$
  select net.enqueue('GET', url, params, headers, null, timeout_milliseconds);
$$;
comment on function net.http_get(text, jsonb, jsonb, integer) is 'Queues a GET; returns the request id. Sent after commit.';

create function net.http_delete(url text, params jsonb default '{}'::jsonb, headers jsonb default '{}'::jsonb,
  timeout_milliseconds integer default 5000)
returns bigint
language sql
security definer
set search_path = ''
as $$
  select net.enqueue('DELETE', url, params, headers, null, timeout_milliseconds);
$$;
comment on function net.http_delete(text, jsonb, jsonb, integer) is 'Queues a DELETE; returns the request id. Sent after commit.';

-- What our code relies on: postgres (migrations' definer functions) queues requests and reads
-- responses. The platform also lets the API roles call these; nothing of ours needs that.
revoke all on schema net from public;
revoke execute on all functions in schema net from public;
grant usage on schema net to postgres with grant option;
grant execute on function net.http_post(text, jsonb, jsonb, jsonb, integer), net.http_get(text, jsonb, jsonb, integer),
  net.http_delete(text, jsonb, jsonb, integer) to postgres with grant option;
grant select on net.http_request_queue, net._http_response to postgres with grant option;
