-- Attack (found by the probe of main): an organiser removed a co-game master mid-event, who then
-- joined a team of that event, bringing what the game master's view had shown them (every team's
-- progress and positions, the feed). A removed game master stays game_master_cannot_play for that
-- event; other events stay open to them.
begin;
select plan(5);

select tests.create_user(u) from unnest(array['fgm_org', 'fgm_gm', 'fgm_owner', 'fgm_mate']) u;
insert into public.user_roles (user_id, role) values (tests.get_user_id('fgm_org'), 'organiser');
insert into public.quests (id, title, slug, city, status, access, published_at) values
  ('9d000000-0000-4000-a000-000000000001', 'Steer walk', 'fgm-walk', 'Steertown', 'published', 'open', now());
insert into public.quest_points (quest_id, position, title, lat, lng) values ('9d000000-0000-4000-a000-000000000001', 1, 'S1', 62, 46);
create temporary table ids (name text primary key, id uuid, code text) on commit drop;
grant select, insert on ids to authenticated;

select tests.authenticate_as('fgm_owner');
insert into ids select 'team', t.id, t.join_code from public.create_team('Steerers', 5) t;
select tests.authenticate_as('fgm_mate');
select public.join_team((select code from ids where name = 'team'));
select tests.authenticate_as('fgm_org');
insert into public.events (quest_id, title, starts_at, ends_at) values
  ('9d000000-0000-4000-a000-000000000001', 'Steered race', now() + interval '1 hour', now() + interval '3 hours'),
  ('9d000000-0000-4000-a000-000000000001', 'Other race', now() + interval '4 hours', now() + interval '6 hours');
insert into ids select 'event', e.id, null from public.events e where e.title = 'Steered race';
insert into ids select 'other', e.id, null from public.events e where e.title = 'Other race';
select public.add_game_master((select id from ids where name = 'event'), tests.get_user_id('fgm_gm'));
select tests.authenticate_as('fgm_owner');
select public.register_team((select id from ids where name = 'event'), (select id from ids where name = 'team'));
select tests.authenticate_as('fgm_org');
select public.start_event((select id from ids where name = 'event'));

select tests.authenticate_as('fgm_gm');
select throws_ok($$select public.join_team((select code from ids where name = 'team'))$$, 'PT409', 'game_master_cannot_play',
  'a game master cannot join a team of their running event');
select tests.authenticate_as('fgm_org');
select lives_ok($$select public.remove_game_master((select id from ids where name = 'event'), tests.get_user_id('fgm_gm'))$$,
  'the organiser removes the co-game master mid-event');
select tests.authenticate_as('fgm_gm');
select throws_ok($$select public.join_team((select code from ids where name = 'team'))$$, 'PT409', 'game_master_cannot_play',
  'once removed, they still cannot join a team playing that event');
select tests.clear_authentication();
select is((select count(*)::int from public.team_members where team_id = (select id from ids where name = 'team') and user_id = tests.get_user_id('fgm_gm')), 0,
  'and are not in the team');
select is(private.event_conflict((select id from ids where name = 'other'), tests.get_user_id('fgm_gm'), (select id from ids where name = 'team')), null,
  'another event of the same organiser stays open to them');

select * from finish();
rollback;
