-- Playing: runs start only with access, check-ins are judged on the server (distance + accuracy
-- allowance, answer hash, QR hash), every attempt is kept, hints cost score, the first completion
-- pays the reward once, leaderboards keep the best result.
begin;
select plan(33);

select tests.create_user('p_author');
select tests.create_user('p_player');
select tests.create_user('p_other');
select tests.create_user('p_banned');
insert into public.quests (id, author_id, title, slug, city, status, access, reward_credits, published_at) values
  ('20000000-0000-4000-a000-000000000001', tests.get_user_id('p_author'), 'Open route', 'open-route', 'Kazan', 'published', 'open', 30, now()),
  ('20000000-0000-4000-a000-000000000002', tests.get_user_id('p_author'), 'Locked route', 'locked-route', 'Kazan', 'published', 'locked', 0, now()),
  ('20000000-0000-4000-a000-000000000003', tests.get_user_id('p_author'), 'Draft route', 'draft-route', 'Kazan', 'draft', 'open', 0, null);
insert into public.quest_points (id, quest_id, position, title, location, radius_m, task_type, hint_cost) values
  ('21000000-0000-4000-a000-000000000001', '20000000-0000-4000-a000-000000000001', 1, 'Gate', extensions.st_makepoint(49.1064, 55.7986)::extensions.geography, 30, 'gps', 0),
  ('21000000-0000-4000-a000-000000000002', '20000000-0000-4000-a000-000000000001', 2, 'Riddle', extensions.st_makepoint(49.1100, 55.7990)::extensions.geography, 30, 'answer', 25),
  ('21000000-0000-4000-a000-000000000003', '20000000-0000-4000-a000-000000000001', 3, 'Code', extensions.st_makepoint(49.1150, 55.8000)::extensions.geography, 30, 'qr', 0),
  ('21000000-0000-4000-a000-000000000004', '20000000-0000-4000-a000-000000000002', 1, 'Secret', extensions.st_makepoint(49.1, 55.8)::extensions.geography, 30, 'gps', 0);
insert into private.point_hints (point_id, hint) values ('21000000-0000-4000-a000-000000000002', 'It rings');
insert into private.point_secrets (point_id, answer_hash, qr_hash) values
  ('21000000-0000-4000-a000-000000000002', extensions.crypt('bell', extensions.gen_salt('bf', 4)), null),
  ('21000000-0000-4000-a000-000000000003', null, extensions.crypt('QC-KAZAN-3', extensions.gen_salt('bf', 4)));
insert into public.user_bans (user_id, reason) values (tests.get_user_id('p_banned'), 'cheating');
-- Walking takes time: moves a run's attempts ten minutes back, so that the next point, a few hundred
-- metres on, is a plausible walk (check-ins are judged for travel speed).
create function pg_temp.walk(run uuid) returns void language sql security definer as $$
  update public.run_checkins set attempted_at = attempted_at - interval '10 minutes' where run_id = run;
$$;
grant execute on function pg_temp.walk(uuid) to authenticated;

select tests.authenticate_as('p_player');
select throws_ok($$select public.start_run('20000000-0000-4000-a000-000000000002')$$, 'PT403', 'no_access', 'a locked quest cannot be started without access');
select throws_ok($$select public.start_run('20000000-0000-4000-a000-000000000003')$$, 'PT404', 'quest_not_found', 'someone else''s draft cannot be started');
select lives_ok($$select public.start_run('20000000-0000-4000-a000-000000000001')$$, 'a player starts an open quest');
create temporary table run as select * from public.quest_runs where user_id = auth.uid();
select is((select count(*)::int from run), 1, 'the run is stored');
select is((select (public.start_run('20000000-0000-4000-a000-000000000001')).id), (select id from run), 'starting again resumes the run in progress');

-- Point 1 (gps): 100 m away with 10 m accuracy is too far; 35 m away with 10 m accuracy is fine
select is((select public.check_in((select id from run), 55.7986, 49.1080, 10) ->> 'refusal'), 'too_far', 'a check-in 100 m away is refused as too far');
select is((select (public.check_in((select id from run), 55.7986 + 0.000315, 49.1064, 10) ->> 'accepted')::boolean), true,
  'a check-in 35 m away with 10 m accuracy is within radius 30 + allowance');
select throws_ok($$select public.check_in((select id from run), 95, 0, 5)$$, 'PT400', 'invalid_position', 'an impossible latitude is refused');

