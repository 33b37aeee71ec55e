-- Attack: unbounded repetition in play and unlocks (issue 11, softer findings). Rules proved, each
-- with the limit read from private.rate_limits (so staff may tune it without breaking the test):
--   - answer (and QR) guessing is limited per player and point, with a retry-after; starting a new
--     run does not reset it;
--   - start/abandon loops, unlock request/cancel loops and purchases are limited;
--   - a refused call changes nothing.
begin;
select plan(14);

select tests.create_user('rl_guesser');
select tests.create_user('rl_looper');
insert into public.quests (id, title, slug, city, status, published_at, access, price_credits) values
  ('7a000000-0000-4000-a000-000000000001', 'Riddle yard', 'rl-riddle-yard', 'Limitburg', 'published', now(), 'open', 0),
  ('7a000000-0000-4000-a000-000000000002', 'Locked yard', 'rl-locked-yard', 'Limitburg', 'published', now(), 'locked', 0);
insert into public.quest_points (id, quest_id, position, title, location, radius_m, task_type) values
  ('7b000000-0000-4000-a000-000000000001', '7a000000-0000-4000-a000-000000000001', 1, 'Riddle', extensions.st_makepoint(30, 30)::extensions.geography, 30, 'answer'),
  ('7b000000-0000-4000-a000-000000000002', '7a000000-0000-4000-a000-000000000002', 1, 'Gate', extensions.st_makepoint(30, 30)::extensions.geography, 30, 'gps');
insert into private.point_secrets (point_id, answer_hash)
values ('7b000000-0000-4000-a000-000000000001', extensions.crypt('lion', extensions.gen_salt('bf', 4)));

-- Runs `statement` up to `tries` times; answers how many succeeded before the first refusal and
-- that refusal (code and params), or 'never refused'.
create function pg_temp.repeat_until_refused(statement text, tries integer) returns jsonb language plpgsql as $$
declare
  done integer := 0;
  msg text;
  params text;
begin
  for i in 1..tries loop
    begin
      execute statement;
      done := done + 1;
    exception when others then
      get stacked diagnostics msg = message_text, params = pg_exception_hint;
      return jsonb_build_object('succeeded', done, 'code', msg, 'params', params::jsonb);
    end;
  end loop;
  return jsonb_build_object('succeeded', done, 'code', 'never refused');
end;
$$;
grant execute on function pg_temp.repeat_until_refused(text, integer) to authenticated;
create temporary table rl_rules as select action, max_hits from private.rate_limits;
grant select on rl_rules to authenticated;
create function pg_temp.rule(name text) returns integer language sql as $$
  select max_hits from pg_temp.rl_rules where action = name;
$$;
grant execute on function pg_temp.rule(text) to authenticated;

-- 1. Answer guessing.
select tests.authenticate_as('rl_guesser');
create temporary table rl_run as select * from public.start_run('7a000000-0000-4000-a000-000000000001');
create temporary table rl_guesses as select pg_temp.repeat_until_refused(
  format($$select public.check_in('%s', 30, 30, 5, 'guess' || floor(random() * 1000000)::text)$$, (select id from rl_run)), 100) as result;
select is((select result ->> 'code' from rl_guesses), 'rate_limited', 'wrong answers in a row end in rate_limited');
select is((select (result ->> 'succeeded')::int from rl_guesses), pg_temp.rule('play.answer'), 'after exactly the allowed number of guesses');
select ok((select (result -> 'params' ->> 'retry_after_s')::int > 0 from rl_guesses), 'the refusal says when to try again');
select is((select count(*)::int from public.run_checkins where run_id = (select id from rl_run)), pg_temp.rule('play.answer'),
  'the refused guess is not even judged (no attempt is written)');
select is((select result ->> 'code' from pg_temp.repeat_until_refused(
  format($$select public.check_in('%s', 30, 30, 5, 'lion')$$, (select id from rl_run)), 1) result), 'rate_limited',
  'while limited, even the right answer must wait (nothing is checked)');
select public.abandon_run((select id from rl_run));
select is((select result ->> 'code' from pg_temp.repeat_until_refused(
  format($$select public.check_in('%s', 30, 30, 5, 'lion')$$, (select id from public.start_run('7a000000-0000-4000-a000-000000000001'))), 1) result),
  'rate_limited', 'a new run does not reset the limit of that point');

-- 2. Start/abandon loops.
select tests.authenticate_as('rl_looper');
create temporary table rl_loop as select pg_temp.repeat_until_refused(
  $$select public.abandon_run((public.start_run('7a000000-0000-4000-a000-000000000001')).id)$$, 200) as result;
select is((select result ->> 'code' from rl_loop), 'rate_limited', 'a start/abandon loop ends in rate_limited');
select is((select (result ->> 'succeeded')::int from rl_loop),
  least(pg_temp.rule('play.start_run'), pg_temp.rule('play.abandon_run')), 'after the allowed number of new runs');
select is((select result ->> 'code' from pg_temp.repeat_until_refused(
  $$select public.start_run('7a000000-0000-4000-a000-000000000001')$$, 1) result), 'rate_limited', 'not even one more new run is started');

-- 3. Unlock request/cancel loops.
create temporary table rl_unlocks as select pg_temp.repeat_until_refused(
  $$select public.cancel_unlock_request((public.request_unlock('7a000000-0000-4000-a000-000000000002')).id)$$, 200) as result;
select is((select result ->> 'code' from rl_unlocks), 'rate_limited', 'an unlock request/cancel loop ends in rate_limited');
select is((select (result ->> 'succeeded')::int from rl_unlocks),
  least(pg_temp.rule('unlock.request'), pg_temp.rule('unlock.cancel')), 'after the allowed number of requests');
select is((select count(*)::int from public.unlock_requests where status = 'pending'), 0, 'the refused call left nothing pending');

-- 4. Purchases.
select ok(pg_temp.rule('quests.buy_access') between 1 and 100, 'buying access is limited too');
select is((select count(*)::int from pg_temp.rl_rules where action in
  ('play.answer', 'play.start_run', 'play.abandon_run', 'unlock.request', 'unlock.cancel', 'quests.buy_access')), 6,
  'every repeatable play and unlock write has a rule');

select * from finish();
rollback;
