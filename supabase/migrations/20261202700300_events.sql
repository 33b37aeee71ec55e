-- Events (issue 14): a quest played by many teams at once, in a time window, run by an organiser
-- and the game masters they appoint.
--   - Who organises: holders of the permission events.organise (the new role `organiser`, granted by
--     staff with grant_role, and moderators and admins). An organiser manages only their own
--     events: the row policies and the authorize trigger check organiser_id = the caller.
--   - An event: a published quest the organiser can see, a window (starts_at < ends_at, at most 7
--     days), a visibility (public: listed; code: found only with its join code), a cap on teams and
--     on team size, a start mode (together: every team starts at starts_at; per_team: each team
--     starts when it is ready, within the window) and an optional time limit per team run.
--     Written by the organiser as table rows (insert/update/delete of public.events, columns granted
--     one by one), validated by BEFORE triggers with catalogued codes naming the field; changeable
--     (and deletable) only while scheduled. Status, times, code and organiser are the server's.
--   - Teams register (their owner), within the caps (under the event's row lock, so registrations
--     racing at the cap end with exactly max_teams), with every member free to play: not a game
--     master of the event, not in another team of it, not the quest's author, with access to a
--     locked quest. The same rules hold for members joining a registered team later
--     (private.team_member_conflict), whose size the event caps (private.team_capacity).
--   - Game masters (the organiser and co-game masters) follow and steer the event: their calls are in
--     20261202700500_event_game_master.sql.
-- Code-only events are found by their code with event_by_code, an answer rather than an error for
-- an unknown code, counted by the events.find rate limit.

insert into private.error_codes (code, http_status, message_en, message_ru) values
  ('event_not_found', 404, 'No such event.', 'Такого события нет.'),
  ('event_not_editable', 409, 'This event has started: it can no longer be changed.', 'Событие уже началось: его нельзя изменить.'),
  ('not_event_organiser', 403, 'Only the event''s organiser can do this.', 'Это может только организатор события.'),
  ('registration_closed', 409, 'Teams can no longer register for this event.', 'Запись команд на это событие закрыта.'),
  ('event_full', 409, 'This event already has its {max} teams.', 'На событие уже записано {max} команд.'),
  ('team_too_large', 409, 'Teams of this event have at most {max} members.', 'В командах этого события не больше {max} участников.'),
  ('already_registered', 409, 'This team is already registered for this event.', 'Команда уже записана на это событие.'),
  ('not_registered', 404, 'This team is not registered for this event.', 'Команда не записана на это событие.'),
  ('game_master_cannot_play', 409, 'Game masters of an event cannot play in it.', 'Ведущие события не могут в нём играть.'),
  ('already_in_event', 409, 'Someone in this team already plays this event in another team.', 'Кто-то из команды уже играет в этом событии в другой команде.'),
  ('cannot_play_own_quest', 409, 'The quest''s author cannot play it in a team.', 'Автор квеста не может играть его в команде.'),
  ('member_no_access', 403, 'A member of the team has no access to this locked quest.', 'У участника команды нет доступа к этому закрытому квесту.'),
  ('already_game_master', 409, 'This user is already a game master of the event.', 'Этот пользователь уже ведущий события.'),
  ('invalid_time_window', 400, 'The time window is not possible ({reason}).', 'Такое время проведения невозможно ({reason}).');

insert into private.rate_limits (action, max_hits, per, description) values
  ('events.create', 20, interval '1 day', 'Events an organiser creates.'),
  ('events.edit', 300, interval '1 hour', 'Edits and deletions of one''s scheduled events, game masters added or removed.'),
  ('events.register', 30, interval '1 hour', 'Team registrations and withdrawals.'),
  ('events.find', 20, interval '1 hour', 'Event join-code look-ups, right or wrong (2^40 codes: no guessing).');

insert into public.role_permissions (role, permission) values
  ('organiser', 'events.organise'),
  ('moderator', 'events.organise'),
  ('admin', 'events.organise');
comment on type public.app_role is
  'Roles. Everyone is a `user` without a row; organiser (runs events), moderator and admin are granted in public.user_roles.';
comment on column public.user_roles.role is 'organiser, moderator or admin (plain `user` needs no row).';

create type public.event_visibility as enum ('public', 'code');
comment on type public.event_visibility is 'public: listed for every signed-in user; code: found only with its join code.';
create type public.event_start_mode as enum ('together', 'per_team');
comment on type public.event_start_mode is 'together: every registered team starts at starts_at; per_team: each team starts when ready, within the window.';
create type public.event_status as enum ('scheduled', 'running', 'paused', 'ended');
comment on type public.event_status is 'scheduled → running (at starts_at, or started early) ⇄ paused → ended (at ends_at, or ended early).';

