-- A game master follows a team only while the team's event runs (found by the probe of main): the
-- team topics (team:<id>, its database events: membership, every run's check-ins, hints and scores;
-- team-live:<id>, the members' live positions and presence) admitted the game masters of ANY event
-- the team had ever registered for, so an organiser or co-game master kept receiving a team's
-- positions and every later run of it for good, weeks after the event ended (and before it
-- started), and could send on its team-live topic. Now "a game master of the team" means a game
-- master of an event the team is registered for (not disqualified) that is running or paused: the
-- window in which they steer it. Before and after, they read the event through its own calls
-- (event_overview, event_leaderboard, event_activity, team_replay) and its event:<id> topic.
-- Realtime checks a topic when a client joins it, so a game master's channel opened during the
-- event keeps receiving until it is rejoined; the app leaves team topics when the event ends.
create or replace function private.is_team_game_master(team uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.event_teams r
                 join public.events e on e.id = r.event_id and e.status in ('running', 'paused')
                 join public.event_game_masters g on g.event_id = r.event_id
                 where r.team_id = team and r.disqualified_at is null and g.user_id = auth.uid());
$$;
comment on function private.is_team_game_master(uuid) is
  'True when the caller is a game master of an event the team plays right now (registered, not disqualified, the event running or paused): the team topics admit them only then.';

comment on function private.team_topic_can_receive(text, text) is
  'team:<id> (database events): the team''s members, and the game masters of the event it plays while that event runs or is paused, receive broadcasts.';
comment on function private.team_live_can_receive(text, text) is
  'team-live:<id> (positions, presence): the team''s members, and the game masters of the event it plays while that event runs or is paused, receive.';
comment on function private.team_live_can_send(text, text) is
  'team-live:<id> (positions, presence): the team''s members, and the game masters of the event it plays while that event runs or is paused, send, when not banned.';

update private.realtime_topic_families set description =
  'Database events of a team (membership, runs, check-ins, hints, game master messages, event state): members, and the game masters of the event it plays while that event runs, receive and may trust them.'
where family = 'team';
update private.realtime_topic_families set description =
  'Client events of a team (live positions, presence): members, and the game masters of the event it plays while that event runs, send and receive. Hints from peers, never facts.'
where family = 'team-live';
