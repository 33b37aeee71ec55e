-- Attacks on teams and events, by class (issue 14): self-dealing organisers and members, caps beaten
-- by the side door, unbounded repetition (rate limits, counted even when the guess is wrong), and
-- bad input answered with catalogued 4xx codes, never a 500.
begin;
select plan(35);

select tests.create_user(u) from unnest(array['at_org', 'at_friend', 'at_guesser', 'at_spammer', 'at_big1', 'at_big2', 'at_big3', 'at_gm']) u;
insert into public.user_roles (user_id, role) values (tests.get_user_id('at_org'), 'organiser');
insert into public.quests (id, author_id, title, slug, city, status, access, reward_credits, published_at) values
  ('90000000-0000-4000-a000-000000000001', tests.get_user_id('at_friend'), 'Attack walk', 'at-walk', 'Attackburg', 'published', 'open', 10, now());
insert into public.quest_points (quest_id, position, title, lat, lng) values ('90000000-0000-4000-a000-000000000001', 1, 'A1', 64, 48);
create function pg_temp.repeat_until_refused(statement text, tries integer) returns jsonb language plpgsql as $$
declare
  done integer := 0;
  msg text;
begin
  for i in 1..tries loop
    begin
      execute statement;
      done := done + 1;
    exception when others then
      get stacked diagnostics msg = message_text;
      return jsonb_build_object('succeeded', done, 'code', msg);
    end;
  end loop;
  return jsonb_build_object('succeeded', done, 'code', 'never refused');
end;
$$;
grant execute on function pg_temp.repeat_until_refused(text, integer) to authenticated;

-- Self-dealing organisers: they run events, they never play them.
select tests.authenticate_as('at_org');
insert into public.events (quest_id, title, starts_at, ends_at, max_team_size) values
  ('90000000-0000-4000-a000-000000000001', 'Attack race', now() + interval '1 hour', now() + interval '3 hours', 2);
create temporary table event as select id, join_code from public.events where title = 'Attack race';
grant select on event to authenticated;
create temporary table org_team as select * from public.create_team('Organiser''s own', 4);
select throws_ok($$select public.register_team((select id from event), (select id from org_team))$$, 'PT409', 'game_master_cannot_play',
  'an organiser cannot register a team of theirs for their own event');
select tests.authenticate_as('at_big1');
create temporary table big as select * from public.create_team('Big', 5);
grant select on big to authenticated;
select public.register_team((select id from event), (select id from big));
select tests.authenticate_as('at_org');
select throws_ok($$select public.join_team((select join_code from big))$$, 'PT409', 'game_master_cannot_play',
  'nor slip into a registered team by its code');
select throws_ok($$select public.add_game_master((select id from event), tests.get_user_id('at_big1'))$$, 'PT409', 'game_master_cannot_play',
  'nor make a player a game master (who would then steer their own team)');
select tests.authenticate_as('at_friend');
select throws_ok($$select public.join_team((select join_code from big))$$, 'PT409', 'cannot_play_own_quest',
  'the quest''s author cannot join a team that plays it in an event');

-- Caps: the event's team size caps a registered team, by code or by invitation.
select tests.authenticate_as('at_big2');
select lives_ok($$select public.join_team((select join_code from big))$$, 'a second member joins (the event allows 2)');
select tests.authenticate_as('at_big3');
select throws_ok($$select public.join_team((select join_code from big))$$, 'PT409', 'team_full', 'a third is refused by the event''s cap');
select tests.authenticate_as('at_org');
select throws_ok($$update public.events set max_teams = 0 where id = (select id from event)$$, 'PT400', 'out_of_range',
  'caps cannot be set below what is registered (nor to nothing)');

-- Repetition: every guess and every write a user can repeat is limited.
select tests.authenticate_as('at_guesser');
select results_eq($$select (r ->> 'succeeded')::int, r ->> 'code' from pg_temp.repeat_until_refused('select public.join_team(''ZZZZZZZZ'')', 15) r$$,
  $$values (10, 'rate_limited')$$, 'join-code guessing stops after 10 tries an hour (teams.join), wrong guesses counted');
select results_eq($$select (r ->> 'succeeded')::int, r ->> 'code' from pg_temp.repeat_until_refused('select public.event_by_code(''ZZZZZZZZ'')', 25) r$$,
  $$values (20, 'rate_limited')$$, 'event-code guessing stops after 20 an hour (events.find)');
select results_eq($$select (r ->> 'succeeded')::int, r ->> 'code' from pg_temp.repeat_until_refused('select public.create_team(''Spam'')', 15) r$$,
  $$values (10, 'rate_limited')$$, 'teams (each a group chat) are limited to 10 a day (teams.create)');
select tests.authenticate_as('at_org');
select public.add_game_master((select id from event), tests.get_user_id('at_gm'));
select public.start_event((select id from event));
select tests.authenticate_as('at_gm');
select results_eq($$select (r ->> 'succeeded')::int, r ->> 'code' from pg_temp.repeat_until_refused(format('select public.message_teams(%L, ''Hello'')', (select id from event)), 70) r$$,
  $$values (60, 'rate_limited')$$, 'a game master''s messages (each notifying every player) stop at 60 an hour (events.message)');
