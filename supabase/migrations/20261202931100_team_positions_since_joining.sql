-- A member reads only the positions their team kept since they joined it (probe of main: a new
-- member read the trails of former members, up to position_retention_days after the event).
-- Game masters of the team's event read them all, as before. Both readers follow the rule: the
-- table's read policy and team_replay.

create function private.team_joined_at(team uuid)
returns timestamptz
language sql
stable
security definer
set search_path = ''
as $$
  select m.joined_at from public.team_members m where m.team_id = team and m.user_id = auth.uid();
$$;
comment on function private.team_joined_at(uuid) is
  'When the caller joined that team (null: not a member). Members read the team''s kept positions from then on.';
revoke execute on function private.team_joined_at(uuid) from public;
grant execute on function private.team_joined_at(uuid) to authenticated;

drop policy team_positions_select on public.team_positions;
create policy team_positions_select on public.team_positions for select to authenticated
  using ((select private.is_event_game_master(event_id)) or recorded_at >= (select private.team_joined_at(team_id)));
comment on policy team_positions_select on public.team_positions is
  'Game masters read every team''s positions; members their own team''s, from when they joined it.';

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
  since timestamptz;
begin
  perform private.visible_event(event, null);
  if not private.is_event_game_master(event) then
    since := private.team_joined_at(team);
    if since is null then
      perform private.refuse('forbidden');
    end if;
  end if;
  perform private.require_registered(event, team);
  select * into k from private.read_cursor(after, 'team_replay', null::timestamptz, null::bigint);
  select coalesce(jsonb_agg(x.item order by x.recorded_at, x.id), '[]') into items
  from (
    select p.recorded_at, p.id, jsonb_build_object('lat', p.lat, 'lng', p.lng, 'accuracy_m', p.accuracy_m,
             'recorded_at', p.recorded_at, 'reported_by', p.reported_by,
             'cursor', private.make_cursor('team_replay', p.recorded_at, p.id)) as item
    from public.team_positions p
    where p.event_id = event and p.team_id = team and (since is null or p.recorded_at >= since)
      and (k.id is null or (p.recorded_at, p.id) > (k.sort_key, k.id))
    order by p.recorded_at, p.id
    limit size + 1
  ) x;
  return private.list_page(items, size);
end;
$$;
comment on function private.team_replay(uuid, uuid, jsonb, integer) is
  'A page of a team''s kept positions in an event, oldest first: all of them for the event''s game masters, those kept since they joined for the team''s members.';
