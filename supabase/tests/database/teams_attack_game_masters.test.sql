-- Attacks on the game master's seat (found by the probe of main):
--   - secret content by another path: the team topics admitted the game masters of ANY event the
--     team had registered for, before the event and for good after it, so an organiser received a
--     team's live positions (team-live) and every later run's check-ins (team) weeks later, and could
--     send on its team-live topic; now only while that event runs or is paused;
--   - unbounded repetition: pause/resume and score adjustments (each one audited in the append-only
--     log, put in the feed and broadcast to the teams) had no rate limit (events.steer now), and
--     two members could hand a team back and forth without end (teams.update now counts it);
--   - bad input: an event window at 'infinity' met the events_window constraint as a raw 23514, one
--     in year 294276 overflowed (22008); both are invalid_time_window now.
begin;
select plan(20);

select tests.create_user(u) from unnest(array['gmt_org', 'gmt_gm', 'gmt_owner', 'gmt_mate']) u;
insert into public.user_roles (user_id, role) values (tests.get_user_id('gmt_org'), 'organiser');
insert into public.quests (id, title, slug, city, status, access, published_at) values
  ('9a000000-0000-4000-a000-000000000001', 'Watched walk', 'gmt-walk', 'Watchtown', 'published', 'open', now());
insert into public.quest_points (quest_id, position, title, lat, lng) values ('9a000000-0000-4000-a000-000000000001', 1, 'W1', 61, 45);
create temporary table ids (name text primary key, id uuid) on commit drop;
grant select, insert on ids to authenticated;
create function pg_temp.id(key text) returns uuid language sql as $$ select id from ids where name = key $$;
grant execute on function pg_temp.id(text) to authenticated;

select tests.authenticate_as('gmt_owner');
create temporary table team on commit drop as select * from public.create_team('Watched', 4);
grant select on team to authenticated;
insert into ids select 'team', id from team;
select tests.authenticate_as('gmt_mate');
select public.join_team((select join_code from team));
select tests.authenticate_as('gmt_org');
insert into public.events (quest_id, title, starts_at, ends_at) values
  ('9a000000-0000-4000-a000-000000000001', 'Watched race', now() + interval '1 hour', now() + interval '3 hours');
insert into ids select 'event', e.id from public.events e where e.title = 'Watched race';
select public.add_game_master(pg_temp.id('event'), tests.get_user_id('gmt_gm'));
select tests.authenticate_as('gmt_owner');
select public.register_team(pg_temp.id('event'), pg_temp.id('team'));

-- Before the event: the team is not theirs to follow.
select tests.authenticate_as('gmt_org');
select ok(not tests.realtime_can_receive('team:' || pg_temp.id('team')), 'before the event starts, its organiser does not receive the team''s events');
select ok(not tests.realtime_can_receive('team-live:' || pg_temp.id('team')), 'nor its members'' live positions');
select tests.authenticate_as('gmt_gm');
select ok(not tests.realtime_can_send('team-live:' || pg_temp.id('team')), 'nor does a co-game master send on its live topic');

-- While it runs: they follow it.
select tests.authenticate_as('gmt_org');
select public.start_event(pg_temp.id('event'));
select ok(tests.realtime_can_receive('team:' || pg_temp.id('team')), 'while the event runs, the organiser receives the team''s events');
select tests.authenticate_as('gmt_gm');
select ok(tests.realtime_can_receive('team-live:' || pg_temp.id('team')), 'and a co-game master its live positions');
select ok(tests.realtime_can_send('team-live:' || pg_temp.id('team')), 'and may send there');
select tests.clear_authentication();
update private.rate_limits set max_hits = 4 where action = 'events.steer';
select tests.authenticate_as('gmt_gm');
select public.pause_event(pg_temp.id('event'));
select ok(tests.realtime_can_receive('team:' || pg_temp.id('team')), 'a paused event is still theirs to follow');
select public.resume_event(pg_temp.id('event'));

-- Steering is limited: pause/resume and adjustments share events.steer (4 here, 300 an hour live).
select lives_ok(format($$select public.adjust_team_score(%L, %L, 5, 'bonus')$$, pg_temp.id('event'), pg_temp.id('team')),
  'a game master adjusts a score');
select lives_ok(format($$select public.pause_event(%L)$$, pg_temp.id('event')), 'and pauses again');
select throws_ok(format($$select public.resume_event(%L)$$, pg_temp.id('event')), 'PT429', 'rate_limited',
  'a fifth pause, resume or adjustment within the window is refused (events.steer)');
select throws_ok(format($$select public.adjust_team_score(%L, %L, 5, 'more bonus')$$, pg_temp.id('event'), pg_temp.id('team')),
  'PT429', 'rate_limited', 'adjustments count against the same limit');
select tests.clear_authentication();
select is((select count(*)::int from public.audit_log where actor_id = tests.get_user_id('gmt_gm') and action in ('event.pause', 'event.resume', 'event.score_adjust')),
  4, 'only the allowed calls reached the append-only audit log');
select tests.authenticate_as('gmt_org');
select lives_ok(format($$select public.resume_event(%L)$$, pg_temp.id('event')), 'the limit is per game master: the organiser still steers');

-- After the event: they no longer follow the team.
select public.end_event(pg_temp.id('event'));
select ok(not tests.realtime_can_receive('team:' || pg_temp.id('team')), 'once the event ended, its organiser no longer receives the team''s events');
select ok(not tests.realtime_can_receive('team-live:' || pg_temp.id('team')), 'nor its members'' live positions');
select tests.authenticate_as('gmt_gm');
select ok(not tests.realtime_can_send('team-live:' || pg_temp.id('team')), 'nor may a co-game master send there');
select tests.authenticate_as('gmt_mate');
select ok(tests.realtime_can_receive('team:' || pg_temp.id('team')), 'the team''s members still do');

-- Hand-over loops: transfer_team_ownership counts against teams.update.
select tests.clear_authentication();
update private.rate_limits set max_hits = 2 where action = 'teams.update';
select tests.authenticate_as('gmt_owner');
select public.transfer_team_ownership(pg_temp.id('team'), tests.get_user_id('gmt_mate'));
select tests.authenticate_as('gmt_mate');
select public.transfer_team_ownership(pg_temp.id('team'), tests.get_user_id('gmt_owner'));
select tests.authenticate_as('gmt_owner');
select public.transfer_team_ownership(pg_temp.id('team'), tests.get_user_id('gmt_mate'));
select tests.authenticate_as('gmt_mate');
select public.transfer_team_ownership(pg_temp.id('team'), tests.get_user_id('gmt_owner'));
select tests.authenticate_as('gmt_owner');
select throws_ok(format($$select public.transfer_team_ownership(%L, %L)$$, pg_temp.id('team'), tests.get_user_id('gmt_mate')),
  'PT429', 'rate_limited', 'handing a team back and forth stops at the teams.update limit');

-- Event windows the database cannot hold are a catalogued 400.
select tests.authenticate_as('gmt_org');
select throws_ok($$insert into public.events (quest_id, title, starts_at, ends_at) values ('9a000000-0000-4000-a000-000000000001', 'Forever', 'infinity', 'infinity')$$,
  'PT400', 'invalid_time_window', 'an infinite window is invalid_time_window, not a constraint error');
select throws_ok($$insert into public.events (quest_id, title, starts_at, ends_at) values ('9a000000-0000-4000-a000-000000000001', 'Far away', '294276-12-30', '294276-12-31')$$,
  'PT400', 'invalid_time_window', 'a start so far ahead that the window overflows a timestamp is invalid_time_window, not a 22008');

select * from finish();
rollback;
