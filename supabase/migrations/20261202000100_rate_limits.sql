-- Rate limits: one mechanism for every write a user can repeat cheaply. A rule says how many times
-- an action may happen per subject within a sliding window (private.rate_limits); a function that
-- performs the action calls private.throttle('<action>') first, which counts the hits of the last
-- window and refuses with `rate_limited` (HTTP 429, params {action, limit, window_s,
-- retry_after_s}) when the rule is used up. The subject is the signed-in user, or for anonymous
-- callers their IP address (from the request headers PostgREST passes on). Server-side callers
-- (service role, Studio's postgres, scheduled jobs) are never limited. Features add their rules
-- with an insert in their own migration; staff tune them in Studio. See docs/rate-limits.md.

create table private.rate_limits (
  action text primary key check (action ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$'),
  max_hits integer not null check (max_hits between 1 and 100000),
  per interval not null check (per between interval '1 second' and interval '1 day'),
  description text not null
);
comment on table private.rate_limits is 'Rate-limit rules: at most max_hits of an action per subject within any window of length `per`. Tunable in Studio.';
comment on column private.rate_limits.action is 'Action name, as passed to private.throttle (e.g. friends.request).';
comment on column private.rate_limits.max_hits is 'Most hits allowed within the window.';
comment on column private.rate_limits.per is 'Length of the sliding window.';
comment on column private.rate_limits.description is 'What is limited and why.';
alter table private.rate_limits enable row level security;
revoke all on private.rate_limits from public, anon, authenticated, service_role;

-- Unlogged: counters are cheap to write and worthless after a crash (limits start afresh).
create unlogged table private.rate_limit_hits (
  action text not null,
  subject text not null,
  hit_at timestamptz not null
);
comment on table private.rate_limit_hits is 'One row per counted hit (unlogged). Pruned by the rate-limit-prune job once older than the rule''s window.';
comment on column private.rate_limit_hits.action is 'The rule hit.';
comment on column private.rate_limit_hits.subject is 'user:<id> or ip:<address>.';
comment on column private.rate_limit_hits.hit_at is 'When (clock time of the hit).';
create index rate_limit_hits_window_idx on private.rate_limit_hits (action, subject, hit_at desc);
alter table private.rate_limit_hits enable row level security;
revoke all on private.rate_limit_hits from public, anon, authenticated, service_role;

create function private.request_subject()
returns text
language sql
stable
set search_path = ''
as $$
  select case
    when auth.uid() is not null then 'user:' || auth.uid()::text
    else 'ip:' || coalesce(
      nullif(btrim(current_setting('request.headers', true)::jsonb ->> 'cf-connecting-ip'), ''),
      nullif(btrim(current_setting('request.headers', true)::jsonb ->> 'x-real-ip'), ''),
      nullif(btrim(split_part(current_setting('request.headers', true)::jsonb ->> 'x-forwarded-for', ',', 1)), ''),
      'unknown')
  end;
$$;
comment on function private.request_subject() is
  'Who a rate limit counts: user:<id> when signed in, else ip:<address> from cf-connecting-ip, x-real-ip or the first x-forwarded-for entry (ip:unknown without headers).';

create function private.throttle(action text, subject text default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  rule private.rate_limits;
  who text;
  recent integer;
  oldest timestamptz;
  hit timestamptz;
begin
  if coalesce(auth.role(), '') not in ('anon', 'authenticated') then
    return;  -- server-side callers (service role, postgres, scheduled jobs) are not limited
  end if;
  select * into rule from private.rate_limits r where r.action = throttle.action;
  if rule.action is null then
    perform private.refuse('unknown_error_code', jsonb_build_object('code', 'rate_limit:' || throttle.action));
  end if;
  who := coalesce(throttle.subject, private.request_subject());
  -- One subject's hits of one action are counted one transaction at a time: exact under concurrency.
  perform pg_advisory_xact_lock(hashtextextended('rate_limit/' || rule.action || '/' || who, 0));
  hit := clock_timestamp();
  select count(*), min(h.hit_at) into recent, oldest
  from (select x.hit_at from private.rate_limit_hits x
        where x.action = rule.action and x.subject = who and x.hit_at > hit - rule.per
        order by x.hit_at desc
        limit rule.max_hits) h;
  if recent >= rule.max_hits then
    perform private.refuse('rate_limited', jsonb_build_object(
      'action', rule.action, 'limit', rule.max_hits, 'window_s', extract(epoch from rule.per)::integer,
      'retry_after_s', greatest(1, ceil(extract(epoch from oldest + rule.per - hit)))::integer));
  end if;
  insert into private.rate_limit_hits (action, subject, hit_at) values (rule.action, who, hit);
end;
$$;
comment on function private.throttle(text, text) is
  'Counts one hit of `action` for the subject (default: the caller, see request_subject) and raises rate_limited (429, params action, limit, window_s, retry_after_s) when the rule''s window is full. No-op for server-side callers.';

create function private.prune_rate_limit_hits()
returns integer
language sql
security definer
set search_path = ''
as $$
  with pruned as (
    delete from private.rate_limit_hits h
    using private.rate_limits r
    where r.action = h.action and h.hit_at < now() - r.per
    returning 1
  )
  select count(*)::integer from pruned;
$$;
comment on function private.prune_rate_limit_hits() is 'Deletes hits older than their rule''s window; run by the rate-limit-prune job. Returns how many.';

revoke execute on function private.request_subject(), private.throttle(text, text), private.prune_rate_limit_hits() from public;
grant execute on function private.request_subject(), private.throttle(text, text) to anon, authenticated, service_role;