create table public.events (
  id uuid primary key default gen_random_uuid(),
  quest_id uuid not null references public.quests (id) on delete cascade,
  organiser_id uuid default auth.uid() references public.profiles (id) on delete set null,
  title text not null check (char_length(title) between 3 and 128),
  description text not null default '' check (char_length(description) <= 2000),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  visibility public.event_visibility not null default 'public',
  join_code text unique check (join_code ~ '^[A-HJ-NP-Z2-9]{8}$'),
  max_teams integer not null default 20 check (max_teams between 1 and 500),
  max_team_size integer not null default 5 check (max_team_size between 2 and 100),
  start_mode public.event_start_mode not null default 'together',
  time_limit_min integer check (time_limit_min between 5 and 1440),
  status public.event_status not null default 'scheduled',
  started_at timestamptz,
  paused_at timestamptz,
  ended_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint events_window check (ends_at > starts_at)
);
comment on table public.events is
  'Events: a quest played by many teams in a time window, run by its organiser and game masters. The organiser writes the listed columns while it is scheduled; status, times, code and organiser are the server''s.';
comment on column public.events.quest_id is 'The quest played (published).';
comment on column public.events.organiser_id is 'Who created it (events.organise); null once their account is deleted.';
comment on column public.events.title is 'Title (3–128).';
comment on column public.events.description is 'What players should know (≤ 2000).';
comment on column public.events.starts_at is 'Start of the window (together: when every team starts).';
comment on column public.events.ends_at is 'End of the window: runs still in progress end then (at most 7 days after starts_at).';
comment on column public.events.visibility is 'public (listed) or code (found with join_code only).';
comment on column public.events.join_code is 'Code to find the event and register for it (8 characters; server-made).';
comment on column public.events.max_teams is 'Most teams registered (1–500).';
comment on column public.events.max_team_size is 'Most members per team (2 to the team_max_members setting).';
comment on column public.events.start_mode is 'together or per_team.';
comment on column public.events.time_limit_min is 'Minutes a team run may last (5–1440), or null: the window only.';
comment on column public.events.status is 'scheduled, running, paused or ended (server-maintained).';
comment on column public.events.started_at is 'When it started.';
comment on column public.events.paused_at is 'Since when it is paused (null while not paused).';
comment on column public.events.ended_at is 'When it ended.';
create index events_quest_id_idx on public.events (quest_id);
create index events_organiser_id_idx on public.events (organiser_id, starts_at desc);
create index events_upcoming_idx on public.events (starts_at, id) where visibility = 'public' and status <> 'ended';
create index events_due_idx on public.events (starts_at) where status = 'scheduled';
create index events_running_idx on public.events (ends_at) where status in ('running', 'paused');
create trigger touch_updated_at before update on public.events for each row execute function private.touch_updated_at();

