-- Who may do what with teams and events (issue 14), for every new table and call, as seven callers:
-- a member of team T, a member of another team R, the organiser of another event, a game master
-- of event E (which T and R play), staff (an admin), anon and a banned member of T. Each statement
-- runs as the caller and is undone (tests.outcome): allowed, no rows (RLS filtered it), denied
-- (no privilege) or the catalogued refusal.
begin;
select plan(487);

select tests.create_user(u) from unnest(array['mx_owner', 'mx_member', 'mx_banned', 'mx_rival', 'mx_org', 'mx_gm', 'mx_other_org', 'mx_admin',
  'mx_invitee']) u;
insert into public.user_roles (user_id, role) values
  (tests.get_user_id('mx_org'), 'organiser'), (tests.get_user_id('mx_other_org'), 'organiser'), (tests.get_user_id('mx_admin'), 'admin');
insert into public.friendships (user_low, user_high) values
  (least(tests.get_user_id('mx_owner'), tests.get_user_id('mx_invitee')), greatest(tests.get_user_id('mx_owner'), tests.get_user_id('mx_invitee')));
insert into public.quests (id, title, slug, city, status, access, published_at, stage_order) values
  ('8f000000-0000-4000-a000-000000000001', 'Matrix walk', 'mx-walk', 'Matrixburg', 'published', 'open', now(), 'free');
insert into public.quest_points (id, quest_id, position, title, lat, lng, hint_cost) values
  ('8f100000-0000-4000-a000-000000000001', '8f000000-0000-4000-a000-000000000001', 1, 'M1', 63, 47, 5),
  ('8f100000-0000-4000-a000-000000000002', '8f000000-0000-4000-a000-000000000001', 2, 'M2', 63.0002, 47, 5);
insert into private.point_hints (point_id, hint) values ('8f100000-0000-4000-a000-000000000001', 'MATRIX-HINT'), ('8f100000-0000-4000-a000-000000000002', 'MATRIX-HINT-2');

create temporary table ids (name text primary key, id uuid, code text) on commit drop;
grant select, insert on ids to anon, authenticated;
select tests.authenticate_as('mx_owner');
insert into ids select 't', id, join_code from public.create_team('Tees', 5);
select public.invite_to_team((select id from ids where name = 't'), tests.get_user_id('mx_invitee'));
select tests.authenticate_as('mx_member');
select public.join_team((select code from ids where name = 't'));
select tests.authenticate_as('mx_banned');
select public.join_team((select code from ids where name = 't'));
select tests.authenticate_as('mx_rival');
insert into ids select 'r', id, join_code from public.create_team('Rivals', 5);
select tests.authenticate_as('mx_org');
insert into public.events (quest_id, title, starts_at, ends_at, max_team_size) values
  ('8f000000-0000-4000-a000-000000000001', 'Matrix race', now() + interval '1 hour', now() + interval '3 hours', 4);
insert into ids select 'e', id, join_code from public.events where title = 'Matrix race';
select public.add_game_master((select id from ids where name = 'e'), tests.get_user_id('mx_gm'));
select tests.authenticate_as('mx_other_org');
insert into public.events (quest_id, title, starts_at, ends_at, visibility) values
  ('8f000000-0000-4000-a000-000000000001', 'Other race', now() + interval '1 day', now() + interval '1 day 2 hours', 'code');
insert into ids select 'e2', id, join_code from public.events where title = 'Other race';
select tests.authenticate_as('mx_owner');
select public.register_team((select id from ids where name = 'e'), (select id from ids where name = 't'));
select tests.authenticate_as('mx_rival');
select public.register_team((select id from ids where name = 'e'), (select id from ids where name = 'r'));
select tests.authenticate_as('mx_gm');
select public.start_event((select id from ids where name = 'e'));
select tests.authenticate_as('mx_member');
select public.report_team_position((select id from ids where name = 't'), 63, 47, 5);
select tests.clear_authentication();
insert into ids select 'run', id, null from public.quest_runs where team_id = (select id from ids where name = 't');
insert into ids select 'rrun', id, null from public.quest_runs where team_id = (select id from ids where name = 'r');
insert into public.user_bans (user_id, reason) values (tests.get_user_id('mx_banned'), 'cheating');

