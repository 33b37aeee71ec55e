-- Coordinates of route points and places as plain numbers, both ways. The app sends and receives
-- `lat` / `lng`; `location` (PostGIS geography, used by check-ins, near-me search and the start of
-- a quest) is kept from them by a trigger and is no longer written by clients. Two reasons:
-- - a PostGIS text the geography parser cannot read ('POINT(oops)') fails with SQLSTATE XX000,
--   which PostgREST answers as a 500 before any trigger could refuse it; numbers are checked here
--   and refused with out_of_range naming the field;
-- - PostgREST returns a geography as hex EWKB, which a Flutter map cannot use.
-- Server-side writers (seed, tests, Studio) may still give `location` alone: lat / lng follow it.
-- The computed fields public.lat(quest_points) / lng(…) and lat(places) / lng(…) give way to the
-- columns (same names, so `select('id, title, lat, lng')` keeps working).

drop function public.lat(public.quest_points);
drop function public.lng(public.quest_points);
drop function public.lat(public.places);
drop function public.lng(public.places);

alter table public.quest_points add column lat double precision, add column lng double precision;
alter table public.places add column lat double precision, add column lng double precision;
update public.quest_points
set lat = extensions.st_y(location::extensions.geometry), lng = extensions.st_x(location::extensions.geometry);
update public.places
set lat = extensions.st_y(location::extensions.geometry), lng = extensions.st_x(location::extensions.geometry);
alter table public.quest_points
  alter column lat set not null, alter column lng set not null,
  add constraint quest_points_lat_range check (lat between -90 and 90),
  add constraint quest_points_lng_range check (lng between -180 and 180);
alter table public.places
  alter column lat set not null, alter column lng set not null,
  add constraint places_lat_range check (lat between -90 and 90),
  add constraint places_lng_range check (lng between -180 and 180);
comment on column public.quest_points.lat is 'Latitude (−90…90), what the app sends and reads.';
comment on column public.quest_points.lng is 'Longitude (−180…180), what the app sends and reads.';
comment on column public.quest_points.location is
  'The same point as geography(Point, 4326), kept from lat/lng by a trigger (server-maintained): check-ins and the quest''s start use it.';
comment on column public.places.lat is 'Latitude (−90…90), what the app sends and reads.';
comment on column public.places.lng is 'Longitude (−180…180), what the app sends and reads.';
comment on column public.places.location is 'The same point as geography(Point, 4326), kept from lat/lng by a trigger (server-maintained).';

create function private.sync_coordinates()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' and new.lat is null and new.lng is null and new.location is not null
     or tg_op = 'UPDATE' and (new.lat, new.lng) is not distinct from (old.lat, old.lng)
        and new.location is distinct from old.location then
    -- A server-side writer gave the geography: the numbers follow it.
    new.lat := extensions.st_y(new.location::extensions.geometry);
    new.lng := extensions.st_x(new.location::extensions.geometry);
  else
    perform private.check_range('lat', new.lat::numeric, -90, 90);
    perform private.check_range('lng', new.lng::numeric, -180, 180);
    new.location := extensions.st_setsrid(extensions.st_makepoint(new.lng, new.lat), 4326)::extensions.geography;
  end if;
  return new;
end;
$$;
comment on function private.sync_coordinates() is
  'Trigger (quest_points, places): location follows lat/lng (checked: field_required, out_of_range), or lat/lng follow a location written by the server.';

create trigger sync_coordinates before insert or update on public.quest_points
  for each row execute function private.sync_coordinates();
create trigger sync_coordinates before insert or update on public.places
  for each row execute function private.sync_coordinates();

-- The quest's start follows point 1; a client moves a point through lat/lng, so those columns fire
-- the start's trigger too (a column set by a BEFORE trigger does not).
drop trigger sync_quest_start_location on public.quest_points;
create trigger sync_quest_start_location
  after insert or update of position, location, lat, lng or delete on public.quest_points
  for each row execute function private.sync_quest_start_location();
