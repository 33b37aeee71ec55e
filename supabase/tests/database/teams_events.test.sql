-- Events (issue 14): organised by holders of events.organise (their own events only), teams
-- register within the caps and without conflicts, the event starts (together or per team), pauses,
-- resumes and ends, and its game masters follow and steer it: overview, leaderboard recomputed with
-- every check-in, activity feed, messages, hints, audited score adjustments and disqualifications.
begin;
select plan(76);

select tests.create_user(u) from unnest(array['ev_org', 'ev_org2', 'ev_gm', 'ev_user', 'ev_author', 'ev_a', 'ev_a2', 'ev_b', 'ev_b2',
  'ev_c', 'ev_big1', 'ev_big2']) u;
insert into public.user_roles (user_id, role) values (tests.get_user_id('ev_org'), 'organiser'), (tests.get_user_id('ev_org2'), 'organiser');
insert into public.quests (id, author_id, title, slug, city, status, access, reward_credits, published_at) values
  ('8a000000-0000-4000-a000-000000000001', tests.get_user_id('ev_author'), 'Event walk', 'ev-walk', 'Eventburg', 'published', 'open', 10, now()),
  ('8a000000-0000-4000-a000-000000000002', tests.get_user_id('ev_author'), 'Draft walk', 'ev-draft', 'Eventburg', 'draft', 'open', 0, null);
insert into public.quest_points (id, quest_id, position, title, lat, lng, radius_m, task_type, hint_cost) values
  ('8b000000-0000-4000-a000-000000000001', '8a000000-0000-4000-a000-000000000001', 1, 'E1', 59.0000, 43, 30, 'gps', 0),
  ('8b000000-0000-4000-a000-000000000002', '8a000000-0000-4000-a000-000000000001', 2, 'E2', 59.0002, 43, 30, 'gps', 20);
insert into private.point_hints (point_id, hint) values ('8b000000-0000-4000-a000-000000000002', 'EVENT-HINT');

create function pg_temp.team_of(owner text, name text, members text[]) returns uuid language plpgsql as $$
declare
  created public.teams;
  member text;
begin
  perform tests.authenticate_as(owner);
  created := public.create_team(name, 4);
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
insert into teams values ('a', pg_temp.team_of('ev_a', 'Alpha', array['ev_a2'])), ('b', pg_temp.team_of('ev_b', 'Beta', array['ev_b2'])),
  ('c', pg_temp.team_of('ev_c', 'Gamma', array[]::text[])), ('big', pg_temp.team_of('ev_big1', 'Big', array['ev_big2', 'ev_author']));
create function pg_temp.team(name text) returns uuid language sql as $$ select id from teams where teams.name = team.name $$;
grant execute on function pg_temp.team(text) to authenticated;

-- Organising: a permission, one's own events, validated fields.
select tests.authenticate_as('ev_user');
select throws_ok($$insert into public.events (quest_id, title, starts_at, ends_at) values ('8a000000-0000-4000-a000-000000000001', 'Mine', now() + interval '1 hour', now() + interval '3 hours')$$,
  'PT403', 'forbidden', 'organising needs events.organise');
select tests.authenticate_as('ev_org');
select throws_ok($$insert into public.events (quest_id, title, starts_at, ends_at) values ('8a000000-0000-4000-a000-000000000002', 'Draft', now() + interval '1 hour', now() + interval '3 hours')$$,
  'PT409', 'invalid_reference', 'an event plays a published quest');
select throws_ok($$insert into public.events (quest_id, title, starts_at, ends_at) values ('8a000000-0000-4000-a000-000000000001', 'Past', now() - interval '1 hour', now() + interval '3 hours')$$,
  'PT400', 'invalid_time_window', 'an event does not start in the past');
select throws_ok($$insert into public.events (quest_id, title, starts_at, ends_at) values ('8a000000-0000-4000-a000-000000000001', 'Long', now() + interval '1 hour', now() + interval '9 days')$$,
  'PT400', 'invalid_time_window', 'nor last more than 7 days');
select throws_ok($$insert into public.events (quest_id, title, starts_at, ends_at, max_team_size) values ('8a000000-0000-4000-a000-000000000001', 'Huge', now() + interval '1 hour', now() + interval '3 hours', 50)$$,
  'PT400', 'out_of_range', 'team sizes stay within the setting');
