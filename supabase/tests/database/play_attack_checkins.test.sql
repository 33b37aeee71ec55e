-- Attack: check-ins that trust the phone (issue 11: 500s on bad numbers, GPS trusted completely).
-- Rules proved:
--   - bad numbers (accuracy ≥ 1e7, NaN, infinities, negatives, nulls) are invalid_position, never a
--     500, and write nothing; oversized answers are invalid_parameter;
--   - every attempt is stamped by the server and keeps the reported position and accuracy;
--   - an attempt implying travel faster than the quest's vehicle allows (private.vehicle_speed_limits,
--     GPS tolerance in private.play_settings) is refused as implausible_travel with the seconds
--     after which it becomes plausible; repeated ones flag the run;
--   - a flagged run pays nothing and ranks nowhere until a holder of runs.review clears it (then the
--     reward and the leaderboard apply) or voids it; decisions are audited and need a reason; nobody
--     reviews their own run; the queue is one call.
begin;
select plan(48);

select tests.create_user('ck_player');
select tests.create_user('ck_cheat');
select tests.create_user('ck_mod');
select tests.create_user('ck_admin');
insert into public.user_roles (user_id, role) values
  (tests.get_user_id('ck_mod'), 'moderator'), (tests.get_user_id('ck_admin'), 'admin');
insert into public.vehicles (slug, name_ru, name_en) values ('on-foot', 'Пешком', 'On foot') on conflict (slug) do nothing;

-- A walking quest: point 1 at (lat 55, lng 37), point 2 five kilometres north, point 3 twenty metres on.
insert into public.quests (id, author_id, title, slug, city, status, reward_credits, published_at, vehicle_id) values
  ('c4000000-0000-4000-a000-000000000001', tests.get_user_id('ck_admin'), 'Long walk', 'ck-long-walk', 'Checkburg', 'published', 70, now(),
   (select id from public.vehicles where slug = 'on-foot'));
insert into public.quest_points (quest_id, position, title, location, radius_m, task_type) values
  ('c4000000-0000-4000-a000-000000000001', 1, 'Start', extensions.st_makepoint(37, 55)::extensions.geography, 30, 'gps'),
  ('c4000000-0000-4000-a000-000000000001', 2, 'Far', extensions.st_makepoint(37, 55.045)::extensions.geography, 30, 'answer'),
  ('c4000000-0000-4000-a000-000000000001', 3, 'Near', extensions.st_makepoint(37, 55.0452)::extensions.geography, 30, 'gps');
insert into private.point_secrets (point_id, answer_hash)
select id, extensions.crypt('oak', extensions.gen_salt('bf', 4)) from public.quest_points
where quest_id = 'c4000000-0000-4000-a000-000000000001' and position = 2;

-- Moves every attempt of a run back in time (as if the player had walked for a while).
create function pg_temp.walk(run uuid, minutes integer) returns void language plpgsql as $$
begin
  update public.run_checkins set attempted_at = attempted_at - make_interval(mins => minutes) where run_id = run;
end;
$$;
-- The outcome of a call: 'ok' or the SQLSTATE and message it raised.
create function pg_temp.outcome(statement text) returns text language plpgsql as $$
begin
  execute statement;
  return 'ok';
exception when others then
  return sqlstate || ' ' || sqlerrm;
end;
$$;
grant execute on function pg_temp.outcome(text) to authenticated;

-- 1. Bad numbers: a 4xx with a code, nothing written.
select tests.authenticate_as('ck_player');
create temporary table ck_run as select * from public.start_run('c4000000-0000-4000-a000-000000000001');
select is(pg_temp.outcome(format($$select public.check_in('%s', 55, 37, 1e7)$$, (select id from ck_run))), 'PT400 invalid_position',
  'accuracy_m of 1e7 is invalid_position, not a numeric overflow');
select is(pg_temp.outcome(format($$select public.check_in('%s', 'NaN', 37, 5)$$, (select id from ck_run))), 'PT400 invalid_position',
  'a NaN latitude is invalid_position');
select is(pg_temp.outcome(format($$select public.check_in('%s', 55, 'Infinity', 5)$$, (select id from ck_run))), 'PT400 invalid_position',
  'an infinite longitude is invalid_position');
select is(pg_temp.outcome(format($$select public.check_in('%s', 55, 37, 'NaN')$$, (select id from ck_run))), 'PT400 invalid_position',
  'a NaN accuracy is invalid_position');
select is(pg_temp.outcome(format($$select public.check_in('%s', 55, 37, 'Infinity')$$, (select id from ck_run))), 'PT400 invalid_position',
  'an infinite accuracy is invalid_position');
select is(pg_temp.outcome(format($$select public.check_in('%s', 55, 37, -1)$$, (select id from ck_run))), 'PT400 invalid_position',
  'a negative accuracy is invalid_position');