-- Point 2 (answer) with a hint
select pg_temp.walk((select id from run));
select is((select public.take_hint((select id from run)) ->> 'hint'), 'It rings', 'a player takes the hint of the next point');
select is((select (public.take_hint((select id from run)) ->> 'cost')::int), 0, 'taking the same hint again costs nothing more');
select is((select public.check_in((select id from run), 55.7990, 49.1100, 5, 'drum') ->> 'refusal'), 'wrong_answer', 'a wrong answer is refused');
select is((select (public.check_in((select id from run), 55.7990, 49.1100, 5, '  BELL ') ->> 'accepted')::boolean), true,
  'the answer matches case- and space-insensitively');

-- Point 3 (qr)
select pg_temp.walk((select id from run));
select is((select public.check_in((select id from run), 55.8000, 49.1150, 5, null, 'QC-KAZAN-X') ->> 'refusal'), 'wrong_qr', 'a wrong QR payload is refused');
create temporary table finish as select public.check_in((select id from run), 55.8000, 49.1150, 5, null, 'QC-KAZAN-3') as result;
select is((select (result ->> 'finished')::boolean from finish), true, 'the last point finishes the run');
select is((select (result ->> 'score')::int from finish), 275, 'score = 3 × 100 minus the 25-point hint');
select is((select (result ->> 'reward_credits')::int from finish), 30, 'the first completion pays the quest reward');
select results_eq($$select status::text, hints_used, finished_at is not null from public.quest_runs where id = (select id from run)$$,
  $$values ('completed', 1, true)$$, 'the run is recorded as completed with its hint count');
select is((select count(*)::int from public.run_checkins where run_id = (select id from run)), 6, 'every check-in attempt is kept, refused ones included');
select is((select balance from public.wallets), 30, 'the reward reached the wallet');
select throws_ok($$select public.check_in((select id from run), 55.8, 49.115, 5)$$, 'PT409', 'run_not_in_progress', 'a finished run takes no more check-ins');

-- A second completion pays nothing and the leaderboard keeps the best
select lives_ok($$select public.start_run('20000000-0000-4000-a000-000000000001')$$, 'a player plays the quest again');
create temporary table run2 as select * from public.quest_runs where user_id = auth.uid() and status = 'in_progress';
select public.check_in((select id from run2), 55.7986, 49.1064, 5);
select pg_temp.walk((select id from run2));
select public.check_in((select id from run2), 55.7990, 49.1100, 5, 'bell');
select pg_temp.walk((select id from run2));
select is((select (public.check_in((select id from run2), 55.8000, 49.1150, 5, null, 'QC-KAZAN-3') ->> 'reward_credits')::int), 0,
  'a second completion pays no reward');
select is((select best_score from public.quest_leaderboard where quest_id = '20000000-0000-4000-a000-000000000001'), 300,
  'the quest leaderboard keeps the better score');
select results_eq($$select total_score, quests_completed from public.city_leaderboard where city = 'Kazan' and user_id = auth.uid()$$,
  $$values (300, 1)$$, 'the city leaderboard counts the best result once per quest');

-- History and privacy
select is((select count(*)::int from public.quest_runs where status = 'completed'), 2, 'a player lists their runs by status');
select tests.authenticate_as('p_other');
select is_empty($$select 1 from public.quest_runs$$, 'another user does not see someone''s runs');
select is_empty($$select 1 from public.run_checkins$$, 'nor their check-ins');
select isnt_empty($$select 1 from public.quest_leaderboard$$, 'leaderboards are readable by signed-in users');
select throws_ok($$select public.check_in((select id from run), 55.8, 49.115, 5)$$, 'PT404', 'run_not_found', 'nobody checks in on someone else''s run');
select throws_ok($$insert into public.quest_runs (quest_id, user_id, points_total) values ('20000000-0000-4000-a000-000000000001', auth.uid(), 1)$$,
  '42501', null, 'runs cannot be written directly');
select throws_ok($$update public.quest_leaderboard set best_score = 100000$$, '42501', null, 'leaderboards cannot be written directly');
select tests.authenticate_as('p_banned');
select throws_ok($$select public.start_run('20000000-0000-4000-a000-000000000001')$$, 'PT403', 'forbidden', 'a banned user cannot play');
select tests.authenticate_as_anon();
select throws_ok($$select * from public.quest_leaderboard$$, '42501', null, 'anon cannot read leaderboards');

select * from finish();
rollback;
