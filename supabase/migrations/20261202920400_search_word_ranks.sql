-- One-word searches rank in constant time (issue 13). Ranking a search by relevance needs ts_rank
-- of every matching quest: a generic word ("история", in 14% of a 100,000-quest catalogue) made
-- each search visit some 14,000 rows. But for a query of one word, ts_rank(document, word, 32)
-- depends only on that word's positions and weights in the document, and with the weights of
-- quest_search_document (title A 1.0, summary B 0.4, description C 0.2) any quest with the word in
-- its title or summary ranks above any quest with it in the description only: ts_rank's sum for
-- one word is at least its highest weight / 1.6449 (≥ 0.243 with an A or B occurrence) and, with
-- C occurrences only, 0.2 × (1 + 1/4 + 1/9 + …) / 1.6449 < 0.2; normalised r / (r + 1): ≥ 0.195
-- against < 0.167. So private.quest_word_ranks keeps, for each published quest and each word of its title
-- or summary, ts_rank(search_document, word, 32) itself (the same function on the same document:
-- the same real value), kept by a trigger with the quest. search_quest_page reads a one-word,
-- filter-free relevance page (first or next, the cursor included) from its index when it holds a
-- whole page (with the look-ahead card); otherwise (few title matches, typos, any other filter,
-- several words) it ranks as before. Cards, order, relevance values and cursors are the same.

create table private.quest_word_ranks (
  quest_id uuid not null references public.quests (id) on delete cascade,
  lexeme text not null,
  rank real not null,
  primary key (quest_id, lexeme)
);
comment on table private.quest_word_ranks is
  'For each published quest, each word (lexeme) of its title or summary and ts_rank(search_document, that word, 32): the ranking of one-word searches read in order (private.search_quest_page). Kept by private.sync_quest_word_ranks.';
comment on column private.quest_word_ranks.quest_id is 'The quest (published).';
comment on column private.quest_word_ranks.lexeme is 'A lexeme of search_document with a title (A) or summary (B) position.';
comment on column private.quest_word_ranks.rank is 'ts_rank(search_document, that lexeme as a one-word tsquery, 32), as search ranks it.';
create index quest_word_ranks_order_idx on private.quest_word_ranks (lexeme, rank, quest_id);
comment on index private.quest_word_ranks_order_idx is 'One word''s quests in ranking order (read backwards: rank desc, quest id desc).';

create function private.sync_quest_word_ranks()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' then
    if new.search_document = old.search_document and new.status = old.status then
      return null;
    end if;
    delete from private.quest_word_ranks w where w.quest_id = new.id;
  end if;
  if new.status = 'published' then
    insert into private.quest_word_ranks (quest_id, lexeme, rank)
    select new.id, u.lexeme, ts_rank(new.search_document, format('''%s''', u.lexeme)::tsquery, 32)
    from unnest(ts_filter(new.search_document, '{a,b}')) u
    where u.lexeme !~ '[''\\]';  -- searched words never hold quotes or backslashes (search_quest_page)
  end if;
  return null;
end;
$$;
comment on function private.sync_quest_word_ranks() is
  'Trigger: keeps private.quest_word_ranks with a quest (its title and summary words and their ranks while it is published).';
revoke execute on function private.sync_quest_word_ranks() from public, anon, authenticated;

create trigger sync_quest_word_ranks
after insert or update of title, summary, description, status on public.quests
for each row execute function private.sync_quest_word_ranks();
comment on trigger sync_quest_word_ranks on public.quests is 'Keeps the stored ranks of one-word searches (private.quest_word_ranks).';

insert into private.quest_word_ranks (quest_id, lexeme, rank)
select q.id, u.lexeme, ts_rank(q.search_document, format('''%s''', u.lexeme)::tsquery, 32)
from public.quests q, unnest(ts_filter(q.search_document, '{a,b}')) u
where q.status = 'published' and u.lexeme !~ '[''\\]';

