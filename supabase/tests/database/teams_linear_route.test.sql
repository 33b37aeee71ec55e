-- Attack: reading a linear route ahead of one's progress (issue 14). In linear (and qr_start) quests
-- a player learns the next point only after checking in at the previous one, by every path: the
-- table, an embed, a point's id, the teaser, the detail screen, search, the quest-media points/
-- folder, the play calls and Realtime. Authors and staff who edit still see the whole route; free
-- quests show it to everyone with access; a team's progress reveals points to its members only.
begin;
select plan(39);

select tests.create_user(u) from unnest(array['lr_author', 'lr_player', 'lr_other', 'lr_admin', 'lr_mod', 'lr_mate', 'lr_rival']) u;
insert into public.user_roles (user_id, role) values (tests.get_user_id('lr_admin'), 'admin'), (tests.get_user_id('lr_mod'), 'moderator');
insert into public.quests (id, author_id, title, slug, city, status, access, published_at, stage_order) values
  ('7e000000-0000-4000-a000-000000000001', tests.get_user_id('lr_author'), 'Secret route', 'lr-secret', 'Linearburg', 'published', 'open', now(), 'linear'),
  ('7e000000-0000-4000-a000-000000000002', tests.get_user_id('lr_author'), 'Open route', 'lr-open', 'Linearburg', 'published', 'open', now(), 'free');
insert into public.quest_points (id, quest_id, position, title, description, lat, lng, radius_m, task_type) values
  ('7f000000-0000-4000-a000-000000000001', '7e000000-0000-4000-a000-000000000001', 1, 'START-GATE', 'Begin here', 58.0000, 42, 30, 'gps'),
  ('7f000000-0000-4000-a000-000000000002', '7e000000-0000-4000-a000-000000000001', 2, 'AHEAD-WELL', 'SECRET-2', 58.0002, 42, 30, 'gps'),
  ('7f000000-0000-4000-a000-000000000003', '7e000000-0000-4000-a000-000000000001', 3, 'AHEAD-TOWER', 'SECRET-3', 58.0004, 42, 30, 'gps'),
  ('7f000000-0000-4000-a000-000000000004', '7e000000-0000-4000-a000-000000000002', 1, 'FREE-1', '', 58.1, 42, 30, 'gps'),
  ('7f000000-0000-4000-a000-000000000005', '7e000000-0000-4000-a000-000000000002', 2, 'FREE-2', '', 58.1002, 42, 30, 'gps');
insert into storage.objects (bucket_id, name) values
  ('quest-media', '7e000000-0000-4000-a000-000000000001/points/well.jpg'),
  ('quest-media', '7e000000-0000-4000-a000-000000000001/points/tower.jpg'),
  ('quest-media', '7e000000-0000-4000-a000-000000000001/points/unused.jpg');
update public.quest_points set media_path = '7e000000-0000-4000-a000-000000000001/points/well.jpg' where id = '7f000000-0000-4000-a000-000000000002';
update public.quest_points set media_path = '7e000000-0000-4000-a000-000000000001/points/tower.jpg' where id = '7f000000-0000-4000-a000-000000000003';
-- Everything a caller can read, as one text, to search for the secrets.
create function pg_temp.visible_points() returns text language sql as $$
  select coalesce(string_agg(p.title || ' ' || p.description, ' ' order by p.position), '')
  from public.quest_points p where p.quest_id = '7e000000-0000-4000-a000-000000000001';
$$;
grant execute on function pg_temp.visible_points() to anon, authenticated;

-- Before playing.
select tests.authenticate_as_anon();
select is(pg_temp.visible_points(), '', 'anon reads no point of a linear quest');
select is((select count(*)::int from public.quest_points where quest_id = '7e000000-0000-4000-a000-000000000002'), 2,
  'but every point of a free quest');
select results_eq($$select point_count, first_point_title from public.quest_teaser('7e000000-0000-4000-a000-000000000001')$$,
  $$values (3, 'START-GATE')$$, 'the teaser gives the number of points and the start only');