select throws_ok($$insert into public.events (quest_id, title, starts_at, ends_at, status) values ('8a000000-0000-4000-a000-000000000001', 'Running', now() + interval '1 hour', now() + interval '3 hours', 'running')$$,
  '42501', null, 'the status is not the organiser''s to set');
insert into public.events (quest_id, title, starts_at, ends_at, max_teams, max_team_size, time_limit_min)
values ('8a000000-0000-4000-a000-000000000001', 'City race', now() + interval '1 hour', now() + interval '3 hours', 2, 3, 90);
insert into public.events (quest_id, title, starts_at, ends_at, visibility, start_mode)
values ('8a000000-0000-4000-a000-000000000001', 'Company day', now() + interval '1 hour', now() + interval '3 hours', 'code', 'per_team');
select results_eq(
  $$insert into public.events (quest_id, title, starts_at, ends_at, visibility)
    values ('8a000000-0000-4000-a000-000000000001', 'Returned', now() + interval '1 hour', now() + interval '3 hours', 'code')
    returning status::text$$,
  $$values ('scheduled')$$, 'the organiser reads a new code-only event back in the insert itself (returning, as PostgREST does for .select())');
delete from public.events where title = 'Returned';
create temporary table events as select id, title, join_code, visibility from public.events where organiser_id = auth.uid();
grant select on events to authenticated;
create function pg_temp.event(name text) returns uuid language sql as $$ select id from events where title = name $$;
create function pg_temp.code(name text) returns text language sql as $$ select join_code from events where title = name $$;
grant execute on function pg_temp.event(text), pg_temp.code(text) to authenticated;
select results_eq($$select status::text, organiser_id, join_code ~ '^[A-HJ-NP-Z2-9]{8}$' from public.events where id = pg_temp.event('City race')$$,
  format($$values ('scheduled', '%s'::uuid, true)$$, tests.get_user_id('ev_org')), 'the event is scheduled, organised by its creator, with a code');
select is((select array_agg(user_id) from public.event_game_masters where event_id = pg_temp.event('City race')),
  array[tests.get_user_id('ev_org')], 'its organiser is its first game master');
select lives_ok($$update public.events set description = 'Bring water' where id = pg_temp.event('City race')$$, 'the organiser edits it while scheduled');
select lives_ok(format($$select public.add_game_master('%s', '%s')$$, pg_temp.event('City race'), tests.get_user_id('ev_gm')), 'and appoints a co-game master');
select tests.authenticate_as('ev_org2');
select is(tests.outcome('ev_org2', $$update public.events set title = 'Hijacked' where title = 'City race'$$), 'no rows',
  'another organiser cannot edit it');
select is(tests.outcome('ev_org2', $$delete from public.events where title = 'City race'$$), 'no rows', 'nor delete it');
select throws_ok(format($$select public.add_game_master('%s', '%s')$$, pg_temp.event('City race'), tests.get_user_id('ev_org2')),
  'PT403', 'not_event_organiser', 'nor appoint game masters to it');
