-- A player plays an event in one team (found by the probe of main: self-dealing by team hopping).
-- already_in_event only looked at current memberships: a player could play the event with team A
-- (to its end, learning the whole route), leave A and join team B of the same event, then play it
-- again for B (per_team events: B had not started yet), or check in for A, leave, and help B. Now a
-- user who took part in the event through another team is already_in_event too: a player of
-- another team's run of this event (team_run_members, kept for finished runs), or the author of an
-- attempt or hint in one (run_checkins.attempted_by, run_hints.taken_by, kept when they leave).
create or replace function private.event_conflict(event uuid, member uuid, team uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when exists (select 1 from public.event_game_masters g where g.event_id = event and g.user_id = member) then 'game_master_cannot_play'
    when exists (select 1 from public.event_teams r join public.team_members m on m.team_id = r.team_id
                 where r.event_id = event and m.user_id = member and r.team_id is distinct from team)
      or exists (select 1 from public.quest_runs r join public.team_run_members m on m.run_id = r.id
                 where r.event_id = event and r.team_id is distinct from team and m.user_id = member)
      or exists (select 1 from public.quest_runs r join public.run_checkins c on c.run_id = r.id
                 where r.event_id = event and r.team_id is distinct from team and c.attempted_by = member)
      or exists (select 1 from public.quest_runs r join public.run_hints h on h.run_id = r.id
                 where r.event_id = event and r.team_id is distinct from team and h.taken_by = member) then 'already_in_event'
    when exists (select 1 from public.events e join public.quests q on q.id = e.quest_id
                 where e.id = event and q.author_id = member) then 'cannot_play_own_quest'
    when not private.has_quest_access((select e.quest_id from public.events e where e.id = event), member) then 'member_no_access'
  end;
$$;
comment on function private.event_conflict(uuid, uuid, uuid) is
  'Why a user may not play this event in this team: game_master_cannot_play, already_in_event (in another registered team, or took part in another team''s run of it: player, check-in or hint), cannot_play_own_quest (the quest''s author), member_no_access (a locked quest); null when they may.';
