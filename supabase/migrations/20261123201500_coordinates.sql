-- Coordinates as plain numbers for the app. PostgREST returns a geography column as hex EWKB,
-- which a Flutter map cannot use; these computed fields (functions taking the row, which PostgREST
-- exposes as virtual columns) give latitude and longitude:
--   supabase.from('quest_points').select('id, position, title, lat, lng')
-- They read only the row they are given, so they see exactly what the caller's policies let
-- through (security invoker).

create function public.lat(public.quests)
returns double precision
language sql
immutable
set search_path = ''
as $$
  select extensions.st_y($1.start_location::extensions.geometry);
$$;
comment on function public.lat(public.quests) is 'Computed field: latitude of the quest''s start (its first point), null without points.';

create function public.lng(public.quests)
returns double precision
language sql
immutable
set search_path = ''
as $$
  select extensions.st_x($1.start_location::extensions.geometry);
$$;
comment on function public.lng(public.quests) is 'Computed field: longitude of the quest''s start (its first point), null without points.';

create function public.lat(public.quest_points)
returns double precision
language sql
immutable
set search_path = ''
as $$
  select extensions.st_y($1.location::extensions.geometry);
$$;
comment on function public.lat(public.quest_points) is 'Computed field: latitude of the route point.';

create function public.lng(public.quest_points)
returns double precision
language sql
immutable
set search_path = ''
as $$
  select extensions.st_x($1.location::extensions.geometry);
$$;
comment on function public.lng(public.quest_points) is 'Computed field: longitude of the route point.';

create function public.lat(public.places)
returns double precision
language sql
immutable
set search_path = ''
as $$
  select extensions.st_y($1.location::extensions.geometry);
$$;
comment on function public.lat(public.places) is 'Computed field: latitude of the place.';

create function public.lng(public.places)
returns double precision
language sql
immutable
set search_path = ''
as $$
  select extensions.st_x($1.location::extensions.geometry);
$$;
comment on function public.lng(public.places) is 'Computed field: longitude of the place.';
