-- Live positions of event teams (issue 14). Phones send their members' positions every few
-- seconds on the Realtime topic team-live:<team id> (members and the event's game masters send and
-- receive; the database is not in that path). For the game masters' map and the replay after the
-- event, the database keeps at most ONE position per team every 5 seconds: report_team_position is
-- rate limited per team (events.position, 1 per 5 s, subject team:<id>; whichever member reports
-- first in a window is kept, the others get rate_limited and need not retry), accepted only while
-- the team plays a running event (not disqualified), and copied onto the team's standing
-- (event_teams.last_*) in the same transaction for the overview. Positions are kept for
-- position_retention_days (30) after their event ended, then the team-positions-prune job deletes
-- them. Bound: (event length / 5 s) positions per team, e.g. 100 teams × 3 h = 216,000 rows at most.

insert into private.rate_limits (action, max_hits, per, description) values
  ('events.position', 1, interval '5 seconds', 'Positions kept per team (subject team:<id>): one every 5 seconds, whichever member sends it.');
insert into private.play_settings (name, value, description) values
  ('position_retention_days', 30, 'Days team positions are kept after their event ended (the team-positions-prune job).');

create table public.team_positions (
  id bigint generated always as identity primary key,
  event_id uuid not null references public.events (id) on delete cascade,
  team_id uuid not null references public.teams (id) on delete cascade,
  reported_by uuid references public.profiles (id) on delete set null,
  lat double precision not null check (lat between -90 and 90),
  lng double precision not null check (lng between -180 and 180),
  accuracy_m numeric(8, 1) not null check (accuracy_m >= 0),
  recorded_at timestamptz not null default now()
);
comment on table public.team_positions is
  'Positions of event teams for the game masters'' map and the replay: at most one per team every 5 seconds (report_team_position), deleted position_retention_days after the event ended.';
comment on column public.team_positions.event_id is 'The event.';
comment on column public.team_positions.team_id is 'The team.';
comment on column public.team_positions.reported_by is 'The member whose phone reported it.';
comment on column public.team_positions.lat is 'Latitude.';
comment on column public.team_positions.lng is 'Longitude.';
comment on column public.team_positions.accuracy_m is 'Reported accuracy (metres).';
comment on column public.team_positions.recorded_at is 'When the server received it.';
create index team_positions_replay_idx on public.team_positions (event_id, team_id, recorded_at);
create index team_positions_team_id_idx on public.team_positions (team_id);
create index team_positions_reported_by_idx on public.team_positions (reported_by);
alter table public.team_positions enable row level security;
revoke all on public.team_positions from anon;
revoke insert, update, delete, truncate on public.team_positions from authenticated;
create policy team_positions_select on public.team_positions for select to authenticated
  using ((select private.is_event_game_master(event_id)) or team_id in (select private.my_team_ids()));
comment on policy team_positions_select on public.team_positions is 'Game masters read every team''s positions; members their own team''s.';

create function private.report_team_position(team uuid, lat double precision, lng double precision, accuracy_m double precision)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  standing public.event_teams;
  kept public.team_positions;
begin
  perform private.require_team_role(team, false);
  if lat is null or lng is null or accuracy_m is null
     or not (lat between -90 and 90) or not (lng between -180 and 180)
     or not (accuracy_m between 0 and private.play_setting('max_reported_accuracy_m')) then
    perform private.refuse('invalid_position');
  end if;
  select s.* into standing from public.event_teams s join public.events e on e.id = s.event_id
  where s.team_id = team and e.status = 'running' and s.disqualified_at is null
    and exists (select 1 from public.quest_runs r where r.event_id = s.event_id and r.team_id = team and r.status = 'in_progress')
  limit 1;
  if standing.team_id is null then
    perform private.refuse('event_not_running', jsonb_build_object('status', null));
  end if;
  perform private.throttle('events.position', 'team:' || team::text);
  insert into public.team_positions (event_id, team_id, reported_by, lat, lng, accuracy_m)
  values (standing.event_id, team, auth.uid(), report_team_position.lat, report_team_position.lng, round(accuracy_m::numeric, 1))
  returning * into kept;
  update public.event_teams s
  set last_lat = kept.lat, last_lng = kept.lng, last_accuracy_m = kept.accuracy_m, last_position_at = kept.recorded_at,
      last_activity_at = kept.recorded_at
  where s.event_id = standing.event_id and s.team_id = team;
  return jsonb_build_object('event_id', kept.event_id, 'recorded_at', kept.recorded_at);
