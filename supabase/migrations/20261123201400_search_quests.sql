-- Catalogue search: public.search_quests(), security invoker, returns published quests only (never
-- a draft, not even to its author), each one also passing the caller's own policies on
-- public.quests. The page itself is computed by private.search_quest_page (security definer over
-- published quests only, which every role may read): under RLS the planner may not use an index
-- for an operator that is not leakproof (@@, st_dwithin, <->, @>), so the caller's role would scan
-- every published quest (measured at 100,000 quests: 113 ms instead of 13 ms; docs/performance.md).
-- One query per call, built from the filters actually given (so the planner sees each shape with
-- its own values and picks its index), with a keyset cursor per sort order:
--   relevance  text rank, then id        (needs q)
--   distance   distance to the start point, then id   (needs lat/lng; GiST KNN)
--   rating     rating_avg, rating_count, then id
--   newest     published_at, then id
--   popular    favourites_count, then id
-- Text: full-text match on quests.search_document (Russian and English stemming, accents
-- ignored); when that match is thin (fewer than 10 quests pass all filters) the search also takes
-- titles that are similar to the text (pg_trgm word similarity: typos), ranked after real matches.
-- The mode chosen on the first page travels in the cursor, so later pages stay consistent.
-- Items carry the distance to the start point, the rating, is_favourite and has_access; each
-- item's `cursor` continues the list after it. Nothing of the route is returned except the start
-- point, which is the teaser's first point (public.quest_teaser).

create type public.quest_sort as enum ('relevance', 'distance', 'rating', 'newest', 'popular');
comment on type public.quest_sort is 'Orders of search_quests: relevance (needs q), distance (needs lat/lng), rating, newest, popular.';

create type public.quest_search_item as (
  id uuid,
  slug text,
  title text,
  summary text,
  cover_path text,
  city text,
  place_id uuid,
  category_id uuid,
  vehicle_id uuid,
  activity_ids uuid[],
  difficulty smallint,
  duration_min integer,
  distance_m integer,
  min_age smallint,
  price_credits integer,
  access public.quest_access,
  rating_avg numeric,
  rating_count integer,
  favourites_count integer,
  published_at timestamptz,
  start_lat double precision,
  start_lng double precision,
  distance_to_start_m double precision,
  relevance double precision,
  is_favourite boolean,
  has_access boolean,
  cursor jsonb
);
comment on type public.quest_search_item is
  'One search result: the quest''s catalogue fields, its start point (lat/lng), distance_to_start_m (metres from the given lat/lng, null without), relevance (with q), is_favourite, has_access, and the cursor that continues after it.';

create function private.search_quest_page(
  q text default null,
  lat double precision default null,
  lng double precision default null,
  radius_m integer default null,
  city text default null,
  category_id uuid default null,
  vehicle_id uuid default null,
  activity_ids uuid[] default null,
  difficulty_from integer default null,
  difficulty_to integer default null,
  duration_from integer default null,
  duration_to integer default null,
  price_from integer default null,
  price_to integer default null,
  free_only boolean default false,
  min_rating numeric default null,
  sort public.quest_sort default null,
  after jsonb default null,
  page_size integer default 20
)
returns setof public.quest_search_item
language plpgsql
stable
security definer
set search_path = ''
rows 20
as $$
declare
  search_text text := nullif(btrim(search_quest_page.q), '');
  ts tsquery;
  similar_to text;
  origin extensions.geography;
  chosen public.quest_sort := search_quest_page.sort;
  fuzzy boolean := false;
  filters text := 'q.status = ''published''';
  text_filter text;
  relevance_expr text := 'null::double precision';
  distance_expr text := 'null::double precision';
  inner_order text;
  outer_order text;
  keyset text;
  cursor_expr text;
  cursor_value double precision;
  cursor_rating numeric;
  cursor_count integer;
  cursor_time timestamptz;
  cursor_id uuid;
  matches integer;
