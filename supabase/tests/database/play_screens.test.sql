-- One call per screen (issue 12): play, results, quest and city leaderboards. Each answers the
-- caller's own run and shows other people by their public fields only; no screen carries a hint's
-- text; leaderboard pages are keyset-paged with ranks that continue across pages.
begin;
select plan(23);

select tests.create_user('scr_fast');
select tests.create_user('scr_slow');
select tests.create_user('scr_other');
insert into public.quests (id, title, slug, city, status, reward_credits, published_at) values
  ('5e000000-0000-4000-a000-000000000001', 'Screen walk', 'scr-walk', 'Screenburg', 'published', 15, now()),
  ('5e000000-0000-4000-a000-000000000002', 'Screen draft', 'scr-draft', 'Screenburg', 'draft', 0, null);
-- Three points twenty metres apart (a plausible walk at any pace); point 2 has a hint.
insert into public.quest_points (id, quest_id, position, title, description, location, radius_m, hint_cost) values
  ('5f000000-0000-4000-a000-000000000001', '5e000000-0000-4000-a000-000000000001', 1, 'Gate', 'Start here', extensions.st_makepoint(60, 60)::extensions.geography, 30, 0),
  ('5f000000-0000-4000-a000-000000000002', '5e000000-0000-4000-a000-000000000001', 2, 'Well', 'Look down', extensions.st_makepoint(60, 60.0002)::extensions.geography, 30, 30),
  ('5f000000-0000-4000-a000-000000000003', '5e000000-0000-4000-a000-000000000001', 3, 'Tower', 'Look up', extensions.st_makepoint(60, 60.0004)::extensions.geography, 30, 0),
  ('5f000000-0000-4000-a000-000000000004', '5e000000-0000-4000-a000-000000000002', 1, 'Draft', '', extensions.st_makepoint(60, 60)::extensions.geography, 30, 0);
insert into private.point_hints (point_id, hint) values ('5f000000-0000-4000-a000-000000000002', 'SCREEN-SECRET: in the bucket');

-- Play screen
select tests.authenticate_as('scr_fast');
create temporary table fast_run as select * from public.start_run('5e000000-0000-4000-a000-000000000001');
create temporary table state1 as select public.play_state((select id from fast_run)) as s;
select is((select s #>> '{point,title}' from state1), 'Gate', 'the play screen shows the current point');
select is((select (s #>> '{point,lat}')::numeric from state1), 60::numeric, 'with its location as lat/lng numbers');
select is((select jsonb_array_length(s -> 'progress') from state1), 0, 'and no progress yet');
select public.check_in((select id from fast_run), 60, 60, 5);
create temporary table state2 as select public.play_state((select id from fast_run)) as s;
select results_eq($$select (s #>> '{point,position}')::int, (s #>> '{point,has_hint}')::boolean, (s #>> '{point,hint_cost}')::int,
                           (s #>> '{point,hint_taken}')::boolean from state2$$,
  $$values (2, true, 30, false)$$, 'after a check-in it shows the next point, whether it has a hint and its cost');
select is((select jsonb_array_length(s -> 'progress') from state2), 1, 'and the point passed');
select ok((select s::text not like '%SCREEN-SECRET%' from state2), 'the play screen never carries the hint text');
select public.take_hint((select id from fast_run));
select is((select (public.play_state((select id from fast_run)) #>> '{point,hint_taken}')::boolean), true, 'a taken hint is marked');
select ok((select public.play_state((select id from fast_run))::text not like '%SCREEN-SECRET%'), 'but its text stays with take_hint');
select public.check_in((select id from fast_run), 60.0002, 60, 5);
select public.check_in((select id from fast_run), 60.0004, 60, 5);

-- Results screen
create temporary table result1 as select public.run_result((select id from fast_run)) as r;
select results_eq($$select (r #>> '{run,status}'), (r #>> '{run,score}')::int, (r #>> '{run,reward_credits}')::int from result1$$,
  $$values ('completed', 270, 15)$$, 'the results screen shows status, score and reward');
select is((select (r #>> '{best,rank}')::int from result1), 1, 'and the rank of my best on the quest');
select is((select (r #>> '{city,rank}')::int from result1), 1, 'and my rank in the city');
select ok((select r #>> '{run,duration_s}' is not null from result1), 'and the time');

-- A slower second player
select tests.authenticate_as('scr_slow');
create temporary table slow_run as select * from public.start_run('5e000000-0000-4000-a000-000000000001');
select tests.clear_authentication();
update public.quest_runs set started_at = started_at - interval '10 minutes' where id = (select id from slow_run);  -- a slow start
select tests.authenticate_as('scr_slow');
select public.check_in((select id from slow_run), 60, 60, 5);
select public.take_hint((select id from slow_run));
select public.check_in((select id from slow_run), 60.0002, 60, 5);
select public.check_in((select id from slow_run), 60.0004, 60, 5);

-- Leaderboard screens
create temporary table ranking as select public.quest_ranking('5e000000-0000-4000-a000-000000000001', null, 50) as r;
select is((select array(select e #>> '{player,id}' from jsonb_array_elements(r -> 'items') e) from ranking),
  array[tests.get_user_id('scr_fast')::text, tests.get_user_id('scr_slow')::text], 'the quest leaderboard ranks by score, then time');
select is((select (r #>> '{me,rank}')::int from ranking), 2, 'and says where I stand');
select is((select (r ->> 'players')::int from ranking), 2, 'and how many players there are');
select ok((select bool_and(e -> 'player' ?& array['id', 'username', 'display_name', 'avatar_path'] and not e -> 'player' ? 'bio')
           from ranking, jsonb_array_elements(r -> 'items') e), 'players are shown by their public fields only');
create temporary table ranking_p1 as select public.quest_ranking('5e000000-0000-4000-a000-000000000001', null, 1) as r;
create temporary table ranking_p2 as select public.quest_ranking('5e000000-0000-4000-a000-000000000001', (select r -> 'next_cursor' from ranking_p1), 1) as r;
select results_eq($$select (r #>> '{items,0,rank}')::int, r #>> '{items,0,player,id}' from ranking_p2$$,
  format($$values (2, '%s')$$, tests.get_user_id('scr_slow')), 'the second page continues with rank 2');
create temporary table city as select public.city_ranking('Screenburg', null, 50) as r;
select is((select jsonb_array_length(r -> 'items') from city), 2, 'the city leaderboard lists both players');
select is((select (r #>> '{me,rank}')::int from city), 2, 'with my rank');
select throws_ok($$select public.quest_ranking('5e000000-0000-4000-a000-000000000001', '{"list": "quest_ranking", "key": "(x,1)", "id": "5e000000-0000-4000-a000-000000000001"}', 10)$$, 'PT400', 'invalid_cursor',
  'a bad leaderboard cursor is invalid_cursor');

-- Someone else's run, a hidden quest
select tests.authenticate_as('scr_other');
select throws_ok(format($$select public.play_state('%s')$$, (select id from fast_run)), 'PT404', 'run_not_found', 'nobody sees someone else''s play screen');
select throws_ok(format($$select public.run_result('%s')$$, (select id from fast_run)), 'PT404', 'run_not_found', 'nor their results');
select throws_ok($$select public.quest_ranking('5e000000-0000-4000-a000-000000000002')$$, 'PT404', 'quest_not_found',
  'a draft''s leaderboard does not exist for others');

select * from finish();
rollback;
