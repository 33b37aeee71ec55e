-- How a quest is played (issue 14): stage order (linear, free, qr_start), conditional points, hints
-- that unlock after a delay and cost score, time limits per point and per run, and the score rules
-- applied in one place, with the worked example of docs/teams-and-events.md.
begin;
select plan(42);

select tests.create_user(u) from unnest(array['sm_author', 'sm_player', 'sm_first', 'sm_late']) u;
insert into public.quests (id, author_id, title, slug, city, status, access, published_at, stage_order, score_per_point,
                           wrong_answer_penalty, time_limit_s, time_bonus_per_min) values
  ('7c000000-0000-4000-a000-000000000001', tests.get_user_id('sm_author'), 'Free walk', 'sm-free', 'Modetown', 'published', 'open', now(), 'free', 100, 0, null, 0),
  ('7c000000-0000-4000-a000-000000000002', tests.get_user_id('sm_author'), 'Linear walk', 'sm-linear', 'Modetown', 'published', 'open', now(), 'linear', 100, 0, null, 0),
  ('7c000000-0000-4000-a000-000000000003', tests.get_user_id('sm_author'), 'Loop walk', 'sm-loop', 'Modetown', 'published', 'open', now(), 'qr_start', 100, 0, null, 0),
  ('7c000000-0000-4000-a000-000000000004', tests.get_user_id('sm_author'), 'Scored walk', 'sm-scored', 'Modetown', 'published', 'open', now(), 'linear', 100, 20, 3600, 2);
-- Points 20 m apart (plausible at any pace).
insert into public.quest_points (id, quest_id, position, title, lat, lng, radius_m, task_type, hint_cost, hint_delay_s, time_limit_s) values
  ('7d000000-0000-4000-a000-000000000011', '7c000000-0000-4000-a000-000000000001', 1, 'F1', 57.0000, 41, 10, 'gps', 0, null, null),
  ('7d000000-0000-4000-a000-000000000012', '7c000000-0000-4000-a000-000000000001', 2, 'F2', 57.0002, 41, 10, 'gps', 0, null, null),
  ('7d000000-0000-4000-a000-000000000013', '7c000000-0000-4000-a000-000000000001', 3, 'F3', 57.0004, 41, 10, 'gps', 0, null, null),
  ('7d000000-0000-4000-a000-000000000014', '7c000000-0000-4000-a000-000000000001', 4, 'F4 after F2', 57.0006, 41, 10, 'gps', 0, null, null),
  ('7d000000-0000-4000-a000-000000000021', '7c000000-0000-4000-a000-000000000002', 1, 'L1 riddle', 57.0100, 41, 10, 'answer', 0, null, null),
  ('7d000000-0000-4000-a000-000000000022', '7c000000-0000-4000-a000-000000000002', 2, 'L2 bonus', 57.0102, 41, 10, 'gps', 0, 600, null),
  ('7d000000-0000-4000-a000-000000000023', '7c000000-0000-4000-a000-000000000002', 3, 'L3', 57.0104, 41, 10, 'gps', 0, null, null),
  ('7d000000-0000-4000-a000-000000000031', '7c000000-0000-4000-a000-000000000003', 1, 'Q1', 57.0200, 41, 10, 'gps', 0, null, null),
  ('7d000000-0000-4000-a000-000000000032', '7c000000-0000-4000-a000-000000000003', 2, 'Q2 code', 57.0202, 41, 10, 'qr', 0, null, null),
  ('7d000000-0000-4000-a000-000000000033', '7c000000-0000-4000-a000-000000000003', 3, 'Q3', 57.0204, 41, 10, 'gps', 0, null, null),
  ('7d000000-0000-4000-a000-000000000041', '7c000000-0000-4000-a000-000000000004', 1, 'S1', 57.0300, 41, 10, 'gps', 0, null, null),
  ('7d000000-0000-4000-a000-000000000042', '7c000000-0000-4000-a000-000000000004', 2, 'S2 riddle', 57.0302, 41, 10, 'answer', 30, 300, null),
  ('7d000000-0000-4000-a000-000000000043', '7c000000-0000-4000-a000-000000000004', 3, 'S3 quick', 57.0304, 41, 10, 'gps', 0, null, 300);