begin
  -- Parameters: refuse what makes no sense, naming the parameter.
  if search_quest_page.page_size is null or search_quest_page.page_size not between 1 and 50 then
    perform private.refuse_search_parameter('page_size', 'must be between 1 and 50');
  end if;
  if char_length(search_text) > 200 then
    perform private.refuse_search_parameter('q', 'must be at most 200 characters');
  end if;
  if (search_quest_page.lat is null) <> (search_quest_page.lng is null) then
    perform private.refuse_search_parameter(case when search_quest_page.lat is null then 'lat' else 'lng' end,
      'lat and lng go together');
  end if;
  if search_quest_page.lat not between -90 and 90 then
    perform private.refuse_search_parameter('lat', 'must be between -90 and 90');
  end if;
  if search_quest_page.lng not between -180 and 180 then
    perform private.refuse_search_parameter('lng', 'must be between -180 and 180');
  end if;
  if search_quest_page.radius_m is not null and search_quest_page.lat is null then
    perform private.refuse_search_parameter('radius_m', 'needs lat and lng');
  end if;
  if search_quest_page.radius_m not between 1 and 100000 then
    perform private.refuse_search_parameter('radius_m', 'must be between 1 and 100000 metres');
  end if;
  if search_quest_page.difficulty_from not between 1 and 5 or search_quest_page.difficulty_to not between 1 and 5 then
    perform private.refuse_search_parameter(case when search_quest_page.difficulty_from not between 1 and 5
      then 'difficulty_from' else 'difficulty_to' end, 'must be between 1 and 5');
  end if;
  if search_quest_page.difficulty_from > search_quest_page.difficulty_to then
    perform private.refuse_search_parameter('difficulty_to', 'must not be less than difficulty_from');
  end if;
  if search_quest_page.duration_from < 0 or search_quest_page.duration_to < 0 then
    perform private.refuse_search_parameter(case when search_quest_page.duration_from < 0 then 'duration_from' else 'duration_to' end,
      'must not be negative');
  end if;
  if search_quest_page.duration_from > search_quest_page.duration_to then
    perform private.refuse_search_parameter('duration_to', 'must not be less than duration_from');
  end if;
  if search_quest_page.price_from < 0 or search_quest_page.price_to < 0 then
    perform private.refuse_search_parameter(case when search_quest_page.price_from < 0 then 'price_from' else 'price_to' end,
      'must not be negative');
  end if;
  if search_quest_page.price_from > search_quest_page.price_to then
    perform private.refuse_search_parameter('price_to', 'must not be less than price_from');
  end if;
  if search_quest_page.min_rating not between 1 and 5 then
    perform private.refuse_search_parameter('min_rating', 'must be between 1 and 5');
  end if;
  if cardinality(search_quest_page.activity_ids) > 20 then
    perform private.refuse_search_parameter('activity_ids', 'at most 20 activities');
  end if;

  chosen := coalesce(chosen, case when search_text is not null then 'relevance'
                                  when search_quest_page.lat is not null then 'distance'
                                  else 'popular' end::public.quest_sort);
  if chosen = 'relevance' and search_text is null then
    perform private.refuse_search_parameter('sort', 'relevance needs q');
  end if;
  if chosen = 'distance' and search_quest_page.lat is null then
    perform private.refuse_search_parameter('sort', 'distance needs lat and lng');
  end if;

  if search_quest_page.lat is not null then
    origin := extensions.st_setsrid(extensions.st_makepoint(search_quest_page.lng, search_quest_page.lat), 4326)::extensions.geography;
    distance_expr := '(q.start_location operator(extensions.<->) $3)';
  end if;

  -- The cursor: the sort keys of the last item of the previous page.
  if search_quest_page.after is not null then
    begin
      if jsonb_typeof(search_quest_page.after) <> 'object' or search_quest_page.after ->> 'sort' is distinct from chosen::text then
        raise exception 'cursor of another sort';
      end if;
      cursor_id := (search_quest_page.after ->> 'id')::uuid;
      fuzzy := coalesce((search_quest_page.after ->> 'fuzzy')::boolean, false);
      case chosen
        when 'relevance', 'distance' then cursor_value := (search_quest_page.after ->> 'value')::double precision;
        when 'rating' then
          cursor_rating := (search_quest_page.after ->> 'value')::numeric;
          cursor_count := (search_quest_page.after ->> 'count')::integer;
        when 'newest' then cursor_time := (search_quest_page.after ->> 'value')::timestamptz;
        when 'popular' then cursor_count := (search_quest_page.after ->> 'value')::integer;
      end case;
      if cursor_id is null or (cursor_value is null and cursor_rating is null and cursor_count is null and cursor_time is null)
         or (chosen = 'rating' and (cursor_rating is null or cursor_count is null)) then
        raise exception 'incomplete cursor';
      end if;
    exception when others then
      perform private.refuse_search_parameter('after', 'is not a cursor of this search (take it from the last item of the previous page, same sort)');
    end;
  end if;

  -- Filters, in the order the planner likes to see them; values are parameters, never spliced.
  if search_quest_page.radius_m is not null then
    filters := filters || ' and extensions.st_dwithin(q.start_location, $3, $4, false)';
  end if;
  if search_quest_page.city is not null then filters := filters || ' and q.city = $5'; end if;
  if search_quest_page.category_id is not null then filters := filters || ' and q.category_id = $6'; end if;
  if search_quest_page.vehicle_id is not null then filters := filters || ' and q.vehicle_id = $7'; end if;
  if cardinality(search_quest_page.activity_ids) > 0 then filters := filters || ' and q.activity_ids @> $8'; end if;
  if search_quest_page.difficulty_from is not null then filters := filters || ' and q.difficulty >= $9'; end if;
  if search_quest_page.difficulty_to is not null then filters := filters || ' and q.difficulty <= $10'; end if;
  if search_quest_page.duration_from is not null then filters := filters || ' and q.duration_min >= $11'; end if;
  if search_quest_page.duration_to is not null then filters := filters || ' and q.duration_min <= $12'; end if;
  if search_quest_page.price_from is not null then filters := filters || ' and q.price_credits >= $13'; end if;
  if search_quest_page.price_to is not null then filters := filters || ' and q.price_credits <= $14'; end if;
  if search_quest_page.free_only then filters := filters || ' and q.price_credits = 0'; end if;
  if search_quest_page.min_rating is not null then filters := filters || ' and q.rating_avg >= $15'; end if;

  if search_text is not null then
    ts := private.quest_search_query(search_text);
    similar_to := private.search_text(search_text);
    if search_quest_page.after is null then
      -- Thin full-text match? Then titles similar to the text (typos) count as matches too.
      execute format('select count(*) from (select 1 from public.quests q where %s and q.search_document @@ $1 limit 10) m', filters)
        into matches
        using ts, similar_to, origin, search_quest_page.radius_m, search_quest_page.city, search_quest_page.category_id,
              search_quest_page.vehicle_id, search_quest_page.activity_ids, search_quest_page.difficulty_from, search_quest_page.difficulty_to,
              search_quest_page.duration_from, search_quest_page.duration_to, search_quest_page.price_from, search_quest_page.price_to,
              search_quest_page.min_rating;
      fuzzy := matches < 10;
    end if;
    if fuzzy then
      text_filter := '(q.search_document @@ $1 or $2 operator(extensions.<%) private.search_text(q.title))';
      relevance_expr := '(case when q.search_document @@ $1 then 2 + ts_rank(q.search_document, $1, 32) else 0 end'
        || ' + extensions.word_similarity($2, private.search_text(q.title)))::double precision';
    else
      text_filter := 'q.search_document @@ $1';
      relevance_expr := 'ts_rank(q.search_document, $1, 32)::double precision';
    end if;
    filters := filters || ' and ' || text_filter;
  end if;

  case chosen
    when 'relevance' then
      inner_order := 'relevance desc, q.id desc';
      outer_order := 'k.relevance desc, d.id desc';
      keyset := format('(%s, q.id) < ($16, $20)', relevance_expr);
      cursor_expr := 'k.relevance';
    when 'distance' then
      filters := filters || ' and q.start_location is not null';
      inner_order := distance_expr || ', q.id';
      outer_order := 'k.distance_to_start_m, d.id';
      keyset := format('(%s, q.id) > ($16, $20)', distance_expr);
      cursor_expr := 'k.distance_to_start_m';
    when 'rating' then
      inner_order := 'q.rating_avg desc, q.rating_count desc, q.id desc';
      outer_order := 'd.rating_avg desc, d.rating_count desc, d.id desc';
      keyset := '(q.rating_avg, q.rating_count, q.id) < ($17, $18, $20)';
      cursor_expr := 'd.rating_avg';
    when 'newest' then
      inner_order := 'q.published_at desc, q.id desc';
      outer_order := 'd.published_at desc, d.id desc';
      keyset := '(q.published_at, q.id) < ($19, $20)';
      cursor_expr := 'd.published_at';
    when 'popular' then
      inner_order := 'q.favourites_count desc, q.id desc';
      outer_order := 'd.favourites_count desc, d.id desc';
      keyset := '(q.favourites_count, q.id) < ($18, $20)';
      cursor_expr := 'd.favourites_count';
  end case;
  if search_quest_page.after is not null then
    filters := filters || ' and ' || keyset;
  end if;

  -- The inner query ranks narrow rows (id and sort keys) and keeps one page; only that page is
  -- joined back for the catalogue fields, so the top-N sort never carries wide rows.
  return query execute format($sql$
    select d.id, d.slug, d.title, d.summary, d.cover_path, d.city, d.place_id, d.category_id, d.vehicle_id,
           d.activity_ids, d.difficulty, d.duration_min, d.distance_m, d.min_age, d.price_credits, d.access,
           d.rating_avg, d.rating_count, d.favourites_count, d.published_at,
           extensions.st_y(d.start_location::extensions.geometry), extensions.st_x(d.start_location::extensions.geometry),
           k.distance_to_start_m, k.relevance,
           $22 is not null and exists (select 1 from public.favourites f where f.user_id = $22 and f.quest_id = d.id),
           private.has_quest_access(d.id, $22),
           jsonb_strip_nulls(jsonb_build_object('sort', $23, 'fuzzy', case when $1 is not null then $24 end,
             'value', %1$s, 'count', case when $23 = 'rating' then d.rating_count end, 'id', d.id))
    from (
      select q.id, %2$s as distance_to_start_m, %3$s as relevance
      from public.quests q
      where %4$s
      order by %5$s
      limit $21
    ) k
    join public.quests d on d.id = k.id
    order by %6$s
    $sql$, cursor_expr, distance_expr, relevance_expr, filters, inner_order, outer_order)
    using ts, similar_to, origin, search_quest_page.radius_m, search_quest_page.city, search_quest_page.category_id,
          search_quest_page.vehicle_id, search_quest_page.activity_ids, search_quest_page.difficulty_from, search_quest_page.difficulty_to,
          search_quest_page.duration_from, search_quest_page.duration_to, search_quest_page.price_from, search_quest_page.price_to,
          search_quest_page.min_rating, cursor_value, cursor_rating, cursor_count, cursor_time, cursor_id,
          search_quest_page.page_size, auth.uid(), chosen::text, fuzzy;