select is(pg_temp.outcome(format($$select public.check_in('%s', null, 37, 5)$$, (select id from ck_run))), 'PT400 invalid_position',
  'a missing latitude is invalid_position');
select is(pg_temp.outcome(format($$select public.check_in('%s', 55, 37, 5, repeat('a', 100000))$$, (select id from ck_run))),
  'PT400 invalid_parameter', 'a 100,000-character answer is invalid_parameter');
select is((select count(*)::int from public.run_checkins where run_id = (select id from ck_run)), 0, 'refused calls write no attempt');

-- 2. Server stamps and stored positions.
create temporary table ck_first as select public.check_in((select id from ck_run), 55.0001, 37, 12.5) as result;
select is((select (result ->> 'accepted')::boolean from ck_first), true, 'a check-in at the first point is accepted');
select results_eq($$select lat, lng, accuracy_m from public.run_checkins where run_id = (select id from ck_run)$$,
  $$values (55.0001::double precision, 37::double precision, 12.5::numeric)$$, 'the attempt keeps the reported position and accuracy');
select ok((select attempted_at between now() and clock_timestamp() from public.run_checkins where run_id = (select id from ck_run)),
  'the attempt is stamped with the server''s clock');
select throws_ok(format($$insert into public.run_checkins (run_id, point_id, position, accepted, distance_m, accuracy_m, attempted_at)
  select '%s', id, 2, true, 0, 1, now() - interval '1 day' from public.quest_points where quest_id = 'c4000000-0000-4000-a000-000000000001' and position = 2$$,
  (select id from ck_run)), '42501', null, 'a player cannot write (or back-date) an attempt');

-- 3. Plausibility: five kilometres on foot in no time is refused, with the wait that makes it plausible.
create temporary table ck_jump as select public.check_in((select id from ck_run), 55.045, 37, 5, 'oak') as result;
select is((select result ->> 'refusal' from ck_jump), 'implausible_travel', 'a 5 km jump on foot a moment later is refused');
select ok((select (result ->> 'retry_after_s')::int between 870 and 885 from ck_jump),
  'the refusal says when the move becomes plausible: (4993 m − 117.5 m of GPS tolerance) at 20 km/h ≈ 878 s');
select is((select next_position from public.quest_runs where id = (select id from ck_run)), 2, 'the run does not advance');
select is((select refusal from public.run_checkins where run_id = (select id from ck_run) order by id desc limit 1), 'implausible_travel',
  'the implausible attempt is kept');
select tests.clear_authentication();
select pg_temp.walk((select id from ck_run), 20);
select tests.authenticate_as('ck_player');
select is((select (public.check_in((select id from ck_run), 55.045, 37, 5, 'oak') ->> 'accepted')::boolean), true,
  'twenty minutes later the same move is plausible and accepted');
create temporary table ck_done as select public.check_in((select id from ck_run), 55.0452, 37, 5) as result;
select is((select (result ->> 'reward_credits')::int from ck_done), 70, 'an honest run is paid at once');

-- 4. Repeated implausible attempts flag the run.
select tests.authenticate_as('ck_cheat');
create temporary table cheat_run as select * from public.start_run('c4000000-0000-4000-a000-000000000001');
select public.check_in((select id from cheat_run), 55, 37, 5);
select public.check_in((select id from cheat_run), 55.045, 37, 5, 'oak') from generate_series(1, 2);
select is((select review_state from public.quest_runs where id = (select id from cheat_run)), null, 'two implausible attempts do not flag yet');
select is((select public.check_in((select id from cheat_run), 55.045, 37, 5, 'oak') ->> 'review_state'), 'flagged',
  'the third implausible attempt flags the run for moderators');
select tests.clear_authentication();
select pg_temp.walk((select id from cheat_run), 60);
select tests.authenticate_as('ck_cheat');
select public.check_in((select id from cheat_run), 55.045, 37, 5, 'oak');
create temporary table cheat_done as select public.check_in((select id from cheat_run), 55.0452, 37, 5) as result;
select is((select (result ->> 'finished')::boolean from cheat_done), true, 'a flagged run can still be finished');
select is((select (result ->> 'reward_credits')::int from cheat_done), 0, 'a flagged run pays nothing');
select is((select balance from public.wallets), 0, 'the wallet is untouched');
select is_empty($$select 1 from public.quest_leaderboard where user_id = auth.uid()$$, 'a flagged run ranks nowhere');
select throws_ok($$select public.flagged_runs()$$, 'PT403', 'forbidden', 'a player cannot read the moderators'' queue');
select throws_ok(format($$select public.review_run('%s', true, 'looks fine to me')$$, (select id from cheat_run)), 'PT403', 'forbidden',
  'a player cannot clear their own flag');