create or replace function private.search_quest_page(filters jsonb, look_ahead boolean)
returns setof public.quest_search_item
language plpgsql
stable
security definer
set search_path = ''
rows 20
as $$
declare
  known text[] := array['q', 'lat', 'lng', 'radius_m', 'bbox', 'city', 'category_id', 'vehicle_id', 'activity_ids',
    'difficulty_from', 'difficulty_to', 'duration_from', 'duration_to', 'price_from', 'price_to', 'free_only',
    'min_rating', 'mine', 'sort', 'after', 'page_size'];
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
    if after is null then
      -- Thin full-text match? Then titles similar to the text (typos) count as matches too.
      execute format('select count(*) from (select 1 from public.quests q where %s and q.search_document @@ $1 limit 10) m', where_sql)
        into matches
        using ts, similar_to, origin, radius_m, city, category_id, vehicle_id, activity_ids, difficulty_from, difficulty_to,
              duration_from, duration_to, price_from, price_to, min_rating, cursor_value, cursor_rating, cursor_count, cursor_time,
              cursor_id, page_size, viewer, chosen::text, fuzzy, area, area_beyond;
      fuzzy := matches < 10;
    end if;
    if fuzzy then
      where_sql := where_sql || ' and (q.search_document @@ $1 or $2 operator(extensions.<%) private.search_text(q.title))';
      relevance_sql := '(case when q.search_document @@ $1 then 2 + ts_rank(q.search_document, $1, 32) else 0 end'
        || ' + extensions.word_similarity($2, private.search_text(q.title)))::double precision';
    else
      where_sql := where_sql || ' and q.search_document @@ $1';
      relevance_sql := 'ts_rank(q.search_document, $1, 32)::double precision';
      -- One word and nothing else (no other filter, no lat/lng): its ranking may be read from
      -- private.quest_word_ranks (below).
      if chosen = 'relevance' and lat is null and where_sql = 'q.status = ''published'' and q.search_document @@ $1' then
        word := substring(ts::text from '^''([^''\\]+)''$');
      end if;
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
  candidates_sql := format('select q.id, %s as distance_to_start_m, %s as relevance from public.quests q where %s order by %s limit $21',
    distance_sql, relevance_sql, where_sql, inner_order);

  -- A one-word search: the quests with the word in their title or summary rank above every quest
  -- with it in the description only (see private.quest_word_ranks), so when they fill the page its
  -- ranking is read in order from the index of their stored ranks (ts_rank of the same document
  -- and word, so the same values, the same order) instead of ranking every matching quest.
  if word is not null then
    execute 'select count(*) from (select 1 from private.quest_word_ranks w where w.lexeme = $1
               and ($2::uuid is null or (w.rank::double precision, w.quest_id) < ($3, $2))
             order by w.rank desc, w.quest_id desc limit $4) c'
      into ranked using word, cursor_id, cursor_value, page_size + look_ahead::integer;
    if ranked = page_size + look_ahead::integer then
      candidates_sql := 'select w.quest_id as id, null::double precision as distance_to_start_m, w.rank::double precision as relevance
        from private.quest_word_ranks w
        where w.lexeme = $27' || case when after is not null then ' and (w.rank::double precision, w.quest_id) < ($16, $20)' else '' end || '
        order by w.rank desc, w.quest_id desc limit $21';
    end if;
  end if;

  -- The first query (k) ranks narrow rows (id and sort keys) and keeps one page (and, with
  -- look_ahead, the first card of the next one); only those are joined back for the card fields
  -- and the caller's status (one set-based call for the page).
  return query execute format($sql$
    with k as materialized (%2$s)
    select d.id, d.slug, d.title, d.summary, d.cover_path, d.city, d.place_id, d.category_id, d.vehicle_id,
           d.activity_ids, d.difficulty, d.duration_min, d.distance_m, d.min_age, d.price_credits, d.reward_credits, d.access,
           d.rating_avg, d.rating_count, d.favourites_count, d.published_at,
           extensions.st_y(d.start_location::extensions.geometry), extensions.st_x(d.start_location::extensions.geometry),
           k.distance_to_start_m, k.relevance,
           s.is_favourite, s.has_access, s.in_progress, s.completed,
           jsonb_strip_nulls(jsonb_build_object('sort', $23, 'fuzzy', case when $1 is not null then $24 end,
             'value', %1$s, 'count', case when $23 = 'rating' then d.rating_count end, 'id', d.id))
    from k
    join public.quests d on d.id = k.id
    join private.viewer_statuses(array(select k.id from k), $22) s on s.quest_id = d.id  -- one call for the page
    order by %3$s
    $sql$, cursor_sql, candidates_sql, outer_order)
    using ts, similar_to, origin, radius_m, city, category_id, vehicle_id, activity_ids, difficulty_from, difficulty_to,
          duration_from, duration_to, price_from, price_to, min_rating, cursor_value, cursor_rating, cursor_count, cursor_time,
          cursor_id, page_size + look_ahead::integer, viewer, chosen::text, fuzzy, area, area_beyond, word;
end;
$$;
