-- The lists of teams and events (issue 14) in the one list convention (issue 12, docs/conventions.md):
-- their cursors come from private.make_cursor / private.read_cursor (a cursor is tagged with its
-- list: one of another list, or a malformed one, is invalid_cursor), their pages from
-- private.require_page_size / private.list_page, like every other list. They were written with
-- play's old helpers (private.keyset_cursor(after, 'uuid'), {"at", "id"} cursors), which
-- 20261202900600_drop_feature_list_helpers.sql dropped, and the event leaderboard with a parser of
-- its own (private.event_ranking_cursor), dropped here: its key is a composite type like the
-- leaderboards' private.ranking_key.
--   my_teams             (joined_at, team_id)      newest membership first
--   my_team_invitations  (created_at, team_id)     newest first
--   upcoming_events      (starts_at, id)           soonest first
--   my_events            (starts_at, id)           newest start first
--   event_overview       (registered_at, team_id)  registration order
--   event_leaderboard    ((score, score_at), team_id)  score desc, then who reached it first
--   event_activity       (id, id)                  newest first: the feed's order is its identity ids'
--   team_replay          (recorded_at, id)         oldest first
-- Bodies otherwise unchanged (same items, same checks and codes). The public wrappers keep their
-- signatures; their page_size defaults become the convention's 20 (apps ask for more: up to 100).

drop function private.event_ranking_cursor(jsonb);

create type private.event_ranking_key as (score integer, score_at timestamptz);
comment on type private.event_ranking_key is
  'The sort key of an event leaderboard entry (score desc, then score_at asc: who reached the score first); with the team id it is the cursor of the entry.';

