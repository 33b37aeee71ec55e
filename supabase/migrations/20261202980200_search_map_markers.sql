-- Map markers (issue 13): search_quests(filters) takes view 'markers' (default 'cards'). A map
-- of 200 pins asked for 200 full cards, some 160 kB of JSON per move of the map (summaries, cover
-- paths, activity ids, counts…), which the phone downloads and parses and the database prints; a
-- marker is what a pin needs: id, title, category (its icon), access and price (a lock),
-- rating, start position, the caller's status and the cursor, about a quarter of the bytes. A tap
-- on a pin opens the quest (quest_detail). Same quests, order, statuses, cursors and filters as
-- the cards (supabase/tests/database/quests_search.test.sql compares both); the home sections
-- and every other list keep cards.

create type public.quest_marker as (
  id uuid,
  title text,
  category_id uuid,
  access public.quest_access,
  price_credits integer,
  rating_avg numeric,
  start_lat double precision,
  start_lng double precision,
  is_favourite boolean,
  has_access boolean,
  in_progress boolean,
  completed boolean,
  cursor jsonb
);
comment on type public.quest_marker is
  'One map marker of search_quests (view markers): the quest (id, title, category_id, access, price_credits, rating_avg), where it starts (start_lat, start_lng), the caller''s status (is_favourite, has_access, in_progress, completed) and the cursor that continues after it.';

create or replace function private.search_quest_page(filters jsonb)
returns json
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  known text[] := array['q', 'lat', 'lng', 'radius_m', 'bbox', 'city', 'category_id', 'vehicle_id', 'activity_ids',
    'difficulty_from', 'difficulty_to', 'duration_from', 'duration_to', 'price_from', 'price_to', 'free_only',
    'min_rating', 'mine', 'sort', 'after', 'page_size', 'view'];
  f jsonb := coalesce(private.param_object(filters, null, known), '{}');
  search_text text := private.param_text(f, 'q', 200);
  lat double precision := private.param_number(f, 'lat', -90, 90);
  lng double precision := private.param_number(f, 'lng', -180, 180);
  radius_m integer := private.param_number(f, 'radius_m', 1, 100000, true);
  bbox jsonb := private.param_object(f, 'bbox', array['south', 'west', 'north', 'east']);
  city text := private.param_text(f, 'city', 128);
  category_id uuid := (private.param_uuids(f, 'category_id', 1))[1];
  vehicle_id uuid := (private.param_uuids(f, 'vehicle_id', 1))[1];
  activity_ids uuid[] := private.param_uuids(f, 'activity_ids', 20);
  difficulty_from integer := private.param_number(f, 'difficulty_from', 1, 5, true);
  difficulty_to integer := private.param_number(f, 'difficulty_to', 1, 5, true);
  duration_from integer := private.param_number(f, 'duration_from', 0, 10080, true);
  duration_to integer := private.param_number(f, 'duration_to', 0, 10080, true);
  price_from integer := private.param_number(f, 'price_from', 0, 1000000, true);
  price_to integer := private.param_number(f, 'price_to', 0, 1000000, true);
  free_only boolean := private.param_boolean(f, 'free_only');
  min_rating numeric := private.param_number(f, 'min_rating', 1, 5);
  mine text := private.param_choice(f, 'mine', array['favourites', 'in_progress', 'completed']);
  chosen public.quest_sort := private.param_choice(f, 'sort', enum_range(null::public.quest_sort)::text[])::public.quest_sort;
  after jsonb := f -> 'after';
  view text := coalesce(private.param_choice(f, 'view', array['cards', 'markers']), 'cards');
  item_sql text;
  page_size integer;
  viewer uuid := auth.uid();
  south double precision;
  west double precision;
  north double precision;
  east double precision;
  area extensions.geometry;
  area_beyond extensions.geometry;
  ts tsquery;
  similar_to text;
  origin extensions.geography;
  fuzzy boolean := false;
  where_sql text := 'q.status = ''published''';
  relevance_sql text := 'null::double precision';
  distance_sql text := 'null::double precision';
  inner_order text;
  outer_order text;
  keyset text;
  cursor_sql text;
  cursor_value double precision;
  cursor_rating numeric;
  cursor_count integer;
  cursor_time timestamptz;
  cursor_id uuid;
  matches integer;
  word text;
  ranked integer;
  candidates_sql text;
  bound double precision;
  page json;
