-- Team runs (issue 14): one run shared by the members' phones, judged by play's one judge. A
-- check-in by any member counts for the team, a point counts once, hints are the team's, each
-- member is paid the quest's reward once per quest (alone or in any team), the author in a team
-- makes it practice, a member who leaves the team leaves the run; team runs rank in events, not on
-- the personal leaderboards.
begin;
select plan(45);

select tests.create_user(u) from unnest(array['tr_a', 'tr_b', 'tr_c', 'tr_other', 'tr_author', 'tr_poor']) u;
insert into public.quests (id, author_id, title, slug, city, status, access, reward_credits, price_credits, published_at) values
  ('7a000000-0000-4000-a000-000000000001', tests.get_user_id('tr_author'), 'Team walk', 'tr-walk', 'Teamtown', 'published', 'open', 20, 0, now()),
  ('7a000000-0000-4000-a000-000000000002', tests.get_user_id('tr_author'), 'Locked walk', 'tr-locked', 'Teamtown', 'published', 'locked', 20, 50, now());
insert into public.quest_points (id, quest_id, position, title, lat, lng, radius_m, task_type, hint_cost) values
  ('7b000000-0000-4000-a000-000000000001', '7a000000-0000-4000-a000-000000000001', 1, 'Gate', 56.0000, 40, 30, 'gps', 0),
  ('7b000000-0000-4000-a000-000000000002', '7a000000-0000-4000-a000-000000000001', 2, 'Well', 56.0002, 40, 30, 'gps', 0),
  ('7b000000-0000-4000-a000-000000000003', '7a000000-0000-4000-a000-000000000001', 3, 'Tower', 56.0004, 40, 30, 'gps', 30),
  ('7b000000-0000-4000-a000-000000000004', '7a000000-0000-4000-a000-000000000002', 1, 'Door', 56.0000, 40, 30, 'gps', 0);
insert into private.point_hints (point_id, hint) values ('7b000000-0000-4000-a000-000000000003', 'TEAM-HINT: behind the clock');

-- Teams built as the team functions leave them (members, chat) by the functions themselves.
create function pg_temp.team_of(owner text, name text, members text[]) returns uuid language plpgsql as $$
declare
  created public.teams;
  member text;
begin
  perform tests.authenticate_as(owner);
  created := public.create_team(name, 5);
  foreach member in array members loop
    perform tests.authenticate_as(member);
    perform public.join_team(created.join_code);
  end loop;
  perform tests.clear_authentication();
  return created.id;
end;
$$;
create temporary table teams (name text primary key, id uuid) on commit drop;
grant select on teams to authenticated;
insert into teams values ('red', pg_temp.team_of('tr_a', 'Red', array['tr_b', 'tr_c']));
insert into teams values ('blue', pg_temp.team_of('tr_other', 'Blue', array['tr_a']));
insert into teams values ('authors', pg_temp.team_of('tr_author', 'Authors', array['tr_b']));
insert into teams values ('poor', pg_temp.team_of('tr_poor', 'Poor', array[]::text[]));
create function pg_temp.team(name text) returns uuid language sql as $$ select id from teams where teams.name = team.name $$;
grant execute on function pg_temp.team(text) to authenticated;

-- Starting.
select tests.authenticate_as('tr_b');
create temporary table run as select * from public.start_team_run(pg_temp.team('red'), '7a000000-0000-4000-a000-000000000001');
grant select on run to authenticated;
select results_eq($$select team_id, user_id, started_by, practice, status::text from run$$,
  format($$values ('%s'::uuid, null::uuid, '%s'::uuid, false, 'in_progress')$$, pg_temp.team('red'), tests.get_user_id('tr_b')),
  'a member starts the team''s run: the team''s, no single player, not practice');
select is((select count(*)::int from public.team_run_members where run_id = (select id from run)), 3, 'every member plays it');
select is((public.start_team_run(pg_temp.team('red'), '7a000000-0000-4000-a000-000000000001')).id, (select id from run),
  'starting again resumes it');
select throws_ok(format($$select public.start_team_run('%s', '7a000000-0000-4000-a000-000000000002')$$, pg_temp.team('red')),
  'PT409', 'team_busy', 'a team plays one run at a time');
select throws_ok(format($$select public.start_team_run('%s', '7a000000-0000-4000-a000-000000000001')$$, pg_temp.team('blue')),
  'PT404', 'team_not_found', 'nobody starts a run for a team they are not in');
select tests.authenticate_as('tr_poor');
select throws_ok(format($$select public.start_team_run('%s', '7a000000-0000-4000-a000-000000000002')$$, pg_temp.team('poor')),
  'PT403', 'member_no_access', 'a locked quest needs access for every member');

