-- The four reference lists of the catalogue: categories, vehicles (on foot, bike, car, public
-- transport, …), activities and tools (what to bring). Same shape each: a slug, a name in Russian
-- and English (≤ 128 characters), an icon and a sort order. Readable by everyone, anon included;
-- written only by holders of quests.manage.
do $$
declare
  list record;
begin
  for list in
    select * from (values
      ('categories', 'Quest categories (history, architecture, food, …).'),
      ('vehicles', 'How a quest is travelled: on foot, bike, car, public transport, …'),
      ('activities', 'What a quest involves (photos, riddles, museum visits, …); a quest has several.'),
      ('tools', 'What to bring (charged phone, comfortable shoes, flashlight, …); a quest lists several.')
    ) as t (name, description)
  loop
    execute format($ddl$
      create table public.%1$I (
        id uuid primary key default gen_random_uuid(),
        slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 64),
        name_ru text not null check (char_length(name_ru) between 1 and 128),
        name_en text not null check (char_length(name_en) between 1 and 128),
        icon text check (char_length(icon) <= 64),
        sort_order integer not null default 0,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      comment on table public.%1$I is %2$L;
      comment on column public.%1$I.slug is 'Stable identifier for the app (lower-case words joined by -).';
      comment on column public.%1$I.name_ru is 'Name in Russian (≤ 128).';
      comment on column public.%1$I.name_en is 'Name in English (≤ 128).';
      comment on column public.%1$I.icon is 'Icon key the app maps to an image.';
      comment on column public.%1$I.sort_order is 'Display order, ascending.';
      create index %1$s_sort_idx on public.%1$I (sort_order, slug);
      create trigger touch_updated_at before update on public.%1$I
        for each row execute function private.touch_updated_at();
      alter table public.%1$I enable row level security;
      create policy %1$s_select on public.%1$I for select to anon, authenticated using (true);
      comment on policy %1$s_select on public.%1$I is 'Everyone reads reference lists.';
      create policy %1$s_insert on public.%1$I for insert to authenticated
        with check ((select private.authorize('quests.manage')));
      comment on policy %1$s_insert on public.%1$I is 'Holders of quests.manage add entries.';
      create policy %1$s_update on public.%1$I for update to authenticated
        using ((select private.authorize('quests.manage'))) with check ((select private.authorize('quests.manage')));
      comment on policy %1$s_update on public.%1$I is 'Holders of quests.manage edit entries.';
      create policy %1$s_delete on public.%1$I for delete to authenticated
        using ((select private.authorize('quests.manage')));
      comment on policy %1$s_delete on public.%1$I is 'Holders of quests.manage remove unused entries.';
      revoke insert, update, delete, truncate on public.%1$I from anon;
    $ddl$, list.name, list.description);
  end loop;
end;
$$;

create table public.places (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(name) between 1 and 128),
  address text check (char_length(address) <= 256),
  city text not null check (char_length(city) between 1 and 128),
  location extensions.geography(point, 4326) not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.places is 'Named places quests start at or visit (squares, parks, museums), with coordinates.';
comment on column public.places.name is 'Name (≤ 128).';
comment on column public.places.address is 'Street address (≤ 256).';
comment on column public.places.city is 'City (≤ 128).';
comment on column public.places.location is 'Coordinates: geography(Point, 4326), longitude first (ST_MakePoint(lng, lat)).';
create index places_location_idx on public.places using gist (location);
create index places_city_idx on public.places (city);
create trigger touch_updated_at before update on public.places for each row execute function private.touch_updated_at();
alter table public.places enable row level security;
create policy places_select on public.places for select to anon, authenticated using (true);
comment on policy places_select on public.places is 'Everyone reads places.';
create policy places_insert on public.places for insert to authenticated with check ((select private.authorize('quests.manage')));
comment on policy places_insert on public.places is 'Holders of quests.manage add places.';
create policy places_update on public.places for update to authenticated
  using ((select private.authorize('quests.manage'))) with check ((select private.authorize('quests.manage')));
comment on policy places_update on public.places is 'Holders of quests.manage edit places.';
create policy places_delete on public.places for delete to authenticated using ((select private.authorize('quests.manage')));
comment on policy places_delete on public.places is 'Holders of quests.manage remove places.';
revoke insert, update, delete, truncate on public.places from anon;