-- Statements name the fixtures as {t}, {r}, {e}, {e2}, {run}, {rrun}, {tcode}, {e2code}, {invitee}.
create function pg_temp.fill(statement text) returns text language sql as $$
  select replace(replace(replace(replace(replace(replace(replace(replace(replace(statement,
    '{t}', (select id::text from ids where name = 't')), '{r}', (select id::text from ids where name = 'r')),
    '{e2}', (select id::text from ids where name = 'e2')), '{e}', (select id::text from ids where name = 'e')),
    '{rrun}', (select id::text from ids where name = 'rrun')), '{run}', (select id::text from ids where name = 'run')),
    '{tcode}', (select code from ids where name = 't')), '{e2code}', (select code from ids where name = 'e2')),
    '{invitee}', tests.get_user_id('mx_invitee')::text);
$$;
create temporary table matrix (statement text, what text, member text, rival text, other_org text, gm text, admin text, anon text, banned text) on commit drop;
insert into matrix values
  -- Tables: reads.
  ('select 1 from public.teams where id = ''{t}''', 'read team T', 'allowed', 'no rows', 'no rows', 'no rows', 'no rows', 'denied', 'allowed'),
  ('select 1 from public.team_members where team_id = ''{t}''', 'read T''s members', 'allowed', 'no rows', 'no rows', 'no rows', 'no rows', 'denied', 'allowed'),
  ('select 1 from public.team_invitations where team_id = ''{t}''', 'read T''s invitations (owner and invitee only)', 'no rows', 'no rows', 'no rows', 'no rows', 'no rows', 'denied', 'no rows'),
  ('select 1 from public.quest_runs where id = ''{run}''', 'read T''s run', 'allowed', 'no rows', 'no rows', 'no rows', 'no rows', 'denied', 'allowed'),
  ('select 1 from public.team_run_members where run_id = ''{run}''', 'read T''s players', 'allowed', 'no rows', 'no rows', 'no rows', 'no rows', 'denied', 'allowed'),
  ('select 1 from public.events where id = ''{e}''', 'read public event E', 'allowed', 'allowed', 'allowed', 'allowed', 'allowed', 'denied', 'allowed'),
  ('select 1 from public.events where id = ''{e2}''', 'read code-only event E2', 'no rows', 'no rows', 'allowed', 'no rows', 'no rows', 'denied', 'no rows'),
  ('select 1 from public.event_game_masters where event_id = ''{e}''', 'read E''s game masters', 'allowed', 'allowed', 'no rows', 'allowed', 'no rows', 'denied', 'allowed'),
  ('select 1 from public.event_teams where event_id = ''{e}'' and team_id = ''{t}''', 'read T''s standing and position', 'allowed', 'no rows', 'no rows', 'allowed', 'no rows', 'denied', 'allowed'),
  ('select 1 from public.event_activity where event_id = ''{e}''', 'read E''s activity feed', 'no rows', 'no rows', 'no rows', 'allowed', 'no rows', 'denied', 'no rows'),
  ('select 1 from public.team_positions where team_id = ''{t}''', 'read T''s positions', 'allowed', 'no rows', 'no rows', 'allowed', 'no rows', 'denied', 'allowed'),
  -- Tables: writes (only events are written as rows, by their organiser).
  ('update public.teams set name = ''X'' where id = ''{t}''', 'rename T directly', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  ('delete from public.team_members where team_id = ''{t}''', 'delete T''s members directly', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  ('insert into public.event_teams (event_id, team_id) values (''{e2}'', ''{t}'')', 'register directly', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  ('update public.event_teams set score = 9999 where team_id = ''{t}''', 'set a standing directly', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  ('insert into public.event_activity (event_id, kind) values (''{e}'', ''message'')', 'forge a feed item', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  ('insert into public.event_game_masters (event_id, user_id) values (''{e}'', auth.uid())', 'appoint oneself game master', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  ('insert into public.team_positions (event_id, team_id, lat, lng, accuracy_m) values (''{e}'', ''{t}'', 1, 1, 1)', 'forge a position', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  ('insert into public.events (quest_id, title, starts_at, ends_at) values (''8f000000-0000-4000-a000-000000000001'', ''Mine'', now() + interval ''1 hour'', now() + interval ''2 hours'')',
   'create an event', 'refused forbidden', 'refused forbidden', 'allowed', 'refused forbidden', 'allowed', 'denied', 'refused forbidden'),
  ('update public.events set title = ''Mine now'' where id = ''{e}''', 'edit event E', 'no rows', 'no rows', 'no rows', 'no rows', 'no rows', 'denied', 'no rows'),
  ('update public.events set title = ''Mine now'' where id = ''{e2}''', 'edit event E2 (scheduled)', 'no rows', 'no rows', 'allowed', 'no rows', 'no rows', 'denied', 'no rows'),
  ('delete from public.events where id = ''{e2}''', 'delete event E2', 'no rows', 'no rows', 'allowed', 'no rows', 'no rows', 'denied', 'no rows'),
  ('update public.events set status = ''ended'' where id = ''{e2}''', 'set an event''s status', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  -- Team calls.
  ('select public.team_detail(''{t}'')', 'team_detail(T)', 'allowed', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'denied', 'allowed'),
  ('select public.update_team(''{t}'', ''New name'')', 'update_team(T)', 'refused not_team_owner', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'denied', 'refused forbidden'),
  ('select public.renew_team_code(''{t}'')', 'renew_team_code(T)', 'refused not_team_owner', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'denied', 'refused forbidden'),
  ('select public.invite_to_team(''{t}'', ''{invitee}'')', 'invite_to_team(T)', 'refused not_team_owner', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'denied', 'refused forbidden'),
  ('select public.remove_team_member(''{t}'', tests.get_user_id(''mx_owner''))', 'remove_team_member(T)', 'refused not_team_owner', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'denied', 'refused forbidden'),
  ('select public.transfer_team_ownership(''{t}'', auth.uid())', 'transfer_team_ownership(T)', 'refused not_team_owner', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'denied', 'refused forbidden'),
  ('select public.disband_team(''{t}'')', 'disband_team(T)', 'refused not_team_owner', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'denied', 'refused forbidden'),
  ('select public.leave_team(''{t}'')', 'leave_team(T)', 'allowed', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'denied', 'refused forbidden'),
  ('select public.join_team(''{tcode}'')', 'join_team(T''s code)', 'refused already_team_member', 'refused already_in_event', 'allowed', 'refused game_master_cannot_play', 'allowed', 'denied', 'refused forbidden'),
  ('select public.accept_team_invite(''{t}'')', 'accept someone else''s invitation', 'refused invitation_not_found', 'refused invitation_not_found', 'refused invitation_not_found', 'refused invitation_not_found', 'refused invitation_not_found', 'denied', 'refused forbidden'),
  ('select public.decline_team_invite(''{t}'')', 'decline someone else''s invitation', 'refused invitation_not_found', 'refused invitation_not_found', 'refused invitation_not_found', 'refused invitation_not_found', 'refused invitation_not_found', 'denied', 'refused invitation_not_found'),
  ('select public.create_team(''Mine'')', 'create_team', 'allowed', 'allowed', 'allowed', 'allowed', 'allowed', 'denied', 'refused forbidden'),
  ('select public.my_teams()', 'my_teams', 'allowed', 'allowed', 'allowed', 'allowed', 'allowed', 'denied', 'allowed'),
  ('select public.my_team_invitations()', 'my_team_invitations', 'allowed', 'allowed', 'allowed', 'allowed', 'allowed', 'denied', 'allowed'),
  -- Team runs.
  ('select public.start_team_run(''{t}'', ''8f000000-0000-4000-a000-000000000001'')', 'start_team_run(T) during its event', 'refused team_busy', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'denied', 'refused forbidden'),
  ('select public.check_in(''{run}'', 63, 47, 5)', 'check_in on T''s run', 'allowed', 'refused run_not_found', 'refused run_not_found', 'refused run_not_found', 'refused run_not_found', 'denied', 'refused forbidden'),
  ('select public.take_hint(''{run}'', ''8f100000-0000-4000-a000-000000000001'')', 'take_hint on T''s run', 'allowed', 'refused run_not_found', 'refused run_not_found', 'refused run_not_found', 'refused run_not_found', 'denied', 'refused forbidden'),
  ('select public.play_state(''{run}'')', 'play_state of T''s run', 'allowed', 'refused run_not_found', 'refused run_not_found', 'refused run_not_found', 'refused run_not_found', 'denied', 'allowed'),
  ('select public.run_result(''{run}'')', 'run_result of T''s run', 'allowed', 'refused run_not_found', 'refused run_not_found', 'refused run_not_found', 'refused run_not_found', 'denied', 'allowed'),
  ('select public.abandon_run(''{run}'')', 'abandon T''s run', 'refused not_team_owner', 'refused run_not_found', 'refused run_not_found', 'refused run_not_found', 'refused run_not_found', 'denied', 'refused forbidden'),
  ('select public.report_team_position(''{t}'', 63, 47, 5)', 'report T''s position (a teammate''s was kept just now)', 'refused rate_limited', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'denied', 'refused forbidden'),
  ('select public.report_team_position(''{r}'', 63, 47, 5)', 'report R''s position in its name', 'refused team_not_found', 'allowed', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'denied', 'refused forbidden'),
  ('select public.start_event_run(''{e}'', ''{t}'')', 'start_event_run(E, T) (together: its run exists)', 'allowed', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'denied', 'refused forbidden'),
  -- Event calls for everyone.
  ('select public.event_detail(''{e}'')', 'event_detail(E)', 'allowed', 'allowed', 'allowed', 'allowed', 'allowed', 'denied', 'allowed'),
  ('select public.event_detail(''{e2}'')', 'event_detail(E2, code-only)', 'refused event_not_found', 'refused event_not_found', 'allowed', 'refused event_not_found', 'refused event_not_found', 'denied', 'refused event_not_found'),
  ('select public.event_by_code(''{e2code}'')', 'event_by_code(E2''s code)', 'allowed', 'allowed', 'allowed', 'allowed', 'allowed', 'denied', 'refused forbidden'),
  ('select public.upcoming_events()', 'upcoming_events', 'allowed', 'allowed', 'allowed', 'allowed', 'allowed', 'denied', 'refused forbidden'),
  ('select public.my_events()', 'my_events', 'allowed', 'allowed', 'allowed', 'allowed', 'allowed', 'denied', 'allowed'),
  ('select public.event_leaderboard(''{e}'')', 'event_leaderboard(E)', 'allowed', 'allowed', 'refused forbidden', 'allowed', 'refused forbidden', 'denied', 'allowed'),
  ('select public.team_replay(''{e}'', ''{t}'')', 'team_replay(E, T)', 'allowed', 'refused forbidden', 'refused forbidden', 'allowed', 'refused forbidden', 'denied', 'allowed'),
  ('select public.register_team(''{e2}'', ''{t}'', ''{e2code}'')', 'register T for E2', 'refused not_team_owner', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'denied', 'refused forbidden'),
  ('select public.withdraw_team(''{e}'', ''{t}'')', 'withdraw T from E', 'refused not_team_owner', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'refused team_not_found', 'denied', 'refused forbidden'),
  -- Game master calls.
  ('select public.event_overview(''{e}'')', 'event_overview(E)', 'refused forbidden', 'refused forbidden', 'refused forbidden', 'allowed', 'refused forbidden', 'denied', 'refused forbidden'),
  ('select public.event_activity(''{e}'')', 'event_activity(E)', 'refused forbidden', 'refused forbidden', 'refused forbidden', 'allowed', 'refused forbidden', 'denied', 'refused forbidden'),
  ('select public.event_overview(''{e2}'')', 'event_overview(E2, code-only)', 'refused event_not_found', 'refused event_not_found', 'allowed', 'refused event_not_found', 'refused event_not_found', 'denied', 'refused forbidden'),
  ('select public.message_teams(''{e}'', ''Hello'')', 'message_teams(E)', 'refused forbidden', 'refused forbidden', 'refused forbidden', 'allowed', 'refused forbidden', 'denied', 'refused forbidden'),
  ('select public.grant_hint(''{e}'', ''{t}'', ''8f100000-0000-4000-a000-000000000002'')', 'grant_hint(E, T)', 'refused forbidden', 'refused forbidden', 'refused forbidden', 'allowed', 'refused forbidden', 'denied', 'refused forbidden'),
  ('select public.adjust_team_score(''{e}'', ''{t}'', 10, ''Fair play'')', 'adjust_team_score(E, T)', 'refused forbidden', 'refused forbidden', 'refused forbidden', 'allowed', 'refused forbidden', 'denied', 'refused forbidden'),
  ('select public.adjust_team_score(''{e2}'', ''{t}'', 10, ''Not yours'')', 'adjust T in an event it does not play', 'refused event_not_found', 'refused event_not_found', 'refused not_registered', 'refused event_not_found', 'refused event_not_found', 'denied', 'refused forbidden'),
  ('select public.disqualify_team(''{e}'', ''{r}'', ''Cheated'')', 'disqualify_team(E, R)', 'refused forbidden', 'refused forbidden', 'refused forbidden', 'allowed', 'refused forbidden', 'denied', 'refused forbidden'),
  ('select public.pause_event(''{e}'')', 'pause_event(E)', 'refused forbidden', 'refused forbidden', 'refused forbidden', 'allowed', 'refused forbidden', 'denied', 'refused forbidden'),
  ('select public.resume_event(''{e}'')', 'resume_event(E) while running', 'refused forbidden', 'refused forbidden', 'refused forbidden', 'refused invalid_transition', 'refused forbidden', 'denied', 'refused forbidden'),
  ('select public.end_event(''{e}'')', 'end_event(E)', 'refused forbidden', 'refused forbidden', 'refused forbidden', 'allowed', 'refused forbidden', 'denied', 'refused forbidden'),
  ('select public.start_event(''{e2}'')', 'start_event(E2)', 'refused event_not_found', 'refused event_not_found', 'allowed', 'refused event_not_found', 'refused event_not_found', 'denied', 'refused forbidden'),
  ('select public.add_game_master(''{e}'', ''{invitee}'')', 'add_game_master(E)', 'refused forbidden', 'refused forbidden', 'refused not_event_organiser', 'refused forbidden', 'refused not_event_organiser', 'denied', 'refused forbidden'),
  ('select public.remove_game_master(''{e}'', tests.get_user_id(''mx_gm''))', 'remove_game_master(E)', 'refused forbidden', 'refused forbidden', 'refused not_event_organiser', 'refused forbidden', 'refused not_event_organiser', 'denied', 'refused forbidden');

select is(tests.outcome(c.who, pg_temp.fill(m.statement)), c.expected, format('%s: %s', c.label, m.what))
from matrix m
cross join lateral (values
  ('mx_member', m.member, 'a member of T'), ('mx_rival', m.rival, 'a member of another team'),
  ('mx_other_org', m.other_org, 'the organiser of another event'), ('mx_gm', m.gm, 'a game master of E'),
  ('mx_admin', m.admin, 'staff'), ('anon', m.anon, 'anon'), ('mx_banned', m.banned, 'a banned member of T')) c (who, expected, label);

-- The owner's own calls, and the organiser's.
select is(tests.outcome('mx_owner', pg_temp.fill('select public.update_team(''{t}'', ''New name'')')), 'allowed', 'the owner: update_team(T)');
select is(tests.outcome('mx_owner', pg_temp.fill('select public.abandon_run(''{run}'')')), 'allowed', 'the owner: abandon T''s run');
select is(tests.outcome('mx_org', pg_temp.fill('select public.add_game_master(''{e}'', ''{invitee}'')')), 'allowed', 'the organiser: add_game_master(E)');
select is(tests.outcome('mx_org', pg_temp.fill('select public.event_overview(''{e}'')')), 'allowed', 'the organiser: event_overview(E)');

select * from finish();
rollback;