-- Checking in from several phones.
select tests.authenticate_as('tr_other');
select throws_ok(format($$select public.check_in('%s', 56, 40, 5)$$, (select id from run)), 'PT404', 'run_not_found',
  'another team''s member cannot check in for the team');
select tests.authenticate_as('tr_b');
select is((public.check_in((select id from run), 56, 40, 5) ->> 'accepted')::boolean, true, 'one member checks in at point 1');
select tests.authenticate_as('tr_c');
select throws_ok(format($$select public.check_in('%s', 56, 40, 5, null, null, '7b000000-0000-4000-a000-000000000001')$$, (select id from run)),
  'PT409', 'point_already_checked_in', 'a teammate at the same point: it counts once');
select results_eq($$select (r ->> 'accepted')::boolean, (r ->> 'position')::int, (r ->> 'score')::int, (r ->> 'points_done')::int
                    from public.check_in((select id from run), 56.0002, 40, 5) r$$,
  $$values (true, 2, 200, 2)$$, 'another member checks in at point 2 for the team');
select is((select array_agg(attempted_by order by id) from public.run_checkins where run_id = (select id from run)),
  array[tests.get_user_id('tr_b'), tests.get_user_id('tr_c')], 'each attempt names the member whose phone made it');

-- Hints are the team's.
select tests.authenticate_as('tr_a');
select is((public.take_hint((select id from run)) ->> 'cost')::int, 30, 'a member takes the hint of point 3: it costs 30');
select tests.authenticate_as('tr_b');
select results_eq($$select r ->> 'hint', (r ->> 'cost')::int from public.take_hint((select id from run)) r$$,
  $$values ('TEAM-HINT: behind the clock', 0)$$, 'a teammate reads the same hint for free');
