-- The teaser gives the first point's position as lat / lng numbers (it returned a geography, which
-- PostgREST sends as hex EWKB). Same rule as before: anyone who can see the quest gets the number
-- of points and the title and position of the first one; nothing else of the route.

drop function public.quest_teaser(uuid);
drop function private.quest_teaser(uuid);

create function private.quest_teaser(target uuid)
returns table (point_count integer, first_point_title text, first_point_lat double precision, first_point_lng double precision)
language sql
stable
security definer
set search_path = ''
as $$
  select (select count(*)::integer from public.quest_points c where c.quest_id = target), p.title, p.lat, p.lng
  from public.quest_points p
  where p.quest_id = target and p.position = (select min(m.position) from public.quest_points m where m.quest_id = target)
    and private.can_view_quest(target);
$$;
comment on function private.quest_teaser(uuid) is
  'Number of points plus title and lat/lng of the first one, for any quest the caller can see (no row otherwise).';
grant execute on function private.quest_teaser(uuid) to anon, authenticated, service_role;

create function public.quest_teaser(quest_id uuid)
returns table (point_count integer, first_point_title text, first_point_lat double precision, first_point_lng double precision)
language sql
stable
security invoker
set search_path = ''
as $$
  select * from private.quest_teaser(quest_id);
$$;
comment on function public.quest_teaser(uuid) is
  'RPC (anyone): the teaser of a quest the caller can see, locked or not: the number of points, the title and lat/lng of the first point. Nothing else of the route. An empty list for a quest the caller cannot see or without points.';
grant execute on function public.quest_teaser(uuid) to anon, authenticated, service_role;