select is_empty($$select 1 from public.events where title = 'Company day'$$, 'a code-only event is invisible to others');
select results_eq(format($$select (r ->> 'found')::boolean, r #>> '{event,title}' from public.event_by_code('%s') r$$, pg_temp.code('Company day')),
  $$values (true, 'Company day')$$, 'until they give its code');
select results_eq($$select (r ->> 'found')::boolean, r ->> 'refusal' from public.event_by_code('ZZZZZZZZ') r$$,
  $$values (false, 'join_code_not_found')$$, 'an unknown code is an answer');

-- Registering.
select tests.authenticate_as('ev_a2');
select throws_ok(format($$select public.register_team('%s', '%s')$$, pg_temp.event('City race'), pg_temp.team('a')), 'PT403', 'not_team_owner',
  'only the owner registers a team');
select tests.authenticate_as('ev_a');
select lives_ok(format($$select public.register_team('%s', '%s')$$, pg_temp.event('City race'), pg_temp.team('a')), 'the owner registers');
select throws_ok(format($$select public.register_team('%s', '%s')$$, pg_temp.event('City race'), pg_temp.team('a')), 'PT409', 'already_registered', 'once');
select throws_ok(format($$select public.register_team('%s', '%s')$$, pg_temp.event('Company day'), pg_temp.team('a')), 'PT404', 'event_not_found',
  'a code-only event needs its code');
select throws_ok(format($$select public.register_team('%s', '%s')$$, pg_temp.event('Company day'), pg_temp.team('a')), 'PT404', 'event_not_found',
  'still');
select tests.authenticate_as('ev_big1');
select throws_ok(format($$select public.register_team('%s', '%s')$$, pg_temp.event('City race'), pg_temp.team('big')), 'PT409', 'cannot_play_own_quest',
  'a team with the quest''s author cannot play its event');
select tests.clear_authentication();
create temporary table c_code as select join_code from public.teams where id = pg_temp.team('c');
grant select on c_code to authenticated;
select tests.authenticate_as('ev_gm');
select public.join_team((select join_code from c_code));
select tests.authenticate_as('ev_c');
select throws_ok(format($$select public.register_team('%s', '%s')$$, pg_temp.event('City race'), pg_temp.team('c')), 'PT409', 'game_master_cannot_play',
  'a team with a game master of the event cannot play it');
select tests.authenticate_as('ev_b');
select lives_ok(format($$select public.register_team('%s', '%s')$$, pg_temp.event('City race'), pg_temp.team('b')), 'a second team registers');
select tests.clear_authentication();
delete from public.team_members where team_id = pg_temp.team('c') and user_id = tests.get_user_id('ev_gm');
select tests.authenticate_as('ev_c');
select throws_ok(format($$select public.register_team('%s', '%s')$$, pg_temp.event('City race'), pg_temp.team('c')), 'PT409', 'event_full',
  'the event is full (2 teams)');
select lives_ok(format($$select public.register_team('%s', '%s', '%s')$$, pg_temp.event('Company day'), pg_temp.team('c'), lower(pg_temp.code('Company day'))),
  'with the code, a team registers for a code-only event');
select tests.clear_authentication();
create temporary table b_code as select join_code from public.teams where id = pg_temp.team('b');
grant select on b_code to authenticated;
select tests.authenticate_as('ev_a2');
select throws_ok($$select public.join_team((select join_code from b_code))$$, 'PT409', 'already_in_event',
  'nobody joins a registered team while playing the same event in another one');
select tests.authenticate_as('ev_gm');
select throws_ok($$select public.join_team((select join_code from b_code))$$, 'PT409', 'game_master_cannot_play',
  'nor does a game master of the event');
select tests.authenticate_as('ev_a2');
select is((select jsonb_array_length(public.team_detail(pg_temp.team('a')) -> 'events')), 1, 'the team screen lists its event');

-- Starting (together): every team's run starts at once.
select tests.authenticate_as('ev_user');
select throws_ok(format($$select public.start_event('%s')$$, pg_temp.event('City race')), 'PT403', 'forbidden', 'only a game master starts it');
select tests.authenticate_as('ev_gm');
select lives_ok(format($$select public.start_event('%s')$$, pg_temp.event('City race')), 'a co-game master starts it early');
select throws_ok(format($$select public.start_event('%s')$$, pg_temp.event('City race')), 'PT409', 'invalid_transition', 'once');
select tests.clear_authentication();
create temporary table runs as select team_id, id from public.quest_runs where event_id = (select id from events where title = 'City race');
grant select on runs to authenticated;
create function pg_temp.run(name text) returns uuid language sql as $$ select r.id from runs r where r.team_id = pg_temp.team(name) $$;
grant execute on function pg_temp.run(text) to authenticated;
select is((select count(*)::int from runs), 2, 'both teams'' runs started');
select ok((select bool_and(deadline_at <= started_at + interval '90 minutes') from public.quest_runs where id in (select id from runs)),
  'each with the event''s 90-minute limit');
select is((select count(*)::int from public.notifications where kind = 'event_started' and payload ->> 'event_id' = pg_temp.event('City race')::text), 4,
  'every member was told');
select tests.authenticate_as('ev_a');
select throws_ok(format($$select public.start_team_run('%s', '8a000000-0000-4000-a000-000000000001')$$, pg_temp.team('a')), 'PT409', 'team_busy',
  'a team in a running event plays the event''s run');

-- Playing: the leaderboard follows every check-in.
select tests.authenticate_as('ev_b2');
select public.check_in(pg_temp.run('b'), 59, 43, 5);
select results_eq(format($$select r -> 'items' -> 0 #>> '{team,name}', (r -> 'items' -> 0 ->> 'score')::int, (r -> 'items' -> 0 ->> 'is_mine')::boolean
                           from public.event_leaderboard('%s') r$$, pg_temp.event('City race')),
  $$values ('Beta', 100, true)$$, 'the leaderboard is current after a check-in (a player sees it, their team marked)');
select tests.authenticate_as('ev_a');
select public.check_in(pg_temp.run('a'), 59, 43, 5);
select is((select jsonb_agg(i #>> '{team,name}') from jsonb_array_elements(public.event_leaderboard(pg_temp.event('City race')) -> 'items') i),
  '["Beta", "Alpha"]'::jsonb, 'a tie goes to the team that got there first');
select ok(public.event_leaderboard(pg_temp.event('City race'))::text !~ '"(last_position|last_lat|last_lng|lat|lng)"',
  'players see no positions on the leaderboard (no position key at any depth)');
select tests.authenticate_as('ev_user');
select throws_ok(format($$select public.event_leaderboard('%s')$$, pg_temp.event('City race')), 'PT403', 'forbidden', 'others do not see it');

-- Game master: overview, feed, message, hint, adjustment, pause.
select tests.authenticate_as('ev_gm');
select results_eq(format($$select jsonb_array_length(r -> 'items'), (r -> 'items' -> 0 -> 'run' ->> 'points_done')::int, jsonb_array_length(r -> 'items' -> 0 -> 'members')
                           from public.event_overview('%s') r$$, pg_temp.event('City race')),
  $$values (2, 1, 2)$$, 'the overview: every team with its progress and members');
select is((public.event_activity(pg_temp.event('City race')) -> 'items' -> 0 ->> 'kind'), 'checkin', 'the feed, newest first');
select is(public.message_teams(pg_temp.event('City race'), 'Water at the fountain'), 2, 'a message to all teams');
select is((select count(*)::int from public.notifications where kind = 'event_message'), 0, 'notifications are the members'' own (RLS)');
select lives_ok(format($$select public.grant_hint('%s', '%s')$$, pg_temp.event('City race'), pg_temp.team('a')), 'a hint granted to a team');
select throws_ok(format($$select public.grant_hint('%s', '%s')$$, pg_temp.event('City race'), pg_temp.team('a')), 'PT409', 'hint_already_taken', 'once');
select throws_ok(format($$select public.adjust_team_score('%s', '%s', 50, '  ')$$, pg_temp.event('City race'), pg_temp.team('a')), 'PT400', 'reason_required',
  'an adjustment needs a reason');
select throws_ok(format($$select public.adjust_team_score('%s', '%s', 0, 'nothing')$$, pg_temp.event('City race'), pg_temp.team('a')), 'PT400', 'invalid_amount',
  'and an amount');
select is((public.adjust_team_score(pg_temp.event('City race'), pg_temp.team('a'), 50, 'Helped another team') ->> 'score')::int, 150,
  'an adjustment changes the team''s score');
select tests.authenticate_as('ev_a2');
select results_eq(format($$select r ->> 'hint', (r ->> 'cost')::int, (r ->> 'score')::int from public.take_hint('%s') r$$, pg_temp.run('a')),
  $$values ('EVENT-HINT', 0, 150)$$, 'the team reads the granted hint for free');
select is((select body from (select payload ->> 'body' as body from public.notifications where kind = 'event_message') n), 'Water at the fountain',
  'a member got the message');
select tests.clear_authentication();
select results_eq($$select action, reason from public.audit_log where action = 'event.score_adjust'$$,
  $$values ('event.score_adjust', 'Helped another team')$$, 'adjustments are audited with their reason');
select tests.authenticate_as('ev_gm');
select is((public.event_leaderboard(pg_temp.event('City race')) -> 'items' -> 0 #>> '{team,name}'), 'Alpha', 'and move the leaderboard');
select lives_ok(format($$select public.pause_event('%s')$$, pg_temp.event('City race')), 'the game master pauses the event');
select tests.authenticate_as('ev_b');
select throws_ok(format($$select public.check_in('%s', 59.0002, 43, 5)$$, pg_temp.run('b')), 'PT409', 'event_paused', 'check-ins wait during a pause');
select tests.clear_authentication();
update public.events set paused_at = paused_at - interval '10 minutes' where id = pg_temp.event('City race');
create temporary table before_resume as select id, deadline_at from public.quest_runs where id in (select id from runs);
select tests.authenticate_as('ev_gm');
select lives_ok(format($$select public.resume_event('%s')$$, pg_temp.event('City race')), 'and resumes it');
select tests.clear_authentication();
select ok((select bool_and(r.deadline_at >= b.deadline_at + interval '10 minutes') from public.quest_runs r join before_resume b on b.id = r.id),
  'deadlines moved on by the length of the pause');

-- Disqualifying and ending.
select tests.authenticate_as('ev_gm');
select throws_ok(format($$select public.disqualify_team('%s', '%s', null)$$, pg_temp.event('City race'), pg_temp.team('b')), 'PT400', 'reason_required',
  'a disqualification needs a reason');
select lives_ok(format($$select public.disqualify_team('%s', '%s', 'Took a taxi')$$, pg_temp.event('City race'), pg_temp.team('b')), 'a team is disqualified');
select tests.clear_authentication();
select results_eq($$select status::text from public.quest_runs where id = pg_temp.run('b')$$, $$values ('abandoned')$$, 'its run ends');
select tests.authenticate_as('ev_gm');
select is((select jsonb_agg(i #>> '{team,name}') from jsonb_array_elements(public.event_leaderboard(pg_temp.event('City race')) -> 'items') i),
  '["Alpha"]'::jsonb, 'and it leaves the leaderboard');
select tests.authenticate_as('ev_b');
select throws_ok(format($$select public.check_in('%s', 59.0002, 43, 5)$$, pg_temp.run('b')), 'PT409', 'run_not_in_progress', 'it plays no more');
select is((select payload ->> 'reason' from public.notifications where kind = 'team_disqualified'), 'Took a taxi', 'its members are told why');
select tests.authenticate_as('ev_gm');
select lives_ok(format($$select public.end_event('%s')$$, pg_temp.event('City race')), 'the game master ends the event');
select tests.clear_authentication();
select results_eq($$select status::text from public.quest_runs where id = pg_temp.run('a')$$, $$values ('timed_out')$$,
  'runs still in progress end, their score standing');
select results_eq($$select action from public.audit_log where action like 'event.%' order by id$$,
  $$values ('event.start'), ('event.grant_hint'), ('event.score_adjust'), ('event.pause'), ('event.resume'), ('event.disqualify'), ('event.end')$$,
  'every game master power is audited');
select tests.authenticate_as('ev_org');
select is(tests.outcome('ev_org', $$update public.events set title = 'Renamed' where title = 'City race'$$), 'no rows', 'an event that started is no longer edited');

-- Per team: each team starts when ready.
select tests.authenticate_as('ev_c');
select throws_ok(format($$select public.start_event_run('%s', '%s')$$, pg_temp.event('Company day'), pg_temp.team('c')), 'PT409', 'event_not_running',
  'not before the event runs');
select tests.clear_authentication();
select ok(private.begin_event(pg_temp.event('Company day')), 'the scheduler opens a per-team event');
select is((select count(*)::int from public.quest_runs where event_id = pg_temp.event('Company day')), 0, 'without starting any run');
select tests.authenticate_as('ev_c');
create temporary table c_run as select * from public.start_event_run(pg_temp.event('Company day'), pg_temp.team('c'));
select is((public.start_event_run(pg_temp.event('Company day'), pg_temp.team('c'))).id, (select id from c_run), 'a team starts its run once');

-- The scheduler starts what is due and ends what is over.
select tests.authenticate_as('ev_org');
insert into public.events (quest_id, title, starts_at, ends_at) values ('8a000000-0000-4000-a000-000000000001', 'Now', now(), now() + interval '1 hour');
select tests.clear_authentication();
select cmp_ok(private.run_event_schedule(), '>=', 1, 'the events-schedule job starts a due event');
select is((select status::text from public.events where title = 'Now'), 'running', 'it runs');
alter table public.events disable trigger check_event_write;
update public.events set starts_at = now() - interval '2 hours', ends_at = now() - interval '1 minute' where title = 'Now';
alter table public.events enable trigger check_event_write;
select cmp_ok(private.run_event_schedule(), '>=', 1, 'and ends it when its window is over');
select is((select status::text from public.events where title = 'Now'), 'ended', 'it ended');

select * from finish();
rollback;