end;
$$;
comment on function private.search_quest_page(text, double precision, double precision, integer, text, uuid, uuid, uuid[], integer,
  integer, integer, integer, integer, integer, boolean, numeric, public.quest_sort, jsonb, integer) is
  'One page of search results for public.search_quests: validates the parameters, picks the published quests that match (only published ones, which every role may read), orders them with the keyset cursor, adds is_favourite and has_access for the caller. Definer so the planner may use the GIN/GiST indexes (see the migration header).';
revoke execute on function private.search_quest_page(text, double precision, double precision, integer, text, uuid, uuid, uuid[],
  integer, integer, integer, integer, integer, integer, boolean, numeric, public.quest_sort, jsonb, integer) from public;
grant execute on function private.search_quest_page(text, double precision, double precision, integer, text, uuid, uuid, uuid[],
  integer, integer, integer, integer, integer, integer, boolean, numeric, public.quest_sort, jsonb, integer)
  to anon, authenticated, service_role;

create function public.search_quests(
  q text default null,
  lat double precision default null,
  lng double precision default null,
  radius_m integer default null,
  city text default null,
  category_id uuid default null,
  vehicle_id uuid default null,
  activity_ids uuid[] default null,
  difficulty_from integer default null,
  difficulty_to integer default null,
  duration_from integer default null,
  duration_to integer default null,
  price_from integer default null,
  price_to integer default null,
  free_only boolean default false,
  min_rating numeric default null,
  sort public.quest_sort default null,
  after jsonb default null,
  page_size integer default 20
)
returns setof public.quest_search_item
language sql
stable
security invoker
set search_path = ''
rows 20
as $$
  select item.id, item.slug, item.title, item.summary, item.cover_path, item.city, item.place_id, item.category_id, item.vehicle_id,
         item.activity_ids, item.difficulty, item.duration_min, item.distance_m, item.min_age, item.price_credits, item.access,
         item.rating_avg, item.rating_count, item.favourites_count, item.published_at, item.start_lat, item.start_lng,
         item.distance_to_start_m, item.relevance, item.is_favourite, item.has_access, item.cursor
  from private.search_quest_page(search_quests.q, search_quests.lat, search_quests.lng, search_quests.radius_m, search_quests.city,
         search_quests.category_id, search_quests.vehicle_id, search_quests.activity_ids, search_quests.difficulty_from,
         search_quests.difficulty_to, search_quests.duration_from, search_quests.duration_to, search_quests.price_from,
         search_quests.price_to, search_quests.free_only, search_quests.min_rating, search_quests.sort, search_quests.after,
         search_quests.page_size) with ordinality as item
  where exists (select 1 from public.quests visible where visible.id = item.id)
  order by item.ordinality;