select ok(public.quest_detail('7e000000-0000-4000-a000-000000000001')::text !~ 'AHEAD|SECRET', 'the detail screen shows nothing ahead');
select ok(public.search_quests('{"q": "Secret route"}')::text !~ 'AHEAD|SECRET', 'nor does search');
select tests.authenticate_as('lr_player');
select is(pg_temp.visible_points(), '', 'a player who has not started reads no point');
select results_eq($$select (d #>> '{route,point_count}')::int, jsonb_array_length(d #> '{route,points}'), d #>> '{teaser,first_point_title}'
                    from public.quest_detail('7e000000-0000-4000-a000-000000000001') d$$,
  $$values (3, 0, 'START-GATE')$$, 'their detail screen: the number of points, none listed, the teaser''s start');

-- Playing: the current point, never the next.
create temporary table run as select * from public.start_run('7e000000-0000-4000-a000-000000000001');
select is(pg_temp.visible_points(), 'START-GATE Begin here', 'once started, the first point is readable');
select is_empty($$select 1 from public.quest_points where id = '7f000000-0000-4000-a000-000000000002'$$, 'a point ahead is not readable by its id');
select is_empty($$select p.title from public.quests q join public.quest_points p on p.quest_id = q.id
                  where q.id = '7e000000-0000-4000-a000-000000000001' and p.position > 1$$,
  'nor through an embed of the quest''s points');
select is((select jsonb_array_length(public.quest_detail('7e000000-0000-4000-a000-000000000001') #> '{route,points}')), 1,
  'the detail screen lists the current point only');
select ok(public.play_state((select id from run))::text !~ 'AHEAD|SECRET', 'the play screen shows nothing ahead');
select is_empty($$select 1 from storage.objects where bucket_id = 'quest-media' and name like '7e000000-0000-4000-a000-000000000001/points/%'$$,
  'the media of points ahead are not served');
select throws_ok($$select public.check_in((select id from run), 58.0002, 42, 5, null, null, '7f000000-0000-4000-a000-000000000003')$$,
  'PT409', 'point_not_current', 'checking in at a hidden point by its id is refused');
select ok((select public.check_in((select id from run), 58.0004, 42, 5)::text !~ 'AHEAD|SECRET'), 'a check-in far ahead is judged against the current point, revealing nothing');
select throws_ok($$select public.take_hint((select id from run), '7f000000-0000-4000-a000-000000000003')$$, 'PT409', 'point_not_current',
  'nor is a hidden point''s hint');

-- One check-in reveals the next point, and its media.
select tests.clear_authentication();
update public.run_checkins set attempted_at = attempted_at - interval '5 minutes' where run_id = (select id from run);
select tests.authenticate_as('lr_player');
select public.check_in((select id from run), 58.0000, 42, 5);
select is(pg_temp.visible_points(), 'START-GATE Begin here AHEAD-WELL SECRET-2', 'after point 1, point 2 is readable; point 3 still is not');
select results_eq($$select name from storage.objects where bucket_id = 'quest-media' and name like '7e000000-0000-4000-a000-000000000001/points/%'$$,
  $$values ('7e000000-0000-4000-a000-000000000001/points/well.jpg')$$, 'and so is its media, not the next one''s');
select public.check_in((select id from run), 58.0002, 42, 5);
select public.check_in((select id from run), 58.0004, 42, 5);
select is((select count(*)::int from public.quest_points where quest_id = '7e000000-0000-4000-a000-000000000001'), 3,
  'a finished run has revealed the whole route to its player');
select is((select count(*)::int from storage.objects where name like '7e000000-0000-4000-a000-000000000001/points/unused%'), 0,
  'a points/ file no point uses is served to nobody playing');

-- Someone else's progress reveals nothing.
select tests.authenticate_as('lr_other');
select is(pg_temp.visible_points(), '', 'another user still reads nothing');
select tests.authenticate_as('lr_mod');
select is(pg_temp.visible_points(), '', 'nor does a moderator of a published quest (a player like any other)');

-- Who edits sees everything.
select tests.authenticate_as('lr_author');
select is((select count(*)::int from public.quest_points where quest_id = '7e000000-0000-4000-a000-000000000001'), 3, 'the author reads the whole route');
select is((select count(*)::int from storage.objects where name like '7e000000-0000-4000-a000-000000000001/points/%'), 3, 'and all its media');
select tests.authenticate_as('lr_admin');
select is((select count(*)::int from public.quest_points where quest_id = '7e000000-0000-4000-a000-000000000001'), 3, 'quests.manage reads the whole route');
select is((select jsonb_array_length(public.quest_detail('7e000000-0000-4000-a000-000000000001') #> '{route,points}')), 3,
  'and sees it in the detail screen');

-- Teams: a team's progress reveals points to its members only; Realtime carries no content.
select tests.authenticate_as('lr_mate');
create temporary table team as select * from public.create_team('Walkers', 3);
grant select on team to authenticated;
select tests.authenticate_as('lr_other');
select public.join_team((select join_code from team));
select tests.authenticate_as('lr_rival');
create temporary table rival as select * from public.create_team('Rivals', 3);
grant select on rival to authenticated;
select tests.authenticate_as('lr_mate');
create temporary table team_run as select * from public.start_team_run((select id from team), '7e000000-0000-4000-a000-000000000001');
grant select on team_run to authenticated;
select public.check_in((select id from team_run), 58.0000, 42, 5);
select tests.authenticate_as('lr_other');
select is(pg_temp.visible_points(), 'START-GATE Begin here AHEAD-WELL SECRET-2', 'a teammate reads what the team''s run opened');
select tests.authenticate_as('lr_rival');
select is(pg_temp.visible_points(), '', 'a member of another team reads nothing of it');
select ok(not tests.realtime_can_receive('team:' || (select id from team)), 'nor joins the team''s topic');
select ok(not tests.realtime_can_receive('team-live:' || (select id from team)), 'nor its live topic');
select tests.clear_authentication();
select is((select count(*)::int from realtime.messages where topic = 'team:' || (select id from team) and payload::text ~ 'AHEAD|SECRET|58\.0002'),
  0, 'the team''s topic never carried a point''s content or place');
select isnt((select count(*)::int from realtime.messages where topic = 'team:' || (select id from team) and event = 'checkin'), 0,
  'though it carried the check-in');

-- qr_start: nothing is shown before the start.
update public.quests set stage_order = 'qr_start' where id = '7e000000-0000-4000-a000-000000000002';
update public.quest_points set task_type = 'qr' where id = '7f000000-0000-4000-a000-000000000005';
select tests.authenticate_as('lr_rival');
create temporary table loop_run as select * from public.start_run('7e000000-0000-4000-a000-000000000002');
select is((select count(*)::int from public.quest_points where quest_id = '7e000000-0000-4000-a000-000000000002'), 0,
  'qr_start: no point is readable before the start');
select throws_ok($$select public.check_in((select id from loop_run), 58.0, 42, 100)$$, 'PT422', 'no_point_here',
  'probing for qr points from afar reveals nothing (an error, no attempt kept)');
select is((select count(*)::int from public.run_checkins where run_id = (select id from loop_run)), 0, 'no attempt was kept');

-- Free quests: everything, to whoever has access.
select tests.clear_authentication();
update public.quests set stage_order = 'free' where id = '7e000000-0000-4000-a000-000000000001';
select tests.authenticate_as('lr_other');
select is((select count(*)::int from public.quest_points where quest_id = '7e000000-0000-4000-a000-000000000001'), 3,
  'the same route made free is shown whole');
select is((select count(*)::int from storage.objects where name like '7e000000-0000-4000-a000-000000000001/points/%'), 3,
  'with its media');
select tests.authenticate_as_anon();
select is((select count(*)::int from public.quest_points where quest_id = '7e000000-0000-4000-a000-000000000001'), 3, 'to visitors too');
select is((select count(*)::int from public.quest_points where id = '7f000000-0000-4000-a000-000000000005'), 0,
  'while the qr_start quest stays hidden to them');

select * from finish();
rollback;
