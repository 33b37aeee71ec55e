-- Account deletion with teams and events (issue 14): an account that owned a team with a run in
-- progress and a completed one, organised an event, reported positions and sent and received
-- invitations is deleted by the accounts feature's one path (private.delete_account): the team
-- goes on under its longest-standing member (its chat too), the team's runs and attempts stay
-- (the account's name cleared), the event stays without organiser, and the account's id is found
-- in none of the tables of teams and events.
begin;
select plan(16);

select tests.create_user(u) from unnest(array['dx_x', 'dx_b', 'dx_c', 'dx_friend', 'dx_gm']) u;
insert into public.user_roles (user_id, role) values (tests.get_user_id('dx_x'), 'organiser');
insert into public.friendships (user_low, user_high) values
  (least(tests.get_user_id('dx_x'), tests.get_user_id('dx_friend')), greatest(tests.get_user_id('dx_x'), tests.get_user_id('dx_friend')));
insert into public.quests (id, title, slug, city, status, access, reward_credits, published_at) values
  ('8e000000-0000-4000-a000-000000000001', 'Deletion walk', 'dx-walk', 'Goneburg', 'published', 'open', 5, now());
insert into public.quest_points (quest_id, position, title, lat, lng) values
  ('8e000000-0000-4000-a000-000000000001', 1, 'D1', 62, 46), ('8e000000-0000-4000-a000-000000000001', 2, 'D2', 62.0002, 46);
create temporary table x_id as select tests.get_user_id('dx_x') as id;
grant select on x_id to authenticated;

-- X's team: B and C join, a run completed (X paid), a run in progress with X's check-in.
select tests.authenticate_as('dx_x');
create temporary table team as select * from public.create_team('Doomed owner', 4);
grant select on team to authenticated;
select public.invite_to_team((select id from team), tests.get_user_id('dx_friend'));
select tests.authenticate_as('dx_b');
select public.join_team((select join_code from team));
select tests.authenticate_as('dx_c');
select public.join_team((select join_code from team));
select tests.authenticate_as('dx_x');
create temporary table done_run as select * from public.start_team_run((select id from team), '8e000000-0000-4000-a000-000000000001');
select public.check_in((select id from done_run), 62, 46, 5);
select public.check_in((select id from done_run), 62.0002, 46, 5);
create temporary table live_run as select * from public.start_team_run((select id from team), '8e000000-0000-4000-a000-000000000001');
select public.check_in((select id from live_run), 62, 46, 5);
-- X organises an event with a co-game master; B's own team plays it and reports a position; X invited by B's team.
insert into public.events (quest_id, title, starts_at, ends_at) values ('8e000000-0000-4000-a000-000000000001', 'X race', now() + interval '1 hour', now() + interval '2 hours');
create temporary table event as select id from public.events where title = 'X race';
grant select on event to authenticated;
select public.add_game_master((select id from event), tests.get_user_id('dx_gm'));
select tests.authenticate_as('dx_gm');
create temporary table other_team as select * from public.create_team('Others', 4);
grant select on other_team to authenticated;
select tests.clear_authentication();
insert into public.team_invitations (team_id, user_id, invited_by) values ((select id from other_team), (select id from x_id), tests.get_user_id('dx_gm'));
insert into public.team_positions (event_id, team_id, reported_by, lat, lng, accuracy_m)
values ((select id from event), (select id from team), (select id from x_id), 62, 46, 5);
update public.team_members set joined_at = joined_at + interval '1 minute' where user_id = tests.get_user_id('dx_c');  -- C joined after B

select lives_ok($$select private.delete_account((select id from x_id))$$, 'an account that owned a team, played, organised and reported is deleted');

select results_eq($$select user_id, role::text from public.team_members where team_id = (select id from team) order by joined_at$$,
  format($$values ('%s'::uuid, 'owner'), ('%s'::uuid, 'member')$$, tests.get_user_id('dx_b'), tests.get_user_id('dx_c')),
  'the team goes on under its longest-standing member');
select is((select user_id from public.chat_members where chat_id = (select chat_id from team) and role = 'owner'), tests.get_user_id('dx_b'),
  'and so does its chat');
select results_eq($$select status::text, team_id from public.quest_runs where id in ((select id from done_run), (select id from live_run)) order by started_at$$,
  format($$values ('completed', '%s'::uuid), ('in_progress', '%s'::uuid)$$, (select id from team), (select id from team)),
  'the team''s runs stay the team''s (a member''s deletion takes none away)');
select is((select count(*)::int from public.run_checkins where run_id in ((select id from done_run), (select id from live_run)) and attempted_by is null), 3,
  'the account''s attempts stay, unnamed');
select is((select started_by from public.quest_runs where id = (select id from done_run)), null, 'who started a run is cleared');
select is((select count(*)::int from public.team_run_members where user_id = (select id from x_id)), 0, 'its places in team runs are gone');
select is((select count(*)::int from public.team_run_members where run_id = (select id from live_run)), 2, 'the others still play the run in progress');
select is((select count(*)::int from public.credit_ledger where reference_id = (select id from done_run) and user_id is null), 1,
  'its reward stays in the ledger without owner');
select is((select organiser_id from public.events where id = (select id from event)), null, 'the event stays, without organiser');
select is((select array_agg(user_id) from public.event_game_masters where event_id = (select id from event)), array[tests.get_user_id('dx_gm')],
  'its co-game master still runs it');
select is((select reported_by from public.team_positions where team_id = (select id from team)), null, 'a position it reported stays, unnamed');
select is((select count(*)::int from public.team_invitations where user_id = (select id from x_id) or invited_by = (select id from x_id)), 0,
  'invitations to it are gone; the one it sent lost its sender');
select is((select count(*)::int from public.team_invitations where team_id = (select id from team)), 1, 'that invitation itself stays');
select is((select count(*)::int from public.notifications where payload::text like '%' || (select id from x_id) || '%'), 0,
  'notifications naming it are gone (the invitation it sent)');
select is(
  (select count(*)::int from public.teams t where t.created_by = (select id from x_id))
  + (select count(*)::int from public.event_activity a where a.actor_id = (select id from x_id) or a.payload::text like '%' || (select id from x_id) || '%')
  + (select count(*)::int from public.event_teams r where r.registered_by = (select id from x_id))
  + (select count(*)::int from public.run_hints h where h.taken_by = (select id from x_id)),
  0, 'the account is named nowhere in teams, feeds, registrations or hints');

select * from finish();
rollback;
