-- One rate-limit mechanism (private.throttle): at most max_hits per subject within a sliding
-- window, refused with rate_limited (429) and a retry-after; anonymous callers counted by IP;
-- server-side callers never limited. Concurrency (exact counts under parallel hits) is proven in
-- tests/rate-limits.test.ts.
begin;
select plan(10);

insert into private.rate_limits (action, max_hits, per, description)
values ('tests.poke', 3, interval '1 minute', 'test rule');
select tests.create_user('poker');
select tests.create_user('other_poker');

create function pg_temp.poke() returns text language plpgsql as $$
begin
  perform private.throttle('tests.poke');
  return 'ok';
exception when others then
  declare msg text; hint text;
  begin
    get stacked diagnostics msg = message_text, hint = pg_exception_hint;
    return msg || ' ' || hint;
  end;
end;
$$;
grant execute on function pg_temp.poke() to anon, authenticated;

select tests.authenticate_as('poker');
select is(array[pg_temp.poke(), pg_temp.poke(), pg_temp.poke()], array['ok', 'ok', 'ok'], 'a user acts up to the limit (3 a minute)');
select is(substr(pg_temp.poke(), 14)::jsonb - 'retry_after_s', '{"action": "tests.poke", "limit": 3, "window_s": 60}',
  'the next hit is refused with rate_limited and its params');
select ok((pg_temp.poke() ~ '"retry_after_s": (5[0-9]|60)'), 'the refusal says when to retry (the oldest hit leaves the window in about a minute)');
select throws_ok($$select private.throttle('tests.poke')$$, 'PT429', 'rate_limited', 'a refused hit is a 429');

select tests.authenticate_as('other_poker');
select is(pg_temp.poke(), 'ok', 'limits are per user: another user is not affected');

select tests.authenticate_as_anon();
select set_config('request.headers', '{"x-forwarded-for": "203.0.113.7, 10.0.0.1"}', true);
select is(array[pg_temp.poke(), pg_temp.poke(), pg_temp.poke(), split_part(pg_temp.poke(), ' ', 1)],
  array['ok', 'ok', 'ok', 'rate_limited'], 'anonymous callers are counted by IP address');
select set_config('request.headers', '{"x-forwarded-for": "198.51.100.2"}', true);
select is(pg_temp.poke(), 'ok', 'another IP address has its own count');

select tests.clear_authentication();
select is(array[pg_temp.poke(), pg_temp.poke(), pg_temp.poke(), pg_temp.poke(), pg_temp.poke()],
  array['ok', 'ok', 'ok', 'ok', 'ok'], 'server-side callers (postgres, service role, jobs) are not limited');

-- Old hits leave the window and are pruned by the rate-limit-prune job.
update private.rate_limit_hits set hit_at = hit_at - interval '2 minutes' where action = 'tests.poke';
select tests.authenticate_as('poker');
select is(pg_temp.poke(), 'ok', 'once the window has passed, the user may act again');
select tests.clear_authentication();
select cmp_ok(private.prune_rate_limit_hits(), '>=', 7, 'pruning removes the hits that left their window');

select * from finish();
rollback;