select results_eq($$select (s #>> '{run,hints_used}')::int, jsonb_array_length(s -> 'progress'), s #>> '{team,name}', (s #>> '{point,hint_taken}')::boolean
                    from public.play_state((select id from run)) s$$,
  $$values (1, 2, 'Red', true)$$, 'every member''s play screen shows the team''s progress and hints');

-- Finishing pays each member once.
select tests.authenticate_as('tr_a');
create temporary table finish as select public.check_in((select id from run), 56.0004, 40, 5) as r;
select results_eq($$select (r ->> 'finished')::boolean, (r ->> 'score')::int, (r ->> 'reward_credits')::int from finish$$,
  $$values (true, 270, 60)$$, 'the last point completes the run: 3 × 100 − 30, and 3 × 20 credits paid');
select tests.clear_authentication();
select is((select array_agg(user_id order by user_id) from public.credit_ledger where reference_id = (select id from run) and reason = 'quest_reward'),
  (select array_agg(u order by u) from unnest(array[tests.get_user_id('tr_a'), tests.get_user_id('tr_b'), tests.get_user_id('tr_c')]) u),
  'each member got the reward once');
select is((select count(*)::int from public.quest_leaderboard where quest_id = '7a000000-0000-4000-a000-000000000001'), 0,
  'team runs do not enter the personal leaderboards');
select tests.authenticate_as('tr_c');
select results_eq($$select (r ->> 'my_reward_credits')::int, r #>> '{team,name}' from public.run_result((select id from run)) r$$,
  $$values (20, 'Red')$$, 'each member''s results screen says what the run paid them');
select is((select count(*)::int from jsonb_array_elements(public.my_runs() -> 'items') i where (i ->> 'id')::uuid = (select id from run)), 1,
  'the team run is in each member''s history');
select results_eq($$select (i ->> 'reward_credits')::int, (i ->> 'team_id')::uuid from jsonb_array_elements(public.my_runs() -> 'items') i
                    where (i ->> 'id')::uuid = (select id from run)$$,
  $$select 20, pg_temp.team('red')$$, 'with what it paid them and its team');
select is((select count(*)::int from public.run_checkins where run_id = (select id from run)), 3, 'members read the team''s attempts');
select tests.authenticate_as('tr_other');
select is_empty($$select 1 from public.quest_runs where id = (select id from run)$$, 'others do not read the team''s run');
select is_empty($$select 1 from public.run_checkins where run_id = (select id from run)$$, 'nor its attempts');
select is_empty($$select 1 from public.team_run_members where run_id = (select id from run)$$, 'nor who played it');
select throws_ok(format($$select public.play_state('%s')$$, (select id from run)), 'PT404', 'run_not_found', 'nor its play screen');

-- A member in two teams is paid once per quest.
select tests.authenticate_as('tr_other');
create temporary table blue_run as select * from public.start_team_run(pg_temp.team('blue'), '7a000000-0000-4000-a000-000000000001');
grant select on blue_run to authenticated;
select public.check_in((select id from blue_run), 56, 40, 5);
select public.check_in((select id from blue_run), 56.0002, 40, 5);
select tests.authenticate_as('tr_a');
select is((public.check_in((select id from blue_run), 56.0004, 40, 5) ->> 'reward_credits')::int, 20,
  'the second team''s completion pays only the member not yet paid');
select tests.clear_authentication();
select is((select count(*)::int from public.credit_ledger where user_id = tests.get_user_id('tr_a') and reason = 'quest_reward'), 1,
  'a member in two teams playing the same quest is paid once');
select is((select reward_credits from public.team_run_members where run_id = (select id from blue_run) and user_id = tests.get_user_id('tr_a')), 0,
  'and the second run records that it paid them nothing');
select ok(private.has_completed_quest(tests.get_user_id('tr_c'), '7a000000-0000-4000-a000-000000000001'),
  'completing a quest in a team counts as completing it (merch rules, refunds)');

-- The author in a team: practice, nobody paid.
select tests.authenticate_as('tr_author');
create temporary table author_run as select * from public.start_team_run(pg_temp.team('authors'), '7a000000-0000-4000-a000-000000000001');
grant select on author_run to authenticated;
select is((select practice from author_run), true, 'a team with the quest''s author plays for practice');
select public.check_in((select id from author_run), 56, 40, 5);
select public.check_in((select id from author_run), 56.0002, 40, 5);
select is((public.check_in((select id from author_run), 56.0004, 40, 5) ->> 'reward_credits')::int, 0, 'and its completion pays nobody');

-- Leaving the team leaves the run; only the owner abandons it.
select tests.authenticate_as('tr_a');
create temporary table run2 as select * from public.start_team_run(pg_temp.team('red'), '7a000000-0000-4000-a000-000000000001');
grant select on run2 to authenticated;
select tests.authenticate_as('tr_c');
select throws_ok(format($$select public.disband_team('%s')$$, pg_temp.team('red')), 'PT403', 'not_team_owner', 'a member does not disband');
select lives_ok(format($$select public.leave_team('%s')$$, pg_temp.team('red')), 'a member leaves the team during a run');
select throws_ok(format($$select public.check_in('%s', 56, 40, 5)$$, (select id from run2)), 'PT404', 'run_not_found',
  'and can no longer check in for it');
select is((select count(*)::int from public.team_run_members where run_id = (select id from run2)), 0, 'nor read who plays it');
select tests.authenticate_as('tr_b');
select throws_ok(format($$select public.abandon_run('%s')$$, (select id from run2)), 'PT403', 'not_team_owner', 'a member does not abandon the team''s run');
select tests.authenticate_as('tr_a');
select throws_ok(format($$select public.disband_team('%s')$$, pg_temp.team('red')), 'PT409', 'team_busy', 'a playing team cannot be disbanded');
select is((public.abandon_run((select id from run2))).status::text, 'abandoned', 'the owner abandons it');
select lives_ok(format($$select public.disband_team('%s')$$, pg_temp.team('red')), 'then disbands the team');
select tests.clear_authentication();
select is((select status::text from public.quest_runs where id = (select id from run)), 'completed', 'its finished run stays');

-- The judge refuses attempts in the name of someone who does not play the run.
select tests.authenticate_as('tr_author');
create temporary table forge_run as select * from public.start_team_run(pg_temp.team('authors'), '7a000000-0000-4000-a000-000000000001');
select tests.clear_authentication();
select throws_ok(format($$select private.judge_attempt('%s', null, 56, 40, 5, null, null, null, '%s')$$,
                        (select id from forge_run), tests.get_user_id('tr_other')),
  'PT404', 'run_not_found', 'an attempt in the name of a non-player is refused (judge_attempt''s attempted_by)');
select throws_ok(format($$select private.judge_attempt('%s', null, 56, 40, 5, null, null, null, '%s')$$,
                        (select id from run2), tests.get_user_id('tr_a')),
  'PT409', 'run_not_in_progress', 'and any attempt on a run that is over');

-- The tables are written by the functions only.
select tests.authenticate_as('tr_b');
select throws_ok(format($$insert into public.team_run_members (run_id, user_id) values ('%s', auth.uid())$$, (select id from forge_run)),
  '42501', null, 'nobody adds themselves to a team run');
select throws_ok(format($$update public.quest_runs set score = 9999 where id = '%s'$$, (select id from forge_run)),
  '42501', null, 'nor changes its score');
select throws_ok($$select * from private.run_points$$, '42501', null, 'the opened points are not readable as a table');

select * from finish();
rollback;