select tests.authenticate_as('at_big1');
select results_eq($$select (r ->> 'succeeded')::int, r ->> 'code' from pg_temp.repeat_until_refused(format('select public.report_team_position(%L, 64, 48, 5)', (select id from big)), 5) r$$,
  $$values (1, 'rate_limited')$$, 'positions: one per team every 5 seconds (events.position)');

-- Bad input: catalogued 4xx, never a 500.
select tests.authenticate_as('at_spammer');
select throws_ok($$select public.my_teams('{"list": "my_teams", "key": "not a time", "id": "x"}')$$, 'PT400', 'invalid_cursor', 'a malformed cursor (my_teams)');
select throws_ok($$select public.my_teams('{"list": "my_events", "key": "2026-01-01 00:00:00+00", "id": "00000000-0000-0000-0000-000000000000"}')$$,
  'PT400', 'invalid_cursor', 'a cursor of another list (my_teams)');
select throws_ok($$select public.my_teams('{"at": "2026-01-01", "id": "00000000-0000-0000-0000-000000000000"}')$$, 'PT400', 'invalid_cursor',
  'a cursor of the old shape, without its list');
select throws_ok($$select public.my_teams(null, 0)$$, 'PT400', 'invalid_parameter', 'page_size 0');
select throws_ok($$select public.my_events(null, 101)$$, 'PT400', 'invalid_parameter', 'page_size 101');
select throws_ok($$select public.upcoming_events('"x"')$$, 'PT400', 'invalid_cursor', 'a cursor that is not an object');
select throws_ok($$select public.my_team_invitations('[]')$$, 'PT400', 'invalid_cursor', 'an array as a cursor');
select tests.authenticate_as('at_gm');
select throws_ok($$select public.event_leaderboard((select id from event), '{"list": "event_leaderboard", "key": "(lots,2026-01-01)", "id": "00000000-0000-0000-0000-000000000000"}')$$,
  'PT400', 'invalid_cursor', 'a leaderboard cursor with a key that is not (score, time)');
select throws_ok($$select public.event_leaderboard((select id from event), '{"list": "event_leaderboard", "key": "(10,)", "id": "00000000-0000-0000-0000-000000000000"}')$$,
  'PT400', 'invalid_cursor', 'a leaderboard cursor missing a part of its key');
select throws_ok($$select public.event_activity((select id from event), '{"list": "event_activity", "key": "1", "id": "abc"}')$$, 'PT400', 'invalid_cursor',
  'a feed cursor with a bad id');
select is(public.event_overview((select id from event), '{"list": "event_overview", "key": "infinity", "id": "00000000-0000-0000-0000-000000000000"}') -> 'items',
  '[]'::jsonb, 'a cursor past the end (an infinite time) is an empty page, not an error');
select throws_ok($$select public.team_replay((select id from event), (select id from big), '{"list": "team_replay", "key": "2026-01-01 00:00:00+00", "id": "x"}')$$,
  'PT400', 'invalid_cursor', 'a replay cursor with a bad id');
select throws_ok($$select public.adjust_team_score((select id from event), (select id from big), 1000000, 'huge')$$, 'PT400', 'invalid_amount',
  'an absurd adjustment');
select throws_ok($$select public.adjust_team_score((select id from event), (select id from big), 10, repeat('x', 1001))$$, 'PT400', 'invalid_parameter',
  'a reason over 1000 characters');
select throws_ok($$select public.grant_hint((select id from event), (select id from big), gen_random_uuid())$$, 'PT409', 'point_not_current',
  'a hint of a point the team is not at');
select tests.authenticate_as('at_big1');
select throws_ok($$select public.update_team((select id from big), repeat('n', 65))$$, 'PT400', 'invalid_length', 'a team name too long');
select throws_ok($$select public.update_team((select id from big), null, 0)$$, 'PT400', 'out_of_range', 'a team of nobody');
select throws_ok($$update public.chats set title = 'Not the team' where id = (select chat_id from public.teams where id = (select id from big))$$,
  'PT409', 'team_chat_title', 'the owner cannot rename the team chat away from the team''s name');
select public.update_team((select id from big), 'Bigger');
select is((select c.title from public.chats c join public.teams t on t.chat_id = c.id where t.id = (select id from big)), 'Bigger',
  'renaming the team renames its chat');
select throws_ok($$select public.register_team(null, (select id from big))$$, 'PT404', 'event_not_found', 'a missing event id');
select throws_ok($$select public.start_team_run(null, null)$$, 'PT404', 'team_not_found', 'a missing team id');
select throws_ok($$select public.invite_to_team((select id from big), null)$$, 'PT400', 'invalid_member', 'a missing user id');
select throws_ok($$select public.check_in((select id from public.quest_runs where team_id = (select id from big)), 64, 48, 1e9)$$,
  'PT400', 'invalid_position', 'an accuracy of a million km');

select * from finish();
rollback;