-- 5. The moderators' queue and decisions.
select tests.authenticate_as('ck_mod');
create temporary table ck_queue as select * from jsonb_to_recordset(public.flagged_runs() -> 'items') as f (run_id uuid, quest_id uuid, player jsonb, attempts jsonb)
where quest_id = 'c4000000-0000-4000-a000-000000000001';
select is((select count(*)::int from ck_queue), 1, 'a moderator (runs.review) sees the flagged run in the queue');
select is((select (player ->> 'id')::uuid from ck_queue), tests.get_user_id('ck_cheat'), 'with the player''s public fields');
select is((select jsonb_array_length(attempts) from ck_queue), 6, 'and every attempt with its position, time and refusal');
select ok((select player ? 'username' and player ? 'display_name' and player ? 'avatar_path' and not player ? 'bio' from ck_queue),
  'the player is shown by id, username, display name and avatar only');
select throws_ok(format($$select public.review_run('%s', true, '  ')$$, (select id from cheat_run)), 'PT400', 'reason_required',
  'a decision needs a reason');
select lives_ok(format($$select public.review_run('%s', true, 'GPS jumped in the tunnel, the route is genuine')$$, (select id from cheat_run)),
  'a moderator clears the run');
select throws_ok(format($$select public.review_run('%s', false, 'second thoughts')$$, (select id from cheat_run)), 'PT409', 'run_not_flagged',
  'a decided run cannot be decided again');
select tests.clear_authentication();
select is((select balance from public.wallets where user_id = tests.get_user_id('ck_cheat')), 70, 'clearing a finished run pays its reward');
select isnt_empty(format($$select 1 from public.quest_leaderboard where user_id = '%s'$$, tests.get_user_id('ck_cheat')),
  'and puts it on the leaderboard');
select is((select count(*)::int from public.audit_log where action = 'run.clear' and target_id = (select id from cheat_run)::text), 1,
  'the decision is audited');
select is((select payload ->> 'decision' from public.notifications where user_id = tests.get_user_id('ck_cheat') and kind = 'run_reviewed'), 'cleared',
  'the player is notified (run_reviewed)');

-- 6. A moderator's own flagged run: another staff member decides; voiding ends it without pay.
select tests.authenticate_as('ck_mod');
create temporary table mod_run as select * from public.start_run('c4000000-0000-4000-a000-000000000001');
select public.check_in((select id from mod_run), 55, 37, 5);
select public.check_in((select id from mod_run), 55.045, 37, 5, 'oak') from generate_series(1, 3);
select throws_ok(format($$select public.review_run('%s', true, 'it was me, honest')$$, (select id from mod_run)), 'PT403', 'cannot_review_own_run',
  'nobody reviews their own run');
select tests.authenticate_as('ck_admin');
select lives_ok(format($$select public.review_run('%s', false, 'Teleported three times')$$, (select id from mod_run)), 'an admin voids it');
select tests.clear_authentication();
select results_eq(format($$select status::text, review_state::text, reward_credits from public.quest_runs where id = '%s'$$, (select id from mod_run)),
  $$values ('abandoned', 'voided', 0)$$, 'a voided run in progress ends, unpaid');
select ok(not private.has_completed_quest(tests.get_user_id('ck_mod'), 'c4000000-0000-4000-a000-000000000001'), 'a voided run is no completion');
select is((select count(*)::int from public.audit_log where action = 'run.void' and target_id = (select id from mod_run)::text), 1, 'voiding is audited');

-- 7. The one judge, called per attempt with the attempt's own time (as an offline sync will).
select tests.authenticate_as('ck_player');
create temporary table judge_run as select * from public.start_run('c4000000-0000-4000-a000-000000000001');
select tests.clear_authentication();
select is(pg_temp.outcome(format($$select private.judge_attempt('%s', null, 55, 37, 5, null, null, now() + interval '1 hour')$$,
  (select id from judge_run))), 'PT400 invalid_attempt_time', 'an attempt time in the future is refused');
select is(pg_temp.outcome(format($$select private.judge_attempt('%s', null, 55, 37, 5, null, null, now() - interval '1 day')$$,
  (select id from judge_run))), 'PT400 invalid_attempt_time', 'an attempt time before the run started is refused');
select is(pg_temp.outcome(format($$select private.judge_attempt('%s', '%s', 55, 37, 5, null, null, null)$$, (select id from judge_run),
  (select id from public.quest_points where quest_id = 'c4000000-0000-4000-a000-000000000001' and position = 3))),
  'PT409 point_not_current', 'an attempt at another point than the current one is refused');
select is((select (private.judge_attempt((select id from judge_run), null, 55, 37, 5, null, null, clock_timestamp() - interval '1 second') ->> 'accepted')::boolean),
  true, 'an attempt with its own (past, plausible) time is judged like an online one');
select is(pg_temp.outcome(format($$select private.judge_attempt('%s', null, 55.0452, 37, 5, null, null, now() - interval '1 minute')$$,
  (select id from judge_run))), 'PT400 invalid_attempt_time', 'an attempt time before the previous attempt is refused');

select * from finish();
rollback;
