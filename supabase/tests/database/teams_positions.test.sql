-- Positions of event teams (issue 14): kept at most once per team every 5 seconds, only while the
-- team plays a running event, by its own members; copied onto the standing for the game masters'
-- overview; readable by game masters and the team; pruned after the retention period.
begin;
select plan(20);

select tests.create_user(u) from unnest(array['po_a', 'po_a2', 'po_b', 'po_org', 'po_stranger']) u;
insert into public.user_roles (user_id, role) values (tests.get_user_id('po_org'), 'organiser');
insert into public.quests (id, title, slug, city, status, access, published_at) values
  ('8d000000-0000-4000-a000-000000000001', 'Position walk', 'po-walk', 'Maptown', 'published', 'open', now());
insert into public.quest_points (quest_id, position, title, lat, lng) values ('8d000000-0000-4000-a000-000000000001', 1, 'P1', 61, 45);
select tests.authenticate_as('po_a');
create temporary table team as select * from public.create_team('Mappers', 4);
grant select on team to authenticated;
select tests.authenticate_as('po_a2');
select public.join_team((select join_code from team));
select tests.authenticate_as('po_b');
create temporary table other as select * from public.create_team('Others', 4);
grant select on other to authenticated;
select tests.authenticate_as('po_org');
insert into public.events (quest_id, title, starts_at, ends_at) values ('8d000000-0000-4000-a000-000000000001', 'Map race', now() + interval '1 hour', now() + interval '3 hours');
create temporary table event as select id from public.events where title = 'Map race';
grant select on event to authenticated;

select tests.authenticate_as('po_a');
select throws_ok($$select public.report_team_position((select id from team), 61, 45, 10)$$, 'PT409', 'event_not_running',
  'no position is kept before the team plays an event');
select public.register_team((select id from event), (select id from team));
select tests.authenticate_as('po_b');
select public.register_team((select id from event), (select id from other));
select tests.authenticate_as('po_org');
select public.start_event((select id from event));

select tests.authenticate_as('po_a');
select throws_ok($$select public.report_team_position((select id from team), 91, 45, 10)$$, 'PT400', 'invalid_position', 'a bad latitude is bad input');
select throws_ok($$select public.report_team_position((select id from team), 61, 45, 'NaN')$$, 'PT400', 'invalid_position', 'so is a NaN accuracy');
select ok((public.report_team_position((select id from team), 61.0001, 45.0001, 8) ->> 'recorded_at') is not null, 'a member reports the team''s position');
select tests.authenticate_as('po_a2');
select throws_ok($$select public.report_team_position((select id from team), 61.0002, 45, 8)$$, 'PT429', 'rate_limited',
  'a teammate''s report within 5 seconds is not kept (one per team)');
select tests.authenticate_as('po_b');
select throws_ok($$select public.report_team_position((select id from team), 10, 10, 8)$$, 'PT404', 'team_not_found',
  'nobody reports a position in another team''s name');
select ok((public.report_team_position((select id from other), 61.0003, 45, 8) ->> 'recorded_at') is not null, 'the other team has its own window');
select tests.authenticate_as('po_stranger');
select throws_ok($$select public.report_team_position((select id from team), 10, 10, 8)$$, 'PT404', 'team_not_found', 'nor does a stranger');
select tests.authenticate_as_anon();
select throws_ok($$select public.report_team_position((select id from team), 10, 10, 8)$$, '42501', null, 'nor anon');
select tests.clear_authentication();
select is((select count(*)::int from public.team_positions where team_id = (select id from team)), 1, 'one position kept for the team');
select results_eq($$select last_lat, last_lng, last_accuracy_m from public.event_teams where team_id = (select id from team)$$,
  $$values (61.0001::double precision, 45.0001::double precision, 8.0)$$, 'and copied onto its standing');

-- Who reads them.
select tests.authenticate_as('po_org');
select is((select (i -> 'last_position' ->> 'lat')::double precision from jsonb_array_elements(public.event_overview((select id from event)) -> 'items') i
           where i #>> '{team,id}' = (select id::text from team)), 61.0001::double precision,
  'the game master sees the last position in the overview');
select is(jsonb_array_length(public.team_replay((select id from event), (select id from team)) -> 'items'), 1, 'and the replay');
select is((select count(*)::int from public.team_positions), 2, 'and reads every team''s positions');
select tests.authenticate_as('po_a2');
select is((select count(*)::int from public.team_positions), 1, 'a member reads their own team''s positions only');
select throws_ok(format($$select public.team_replay('%s', '%s')$$, (select id from event), (select id from other)), 'PT403', 'forbidden',
  'and not another team''s replay');
select tests.authenticate_as('po_stranger');
select is((select count(*)::int from public.team_positions), 0, 'a stranger reads none');
select tests.authenticate_as('po_a');
select throws_ok($$insert into public.team_positions (event_id, team_id, lat, lng, accuracy_m) values ((select id from event), (select id from other), 1, 1, 1)$$,
  '42501', null, 'positions are not written directly');

-- Retention.
select tests.clear_authentication();
select is(private.prune_team_positions(), 0, 'nothing is pruned while the event runs');
update public.events set status = 'ended', ended_at = now() - interval '31 days' where id = (select id from event);
select is(private.prune_team_positions(), 2, 'positions go 30 days after their event ended (team-positions-prune)');

select * from finish();
rollback;