create table public.event_game_masters (
  event_id uuid not null references public.events (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  added_by uuid references public.profiles (id) on delete set null,
  added_at timestamptz not null default now(),
  primary key (event_id, user_id)
);
comment on table public.event_game_masters is 'Game masters of each event: its organiser and the co-game masters they appointed. Written by the event functions.';
comment on column public.event_game_masters.event_id is 'The event.';
comment on column public.event_game_masters.user_id is 'The game master.';
comment on column public.event_game_masters.added_by is 'Who appointed them (null for the organiser).';
comment on column public.event_game_masters.added_at is 'When.';
create index event_game_masters_user_id_idx on public.event_game_masters (user_id, event_id);
create index event_game_masters_added_by_idx on public.event_game_masters (added_by);

create table public.event_teams (
  event_id uuid not null references public.events (id) on delete cascade,
  team_id uuid not null references public.teams (id) on delete cascade,
  registered_by uuid references public.profiles (id) on delete set null,
  registered_at timestamptz not null default now(),
  score integer not null default 0,
  points_done integer not null default 0,
  score_at timestamptz not null default now(),
  run_status public.run_status,
  finished_at timestamptz,
  disqualified_at timestamptz,
  disqualify_reason text check (char_length(disqualify_reason) <= 1000),
  last_lat double precision,
  last_lng double precision,
  last_accuracy_m numeric(8, 1),
  last_position_at timestamptz,
  last_activity_at timestamptz,
  primary key (event_id, team_id)
);
comment on table public.event_teams is
  'Teams registered for an event and their live standing (score, progress, last position and activity), kept in the transaction of every check-in, hint, adjustment and position. Read by game masters (and each team its own row).';
comment on column public.event_teams.event_id is 'The event.';
comment on column public.event_teams.team_id is 'The team.';
comment on column public.event_teams.registered_by is 'The owner who registered the team.';
comment on column public.event_teams.registered_at is 'When.';
comment on column public.event_teams.score is 'The score of the team''s run of the event (0 before it starts).';
comment on column public.event_teams.points_done is 'Points checked in.';
comment on column public.event_teams.score_at is 'When the score last changed: ties on the leaderboard go to whoever got there first.';
comment on column public.event_teams.run_status is 'Status of the team''s run of the event (null before it starts).';
comment on column public.event_teams.finished_at is 'When the run completed or ended.';
comment on column public.event_teams.disqualified_at is 'When a game master disqualified the team (out of the leaderboard).';
comment on column public.event_teams.disqualify_reason is 'Why (shown to the team).';
comment on column public.event_teams.last_lat is 'Last position kept for the game masters'' map (report_team_position).';
comment on column public.event_teams.last_lng is 'Its longitude.';
comment on column public.event_teams.last_accuracy_m is 'Its reported accuracy (metres).';
comment on column public.event_teams.last_position_at is 'When it was reported.';
comment on column public.event_teams.last_activity_at is 'The team''s last check-in attempt, hint or position.';
create index event_teams_team_id_idx on public.event_teams (team_id, event_id);
create index event_teams_registered_by_idx on public.event_teams (registered_by);
create index event_teams_ranking_idx on public.event_teams (event_id, score desc, score_at, team_id) where disqualified_at is null;
create index event_teams_overview_idx on public.event_teams (event_id, registered_at, team_id);

alter table public.events enable row level security;
alter table public.event_game_masters enable row level security;
alter table public.event_teams enable row level security;
revoke all on public.events, public.event_game_masters, public.event_teams from anon;
revoke insert, update, delete, truncate on public.events, public.event_game_masters, public.event_teams from authenticated;
grant insert (quest_id, title, description, starts_at, ends_at, visibility, max_teams, max_team_size, start_mode, time_limit_min)
  on public.events to authenticated;
grant update (title, description, starts_at, ends_at, visibility, max_teams, max_team_size, start_mode, time_limit_min)
  on public.events to authenticated;
grant delete on public.events to authenticated;

create type public.event_activity_kind as enum (
  'team_registered', 'team_withdrawn', 'event_started', 'event_paused', 'event_resumed', 'event_ended', 'run_started',
  'checkin', 'hint_taken', 'hint_granted', 'run_ended', 'message', 'score_adjusted', 'team_disqualified');
comment on type public.event_activity_kind is 'What an item of an event''s activity feed is about (payloads in docs/teams-and-events.md).';

create table public.event_activity (
  id bigint generated always as identity primary key,
  event_id uuid not null references public.events (id) on delete cascade,
  team_id uuid references public.teams (id) on delete cascade,
  actor_id uuid references public.profiles (id) on delete set null,
  kind public.event_activity_kind not null,
  payload jsonb not null default '{}',
  created_at timestamptz not null default now()
);
comment on table public.event_activity is
  'The activity feed of an event for its game masters: registrations, starts, check-ins, hints, messages, adjustments, disqualifications, pauses. Written by the event and play functions; broadcast on event:<event id>.';
comment on column public.event_activity.event_id is 'The event.';
comment on column public.event_activity.team_id is 'The team concerned (null: the whole event).';
comment on column public.event_activity.actor_id is 'Who did it (a player, a game master; null for the scheduler or a deleted account).';
comment on column public.event_activity.kind is 'What happened.';
comment on column public.event_activity.payload is 'Details by kind (positions, scores, reasons; never a point''s content).';
create index event_activity_feed_idx on public.event_activity (event_id, id desc);
create index event_activity_team_id_idx on public.event_activity (team_id);
create index event_activity_actor_id_idx on public.event_activity (actor_id);
alter table public.event_activity enable row level security;
revoke all on public.event_activity from anon;
revoke insert, update, delete, truncate on public.event_activity from authenticated;

-- One item of the feed: stored and broadcast to the game masters (event:<event id>, database-only).
create function private.event_activity_item(entry public.event_activity)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object('id', entry.id, 'kind', entry.kind, 'created_at', entry.created_at, 'payload', entry.payload,
    'team', (select jsonb_build_object('id', t.id, 'name', t.name) from public.teams t where t.id = entry.team_id),
    'actor', private.public_profile(entry.actor_id),
    'cursor', jsonb_build_object('id', entry.id));
$$;
comment on function private.event_activity_item(public.event_activity) is
  'A feed item as game masters receive it (event_activity and the activity broadcast): {id, kind, created_at, payload, team {id, name}, actor, cursor}.';

create function private.event_log(event uuid, team uuid, kind public.event_activity_kind, payload jsonb)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  entry public.event_activity;
begin
  insert into public.event_activity (event_id, team_id, actor_id, kind, payload)
  values (event, team, auth.uid(), kind, coalesce(payload, '{}'))
  returning * into entry;
  perform private.broadcast('event:' || event::text, 'activity', private.event_activity_item(entry));
  if team is not null then
    update public.event_teams r set last_activity_at = entry.created_at
    where r.event_id = event and r.team_id = team and kind in ('checkin', 'hint_taken', 'run_started');
  end if;
end;
$$;
comment on function private.event_log(uuid, uuid, public.event_activity_kind, jsonb) is
  'Adds an item to an event''s activity feed (actor: the caller) and broadcasts it on event:<event id> (event activity); players'' actions also stamp the team''s last activity.';
revoke execute on function private.event_activity_item(public.event_activity), private.event_log(uuid, uuid, public.event_activity_kind, jsonb) from public;

-- Roles in an event.
create function private.is_event_game_master(event uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.event_game_masters g where g.event_id = event and g.user_id = auth.uid());
$$;
comment on function private.is_event_game_master(uuid) is 'True when the caller is a game master (the organiser included) of the event.';

create function private.event_team_of(event uuid, member uuid)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select r.team_id from public.event_teams r join public.team_members m on m.team_id = r.team_id
  where r.event_id = event and m.user_id = member
  limit 1;
$$;
comment on function private.event_team_of(uuid, uuid) is 'The registered team through which a user plays an event, or null.';

create function private.is_event_participant(event uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.event_team_of(event, auth.uid()) is not null;
$$;
comment on function private.is_event_participant(uuid) is 'True when the caller is a member of a team registered for the event.';

create function private.is_team_game_master(team uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.event_teams r join public.event_game_masters g on g.event_id = r.event_id
                 where r.team_id = team and g.user_id = auth.uid());
$$;
comment on function private.is_team_game_master(uuid) is 'True when the caller is a game master of an event the team is registered for.';

revoke execute on function private.is_event_game_master(uuid), private.event_team_of(uuid, uuid), private.is_event_participant(uuid),
  private.is_team_game_master(uuid) from public;
grant execute on function private.is_event_game_master(uuid), private.is_event_participant(uuid) to authenticated;

create policy events_select on public.events for select to authenticated
  using (visibility = 'public' or (select private.is_event_game_master(id)) or (select private.is_event_participant(id)));
comment on policy events_select on public.events is 'Public events for every signed-in user; code-only ones for their game masters and participants.';
create policy events_insert on public.events for insert to authenticated
  with check (organiser_id = (select auth.uid()) and (select private.is_active()) and (select private.authorize('events.organise')));
comment on policy events_insert on public.events is 'Holders of events.organise create events of their own.';
create policy events_update on public.events for update to authenticated
  using (organiser_id = (select auth.uid()) and status = 'scheduled' and (select private.is_active()) and (select private.authorize('events.organise')))
  with check (organiser_id = (select auth.uid()) and status = 'scheduled');
comment on policy events_update on public.events is 'The organiser (still holding events.organise) edits their event while it is scheduled.';
create policy events_delete on public.events for delete to authenticated
  using (organiser_id = (select auth.uid()) and status = 'scheduled' and (select private.is_active()) and (select private.authorize('events.organise')));
comment on policy events_delete on public.events is 'The organiser deletes their event while it is scheduled.';

create policy event_game_masters_select on public.event_game_masters for select to authenticated
  using ((select private.is_event_game_master(event_id)) or (select private.is_event_participant(event_id)));
comment on policy event_game_masters_select on public.event_game_masters is 'Game masters and participants see who runs the event.';
create policy event_teams_select on public.event_teams for select to authenticated
  using ((select private.is_event_game_master(event_id)) or team_id in (select private.my_team_ids()));
comment on policy event_teams_select on public.event_teams is 'Game masters read every team''s standing and position; a team reads its own row (the leaderboard call shows the rest without positions).';
create policy event_activity_select on public.event_activity for select to authenticated using ((select private.is_event_game_master(event_id)));
comment on policy event_activity_select on public.event_activity is 'Game masters read the feed (teams never see each other''s moves).';

-- Event write rules (the catalogue's pattern): who in authorize_event_write, values in check_event_write.
create function private.authorize_event_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  target public.events := coalesce(old, new);
begin
  perform private.require_permission('events.organise');
  if tg_op <> 'INSERT' then
    if target.organiser_id is distinct from auth.uid() then
      if target.visibility = 'public' or private.is_event_game_master(target.id) or private.is_event_participant(target.id) then
        perform private.refuse('not_event_organiser');
      end if;
      perform private.refuse('event_not_found');
    end if;
    if target.status <> 'scheduled' then
      perform private.refuse('event_not_editable');
    end if;
  end if;
  perform private.throttle(case tg_op when 'INSERT' then 'events.create' else 'events.edit' end);
  return coalesce(new, old);
end;
$$;
comment on function private.authorize_event_write() is
  'Trigger (app requests): forbidden without events.organise (or banned), event_not_found / not_event_organiser for someone else''s event, event_not_editable once started; rate limits events.create and events.edit.';
create trigger authorize_event_write before insert or update or delete on public.events
  for each row when (current_user in ('anon', 'authenticated')) execute function private.authorize_event_write();

create function private.check_event_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  quest public.quests;
  registered integer;
  largest integer;
begin
  if tg_op = 'INSERT' then
    new.status := 'scheduled';
    new.started_at := null;
    new.paused_at := null;
    new.ended_at := null;
    new.join_code := private.new_join_code();
    if current_user in ('anon', 'authenticated') then
      new.organiser_id := auth.uid();
    end if;
  elsif (new.title, new.description, new.starts_at, new.ends_at, new.visibility, new.max_teams, new.max_team_size,
         new.start_mode, new.time_limit_min, new.quest_id)
        is not distinct from (old.title, old.description, old.starts_at, old.ends_at, old.visibility, old.max_teams,
         old.max_team_size, old.start_mode, old.time_limit_min, old.quest_id) then
    return new;  -- a server update (status, times)
  end if;
  new.description := coalesce(new.description, '');
  perform private.check_length('title', new.title, 3, 128);
  perform private.check_length('description', new.description, 0, 2000);
  if new.quest_id is null then
    perform private.refuse('field_required', jsonb_build_object('field', 'quest_id'));
  end if;
  select * into quest from public.quests q where q.id = new.quest_id;
  if quest.id is null or quest.status <> 'published' or not (auth.uid() is null or private.can_view_quest(quest.id)) then
    perform private.refuse('invalid_reference', jsonb_build_object('field', 'quest_id'));
  end if;
  if new.starts_at is null then
    perform private.refuse('field_required', jsonb_build_object('field', 'starts_at'));
  end if;
  if new.ends_at is null then
    perform private.refuse('field_required', jsonb_build_object('field', 'ends_at'));
  end if;
  if new.starts_at < now() - interval '1 minute' and (tg_op = 'INSERT' or new.starts_at is distinct from old.starts_at) then
    perform private.refuse('invalid_time_window', jsonb_build_object('reason', 'starts_at is in the past'));
  end if;
  if new.ends_at < new.starts_at + interval '5 minutes' then
    perform private.refuse('invalid_time_window', jsonb_build_object('reason', 'ends_at is less than 5 minutes after starts_at'));
  end if;
  if new.ends_at > new.starts_at + interval '7 days' then
    perform private.refuse('invalid_time_window', jsonb_build_object('reason', 'an event lasts at most 7 days'));
  end if;
  if new.visibility is null then
    perform private.refuse('field_required', jsonb_build_object('field', 'visibility'));
  end if;
  if new.start_mode is null then
    perform private.refuse('field_required', jsonb_build_object('field', 'start_mode'));
  end if;
  perform private.check_range('max_teams', new.max_teams, 1, 500);
  perform private.check_range('max_team_size', new.max_team_size, 2, private.play_setting('team_max_members'));
  if new.time_limit_min is not null then
    perform private.check_range('time_limit_min', new.time_limit_min, 5, 1440);
  end if;
  if tg_op = 'UPDATE' then
    select count(*), coalesce(max((select count(*) from public.team_members m where m.team_id = r.team_id)), 0)
    into registered, largest
    from public.event_teams r where r.event_id = new.id;
    if new.max_teams < registered then
      perform private.refuse('out_of_range', jsonb_build_object('field', 'max_teams', 'min', registered, 'max', 500));
    end if;
    if new.max_team_size < largest then
      perform private.refuse('out_of_range', jsonb_build_object('field', 'max_team_size', 'min', largest,
        'max', private.play_setting('team_max_members')));
    end if;
  end if;
  return new;
end;
$$;
comment on function private.check_event_write() is
  'Trigger (every writer): server values on insert (status scheduled, join code, organiser = the caller), then the written fields: title, description, a published quest the caller can see (invalid_reference), the window (invalid_time_window), caps not below what is registered (out_of_range), codes naming the field.';
create trigger check_event_write before insert or update on public.events
  for each row execute function private.check_event_write();

create function private.add_event_organiser()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.organiser_id is not null then
    insert into public.event_game_masters (event_id, user_id) values (new.id, new.organiser_id) on conflict do nothing;
  end if;
  return null;
end;
$$;
comment on function private.add_event_organiser() is 'Trigger: the organiser of a new event is its first game master.';
create trigger add_event_organiser after insert on public.events for each row execute function private.add_event_organiser();

-- Join codes are unique across teams and events.
create or replace function private.join_code_taken(code text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.teams t where t.join_code = code)
      or exists (select 1 from public.events e where e.join_code = code);
$$;
comment on function private.join_code_taken(text) is 'True when a team or an event holds this join code.';

-- Why a user may not play an event in a team (null: they may).
create function private.event_conflict(event uuid, member uuid, team uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when exists (select 1 from public.event_game_masters g where g.event_id = event and g.user_id = member) then 'game_master_cannot_play'
    when exists (select 1 from public.event_teams r join public.team_members m on m.team_id = r.team_id
                 where r.event_id = event and m.user_id = member and r.team_id is distinct from team) then 'already_in_event'
    when exists (select 1 from public.events e join public.quests q on q.id = e.quest_id
                 where e.id = event and q.author_id = member) then 'cannot_play_own_quest'
    when not private.has_quest_access((select e.quest_id from public.events e where e.id = event), member) then 'member_no_access'
  end;
$$;
comment on function private.event_conflict(uuid, uuid, uuid) is
  'Why a user may not play this event in this team: game_master_cannot_play, already_in_event (in another registered team), cannot_play_own_quest (the quest''s author), member_no_access (a locked quest); null when they may.';

create or replace function private.team_member_conflict(team uuid, member uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select private.event_conflict(r.event_id, member, team)
  from public.event_teams r join public.events e on e.id = r.event_id
  where r.team_id = team and e.status <> 'ended' and private.event_conflict(r.event_id, member, team) is not null
  order by e.starts_at
  limit 1;
$$;
comment on function private.team_member_conflict(uuid, uuid) is
  'Why this user may not join this team: the first conflict (private.event_conflict) with an event the team is registered for that has not ended; null when none.';

create or replace function private.team_capacity(team uuid)
returns integer
language sql
stable
security definer
set search_path = ''
as $$
  select least(t.max_members, (select min(e.max_team_size) from public.event_teams r join public.events e on e.id = r.event_id
                                where r.team_id = t.id and e.status <> 'ended'))
  from public.teams t where t.id = team;
$$;
comment on function private.team_capacity(uuid) is
  'The most members a team may have now: its max_members, lowered by the team size cap of every event it is registered for that has not ended.';

-- Registration.
create function private.visible_event(event uuid, join_code text)
returns public.events
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  found_event public.events;
begin
  select * into found_event from public.events e where e.id = event;
  if found_event.id is null
     or not (found_event.visibility = 'public' or coalesce(found_event.join_code = upper(btrim(join_code)), false)
             or private.is_event_game_master(event) or private.is_event_participant(event)) then
    perform private.refuse('event_not_found');
  end if;
  return found_event;
end;
$$;
comment on function private.visible_event(uuid, text) is
  'The event when the caller may see it (public, the right join code, a game master or participant), else event_not_found.';

create function private.register_team(event uuid, team uuid, join_code text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  found_event public.events;
  registered integer;
  members integer;
  conflict text;
  overlapping boolean;
begin
  perform private.require_team_role(team, true);
  perform private.require_max_length(join_code, 'join_code', 32);
  found_event := private.visible_event(event, join_code);
  perform private.throttle('events.register');
  -- One registration at a time per event (the team cap), and per team (its members).
  select * into found_event from public.events e where e.id = event for update;
  perform 1 from public.teams t where t.id = team for update;
  if not (found_event.status = 'scheduled' or (found_event.status = 'running' and found_event.start_mode = 'per_team')) then
    perform private.refuse('registration_closed');
  end if;
  if exists (select 1 from public.event_teams r where r.event_id = event and r.team_id = team) then
    perform private.refuse('already_registered');
  end if;
  select count(*) into registered from public.event_teams r where r.event_id = event;
  if registered >= found_event.max_teams then
    perform private.refuse('event_full', jsonb_build_object('max', found_event.max_teams));
  end if;
  select count(*) into members from public.team_members m where m.team_id = team;
  if members > found_event.max_team_size then
    perform private.refuse('team_too_large', jsonb_build_object('max', found_event.max_team_size));
  end if;
  select private.event_conflict(event, m.user_id, team) into conflict
  from public.team_members m where m.team_id = team and private.event_conflict(event, m.user_id, team) is not null
  order by m.joined_at limit 1;
  if conflict is not null then
    perform private.refuse(conflict);
  end if;
  select exists (select 1 from public.event_teams r join public.events e on e.id = r.event_id
                 where r.team_id = team and e.status <> 'ended'
                   and e.starts_at < found_event.ends_at and found_event.starts_at < e.ends_at) into overlapping;
  if overlapping then
    perform private.refuse('team_busy');
  end if;
  insert into public.event_teams (event_id, team_id, registered_by) values (event, team, auth.uid());
  perform private.event_log(event, team, 'team_registered', jsonb_build_object('members', members));
  perform private.team_broadcast(team, 'event_registered', jsonb_build_object('event_id', event, 'title', found_event.title,
    'starts_at', found_event.starts_at));
  return private.event_card(event);
end;
$$;
comment on function private.register_team(uuid, uuid, text) is
  'The owner registers the team for an event (code-only events: with the code), under the event''s row lock: registration_closed, already_registered, event_full, team_too_large, a member''s conflict (game_master_cannot_play, already_in_event, cannot_play_own_quest, member_no_access), team_busy (an overlapping event).';

create function private.withdraw_team(event uuid, team uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  found_event public.events;
begin
  perform private.require_team_role(team, true);
  select * into found_event from public.events e where e.id = event for update;
  if found_event.id is null or not exists (select 1 from public.event_teams r where r.event_id = event and r.team_id = team) then
    perform private.refuse('not_registered');
  end if;
  if found_event.status <> 'scheduled' then
    perform private.refuse('registration_closed');
  end if;
  perform private.throttle('events.register');
  delete from public.event_teams r where r.event_id = event and r.team_id = team;
  perform private.event_log(event, team, 'team_withdrawn', '{}'::jsonb);
  perform private.team_broadcast(team, 'event_withdrawn', jsonb_build_object('event_id', event));
end;
$$;
comment on function private.withdraw_team(uuid, uuid) is 'The owner withdraws the team before the event starts. Refuses forbidden, team_not_found, not_team_owner, not_registered, registration_closed.';

-- Game masters.
create function private.require_event_organiser(event uuid)
returns public.events
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  found_event public.events;
begin
  perform private.require_permission('events.organise');
  select * into found_event from public.events e where e.id = event;
  if found_event.id is null or not (found_event.visibility = 'public' or private.is_event_game_master(event)) then
    perform private.refuse('event_not_found');
  end if;
  if found_event.organiser_id is distinct from auth.uid() then
    perform private.refuse('not_event_organiser');
  end if;
  return found_event;
end;
$$;
comment on function private.require_event_organiser(uuid) is
  'The event when the caller organises it (and still holds events.organise): forbidden, event_not_found, not_event_organiser.';

create function private.add_game_master(event uuid, member uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.require_event_organiser(event);
  if member is null or not exists (select 1 from public.profiles p where p.id = member) then
    perform private.refuse('user_not_found');
  end if;
  if private.is_banned(member) then
    perform private.refuse('invalid_member');
  end if;
  if private.event_team_of(event, member) is not null then
    perform private.refuse('game_master_cannot_play');
  end if;
  perform private.throttle('events.edit');
  insert into public.event_game_masters (event_id, user_id, added_by) values (event, member, auth.uid())
  on conflict do nothing;
  if not found then
    perform private.refuse('already_game_master');
  end if;
end;
$$;
comment on function private.add_game_master(uuid, uuid) is
  'The organiser appoints a co-game master (not a player of the event, not banned). Refuses forbidden, event_not_found, not_event_organiser, user_not_found, invalid_member, game_master_cannot_play, already_game_master, rate_limited.';

create function private.remove_game_master(event uuid, member uuid)
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
end;
$$;
comment on function private.remove_game_master(uuid, uuid) is
  'The organiser removes a co-game master (never themselves). Refuses forbidden, event_not_found, not_event_organiser, invalid_member, member_not_found.';

-- Screens.
create function private.event_card(event uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object('id', e.id, 'title', e.title, 'description', e.description, 'status', e.status,
    'starts_at', e.starts_at, 'ends_at', e.ends_at, 'visibility', e.visibility, 'start_mode', e.start_mode,
    'time_limit_min', e.time_limit_min, 'max_teams', e.max_teams, 'max_team_size', e.max_team_size,
    'teams_registered', (select count(*) from public.event_teams r where r.event_id = e.id),
    'started_at', e.started_at, 'paused_at', e.paused_at, 'ended_at', e.ended_at,
    'quest', (select jsonb_build_object('id', q.id, 'slug', q.slug, 'title', q.title, 'city', q.city, 'cover_path', q.cover_path,
                                        'access', q.access, 'stage_order', q.stage_order)
              from public.quests q where q.id = e.quest_id),
    'organiser', private.public_profile(e.organiser_id))
  from public.events e where e.id = event;
$$;
comment on function private.event_card(uuid) is 'An event as lists and the detail show it: its fields, the number of teams, the quest''s card, the organiser''s public fields.';

create function private.event_by_code(join_code text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  found uuid;
begin
  perform private.require_active();
  perform private.require_max_length(join_code, 'join_code', 32);
  perform private.throttle('events.find');
  select e.id into found from public.events e where e.join_code = upper(btrim(event_by_code.join_code)) and e.status <> 'ended';
  if found is null then
    return jsonb_build_object('found', false, 'refusal', 'join_code_not_found', 'event', null);
  end if;
  return jsonb_build_object('found', true, 'refusal', null, 'event', private.event_card(found));
end;
$$;
comment on function private.event_by_code(text) is
  'The event with this join code (not ended): {found, refusal, event}. An unknown code is an answer, counted by events.find.';

create function private.event_detail(event uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  found_event public.events := private.visible_event(event, null);
  my_team uuid := private.event_team_of(event, auth.uid());
  game_master boolean := private.is_event_game_master(event);
begin
  return jsonb_build_object(
    'event', private.event_card(event)
             || case when game_master or my_team is not null then jsonb_build_object('join_code', found_event.join_code) else '{}' end,
    'my_role', case when found_event.organiser_id = auth.uid() then 'organiser' when game_master then 'game_master'
                    when my_team is not null then 'player' end,
    'my_team', case when my_team is not null then
      (select private.team_card(r.team_id) - 'join_code' || jsonb_build_object(
                'score', r.score, 'points_done', r.points_done, 'run_status', r.run_status,
                'disqualified_at', r.disqualified_at, 'disqualify_reason', r.disqualify_reason)
       from public.event_teams r where r.event_id = event and r.team_id = my_team) end,
    'game_masters', (select coalesce(jsonb_agg(private.public_profile(g.user_id) order by g.added_at, g.user_id), '[]')
                     from public.event_game_masters g where g.event_id = event));
end;
$$;
comment on function private.event_detail(uuid) is
  'The event screen: the event (with its join code for game masters and participants), the caller''s role, their team''s standing, the game masters.';

create function private.upcoming_events(after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  size integer := private.require_page_size(page_size);
  items jsonb;
begin
  perform private.require_active();
  select coalesce(jsonb_agg(x.item order by x.starts_at, x.id), '[]') into items
  from (
    select e.starts_at, e.id, private.event_card(e.id) || jsonb_build_object('cursor', jsonb_build_object('at', e.starts_at, 'id', e.id)) as item
    from private.keyset_cursor(after, 'uuid') k
    cross join public.events e
    where e.visibility = 'public' and e.status <> 'ended'
      and (k.at is null or (e.starts_at, e.id) > (k.at, k.id::uuid))
    order by e.starts_at, e.id
    limit size + 1
  ) x;
  return private.list_page(items, size);
end;
$$;
comment on function private.upcoming_events(jsonb, integer) is 'Public events that have not ended, soonest first, keyset (starts_at, id).';

create function private.my_events(after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  size integer := private.require_page_size(page_size);
  items jsonb;
begin
  select coalesce(jsonb_agg(x.item order by x.starts_at desc, x.id desc), '[]') into items
  from (
    select e.starts_at, e.id,
           private.event_card(e.id) || jsonb_build_object(
             'my_role', case when e.organiser_id = auth.uid() then 'organiser'
                             when exists (select 1 from public.event_game_masters g where g.event_id = e.id and g.user_id = auth.uid()) then 'game_master'
                             else 'player' end,
             'cursor', jsonb_build_object('at', e.starts_at, 'id', e.id)) as item
    from private.keyset_cursor(after, 'uuid') k
    cross join public.events e
    where (exists (select 1 from public.event_game_masters g where g.event_id = e.id and g.user_id = auth.uid())
           or exists (select 1 from public.event_teams r join public.team_members m on m.team_id = r.team_id
                      where r.event_id = e.id and m.user_id = auth.uid()))
      and (k.at is null or (e.starts_at, e.id) < (k.at, k.id::uuid))
    order by e.starts_at desc, e.id desc
    limit size + 1
  ) x;
  return private.list_page(items, size);
end;
$$;
comment on function private.my_events(jsonb, integer) is 'Events the caller runs or plays (through a team), newest start first, keyset (starts_at, id), with their role.';

grant execute on function private.register_team(uuid, uuid, text), private.withdraw_team(uuid, uuid), private.add_game_master(uuid, uuid),
  private.remove_game_master(uuid, uuid), private.event_by_code(text), private.event_detail(uuid), private.upcoming_events(jsonb, integer),
  private.my_events(jsonb, integer) to authenticated;
revoke execute on function private.authorize_event_write(), private.check_event_write(), private.add_event_organiser(),
  private.event_conflict(uuid, uuid, uuid), private.visible_event(uuid, text), private.require_event_organiser(uuid),
  private.event_card(uuid) from public;

create function public.register_team(event_id uuid, team_id uuid, join_code text default null) returns jsonb
language sql security invoker set search_path = '' as $$ select private.register_team(event_id, team_id, join_code); $$;
comment on function public.register_team(uuid, uuid, text) is
  'RPC (team owner): register the team for an event (code-only events: give join_code); returns the event card. Errors: forbidden, team_not_found, not_team_owner, event_not_found, registration_closed, already_registered, event_full, team_too_large, game_master_cannot_play, already_in_event, cannot_play_own_quest, member_no_access, team_busy, rate_limited.';
create function public.withdraw_team(event_id uuid, team_id uuid) returns void
language sql security invoker set search_path = '' as $$ select private.withdraw_team(event_id, team_id); $$;
comment on function public.withdraw_team(uuid, uuid) is 'RPC (team owner): withdraw before the event starts. Errors: forbidden, team_not_found, not_team_owner, not_registered, registration_closed, rate_limited.';
create function public.add_game_master(event_id uuid, user_id uuid) returns void
language sql security invoker set search_path = '' as $$ select private.add_game_master(event_id, user_id); $$;
comment on function public.add_game_master(uuid, uuid) is
  'RPC (organiser): appoint a co-game master. Errors: forbidden, event_not_found, not_event_organiser, user_not_found, invalid_member, game_master_cannot_play, already_game_master, rate_limited.';
create function public.remove_game_master(event_id uuid, user_id uuid) returns void
language sql security invoker set search_path = '' as $$ select private.remove_game_master(event_id, user_id); $$;
comment on function public.remove_game_master(uuid, uuid) is
  'RPC (organiser): remove a co-game master. Errors: forbidden, event_not_found, not_event_organiser, invalid_member, member_not_found, rate_limited.';
create function public.event_by_code(join_code text) returns jsonb
language sql security invoker set search_path = '' as $$ select private.event_by_code(join_code); $$;
comment on function public.event_by_code(text) is
  'RPC: find an event by its join code: {found, refusal (join_code_not_found), event}. Errors: forbidden, invalid_parameter, rate_limited.';
create function public.event_detail(event_id uuid) returns jsonb
language sql stable security invoker set search_path = '' as $$ select private.event_detail(event_id); $$;
comment on function public.event_detail(uuid) is
  'RPC: the event screen, {event (join_code for game masters and players), my_role (organiser|game_master|player|null), my_team, game_masters}. Errors: event_not_found.';
create function public.upcoming_events(after jsonb default null, page_size integer default 20) returns jsonb
language sql stable security invoker set search_path = '' as $$ select private.upcoming_events(after, page_size); $$;
comment on function public.upcoming_events(jsonb, integer) is
  'RPC: public events that have not ended, soonest first, {items: [event card + cursor], next_cursor}. Errors: forbidden, invalid_cursor, invalid_parameter.';
create function public.my_events(after jsonb default null, page_size integer default 20) returns jsonb
language sql stable security invoker set search_path = '' as $$ select private.my_events(after, page_size); $$;
comment on function public.my_events(jsonb, integer) is
  'RPC: events I run or play, newest first, {items: [event card + my_role + cursor], next_cursor}. Errors: invalid_cursor, invalid_parameter.';

revoke execute on function public.register_team(uuid, uuid, text), public.withdraw_team(uuid, uuid), public.add_game_master(uuid, uuid),
  public.remove_game_master(uuid, uuid), public.event_by_code(text), public.event_detail(uuid), public.upcoming_events(jsonb, integer),
  public.my_events(jsonb, integer) from public, anon;
grant execute on function public.register_team(uuid, uuid, text), public.withdraw_team(uuid, uuid), public.add_game_master(uuid, uuid),
  public.remove_game_master(uuid, uuid), public.event_by_code(text), public.event_detail(uuid), public.upcoming_events(jsonb, integer),
  public.my_events(jsonb, integer) to authenticated;
