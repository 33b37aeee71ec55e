-- Attack (found by the probe of main): joining a team after its event showed the newcomer every
-- position the team kept, former members' trails included, for the 30 days positions are kept.
-- A member reads the team's positions from when they joined it, through the table and through
-- team_replay; the event's game masters read them all.
begin;
select plan(6);

select tests.create_user(u) from unnest(array['ft_org', 'ft_owner', 'ft_former', 'ft_newcomer', 'ft_author']) u;
insert into public.user_roles (user_id, role) values (tests.get_user_id('ft_org'), 'organiser');
insert into public.quests (id, author_id, title, slug, city, status, access, published_at) values
  ('7f000000-0000-4000-a000-000000000001', tests.get_user_id('ft_author'), 'Trail walk', 'ft-walk', 'Trailburg', 'published', 'open', now());
insert into public.quest_points (quest_id, position, title, lat, lng) values ('7f000000-0000-4000-a000-000000000001', 1, 'T1', 60, 30);

select tests.authenticate_as('ft_owner');
create temporary table team on commit drop as select * from public.create_team('Walkers', 5);
grant select on team to authenticated;
select tests.authenticate_as('ft_former');
select public.join_team((select join_code from team));

-- The event has ended; the team kept three positions, one of them the former member's.
select tests.clear_authentication();
insert into public.events (id, quest_id, organiser_id, title, starts_at, ends_at)
values ('7f000000-0000-4000-a000-0000000000e1', '7f000000-0000-4000-a000-000000000001', tests.get_user_id('ft_org'), 'Trail race',
        now(), now() + interval '1 hour');
update public.events set status = 'ended', ended_at = now() where id = '7f000000-0000-4000-a000-0000000000e1';
insert into public.event_teams (event_id, team_id, registered_by) values
  ('7f000000-0000-4000-a000-0000000000e1', (select id from team), tests.get_user_id('ft_owner'));
update public.team_members set joined_at = now() - interval '1 day' where team_id = (select id from team);
insert into public.team_positions (event_id, team_id, reported_by, lat, lng, accuracy_m, recorded_at)
select '7f000000-0000-4000-a000-0000000000e1', (select id from team), tests.get_user_id(u), 60, 30 + i / 1000.0, 5, now() - interval '2 hours' + i * interval '1 minute'
from (values (1, 'ft_owner'), (2, 'ft_former'), (3, 'ft_owner')) v (i, u);

-- The former member leaves; a newcomer joins now.
select tests.authenticate_as('ft_former');
select public.leave_team((select id from team));
select tests.authenticate_as('ft_newcomer');
select public.join_team((select join_code from team));

select is_empty($$select 1 from public.team_positions where team_id = (select id from team)$$,
  'a newcomer reads none of the positions the team kept before they joined');
select is(jsonb_array_length(public.team_replay('7f000000-0000-4000-a000-0000000000e1', (select id from team)) -> 'items'), 0,
  'nor through team_replay');
select tests.authenticate_as('ft_owner');
select is((select count(*)::int from public.team_positions where team_id = (select id from team)), 3,
  'a member since before the event reads all three');
select is(jsonb_array_length(public.team_replay('7f000000-0000-4000-a000-0000000000e1', (select id from team)) -> 'items'), 3,
  'and replays them');
select tests.authenticate_as('ft_org');
select is(jsonb_array_length(public.team_replay('7f000000-0000-4000-a000-0000000000e1', (select id from team)) -> 'items'), 3,
  'the event''s game master replays the whole trail');
select tests.authenticate_as('ft_former');
select throws_ok($$select public.team_replay('7f000000-0000-4000-a000-0000000000e1', (select id from team))$$, 'PT403', 'forbidden',
  'a former member no longer replays it');

select * from finish();
rollback;