create or replace function private.my_teams(after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  size integer := private.require_page_size(page_size);
  k record;
  items jsonb;
begin
  select * into k from private.read_cursor(after, 'my_teams', null::timestamptz, null::uuid);
  select coalesce(jsonb_agg(x.item order by x.joined_at desc, x.team_id desc), '[]') into items
  from (
    select m.joined_at, m.team_id,
           private.team_card(m.team_id) || jsonb_build_object('my_role', m.role, 'joined_at', m.joined_at,
             'cursor', private.make_cursor('my_teams', m.joined_at, m.team_id)) as item
    from public.team_members m
    where m.user_id = auth.uid()
      and (k.id is null or (m.joined_at, m.team_id) < (k.sort_key, k.id))
    order by m.joined_at desc, m.team_id desc
    limit size + 1
  ) x;
  return private.list_page(items, size);
end;
$$;
comment on function private.my_teams(jsonb, integer) is 'A page of the caller''s teams, newest membership first: {items: [team card + my_role, joined_at, cursor], next_cursor}.';

create or replace function private.my_team_invitations(after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  size integer := private.require_page_size(page_size);
  k record;
  items jsonb;
begin
  select * into k from private.read_cursor(after, 'my_team_invitations', null::timestamptz, null::uuid);
  select coalesce(jsonb_agg(x.item order by x.created_at desc, x.team_id desc), '[]') into items
  from (
    select i.created_at, i.team_id,
           jsonb_build_object('team_id', t.id, 'team_name', t.name, 'member_count',
             (select count(*) from public.team_members m where m.team_id = t.id), 'max_members', t.max_members,
             'invited_by', private.public_profile(i.invited_by), 'created_at', i.created_at,
             'cursor', private.make_cursor('my_team_invitations', i.created_at, i.team_id)) as item
    from public.team_invitations i
    join public.teams t on t.id = i.team_id
    where i.user_id = auth.uid()
      and (k.id is null or (i.created_at, i.team_id) < (k.sort_key, k.id))
    order by i.created_at desc, i.team_id desc
    limit size + 1
  ) x;
  return private.list_page(items, size);
end;
$$;
comment on function private.my_team_invitations(jsonb, integer) is 'A page of the invitations to the caller, newest first: {items: [{team_id, team_name, member_count, max_members, invited_by, created_at, cursor}], next_cursor}.';

create or replace function private.upcoming_events(after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  size integer := private.require_page_size(page_size);
  k record;
  items jsonb;
begin
  perform private.require_active();
  select * into k from private.read_cursor(after, 'upcoming_events', null::timestamptz, null::uuid);
  select coalesce(jsonb_agg(x.item order by x.starts_at, x.id), '[]') into items
  from (
    select e.starts_at, e.id,
           private.event_card(e.id) || jsonb_build_object('cursor', private.make_cursor('upcoming_events', e.starts_at, e.id)) as item
    from public.events e
    where e.visibility = 'public' and e.status <> 'ended'
      and (k.id is null or (e.starts_at, e.id) > (k.sort_key, k.id))
    order by e.starts_at, e.id
    limit size + 1
  ) x;
  return private.list_page(items, size);
end;
$$;
comment on function private.upcoming_events(jsonb, integer) is 'A page of the public events that have not ended, soonest first: {items: [event card + cursor], next_cursor}.';

create or replace function private.my_events(after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  size integer := private.require_page_size(page_size);
  k record;
  items jsonb;
begin
  select * into k from private.read_cursor(after, 'my_events', null::timestamptz, null::uuid);
  select coalesce(jsonb_agg(x.item order by x.starts_at desc, x.id desc), '[]') into items
  from (
    select e.starts_at, e.id,
           private.event_card(e.id) || jsonb_build_object(
             'my_role', case when e.organiser_id = auth.uid() then 'organiser'
                             when exists (select 1 from public.event_game_masters g where g.event_id = e.id and g.user_id = auth.uid()) then 'game_master'
                             else 'player' end,
             'cursor', private.make_cursor('my_events', e.starts_at, e.id)) as item
    from public.events e
    where (exists (select 1 from public.event_game_masters g where g.event_id = e.id and g.user_id = auth.uid())
           or exists (select 1 from public.event_teams r join public.team_members m on m.team_id = r.team_id
                      where r.event_id = e.id and m.user_id = auth.uid()))
      and (k.id is null or (e.starts_at, e.id) < (k.sort_key, k.id))
    order by e.starts_at desc, e.id desc
    limit size + 1
  ) x;
  return private.list_page(items, size);
end;
$$;
comment on function private.my_events(jsonb, integer) is 'A page of the events the caller runs or plays (through a team), newest start first, with their role: {items: [event card + my_role + cursor], next_cursor}.';

create or replace function private.event_overview(event uuid, after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  found_event public.events := private.require_event_game_master(event);
  size integer := private.require_page_size(page_size);
  k record;
  items jsonb;
begin
  select * into k from private.read_cursor(after, 'event_overview', null::timestamptz, null::uuid);
  select coalesce(jsonb_agg(x.item order by x.registered_at, x.team_id), '[]') into items
  from (
    select s.registered_at, s.team_id, jsonb_build_object(
             'team', jsonb_build_object('id', t.id, 'name', t.name),
             'members', (select coalesce(jsonb_agg(to_jsonb(pp) || jsonb_build_object('role', m.role) order by m.joined_at, m.user_id), '[]')
                         from public.team_members m join public.public_profiles pp on pp.id = m.user_id where m.team_id = t.id),
             'run', case when r.id is not null then jsonb_build_object(
                      'id', r.id, 'status', r.status, 'score', r.score, 'points_done', r.points_done, 'points_total', r.points_total,
                      'next_position', r.next_position, 'hints_used', r.hints_used, 'started_at', r.started_at,
                      'deadline_at', r.deadline_at, 'finished_at', r.finished_at, 'review_state', r.review_state) end,
             'score', s.score, 'points_done', s.points_done,
             'last_position', case when s.last_position_at is not null then jsonb_build_object(
                                'lat', s.last_lat, 'lng', s.last_lng, 'accuracy_m', s.last_accuracy_m, 'at', s.last_position_at) end,
             'last_activity_at', s.last_activity_at,
             'disqualified_at', s.disqualified_at, 'disqualify_reason', s.disqualify_reason,
             'cursor', private.make_cursor('event_overview', s.registered_at, s.team_id)) as item
    from public.event_teams s
    join public.teams t on t.id = s.team_id
    left join public.quest_runs r on r.event_id = s.event_id and r.team_id = s.team_id
    where s.event_id = event
      and (k.id is null or (s.registered_at, s.team_id) > (k.sort_key, k.id))
    order by s.registered_at, s.team_id
    limit size + 1
  ) x;
  return jsonb_build_object('event', private.event_card(event), 'server_time', now()) || private.list_page(items, size);
end;
$$;
comment on function private.event_overview(uuid, jsonb, integer) is
  'The game master''s overview of an event: the event, and a page of its teams (registration order) with members, run progress, score, last known position and last activity.';

create or replace function private.event_leaderboard(event uuid, after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  found_event public.events := private.visible_event(event, null);
  size integer := private.require_page_size(page_size);
  k record;
  my_team uuid := private.event_team_of(event, auth.uid());
  items jsonb;
begin
  if not (private.is_event_game_master(event) or my_team is not null) then
    perform private.refuse('forbidden');
  end if;
  select * into k from private.read_cursor(after, 'event_leaderboard', null::private.event_ranking_key, null::uuid);
  select coalesce(jsonb_agg(x.item order by x.score desc, x.score_at, x.team_id), '[]') into items
  from (
    select ranked.score, ranked.score_at, ranked.team_id, jsonb_build_object(
             'rank', ranked.rank, 'team', jsonb_build_object('id', t.id, 'name', t.name),
             'score', ranked.score, 'points_done', ranked.points_done, 'run_status', ranked.run_status,
             'finished_at', ranked.finished_at, 'is_mine', ranked.team_id = my_team,
             'cursor', private.make_cursor('event_leaderboard', row(ranked.score, ranked.score_at)::private.event_ranking_key,
                                           ranked.team_id)) as item
    from (select s.*, rank() over (order by s.score desc, s.score_at) as rank
          from public.event_teams s where s.event_id = event and s.disqualified_at is null) ranked
    join public.teams t on t.id = ranked.team_id
    where k.id is null or ranked.score < (k.sort_key).score
          or (ranked.score = (k.sort_key).score
              and (ranked.score_at > (k.sort_key).score_at or (ranked.score_at = (k.sort_key).score_at and ranked.team_id > k.id)))
    order by ranked.score desc, ranked.score_at, ranked.team_id
    limit size + 1
  ) x;
  return jsonb_build_object('event_id', event, 'status', found_event.status,
    'teams', (select count(*) from public.event_teams s where s.event_id = event and s.disqualified_at is null))
    || private.list_page(items, size);
end;
$$;
comment on function private.event_leaderboard(uuid, jsonb, integer) is
  'The event leaderboard for its game masters and players: teams not disqualified by score (desc), then who reached it first; rank shared on a full tie; cursor ((score, score_at), team).';

-- A feed item carries the cursor of the event_activity list (the broadcast copy too: the app may
-- page on from an item it received live).
create or replace function private.event_activity_item(entry public.event_activity)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object('id', entry.id, 'kind', entry.kind, 'created_at', entry.created_at, 'payload', entry.payload,
    'team', (select jsonb_build_object('id', t.id, 'name', t.name) from public.teams t where t.id = entry.team_id),
    'actor', private.public_profile(entry.actor_id),
    'cursor', private.make_cursor('event_activity', entry.id, entry.id));
$$;
comment on function private.event_activity_item(public.event_activity) is
  'A feed item as game masters receive it (event_activity and the activity broadcast): {id, kind, created_at, payload, team {id, name}, actor, cursor}.';

create or replace function private.event_activity_page(event uuid, after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  size integer := private.require_page_size(page_size);
  k record;
  items jsonb;
begin
  perform private.require_event_game_master(event);
  select * into k from private.read_cursor(after, 'event_activity', null::bigint, null::bigint);
  select coalesce(jsonb_agg(private.event_activity_item(a) order by a.id desc), '[]') into items
  from (select * from public.event_activity a0
        where a0.event_id = event and (k.id is null or a0.id < k.id)
        order by a0.id desc limit size + 1) a;
  return private.list_page(items, size);
end;
$$;
comment on function private.event_activity_page(uuid, jsonb, integer) is
  'A page of an event''s activity feed, newest first (in id order, the feed''s insertion order), for its game masters.';

create or replace function private.team_replay(event uuid, team uuid, after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  size integer := private.require_page_size(page_size);
  k record;
  items jsonb;
begin
  perform private.visible_event(event, null);
  if not (private.is_event_game_master(event) or private.is_team_member(team)) then
    perform private.refuse('forbidden');
  end if;
  perform private.require_registered(event, team);
  select * into k from private.read_cursor(after, 'team_replay', null::timestamptz, null::bigint);
  select coalesce(jsonb_agg(x.item order by x.recorded_at, x.id), '[]') into items
  from (
    select p.recorded_at, p.id, jsonb_build_object('lat', p.lat, 'lng', p.lng, 'accuracy_m', p.accuracy_m,
             'recorded_at', p.recorded_at, 'reported_by', p.reported_by,
             'cursor', private.make_cursor('team_replay', p.recorded_at, p.id)) as item
    from public.team_positions p
    where p.event_id = event and p.team_id = team
      and (k.id is null or (p.recorded_at, p.id) > (k.sort_key, k.id))
    order by p.recorded_at, p.id
    limit size + 1
  ) x;
  return private.list_page(items, size);
end;
$$;
comment on function private.team_replay(uuid, uuid, jsonb, integer) is
  'A page of a team''s kept positions in an event, oldest first: for the event''s game masters and the team''s members.';

-- The convention's default page size (20) for the game master's lists too.
create or replace function public.event_overview(event_id uuid, after jsonb default null, page_size integer default 20) returns jsonb
language sql stable security invoker set search_path = '' as $$ select private.event_overview(event_id, after, page_size); $$;
create or replace function public.event_leaderboard(event_id uuid, after jsonb default null, page_size integer default 20) returns jsonb
language sql stable security invoker set search_path = '' as $$ select private.event_leaderboard(event_id, after, page_size); $$;
create or replace function public.event_activity(event_id uuid, after jsonb default null, page_size integer default 20) returns jsonb
language sql stable security invoker set search_path = '' as $$ select private.event_activity_page(event_id, after, page_size); $$;
create or replace function public.team_replay(event_id uuid, team_id uuid, after jsonb default null, page_size integer default 20)
returns jsonb
language sql stable security invoker set search_path = '' as $$ select private.team_replay(event_id, team_id, after, page_size); $$;
