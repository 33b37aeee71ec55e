-- A game master never plays the event they steered (probe of main: an organiser removed a
-- co-game master mid-event, who then joined a team of that event with everything the game
-- master's view had shown them: every team's route progress, positions and the feed). Removal is
-- remembered in private.former_game_masters, and private.event_conflict answers
-- game_master_cannot_play for former game masters too (joining, accepting an invitation,
-- registering a team with them in it).

create table private.former_game_masters (
  event_id uuid not null references public.events (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  removed_at timestamptz not null default now(),
  primary key (event_id, user_id)
);
comment on table private.former_game_masters is
  'Co-game masters removed from an event (written by private.remove_game_master): they may not play that event.';
comment on column private.former_game_masters.event_id is 'The event.';
comment on column private.former_game_masters.user_id is 'The former game master.';
comment on column private.former_game_masters.removed_at is 'When they were removed.';
create index former_game_masters_user_id_idx on private.former_game_masters (user_id);
comment on index private.former_game_masters_user_id_idx is 'Foreign key (account deletion).';
alter table private.former_game_masters enable row level security;

create or replace function private.remove_game_master(event uuid, member uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  found_event public.events := private.require_event_organiser(event);
begin
  if member is null or member = found_event.organiser_id then
    perform private.refuse('invalid_member');
  end if;
  perform private.throttle('events.edit');
  delete from public.event_game_masters g where g.event_id = event and g.user_id = member;
  if not found then
    perform private.refuse('member_not_found');
  end if;
  insert into private.former_game_masters (event_id, user_id) values (event, member) on conflict do nothing;
end;
$$;
comment on function private.remove_game_master(uuid, uuid) is
  'The organiser removes a co-game master (never themselves), who is remembered as a former game master of the event (game_master_cannot_play). Refuses forbidden, event_not_found, not_event_organiser, invalid_member, member_not_found.';

create or replace function private.event_conflict(event uuid, member uuid, team uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when exists (select 1 from public.event_game_masters g where g.event_id = event and g.user_id = member)
      or exists (select 1 from private.former_game_masters g where g.event_id = event and g.user_id = member) then 'game_master_cannot_play'
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
  'Why a user may not play this event in this team: game_master_cannot_play (a game master of it, or a former one), already_in_event (in another registered team, or took part in another team''s run of it: player, check-in or hint), cannot_play_own_quest (the quest''s author), member_no_access (a locked quest); null when they may.';
