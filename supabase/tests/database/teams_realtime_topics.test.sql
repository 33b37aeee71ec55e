-- Realtime topics of teams and events (issue 14), checked as Realtime checks a join (receive: the
-- probe row must be visible) and a send (an insert into realtime.messages must pass):
--   team:<id>       database events: members and the event's game masters (while it runs) receive;
--                   nobody sends;
--   team-live:<id>  positions and presence: members and game masters (while the event runs) send and
--                   receive (banned members receive but do not send);
--   event:<id>      the activity feed: game masters receive; nobody sends.
-- For a member, another team's member, an organiser of another event, a game master, staff, a
-- banned member and anon.
begin;
select plan(34);

select tests.create_user(u) from unnest(array['rt_member', 'rt_mate', 'rt_rival', 'rt_org', 'rt_other_org', 'rt_gm', 'rt_admin', 'rt_banned']) u;
insert into public.user_roles (user_id, role) values
  (tests.get_user_id('rt_org'), 'organiser'), (tests.get_user_id('rt_other_org'), 'organiser'), (tests.get_user_id('rt_admin'), 'admin');
insert into public.quests (id, title, slug, city, status, access, published_at) values
  ('8c000000-0000-4000-a000-000000000001', 'Topic walk', 'rt-walk', 'Topictown', 'published', 'open', now());
insert into public.quest_points (quest_id, position, title, lat, lng) values ('8c000000-0000-4000-a000-000000000001', 1, 'T1', 60, 44);

select tests.authenticate_as('rt_member');
create temporary table topics (name text primary key, topic text) on commit drop;
grant select on topics to anon, authenticated;
create temporary table team as select * from public.create_team('Topics', 4);
grant select on team to authenticated;
select tests.authenticate_as('rt_mate');
select public.join_team((select join_code from team));
select tests.authenticate_as('rt_banned');
select public.join_team((select join_code from team));
select tests.authenticate_as('rt_rival');
insert into topics select 'rival', 'team:' || (public.create_team('Rivals', 4)).id;
select tests.authenticate_as('rt_org');
insert into public.events (quest_id, title, starts_at, ends_at) values ('8c000000-0000-4000-a000-000000000001', 'Topic race', now() + interval '1 hour', now() + interval '2 hours');
insert into topics select 'event', 'event:' || id from public.events where title = 'Topic race';
select public.add_game_master(substr((select topic from topics where name = 'event'), 7)::uuid, tests.get_user_id('rt_gm'));
select tests.authenticate_as('rt_member');
select public.register_team(substr((select topic from topics where name = 'event'), 7)::uuid, (select id from team));
insert into topics values ('team', 'team:' || (select id from team)), ('live', 'team-live:' || (select id from team));
select tests.clear_authentication();
-- Game masters follow a team while its event runs (20261202940100): the event is under way.
update public.events set status = 'running', started_at = now() where title = 'Topic race';
insert into public.user_bans (user_id, reason) values (tests.get_user_id('rt_banned'), 'spam');
create function pg_temp.topic(key text) returns text language sql as $$ select topic from topics where name = key $$;
grant execute on function pg_temp.topic(text) to anon, authenticated, service_role;

-- team:<id>
select tests.authenticate_as('rt_member');
select ok(tests.realtime_can_receive(pg_temp.topic('team')), 'a member receives the team''s events');
select ok(not tests.realtime_can_send(pg_temp.topic('team')), 'but sends nothing on team:<id> (database only)');
select ok(not tests.realtime_can_receive(pg_temp.topic('team'), 'presence'), 'team:<id> carries broadcasts only');
select throws_ok(format($$insert into realtime.messages (topic, extension, event, payload, private) values ('%s', 'broadcast', 'checkin', '{"score": 9999}', true)$$,
                        pg_temp.topic('team')), '42501', null, 'a forged check-in event on team:<id> is refused');