update public.quest_points set requires_point_id = '7d000000-0000-4000-a000-000000000012' where id = '7d000000-0000-4000-a000-000000000014';
update public.quest_points set requires_point_id = '7d000000-0000-4000-a000-000000000021', requires_first_try = true
where id = '7d000000-0000-4000-a000-000000000022';
insert into private.point_secrets (point_id, answer_hash, qr_hash) values
  ('7d000000-0000-4000-a000-000000000021', extensions.crypt('owl', extensions.gen_salt('bf', 4)), null),
  ('7d000000-0000-4000-a000-000000000032', null, extensions.crypt('LOOP-2', extensions.gen_salt('bf', 4))),
  ('7d000000-0000-4000-a000-000000000042', extensions.crypt('moon', extensions.gen_salt('bf', 4)), null);
insert into private.point_hints (point_id, hint) values
  ('7d000000-0000-4000-a000-000000000022', 'Under the bench'), ('7d000000-0000-4000-a000-000000000042', 'Look up at night');
-- Moving a run's clocks as time would (tests cannot wait).
create function pg_temp.age_point(run uuid, point uuid, by_interval interval) returns void language sql security definer as $$
  update private.run_points set opened_at = opened_at - by_interval where run_id = run and point_id = point;
$$;
create function pg_temp.deadline(run uuid, at timestamptz) returns void language sql security definer as $$
  update public.quest_runs set deadline_at = at where id = run;
$$;
grant execute on function pg_temp.age_point(uuid, uuid, interval), pg_temp.deadline(uuid, timestamptz) to authenticated;

-- Free: every point at once, any order; a conditional point appears after its condition.
select tests.authenticate_as('sm_player');
create temporary table free_run as select * from public.start_run('7c000000-0000-4000-a000-000000000001');
select is((select jsonb_array_length(public.play_state((select id from free_run)) -> 'open_points')), 3,
  'free: every point but the conditional one is open at the start');
select is((public.check_in((select id from free_run), 57.0004, 41, 5) ->> 'position')::int, 3,
  'free: checking in without naming a point takes the nearest open one (point 3 first)');
select is((select jsonb_array_length(public.play_state((select id from free_run)) -> 'open_points')), 2, 'two remain');
select public.check_in((select id from free_run), 57.0002, 41, 5, null, null, '7d000000-0000-4000-a000-000000000012');
select is((select array_agg((p ->> 'position')::int order by (p ->> 'position')::int)
           from jsonb_array_elements(public.play_state((select id from free_run)) -> 'open_points') p), array[1, 4],
  'checking in at point 2 makes the conditional point 4 appear');
select public.check_in((select id from free_run), 57.0006, 41, 5);
select results_eq($$select (r ->> 'finished')::boolean, (r ->> 'points_done')::int from public.check_in((select id from free_run), 57.0000, 41, 5) r$$,
  $$values (true, 4)$$, 'free: the run completes when no point is open');

-- Linear with a "right at the first try" bonus point: a wrong answer skips it for good.
create temporary table linear_run as select * from public.start_run('7c000000-0000-4000-a000-000000000002');
select is((public.check_in((select id from linear_run), 57.0100, 41, 5, 'cat') ->> 'refusal'), 'wrong_answer', 'linear: a wrong answer');
select is((public.check_in((select id from linear_run), 57.0100, 41, 5, 'OWL') ->> 'next_position')::int, 3,
  'then the right one: the bonus point (first try only) is skipped, point 3 is next');
select throws_ok(format($$select public.check_in('%s', 57.0102, 41, 5, null, null, '7d000000-0000-4000-a000-000000000022')$$, (select id from linear_run)),
  'PT409', 'point_not_current', 'the skipped point cannot be checked in');
select tests.authenticate_as('sm_first');
create temporary table first_run as select * from public.start_run('7c000000-0000-4000-a000-000000000002');
select is((public.check_in((select id from first_run), 57.0100, 41, 5, 'owl') ->> 'next_position')::int, 2,
  'right at the first try: the bonus point appears');

-- Hints unlock after a delay from the arrival at the point.
select throws_ok(format($$select public.take_hint('%s')$$, (select id from first_run)), 'PT409', 'hint_locked',
  'a hint with a delay is locked at first');