end;
$$;
comment on function private.report_team_position(uuid, double precision, double precision, double precision) is
  'A member''s phone reports the team''s position while the team plays a running event: kept at most once per team every 5 s (events.position), copied onto the team''s standing. Refuses forbidden, team_not_found, invalid_position, event_not_running, rate_limited.';
grant execute on function private.report_team_position(uuid, double precision, double precision, double precision) to authenticated;

create function public.report_team_position(team_id uuid, lat double precision, lng double precision, accuracy_m double precision)
returns jsonb
language sql
security invoker
set search_path = ''
as $$
  select private.report_team_position(team_id, lat, lng, accuracy_m);
$$;
comment on function public.report_team_position(uuid, double precision, double precision, double precision) is
  'RPC (member of a team playing a running event): keep the team''s position for the game masters'' map, {event_id, recorded_at}; one per team every 5 s (rate_limited otherwise: a teammate''s was kept). Errors: forbidden, team_not_found, invalid_position, event_not_running, rate_limited.';
revoke execute on function public.report_team_position(uuid, double precision, double precision, double precision) from public, anon;
grant execute on function public.report_team_position(uuid, double precision, double precision, double precision) to authenticated;

create function private.team_replay(event uuid, team uuid, after jsonb, page_size integer)
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
  perform private.visible_event(event, null);
  if not (private.is_event_game_master(event) or private.is_team_member(team)) then
    perform private.refuse('forbidden');
  end if;
  perform private.require_registered(event, team);
  select coalesce(jsonb_agg(x.item order by x.recorded_at, x.id), '[]') into items
  from (
    select p.recorded_at, p.id, jsonb_build_object('lat', p.lat, 'lng', p.lng, 'accuracy_m', p.accuracy_m,
             'recorded_at', p.recorded_at, 'reported_by', p.reported_by,
             'cursor', jsonb_build_object('at', p.recorded_at, 'id', p.id)) as item
    from private.keyset_cursor(after, 'bigint') k
    cross join public.team_positions p
    where p.event_id = event and p.team_id = team
      and (k.at is null or (p.recorded_at, p.id) > (k.at, k.id::bigint))
    order by p.recorded_at, p.id
    limit size + 1
  ) x;
  return private.list_page(items, size);
end;
$$;
comment on function private.team_replay(uuid, uuid, jsonb, integer) is
  'A team''s kept positions in an event, oldest first, keyset (recorded_at, id): for the event''s game masters and the team''s members.';
grant execute on function private.team_replay(uuid, uuid, jsonb, integer) to authenticated;

create function public.team_replay(event_id uuid, team_id uuid, after jsonb default null, page_size integer default 100)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select private.team_replay(event_id, team_id, after, page_size);
$$;
comment on function public.team_replay(uuid, uuid, jsonb, integer) is
  'RPC (game masters, the team''s members): the team''s positions in the event, oldest first, {items: [{lat, lng, accuracy_m, recorded_at, reported_by, cursor}], next_cursor}. Errors: forbidden, event_not_found, not_registered, invalid_cursor, invalid_parameter.';
revoke execute on function public.team_replay(uuid, uuid, jsonb, integer) from public, anon;
grant execute on function public.team_replay(uuid, uuid, jsonb, integer) to authenticated;

create function private.prune_team_positions()
returns integer
language sql
security definer
set search_path = ''
as $$
  with pruned as (
    delete from public.team_positions p
    using public.events e
    where e.id = p.event_id and e.status = 'ended'
      and e.ended_at < now() - make_interval(days => private.play_setting('position_retention_days')::integer)
    returning 1)
  select count(*)::integer from pruned;
$$;
comment on function private.prune_team_positions() is
  'The team-positions-prune job: deletes the positions of events that ended more than position_retention_days ago. Returns how many.';
revoke execute on function private.prune_team_positions() from public;