begin
  page_size := coalesce(private.param_number(f, 'page_size', 1, case when bbox is null then 50 else 200 end, true), 20);
  if (lat is null) <> (lng is null) then
    perform private.refuse_parameter(case when lat is null then 'lat' else 'lng' end, 'lat and lng go together');
  end if;
  if radius_m is not null and lat is null then
    perform private.refuse_parameter('radius_m', 'needs lat and lng');
  end if;
  if bbox is not null then
    south := private.param_number(bbox, 'south', -90, 90, false, 'bbox.south');
    west := private.param_number(bbox, 'west', -180, 180, false, 'bbox.west');
    north := private.param_number(bbox, 'north', -90, 90, false, 'bbox.north');
    east := private.param_number(bbox, 'east', -180, 180, false, 'bbox.east');
    if south is null or west is null or north is null or east is null then
      perform private.refuse_parameter('bbox', 'needs south, west, north and east');
    end if;
    if south > north then
      perform private.refuse_parameter('bbox.north', 'must not be less than bbox.south');
    end if;
    if west <= east then
      area := extensions.st_makeenvelope(west, south, east, north, 4326);
    else  -- the area crosses the antimeridian: two rectangles
      area := extensions.st_makeenvelope(west, south, 180, north, 4326);
      area_beyond := extensions.st_makeenvelope(-180, south, east, north, 4326);
    end if;
  end if;
  if difficulty_from > difficulty_to then
    perform private.refuse_parameter('difficulty_to', 'must not be less than difficulty_from');
  end if;
  if duration_from > duration_to then
    perform private.refuse_parameter('duration_to', 'must not be less than duration_from');
  end if;
  if price_from > price_to then
    perform private.refuse_parameter('price_to', 'must not be less than price_from');
  end if;

  chosen := coalesce(chosen, case when search_text is not null then 'relevance'
                                  when lat is not null then 'distance'
                                  else 'popular' end::public.quest_sort);
  if chosen = 'relevance' and search_text is null then
    perform private.refuse_parameter('sort', 'relevance needs q');
  end if;
  if chosen = 'distance' and lat is null then
    perform private.refuse_parameter('sort', 'distance needs lat and lng');
  end if;
  if lat is not null then
    origin := extensions.st_setsrid(extensions.st_makepoint(lng, lat), 4326)::extensions.geography;
    distance_sql := '(q.start_location operator(extensions.<->) $3)';
  end if;

  -- The cursor: the sort keys and id of the last item of the previous page.
  if after is not null and jsonb_typeof(after) <> 'null' then
    begin
      if jsonb_typeof(after) <> 'object' or after ->> 'sort' is distinct from chosen::text then
        raise exception 'cursor of another sort';
      end if;
      cursor_id := (after ->> 'id')::uuid;
      fuzzy := coalesce((after ->> 'fuzzy')::boolean, false);
      case chosen
        when 'relevance', 'distance' then cursor_value := (after ->> 'value')::double precision;
        when 'rating' then
          cursor_rating := (after ->> 'value')::numeric;
          cursor_count := (after ->> 'count')::integer;
        when 'newest' then cursor_time := (after ->> 'value')::timestamptz;
        when 'popular' then cursor_count := (after ->> 'value')::integer;
      end case;
      if cursor_id is null or (cursor_value is null and cursor_rating is null and cursor_count is null and cursor_time is null)
         or (chosen = 'rating' and (cursor_rating is null or cursor_count is null)) then
        raise exception 'incomplete cursor';
      end if;
    exception when others then
      perform private.refuse_parameter('after', 'is not a cursor of this search (take it from the last item of the previous page, same sort)');
    end;
  else
    after := null;
  end if;

  -- Filters, values always as parameters, never spliced into the text.
  if radius_m is not null then where_sql := where_sql || ' and extensions.st_dwithin(q.start_location, $3, $4, false)'; end if;
  if area is not null then
    where_sql := where_sql || case when area_beyond is null
      then ' and q.start_location::extensions.geometry operator(extensions.&&) $25'
      else ' and (q.start_location::extensions.geometry operator(extensions.&&) $25 or q.start_location::extensions.geometry operator(extensions.&&) $26)' end;
  end if;
  if city is not null then where_sql := where_sql || ' and q.city = $5'; end if;
  if category_id is not null then where_sql := where_sql || ' and q.category_id = $6'; end if;
  if vehicle_id is not null then where_sql := where_sql || ' and q.vehicle_id = $7'; end if;
  if cardinality(activity_ids) > 0 then where_sql := where_sql || ' and q.activity_ids @> $8'; end if;
  if difficulty_from is not null then where_sql := where_sql || ' and q.difficulty >= $9'; end if;
  if difficulty_to is not null then where_sql := where_sql || ' and q.difficulty <= $10'; end if;
  if duration_from is not null then where_sql := where_sql || ' and q.duration_min >= $11'; end if;
  if duration_to is not null then where_sql := where_sql || ' and q.duration_min <= $12'; end if;
  if price_from is not null then where_sql := where_sql || ' and q.price_credits >= $13'; end if;
  if price_to is not null then where_sql := where_sql || ' and q.price_credits <= $14'; end if;
  if free_only then where_sql := where_sql || ' and q.price_credits = 0'; end if;
  if min_rating is not null then where_sql := where_sql || ' and q.rating_avg >= $15'; end if;
  if mine = 'favourites' then
    where_sql := where_sql || ' and exists (select 1 from public.favourites f where f.user_id = $22 and f.quest_id = q.id)';
  elsif mine is not null then
    where_sql := where_sql || format(' and exists (select 1 from public.quest_runs r where r.user_id = $22 and r.quest_id = q.id and r.status = %L)', mine);
  end if;

  if search_text is not null then
    ts := private.quest_search_query(search_text);
    similar_to := private.search_text(search_text);
    -- One word and nothing else (no other filter, no lat/lng): its ranking may be read from
    -- private.quest_word_ranks (below); how many quests rank there is counted first.
    if chosen = 'relevance' and lat is null and where_sql = 'q.status = ''published''' then
      word := substring(ts::text from '^''([^''\\]+)''$');
    end if;
    if word is not null then
      execute 'select count(*) from (select 1 from private.quest_word_ranks w where w.lexeme = $1
                 and ($2::uuid is null or (w.rank::double precision, w.quest_id) < ($3, $2))
               order by w.rank desc, w.quest_id desc limit $4) c'
        into ranked using word, cursor_id, cursor_value, greatest(page_size + 1, 10);
    end if;
    if after is null then
      -- Thin full-text match? Then titles similar to the text (typos) count as matches too. Ten
      -- quests with the word in their title or summary are ten matches: nothing more to count.
      if ranked >= 10 then
        fuzzy := false;
      else
        execute format('select count(*) from (select 1 from public.quests q where %s and q.search_document @@ $1 limit 10) m', where_sql)
          into matches
          using ts, similar_to, origin, radius_m, city, category_id, vehicle_id, activity_ids, difficulty_from, difficulty_to,
                duration_from, duration_to, price_from, price_to, min_rating, cursor_value, cursor_rating, cursor_count, cursor_time,
                cursor_id, page_size, viewer, chosen::text, fuzzy, area, area_beyond;
        fuzzy := matches < 10;
      end if;
    end if;
    if fuzzy then
      word := null;
      where_sql := where_sql || ' and (q.search_document @@ $1 or $2 operator(extensions.<%) private.search_text(q.title))';
      relevance_sql := '(case when q.search_document @@ $1 then 2 + ts_rank(q.search_document, $1, 32) else 0 end'
        || ' + extensions.word_similarity($2, private.search_text(q.title)))::double precision';
    else
      where_sql := where_sql || ' and q.search_document @@ $1';
      relevance_sql := 'ts_rank(q.search_document, $1, 32)::double precision';
    end if;
  end if;

  case chosen
    when 'relevance' then
      inner_order := 'relevance desc, q.id desc';
      outer_order := 'k.relevance desc, d.id desc';
      keyset := format('(%s, q.id) < ($16, $20)', relevance_sql);
      cursor_sql := 'k.relevance';
    when 'distance' then
      where_sql := where_sql || ' and q.start_location is not null';
      inner_order := distance_sql || ', q.id';
      outer_order := 'k.distance_to_start_m, d.id';
      keyset := format('(%s, q.id) > ($16, $20)', distance_sql);
      cursor_sql := 'k.distance_to_start_m';
    when 'rating' then
      inner_order := 'q.rating_avg desc, q.rating_count desc, q.id desc';
      outer_order := 'd.rating_avg desc, d.rating_count desc, d.id desc';
      keyset := '(q.rating_avg, q.rating_count, q.id) < ($17, $18, $20)';
      cursor_sql := 'd.rating_avg';
    when 'newest' then
      inner_order := 'q.published_at desc, q.id desc';
      outer_order := 'd.published_at desc, d.id desc';
      keyset := '(q.published_at, q.id) < ($19, $20)';
      cursor_sql := 'd.published_at';
    when 'popular' then
      inner_order := 'q.favourites_count desc, q.id desc';
      outer_order := 'd.favourites_count desc, d.id desc';
      keyset := '(q.favourites_count, q.id) < ($18, $20)';
      cursor_sql := 'd.favourites_count';
  end case;
  if after is not null then
    where_sql := where_sql || ' and ' || keyset;
  end if;
  -- Distance order without text: the GiST index hands quests out nearest first (KNN) only for an
  -- order by the distance alone, not by (distance, id), so ordering by both sorted every quest in
  -- the radius. The distance of the last of the first page_size (+ look-ahead) quests in KNN order
  -- bounds the page: at least that many quests are no further, so every card of the page (by
  -- distance, then id) is within it. The page is then ranked as before among those quests only
  -- (the index finds them by st_dwithin, with a metre to spare; the bound itself is exact).
  if chosen = 'distance' and ts is null then
    execute format('select max(c.distance) from (select %1$s as distance from public.quests q where %2$s order by %1$s limit $21) c',
                   distance_sql, where_sql)
      into bound
      using ts, similar_to, origin, radius_m, city, category_id, vehicle_id, activity_ids, difficulty_from, difficulty_to,
            duration_from, duration_to, price_from, price_to, min_rating, cursor_value, cursor_rating, cursor_count, cursor_time,
            cursor_id, page_size + 1, viewer, chosen::text, fuzzy, area, area_beyond;
    if bound is not null then
      where_sql := where_sql || ' and extensions.st_dwithin(q.start_location, $3, $28 + 1, false) and ' || distance_sql || ' <= $28';
    end if;
  end if;
  candidates_sql := format('select q.id, %s as distance_to_start_m, %s as relevance from public.quests q where %s order by %s limit $21',
    distance_sql, relevance_sql, where_sql, inner_order);

  -- A one-word search: the quests with the word in their title or summary rank above every quest
  -- with it in the description only (see private.quest_word_ranks), so when they fill the page its
  -- ranking is read in order from the index of their stored ranks (ts_rank of the same document
  -- and word, so the same values, the same order) instead of ranking every matching quest.
  if word is not null then
    if ranked >= page_size + 1 then
      candidates_sql := 'select w.quest_id as id, null::double precision as distance_to_start_m, w.rank::double precision as relevance
        from private.quest_word_ranks w
        where w.lexeme = $27' || case when after is not null then ' and (w.rank::double precision, w.quest_id) < ($16, $20)' else '' end || '
        order by w.rank desc, w.quest_id desc limit $21';
    end if;
  end if;

  -- The first query (k) ranks narrow rows (id and sort keys) and keeps one page and the first
  -- card of the next one; only those are joined back for the item fields and the caller's status
  -- (one set-based call for the page). The page is built as json text in the same statement:
  -- {items: the items in order, next_cursor: the cursor of the last one when a next one exists}.
  -- An item is a card (public.quest_search_item) or, with view 'markers', a map marker
  -- (public.quest_marker): the same quest, status and cursor with the fields a pin needs.
  item_sql := case view
    when 'markers' then $item$
      row(d.id, d.title, d.category_id, d.access, d.price_credits, d.rating_avg,
          extensions.st_y(d.start_location::extensions.geometry), extensions.st_x(d.start_location::extensions.geometry),
          s.is_favourite, s.has_access, s.in_progress, s.completed, %1$s)::public.quest_marker $item$
    else $item$
      row(d.id, d.slug, d.title, d.summary, d.cover_path, d.city, d.place_id, d.category_id, d.vehicle_id,
          d.activity_ids, d.difficulty, d.duration_min, d.distance_m, d.min_age, d.price_credits, d.reward_credits, d.access,
          d.rating_avg, d.rating_count, d.favourites_count, d.published_at,
          extensions.st_y(d.start_location::extensions.geometry), extensions.st_x(d.start_location::extensions.geometry),
          k.distance_to_start_m, k.relevance,
          s.is_favourite, s.has_access, s.in_progress, s.completed, %1$s)::public.quest_search_item $item$
  end;
  execute format($sql$
    with k as materialized (%1$s),
    c as (
      select row_number() over (order by %2$s) as n, %3$s as item
      from k
      join public.quests d on d.id = k.id
      join private.viewer_statuses(array(select k.id from k), $22) s on s.quest_id = d.id)
    select json_build_object(
             'items', coalesce(json_agg(c.item order by c.n) filter (where c.n <= $29), '[]'),
             'next_cursor', case when count(*) > $29 then (array_agg((c.item).cursor) filter (where c.n = $29))[1] end)
    from c
    $sql$, candidates_sql, outer_order,
    format(item_sql, format($cursor$jsonb_strip_nulls(jsonb_build_object('sort', $23, 'fuzzy', case when $1 is not null then $24 end,
             'value', %s, 'count', case when $23 = 'rating' then d.rating_count end, 'id', d.id))$cursor$, cursor_sql)))
    into page
    using ts, similar_to, origin, radius_m, city, category_id, vehicle_id, activity_ids, difficulty_from, difficulty_to,
          duration_from, duration_to, price_from, price_to, min_rating, cursor_value, cursor_rating, cursor_count, cursor_time,
          cursor_id, page_size + 1, viewer, chosen::text, fuzzy, area, area_beyond, word, bound, page_size;
  return page;
end;
$$;
comment on function private.search_quest_page(jsonb) is
  'One page of public.search_quests as json {items, next_cursor}: validates the filters once (invalid_parameter {parameter, reason}), picks the published quests that match (definer, so the planner may use the GIN/GiST indexes and the stored word ranks), orders them with the keyset cursor, reads one item more to know whether a next page exists, adds the caller''s status of each; items are cards (public.quest_search_item) or, with view markers, map markers (public.quest_marker).';

comment on function public.search_quests(jsonb) is
  'RPC (anyone): search and map. filters = {q, lat, lng, radius_m, bbox, city, category_id, vehicle_id, activity_ids, difficulty_from/_to, duration_from/_to, price_from/_to, free_only, min_rating, mine, sort, after, page_size, view (cards | markers)}; answers {items: [card or marker with the caller''s status and its cursor], next_cursor}. Errors: invalid_parameter {parameter, reason}.';