$$;
comment on function public.search_quests(text, double precision, double precision, integer, text, uuid, uuid, uuid[], integer,
  integer, integer, integer, integer, integer, boolean, numeric, public.quest_sort, jsonb, integer) is
  'RPC (anyone): search published quests. q (Russian/English stemming, accents ignored, typo-tolerant when the match is thin), lat/lng (+ radius_m), city, category_id, vehicle_id, activity_ids (all of), difficulty/duration/price ranges, free_only, min_rating, sort (default: relevance with q, distance with lat/lng, else popular), after (the cursor of the last item), page_size 1–50. Errors: invalid_parameter (detail "<parameter>: <reason>").';

create function private.refuse_search_parameter(parameter text, reason text)
returns void
language plpgsql
set search_path = ''
as $$
begin
  raise exception using errcode = 'PT400', message = 'invalid_parameter', detail = parameter || ': ' || reason,
    hint = parameter;
end;
$$;
comment on function private.refuse_search_parameter(text, text) is
  'Raises PT400 invalid_parameter naming the parameter (detail "<parameter>: <reason>", hint = the parameter).';
revoke execute on function private.refuse_search_parameter(text, text) from public;
grant execute on function private.refuse_search_parameter(text, text) to anon, authenticated, service_role;

grant execute on function public.search_quests(text, double precision, double precision, integer, text, uuid, uuid, uuid[],
  integer, integer, integer, integer, integer, integer, boolean, numeric, public.quest_sort, jsonb, integer)
  to anon, authenticated, service_role;

-- The cities that have published quests, for the city filter.
create view public.quest_cities with (security_invoker = true) as
  select q.city, count(*)::integer as quest_count
  from public.quests q
  where q.status = 'published'
  group by q.city;
comment on view public.quest_cities is 'Cities with published quests and how many (the city filter of search). Runs with the caller''s rights.';
comment on column public.quest_cities.city is 'City name as written on the quests.';
comment on column public.quest_cities.quest_count is 'Published quests in that city.';
revoke insert, update, delete, truncate on public.quest_cities from anon, authenticated;
