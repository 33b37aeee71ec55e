-- Attack (self-dealing by team hopping, found by the probe of main): already_in_event only looked at
-- current memberships, so a player played an event with team A to the end (learning the route), left
-- A, joined team B of the same event and played it again for B; or checked in for A, left, and
-- helped B. Whoever took part in another team's run of the event (its player, a check-in, a hint)
-- is already_in_event now, even after leaving that team; their own team stays open to them.
begin;
select plan(6);

select tests.create_user(u) from unnest(array['hop_org', 'hop_a', 'hop_b', 'hop_runner', 'hop_scout', 'hop_fresh']) u;
insert into public.user_roles (user_id, role) values (tests.get_user_id('hop_org'), 'organiser');
insert into public.quests (id, title, slug, city, status, access, published_at) values
  ('9c000000-0000-4000-a000-000000000001', 'Hop walk', 'hop-walk', 'Hoptown', 'published', 'open', now());
insert into public.quest_points (quest_id, position, title, lat, lng) values
  ('9c000000-0000-4000-a000-000000000001', 1, 'H1', 62, 46), ('9c000000-0000-4000-a000-000000000001', 2, 'H2', 62.001, 46.001);
create temporary table teams (name text primary key, id uuid, code text) on commit drop;
grant select, insert on teams to authenticated;

select tests.authenticate_as('hop_a');
insert into teams select 'a', t.id, t.join_code from public.create_team('Hop A', 5) t;
select tests.authenticate_as('hop_b');
insert into teams select 'b', t.id, t.join_code from public.create_team('Hop B', 5) t;
select tests.authenticate_as('hop_runner');
select public.join_team((select code from teams where name = 'a'));
select tests.authenticate_as('hop_scout');
select public.join_team((select code from teams where name = 'a'));
select tests.authenticate_as('hop_org');
insert into public.events (quest_id, title, starts_at, ends_at, start_mode) values
  ('9c000000-0000-4000-a000-000000000001', 'Hopping race', now() + interval '1 hour', now() + interval '3 hours', 'per_team');
insert into teams select 'event', e.id, null from public.events e where e.title = 'Hopping race';
select tests.authenticate_as('hop_a');
select public.register_team((select id from teams where name = 'event'), (select id from teams where name = 'a'));
select tests.authenticate_as('hop_b');
select public.register_team((select id from teams where name = 'event'), (select id from teams where name = 'b'));
select tests.authenticate_as('hop_org');
select public.start_event((select id from teams where name = 'event'));
select tests.authenticate_as('hop_a');
select public.start_event_run((select id from teams where name = 'event'), (select id from teams where name = 'a'));

-- The scout checks in for A (a kept attempt: too far), then leaves A (and its run in progress).
select tests.authenticate_as('hop_scout');
select public.check_in((select r.id from public.quest_runs r where r.team_id = (select id from teams where name = 'a')), 0, 0, 5, null, null, null);
select public.leave_team((select id from teams where name = 'a'));
select throws_ok($$select public.join_team((select code from teams where name = 'b'))$$, 'PT409', 'already_in_event',
  'a player who checked in for one team of the event cannot join another team of it after leaving');

-- A's run ends; the runner, one of its players, leaves A for B.
select tests.clear_authentication();
update public.quest_runs set status = 'completed', finished_at = now() where team_id = (select id from teams where name = 'a');
select tests.authenticate_as('hop_runner');
select public.leave_team((select id from teams where name = 'a'));
select throws_ok($$select public.join_team((select code from teams where name = 'b'))$$, 'PT409', 'already_in_event',
  'a player of a finished run of the event cannot join another team to play it again');
select tests.authenticate_as('hop_b');
select lives_ok($$select public.start_event_run((select id from teams where name = 'event'), (select id from teams where name = 'b'))$$,
  'B starts its run');
select tests.clear_authentication();
select is((select count(*)::int from public.team_run_members m join public.quest_runs r on r.id = m.run_id
           where r.team_id = (select id from teams where name = 'b') and m.user_id in (tests.get_user_id('hop_runner'), tests.get_user_id('hop_scout'))),
  0, 'without either of A''s players');

select tests.authenticate_as('hop_runner');
select lives_ok($$select public.join_team((select code from teams where name = 'a'))$$, 'their own team still takes them back');
select tests.authenticate_as('hop_fresh');
select lives_ok($$select public.join_team((select code from teams where name = 'b'))$$, 'and someone who never played the event joins B');

select * from finish();
rollback;