select ok(not tests.realtime_can_receive(pg_temp.topic('rival')), 'another team''s topic is closed to a member');
select tests.authenticate_as('rt_gm');
select ok(tests.realtime_can_receive(pg_temp.topic('team')), 'a game master of the team''s event receives its events');
select ok(not tests.realtime_can_send(pg_temp.topic('team')), 'and sends nothing there');
select ok(not tests.realtime_can_receive(pg_temp.topic('rival')), 'but not those of a team outside their event');
select tests.authenticate_as('rt_org');
select ok(tests.realtime_can_receive(pg_temp.topic('team')), 'the organiser (a game master) receives them');
select tests.authenticate_as('rt_other_org');
select ok(not tests.realtime_can_receive(pg_temp.topic('team')), 'the organiser of another event does not');
select tests.authenticate_as('rt_admin');
select ok(not tests.realtime_can_receive(pg_temp.topic('team')), 'nor does staff');
select tests.authenticate_as('rt_rival');
select ok(not tests.realtime_can_receive(pg_temp.topic('team')), 'nor another team''s member');
select tests.authenticate_as('rt_banned');
select ok(tests.realtime_can_receive(pg_temp.topic('team')), 'a banned member still receives (like reading)');
select tests.authenticate_as_anon();
select ok(not tests.realtime_can_receive(pg_temp.topic('team')), 'anon does not');

-- team-live:<id>
select tests.authenticate_as('rt_mate');
select ok(tests.realtime_can_receive(pg_temp.topic('live')), 'a member receives live positions');
select ok(tests.realtime_can_send(pg_temp.topic('live')), 'and sends their own');
select ok(tests.realtime_can_send(pg_temp.topic('live'), 'presence'), 'and presence');
select tests.authenticate_as('rt_gm');
select ok(tests.realtime_can_receive(pg_temp.topic('live')), 'a game master receives them');
select ok(tests.realtime_can_send(pg_temp.topic('live')), 'and may send (e.g. their own position)');
select tests.authenticate_as('rt_banned');
select ok(tests.realtime_can_receive(pg_temp.topic('live')), 'a banned member receives');
select ok(not tests.realtime_can_send(pg_temp.topic('live')), 'but does not send');
select tests.authenticate_as('rt_rival');
select ok(not tests.realtime_can_receive(pg_temp.topic('live')), 'another team''s member does not receive');
select ok(not tests.realtime_can_send(pg_temp.topic('live')), 'nor send positions in the team''s name');
select tests.authenticate_as('rt_other_org');
select ok(not tests.realtime_can_send(pg_temp.topic('live')), 'nor does the organiser of another event');
select tests.authenticate_as('rt_admin');
select ok(not tests.realtime_can_receive(pg_temp.topic('live')), 'nor staff');
select tests.authenticate_as_anon();
select ok(not tests.realtime_can_send(pg_temp.topic('live')), 'nor anon');
select tests.authenticate_as('rt_member');
select ok(not tests.realtime_can_receive('team-live:not-a-uuid'), 'a malformed key is refused, not an error');

-- event:<id>
select tests.authenticate_as('rt_gm');
select ok(tests.realtime_can_receive(pg_temp.topic('event')), 'game masters receive the activity feed');
select ok(not tests.realtime_can_send(pg_temp.topic('event')), 'which only the database sends');
select tests.authenticate_as('rt_member');
select ok(not tests.realtime_can_receive(pg_temp.topic('event')), 'players do not receive the feed (other teams'' moves)');
select tests.authenticate_as('rt_other_org');
select ok(not tests.realtime_can_receive(pg_temp.topic('event')), 'nor the organiser of another event');
select tests.authenticate_as('rt_admin');
select ok(not tests.realtime_can_receive(pg_temp.topic('event')), 'nor staff');
select tests.clear_authentication();
select isnt((select count(*)::int from realtime.messages where topic = pg_temp.topic('event') and event = 'activity'), 0,
  'the registration went out on the feed');
select isnt((select count(*)::int from realtime.messages where topic = pg_temp.topic('team') and event = 'event_registered'), 0,
  'and on the team''s topic');

select * from finish();
rollback;