select ok((select (public.play_state((select id from first_run)) #>> '{point,hint_available_at}')::timestamptz > now() + interval '9 minutes'),
  'the play screen says when it opens');
select pg_temp.age_point((select id from first_run), '7d000000-0000-4000-a000-000000000022', interval '10 minutes');
select is((public.take_hint((select id from first_run)) ->> 'hint'), 'Under the bench', 'after the delay it can be taken');

-- qr_start: the run starts by scanning any qr point, then goes on in order and wraps around.
select tests.authenticate_as('sm_player');
create temporary table loop_run as select * from public.start_run('7c000000-0000-4000-a000-000000000003');
select results_eq($$select (s ->> 'awaiting_start')::boolean, jsonb_array_length(s -> 'open_points') from public.play_state((select id from loop_run)) s$$,
  $$values (true, 0)$$, 'qr_start: nothing is open until a QR code is scanned');
select throws_ok(format($$select public.check_in('%s', 57.0204, 41, 5)$$, (select id from loop_run)), 'PT422', 'no_point_here',
  'a check-in at a point without a QR code does not start it');
select throws_ok(format($$select public.check_in('%s', 57.5, 41, 5, null, 'LOOP-2')$$, (select id from loop_run)), 'PT422', 'no_point_here',
  'nor anywhere else (nothing is kept, nothing revealed)');
select is((select count(*)::int from public.run_checkins where run_id = (select id from loop_run)), 0, 'no attempt was kept');
select is((public.check_in((select id from loop_run), 57.0202, 41, 5, null, 'WRONG') ->> 'refusal'), 'wrong_qr', 'a wrong code at a qr point');
select is((public.check_in((select id from loop_run), 57.0202, 41, 5, null, 'LOOP-2') ->> 'next_position')::int, 3,
  'the right code starts the run at point 2, point 3 is next');
select is((public.check_in((select id from loop_run), 57.0204, 41, 5) ->> 'next_position')::int, 1, 'after the last position it wraps to point 1');
select results_eq($$select (r ->> 'finished')::boolean, (r ->> 'points_done')::int from public.check_in((select id from loop_run), 57.0200, 41, 5) r$$,
  $$values (true, 3)$$, 'and point 1 ends the loop');
select is((select start_position from public.quest_runs where id = (select id from loop_run)), 2, 'the run keeps where it started');

-- The score rules: the worked example of the docs (docs/teams-and-events.md#score-rules).
create temporary table scored as select * from public.start_run('7c000000-0000-4000-a000-000000000004');
select is((select deadline_at from public.quest_runs where id = (select id from scored)), (select started_at + interval '1 hour' from scored),
  'a run of a quest with a time limit has its deadline');
select is((public.check_in((select id from scored), 57.0300, 41, 5) ->> 'score_delta')::int, 100, 'S1 checked in: +100');
select is((public.check_in((select id from scored), 57.0302, 41, 5, 'sun') ->> 'score_delta')::int, -20, 'a wrong answer at S2: −20');
select throws_ok(format($$select public.take_hint('%s')$$, (select id from scored)), 'PT409', 'hint_locked', 'S2''s hint waits 5 minutes');
select pg_temp.age_point((select id from scored), '7d000000-0000-4000-a000-000000000042', interval '5 minutes');
select is((public.take_hint((select id from scored)) ->> 'score')::int, 50, 'after 5 minutes the hint costs 30: 100 − 20 − 30 = 50');
select is((public.check_in((select id from scored), 57.0302, 41, 5, 'moon') ->> 'score')::int, 150, 'the right answer: +100 = 150');
select pg_temp.age_point((select id from scored), '7d000000-0000-4000-a000-000000000043', interval '6 minutes');
select pg_temp.deadline((select id from scored), clock_timestamp() + interval '20 minutes 30 seconds');
create temporary table scored_end as select public.check_in((select id from scored), 57.0304, 41, 5) as r;
select results_eq($$select (r ->> 'finished')::boolean, (r ->> 'score_delta')::int, (r ->> 'score')::int from scored_end$$,
  $$values (true, 40, 190)$$, 'S3 six minutes after it opened (limit 5) scores 0; 20 whole minutes left × 2 = +40: 190');
select results_eq($$select score, time_bonus from public.quest_runs where id = (select id from scored)$$, $$values (190, 40)$$,
  'the run keeps the score and the bonus');
select is((select array_agg(score_delta order by id) from public.run_checkins where run_id = (select id from scored)),
  array[100, -20, 100, 40], 'each attempt keeps what it scored (the finish bonus with the last one)');

-- The score never goes below zero.
select tests.authenticate_as('sm_late');
create temporary table zero as select * from public.start_run('7c000000-0000-4000-a000-000000000004');
select public.check_in((select id from zero), 57.0300, 41, 5);
select public.check_in((select id from zero), 57.0302, 41, 5, 'x1');
select public.check_in((select id from zero), 57.0302, 41, 5, 'x2');
select public.check_in((select id from zero), 57.0302, 41, 5, 'x3');
select public.check_in((select id from zero), 57.0302, 41, 5, 'x4');
select public.check_in((select id from zero), 57.0302, 41, 5, 'x5');
select results_eq($$select (r ->> 'score')::int, (r ->> 'score_delta')::int from public.check_in((select id from zero), 57.0302, 41, 5, 'x6') r$$,
  $$values (0, 0)$$, 'penalties stop at zero (the attempt records what was really taken)');

-- Time limits per run: a late attempt ends the run; so does the job.
select pg_temp.deadline((select id from zero), clock_timestamp() - interval '1 second');
select results_eq($$select r ->> 'refusal', (r ->> 'finished')::boolean, r ->> 'status' from public.check_in((select id from zero), 57.0302, 41, 5, 'moon') r$$,
  $$values ('time_up', true, 'timed_out')$$, 'an attempt after the deadline ends the run (time_up)');
select is((select count(*)::int from public.run_checkins where run_id = (select id from zero)), 7, 'the late attempt is not kept');
select throws_ok(format($$select public.check_in('%s', 57.0302, 41, 5)$$, (select id from zero)), 'PT409', 'run_not_in_progress',
  'the run is over');
create temporary table overdue as select * from public.start_run('7c000000-0000-4000-a000-000000000004');
-- The job compares deadlines with now() (this test's transaction start): a deadline of now() is
-- overdue however long the file took to get here (clock_timestamp() - 1 s was not on a busy machine).
select pg_temp.deadline((select id from overdue), now());
select tests.clear_authentication();
select cmp_ok(private.end_overdue_runs(), '>=', 1, 'the runs-time-limit job ends runs past their deadline');
select results_eq($$select status::text, finished_at = deadline_at from public.quest_runs where id = (select id from overdue)$$,
  $$values ('timed_out', true)$$, 'as timed_out, at the deadline');
select is((select reward_credits from public.quest_runs where id = (select id from overdue)), 0, 'a timed-out run pays nothing');

-- Authors write the rules; bad values are refused with codes naming the field.
select tests.authenticate_as('sm_author');
insert into public.quests (title, slug, city, stage_order) values ('Rules', 'sm-rules', 'Modetown', 'free');
create temporary table draft as select id from public.quests where slug = 'sm-rules';
select throws_ok(format($$update public.quests set time_bonus_per_min = 5 where id = '%s'$$, (select id from draft)), 'PT400', 'field_required',
  'a time bonus needs a time limit');
select throws_ok(format($$update public.quests set score_per_point = 5000 where id = '%s'$$, (select id from draft)), 'PT400', 'out_of_range',
  'score_per_point is 0–1000');
select throws_ok(format($$update public.quests set time_limit_s = 5 where id = '%s'$$, (select id from draft)), 'PT400', 'out_of_range',
  'a run time limit is at least a minute');
select throws_ok(format($$insert into public.quest_points (quest_id, position, title, lat, lng, requires_point_id) values ('%s', 1, 'X', 1, 1, '7d000000-0000-4000-a000-000000000011')$$,
                        (select id from draft)), 'PT409', 'invalid_reference', 'a condition names a point of the same quest');
select throws_ok(format($$insert into public.quest_points (quest_id, position, title, lat, lng, requires_first_try) values ('%s', 1, 'X', 1, 1, true)$$,
                        (select id from draft)), 'PT400', 'field_required', '"first try" needs the point it is about');

select * from finish();
rollback;
