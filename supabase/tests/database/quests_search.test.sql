-- Search correctness (public.search_quests(filters jsonb)): ranking, typos only when the match is
-- thin, distance order and radius, the map's bbox and its markers, every filter and sort, cursor stability across
-- inserts, the caller's status per card (favourite, access, in progress, completed) and `mine`;
-- drafts, reviews' secrets and locked routes never come out, for any client role; every bad input
-- refused with invalid_parameter naming the parameter (unknown keys, wrong types, absurd numbers).
-- Every quest here lives in cities of its own (Тестоград, …), so the seed never interferes.
begin;
select plan(100);

select tests.create_user('s_author');
select tests.create_user('s_fan');
select tests.create_user('s_other');
select tests.create_user('s_buyer');
select tests.create_user('s_admin');
insert into public.user_roles (user_id, role) values (tests.get_user_id('s_admin'), 'admin');

insert into public.categories (id, slug, name_ru, name_en) values
  ('c0000000-0000-4000-a000-000000000001', 's-history', 'История', 'History'),
  ('c0000000-0000-4000-a000-000000000002', 's-food', 'Еда', 'Food');
insert into public.vehicles (id, slug, name_ru, name_en) values
  ('c0000000-0000-4000-a000-000000000011', 's-foot', 'Пешком', 'On foot'),
  ('c0000000-0000-4000-a000-000000000012', 's-bike', 'Велосипед', 'Bike');
insert into public.activities (id, slug, name_ru, name_en) values
  ('c0000000-0000-4000-a000-000000000021', 's-photo', 'Фото', 'Photo'),
  ('c0000000-0000-4000-a000-000000000022', 's-riddles', 'Загадки', 'Riddles'),
  ('c0000000-0000-4000-a000-000000000023', 's-museum', 'Музеи', 'Museums');

-- Тестоград, around (lat 50, lng 30). q1..q4, q9 published; q5 draft, q7 archived, q8 in review.
insert into public.quests (id, author_id, title, slug, summary, description, city, category_id, vehicle_id, difficulty,
  duration_min, price_credits, access, status, published_at, rating_avg, rating_count, favourites_count) values
  ('d0000000-0000-4000-a000-000000000001', tests.get_user_id('s_author'), 'Старый собор', 's-q1', 'Прогулка вокруг', '',
   'Тестоград', 'c0000000-0000-4000-a000-000000000001', 'c0000000-0000-4000-a000-000000000011', 2, 60, 0, 'open', 'published',
   '2026-01-01', 4.50, 10, 5),
  ('d0000000-0000-4000-a000-000000000002', tests.get_user_id('s_author'), 'Площадь и рынок', 's-q2', 'Соборы и рынок', '',
   'Тестоград', 'c0000000-0000-4000-a000-000000000002', 'c0000000-0000-4000-a000-000000000012', 3, 120, 0, 'open', 'published',
   '2026-01-02', 4.50, 20, 9),
  ('d0000000-0000-4000-a000-000000000003', tests.get_user_id('s_author'), 'Рынок у реки', 's-q3', 'Рыба и овощи', 'Виден собор.',
   'Тестоград', 'c0000000-0000-4000-a000-000000000002', 'c0000000-0000-4000-a000-000000000011', 4, 180, 30, 'open', 'published',
   '2026-01-03', 3.00, 2, 1),
  ('d0000000-0000-4000-a000-000000000004', tests.get_user_id('s_author'), 'Тайный двор', 's-q4', 'Закрытый маршрут', '',
   'Тестоград', 'c0000000-0000-4000-a000-000000000001', 'c0000000-0000-4000-a000-000000000011', 5, 90, 100, 'locked', 'published',
   '2026-01-04', 0, 0, 0),
  ('d0000000-0000-4000-a000-000000000005', tests.get_user_id('s_author'), 'Собор: черновик', 's-q5', '', '',
   'Тестоград', null, null, 1, 60, 0, 'open', 'draft', null, 0, 0, 0),
  ('d0000000-0000-4000-a000-000000000006', tests.get_user_id('s_author'), 'Далёкий хутор', 's-q6', '', '',
   'Тестоград', null, null, 1, 60, 0, 'open', 'published', '2026-01-06', 0, 0, 0),
  ('d0000000-0000-4000-a000-000000000007', tests.get_user_id('s_author'), 'Собор: в архиве', 's-q7', '', '',
   'Тестоград', null, null, 1, 60, 0, 'open', 'archived', '2025-12-01', 0, 0, 0),
  ('d0000000-0000-4000-a000-000000000008', tests.get_user_id('s_author'), 'Собор: на проверке', 's-q8', '', '',
   'Тестоград', null, null, 1, 60, 0, 'open', 'in_review', null, 0, 0, 0),
  ('d0000000-0000-4000-a000-000000000009', tests.get_user_id('s_author'), 'Old Cathedral walk', 's-q9', 'Churches and café', '',
   'Тестоград', null, null, 1, 60, 0, 'open', 'published', '2026-01-09', 0, 0, 0);
insert into public.quest_activities (quest_id, activity_id) values
  ('d0000000-0000-4000-a000-000000000001', 'c0000000-0000-4000-a000-000000000021'),
  ('d0000000-0000-4000-a000-000000000001', 'c0000000-0000-4000-a000-000000000022'),
  ('d0000000-0000-4000-a000-000000000002', 'c0000000-0000-4000-a000-000000000021'),
  ('d0000000-0000-4000-a000-000000000003', 'c0000000-0000-4000-a000-000000000023');
insert into public.quest_points (quest_id, position, title, location, task_type) values
  ('d0000000-0000-4000-a000-000000000001', 1, 'Start', extensions.st_makepoint(30.000, 50.000)::extensions.geography, 'gps'),
  ('d0000000-0000-4000-a000-000000000002', 1, 'Start', extensions.st_makepoint(30.000, 50.010)::extensions.geography, 'gps'),
  ('d0000000-0000-4000-a000-000000000003', 1, 'Start', extensions.st_makepoint(30.000, 50.005)::extensions.geography, 'gps'),
  ('d0000000-0000-4000-a000-000000000004', 1, 'Ворота', extensions.st_makepoint(30.000, 50.020)::extensions.geography, 'gps'),
  ('d0000000-0000-4000-a000-000000000004', 2, 'Сокровищница', extensions.st_makepoint(30.011, 50.021)::extensions.geography, 'answer'),
  ('d0000000-0000-4000-a000-000000000005', 1, 'Start', extensions.st_makepoint(30.000, 50.001)::extensions.geography, 'gps'),
  ('d0000000-0000-4000-a000-000000000006', 1, 'Start', extensions.st_makepoint(30.000, 50.500)::extensions.geography, 'gps'),
  ('d0000000-0000-4000-a000-000000000009', 1, 'Start', extensions.st_makepoint(30.000, 50.030)::extensions.geography, 'gps');
-- Free stage order: every point is shown to whoever has access (linear routes: teams_linear_route.test.sql).
update public.quests set stage_order = 'free' where id = 'd0000000-0000-4000-a000-000000000002';
insert into private.point_secrets (point_id, answer_hash)
select id, extensions.crypt('золото', extensions.gen_salt('bf', 4)) from public.quest_points where title = 'Сокровищница';
insert into public.favourites (user_id, quest_id) values (tests.get_user_id('s_fan'), 'd0000000-0000-4000-a000-000000000001');
insert into public.quest_access_grants (quest_id, user_id, source) values ('d0000000-0000-4000-a000-000000000004', tests.get_user_id('s_buyer'), 'purchase');

-- search_quests answers a page {items, next_cursor}; most tests here read the cards of a page as rows.
create function pg_temp.search(filters jsonb) returns setof public.quest_search_item language sql as $$
  select * from jsonb_populate_recordset(null::public.quest_search_item, public.search_quests(filters)::jsonb -> 'items');
$$;
grant execute on function pg_temp.search(jsonb) to anon, authenticated, service_role;

create function pg_temp.ids(search text) returns uuid[] language plpgsql as $$
declare found uuid[];
begin
  execute format('select coalesce(array_agg(s.id), ''{}'') from (select id from %s) s', search) into found;
  return found;
end;
$$;
grant execute on function pg_temp.ids(text) to anon, authenticated, service_role;

select tests.authenticate_as_anon();

-- Ranking
select is(pg_temp.ids($$pg_temp.search('{"q": "собор", "city": "Тестоград"}')$$),
  array['d0000000-0000-4000-a000-000000000001', 'd0000000-0000-4000-a000-000000000002', 'd0000000-0000-4000-a000-000000000003']::uuid[],
  'relevance: a match in the title ranks above one in the summary, above one in the description (Russian stemming: соборы = собор)');
select is(pg_temp.ids($$pg_temp.search('{"q": "church cafe", "city": "Тестоград"}')$$),
  array['d0000000-0000-4000-a000-000000000009']::uuid[], 'English stemming (churches = church) and accents ignored (café = cafe)');
select is(pg_temp.ids($$pg_temp.search('{"q": "Cathedrel", "city": "Тестоград"}')$$),
  array['d0000000-0000-4000-a000-000000000009']::uuid[], 'a typo in the title is forgiven when the full-text match is thin');
select is((select cursor ->> 'fuzzy' from pg_temp.search('{"q": "Cathedrel", "city": "Тестоград"}')), 'true',
  'the cursor remembers that this search took similar titles');
select is_empty($$select 1 from pg_temp.search('{"q": "Сокровищница", "city": "Тестоград"}')$$,
  'the title of a locked route point is not searchable');

-- Drafts, archived and in-review quests never come out, whoever asks
select tests.authenticate_as('s_author');
select ok(not (pg_temp.ids($$pg_temp.search('{"q": "собор", "city": "Тестоград", "page_size": 50}')$$)
               && array['d0000000-0000-4000-a000-000000000005', 'd0000000-0000-4000-a000-000000000007', 'd0000000-0000-4000-a000-000000000008']::uuid[]),
  'the author''s draft, archived and in-review quests never come out of search, even for the author');
select tests.authenticate_as('s_admin');
select ok(not (pg_temp.ids($$pg_temp.search('{"city": "Тестоград", "page_size": 50}')$$)
               && array['d0000000-0000-4000-a000-000000000005', 'd0000000-0000-4000-a000-000000000007', 'd0000000-0000-4000-a000-000000000008']::uuid[]),
  'nor for staff who may see them in the table');
select tests.authenticate_as_service_role();
select is(cardinality(pg_temp.ids($$pg_temp.search('{"city": "Тестоград", "page_size": 50}')$$)), 6,
  'the service role (RLS bypassed) also gets only the 6 published quests');

-- Distance
select tests.authenticate_as_anon();
select is(pg_temp.ids($$pg_temp.search('{"lat": 50, "lng": 30, "radius_m": 5000, "city": "Тестоград"}')$$),
  array['d0000000-0000-4000-a000-000000000001', 'd0000000-0000-4000-a000-000000000003', 'd0000000-0000-4000-a000-000000000002',
        'd0000000-0000-4000-a000-000000000004', 'd0000000-0000-4000-a000-000000000009']::uuid[],
  'near me: nearest start first, the quest 55 km away is outside the 5 km radius');
select ok((select bool_and(abs(distance_to_start_m - extensions.st_distance(extensions.st_makepoint(30, 50)::extensions.geography,
                   extensions.st_makepoint(start_lng, start_lat)::extensions.geography, false)) < 0.01)
           from pg_temp.search('{"lat": 50, "lng": 30, "city": "Тестоград"}')),
  'distance_to_start_m is the distance to the start point');
select is((select round(distance_to_start_m) from pg_temp.search('{"lat": 50, "lng": 30, "city": "Тестоград", "sort": "rating"}')
           where id = 'd0000000-0000-4000-a000-000000000003'), 556::double precision,
  'the distance is given whatever the sort');

-- Filters, each on its own
select is(pg_temp.ids($$pg_temp.search('{"city": "Тестоград", "category_id": "c0000000-0000-4000-a000-000000000001", "sort": "newest"}')$$),
  array['d0000000-0000-4000-a000-000000000004', 'd0000000-0000-4000-a000-000000000001']::uuid[], 'filter: category');
select is(pg_temp.ids($$pg_temp.search('{"city": "Тестоград", "vehicle_id": "c0000000-0000-4000-a000-000000000012"}')$$),
  array['d0000000-0000-4000-a000-000000000002']::uuid[], 'filter: vehicle');
select is(pg_temp.ids($$pg_temp.search('{"city": "Тестоград", "activity_ids": ["c0000000-0000-4000-a000-000000000021", "c0000000-0000-4000-a000-000000000022"]}')$$),
  array['d0000000-0000-4000-a000-000000000001']::uuid[], 'filter: activities, all of them');
select is(pg_temp.ids($$pg_temp.search('{"city": "Тестоград", "difficulty_from": 3, "difficulty_to": 4, "sort": "newest"}')$$),
  array['d0000000-0000-4000-a000-000000000003', 'd0000000-0000-4000-a000-000000000002']::uuid[], 'filter: difficulty range');
select is(pg_temp.ids($$pg_temp.search('{"city": "Тестоград", "duration_from": 90, "duration_to": 120, "sort": "newest"}')$$),
  array['d0000000-0000-4000-a000-000000000004', 'd0000000-0000-4000-a000-000000000002']::uuid[], 'filter: duration range');
select is(pg_temp.ids($$pg_temp.search('{"city": "Тестоград", "price_from": 10, "price_to": 100, "sort": "newest"}')$$),
  array['d0000000-0000-4000-a000-000000000004', 'd0000000-0000-4000-a000-000000000003']::uuid[], 'filter: price range');
select is(pg_temp.ids($$pg_temp.search('{"city": "Тестоград", "free_only": true, "sort": "newest"}')$$),
  array['d0000000-0000-4000-a000-000000000009', 'd0000000-0000-4000-a000-000000000006', 'd0000000-0000-4000-a000-000000000002',
        'd0000000-0000-4000-a000-000000000001']::uuid[], 'filter: free only');
select is(pg_temp.ids($$pg_temp.search('{"city": "Тестоград", "min_rating": 4}')$$),
  array['d0000000-0000-4000-a000-000000000002', 'd0000000-0000-4000-a000-000000000001']::uuid[], 'filter: minimum rating');
select is(pg_temp.ids($$pg_temp.search('{"city": "Нигдеград"}')$$), '{}'::uuid[], 'filter: city');

-- Sorts
select is(pg_temp.ids($$pg_temp.search('{"city": "Тестоград", "sort": "rating", "page_size": 3}')$$),
  array['d0000000-0000-4000-a000-000000000002', 'd0000000-0000-4000-a000-000000000001', 'd0000000-0000-4000-a000-000000000003']::uuid[],
  'sort rating: best average first, more reviews first at the same average');
select is(pg_temp.ids($$pg_temp.search('{"city": "Тестоград", "sort": "newest", "page_size": 2}')$$),
  array['d0000000-0000-4000-a000-000000000009', 'd0000000-0000-4000-a000-000000000006']::uuid[], 'sort newest: latest published first');
select is(pg_temp.ids($$pg_temp.search('{"city": "Тестоград", "page_size": 3}')$$),
  array['d0000000-0000-4000-a000-000000000002', 'd0000000-0000-4000-a000-000000000001', 'd0000000-0000-4000-a000-000000000003']::uuid[],
  'sort popular (the default without q or location): most favourited first');

-- Thin or not: similar titles join only when few quests match the text
select tests.clear_authentication();
insert into public.quests (title, slug, city, status, published_at)
select 'Парк номер ' || i, 's-park-' || i, 'Парковск', 'published', '2026-02-01'::timestamptz + i * interval '1 hour'
from generate_series(1, 10) i;
insert into public.quests (title, slug, city, status, published_at) values
  ('Паркинг у вокзала', 's-parking-a', 'Парковск', 'published', '2026-02-02'),
  ('Парк культуры', 's-park-b', 'Малопарковск', 'published', '2026-02-02'),
  ('Паркинг у рынка', 's-parking-b', 'Малопарковск', 'published', '2026-02-02');
select tests.authenticate_as_anon();
select ok(not (select bool_or(title like 'Паркинг%') from pg_temp.search('{"q": "парк", "city": "Парковск", "page_size": 50}')),
  'ten full-text matches: a merely similar title (Паркинг) is not taken');
select is((select array_agg(title) from pg_temp.search('{"q": "парк", "city": "Малопарковск"}')),
  array['Парк культуры', 'Паркинг у рынка'], 'one full-text match: the similar title is taken too, ranked after the real match');

-- Cursor stability: pages never repeat or skip a quest, whatever is published meanwhile
create temporary table seen (page integer, position bigint, id uuid, cursor jsonb);
grant all on seen to anon;
insert into seen select 1, s.ordinality, s.id, s.cursor
from pg_temp.search('{"city": "Тестоград", "sort": "rating", "page_size": 2}') with ordinality as s;
select tests.clear_authentication();
insert into public.quests (id, title, slug, city, status, published_at, rating_avg, rating_count) values
  ('d0000000-0000-4000-a000-000000000010', 'Новый лучший', 's-new-top', 'Тестоград', 'published', '2026-03-01', 5, 50),
  ('d0000000-0000-4000-a000-000000000011', 'Новый средний', 's-new-mid', 'Тестоград', 'published', '2026-03-02', 4, 3);
insert into public.quest_points (quest_id, position, title, location) values
  ('d0000000-0000-4000-a000-000000000010', 1, 'Start', extensions.st_makepoint(30.001, 50.001)::extensions.geography),
  ('d0000000-0000-4000-a000-000000000011', 1, 'Start', extensions.st_makepoint(30.002, 50.002)::extensions.geography);
select tests.authenticate_as_anon();
insert into seen select 2, s.ordinality, s.id, s.cursor
from pg_temp.search(jsonb_build_object('city', 'Тестоград', 'sort', 'rating', 'page_size', 2,
  'after', (select cursor from seen where page = 1 order by position desc limit 1))) with ordinality as s;
select is((select count(*)::integer from seen where page = 2 and id in (select id from seen where page = 1)), 0,
  'cursor: the next page repeats nothing, although a better quest was published meanwhile');
select is((select array_agg(id order by position) from seen where page = 2),
  array['d0000000-0000-4000-a000-000000000011', 'd0000000-0000-4000-a000-000000000003']::uuid[],
  'cursor: the next page goes on right after the cursor, a quest published meanwhile included where it sorts');

create function pg_temp.all_pages(sort_by text, text_query text) returns uuid[] language plpgsql as $$
declare
  all_ids uuid[] := '{}';
  page public.quest_search_item[];
  next jsonb;
begin
  loop
    select array_agg(s) into page from pg_temp.search(jsonb_build_object('q', text_query, 'city', 'Тестоград',
      'sort', sort_by, 'lat', 50, 'lng', 30, 'page_size', 2, 'after', next)) s;
    exit when page is null;
    all_ids := all_ids || array(select (p).id from unnest(page) p);
    next := page[cardinality(page)].cursor;
  end loop;
  return all_ids;
end;
$$;
grant execute on function pg_temp.all_pages(text, text) to anon, authenticated, service_role;
select tests.authenticate_as_anon();
select is(pg_temp.all_pages(s.sort_by, s.text_query),
          pg_temp.ids(format('pg_temp.search(%L)', jsonb_build_object('q', s.text_query, 'city', 'Тестоград', 'sort', s.sort_by,
                             'lat', 50, 'lng', 30, 'page_size', 50))),
          format('paging by %s two at a time with the cursor returns every quest once, in order', s.sort_by))
from (values ('distance', null), ('rating', null), ('newest', null), ('popular', null), ('relevance', 'собор')) s (sort_by, text_query);

-- Per caller: is_favourite and has_access
select tests.authenticate_as('s_fan');
select is((select is_favourite from pg_temp.search('{"city": "Тестоград"}') where id = 'd0000000-0000-4000-a000-000000000001'), true,
  'is_favourite is true for the user who favourited it');
select tests.authenticate_as('s_other');
select is((select is_favourite from pg_temp.search('{"city": "Тестоград"}') where id = 'd0000000-0000-4000-a000-000000000001'), false,
  'and false for another user');
select is((select array[has_access] from pg_temp.search('{"city": "Тестоград"}') where id = 'd0000000-0000-4000-a000-000000000004')
          || (select has_access from pg_temp.search('{"city": "Тестоград"}') where id = 'd0000000-0000-4000-a000-000000000001'),
  array[false, true], 'has_access: false on a locked quest without a grant, true on an open one');
select tests.authenticate_as('s_buyer');
select is((select has_access from pg_temp.search('{"city": "Тестоград"}') where id = 'd0000000-0000-4000-a000-000000000004'), true,
  'has_access: true on a locked quest with a grant');
select tests.authenticate_as('s_author');
select is((select has_access from pg_temp.search('{"city": "Тестоград"}') where id = 'd0000000-0000-4000-a000-000000000004'), true,
  'has_access: true for the author of a locked quest');

-- Nothing of a locked route but its start, and no hash, ever comes out of search
select is(array(select a.attname::text from pg_attribute a where a.attrelid = 'public.quest_search_item'::regclass and a.attnum > 0 order by a.attnum),
  array['id', 'slug', 'title', 'summary', 'cover_path', 'city', 'place_id', 'category_id', 'vehicle_id', 'activity_ids', 'difficulty',
        'duration_min', 'distance_m', 'min_age', 'price_credits', 'reward_credits', 'access', 'rating_avg', 'rating_count', 'favourites_count',
        'published_at', 'start_lat', 'start_lng', 'distance_to_start_m', 'relevance', 'is_favourite', 'has_access', 'in_progress', 'completed',
        'cursor'],
  'a search item has exactly these fields: no point but the start, no answer');
select is((select array[start_lat, start_lng] from pg_temp.search('{"city": "Тестоград"}') where id = 'd0000000-0000-4000-a000-000000000004'),
  array[50.02, 30.0]::double precision[], 'the start of a locked quest is its first point, which the teaser shows anyway');
select tests.authenticate_as_anon();
select ok(not exists (select 1 from pg_temp.search('{"city": "Тестоград", "page_size": 50}') s
                      where row_to_json(s)::text ~ '(\$2[aby]\$|Сокровищница|30\.011)'),
  'anon: no hash, no title or location of a locked point in any result');
select tests.authenticate_as('s_other');
select ok(not exists (select 1 from pg_temp.search('{"city": "Тестоград", "page_size": 50}') s
                      where row_to_json(s)::text ~ '(\$2[aby]\$|Сокровищница|30\.011)'),
  'a user without access: the same');
select tests.clear_authentication();
select is(array(select r from unnest(array['anon', 'authenticated', 'service_role']) r
                where has_table_privilege(r, 'private.point_secrets', 'select')
                   or has_any_column_privilege(r, 'private.point_secrets', 'select')),
  '{}'::text[], 'no client role (anon, authenticated, service_role) may read any column of the answer hashes');

-- Coordinates as numbers (the computed fields lat / lng of quests, the columns of points)
select tests.authenticate_as_anon();
select is((select array[public.lat(q), public.lng(q)] from public.quests q where id = 'd0000000-0000-4000-a000-000000000002'),
  array[50.01, 30.0]::double precision[], 'lat/lng of a quest are those of its start');
select is((select array[p.lat, p.lng] from public.quest_points p where quest_id = 'd0000000-0000-4000-a000-000000000002'),
  array[50.01, 30.0]::double precision[], 'lat/lng of a visible route point');
select is_empty($$select p.lat from public.quest_points p where quest_id = 'd0000000-0000-4000-a000-000000000004'$$,
  'no coordinates of a locked route point (the row itself is hidden)');

-- Bad parameters are refused, naming the parameter
select tests.authenticate_as_anon();
-- The page: next_cursor is the last card's cursor while more follow, null on the last page (even a full one).
select is((select p -> 'next_cursor' = p -> 'items' -> -1 -> 'cursor' from (select public.search_quests('{"city": "Тестоград", "sort": "newest", "page_size": 2}')::jsonb p) x),
  true, 'a page with more after it gives the cursor of its last card as next_cursor');
select is(public.search_quests(jsonb_build_object('city', 'Тестоград', 'sort', 'newest',
            'page_size', json_array_length(public.search_quests('{"city": "Тестоград", "page_size": 50}') -> 'items')))::jsonb -> 'next_cursor', 'null'::jsonb,
  'a full page that ends the list says next_cursor null (a page of exactly every published quest of the city)');
select is(json_array_length(public.search_quests(jsonb_build_object('city', 'Тестоград', 'sort', 'newest', 'page_size', 4,
            'after', public.search_quests('{"city": "Тестоград", "sort": "newest", "page_size": 2}') -> 'next_cursor')) -> 'items'), 4,
  'and that next_cursor is what the next page takes as after');
select throws_ok($$select * from pg_temp.search('{"page_size": 51}')$$, 'PT400', 'invalid_parameter', 'page size is at most 50');
select throws_ok($$select * from pg_temp.search('{"sort": "relevance"}')$$, 'PT400', 'invalid_parameter', 'relevance needs a text');
select throws_ok($$select * from pg_temp.search('{"sort": "distance"}')$$, 'PT400', 'invalid_parameter', 'distance needs a location');
select throws_ok($$select * from pg_temp.search('{"lat": 50}')$$, 'PT400', 'invalid_parameter', 'lat needs lng');
select throws_ok($$select * from pg_temp.search('{"price_from": 10, "price_to": 5}')$$, 'PT400', 'invalid_parameter',
  'a range must not be upside down');
select throws_ok($$select * from pg_temp.search('{"sort": "rating", "after": {"sort": "newest", "id": "d0000000-0000-4000-a000-000000000001", "value": "2026-01-01"}}')$$,
  'PT400', 'invalid_parameter', 'a cursor of another sort is refused');

select throws_ok($$select * from pg_temp.search('{"q": "a\u0000b"}')$$, '22P05', null,
  'a NUL in the search text never reaches the search: the JSON is refused as it is read (PostgREST: 400), never a 500');

-- Every refusal names the parameter and the reason (params {parameter, reason}), whatever the input
create function pg_temp.refusal(filters text) returns text language plpgsql as $$
begin
  perform * from pg_temp.search(filters::jsonb);
  return 'accepted';
exception when others then
  declare state text; msg text; hint text;
  begin
    get stacked diagnostics state = returned_sqlstate, msg = message_text, hint = pg_exception_hint;
    return state || ' ' || msg || ' ' || coalesce(hint::jsonb ->> 'parameter', '-');
  end;
end;
$$;
grant execute on function pg_temp.refusal(text) to anon, authenticated, service_role;
select is(pg_temp.refusal(f), expected, rule) from (values
  ('{"pagesize": 10}', 'PT400 invalid_parameter pagesize', 'an unknown key is refused by name (no silent typo)'),
  ('[1, 2]', 'PT400 invalid_parameter filters', 'filters must be a JSON object'),
  ('{"lat": "50", "lng": 30}', 'PT400 invalid_parameter lat', 'a number given as text is refused'),
  ('{"lat": 1e400, "lng": 30}', 'PT400 invalid_parameter lat', 'an absurd number is a 400, not an out-of-range cast'),
  ('{"page_size": 1e30}', 'PT400 invalid_parameter page_size', 'an absurd page size too'),
  ('{"page_size": 2.5}', 'PT400 invalid_parameter page_size', 'a page size is whole'),
  ('{"radius_m": 500}', 'PT400 invalid_parameter radius_m', 'a radius needs a position'),
  ('{"category_id": "not-a-uuid"}', 'PT400 invalid_parameter category_id', 'a malformed id is refused, not a 22P02'),
  ('{"activity_ids": ["c0000000-0000-4000-a000-000000000021", 7]}', 'PT400 invalid_parameter activity_ids', 'every activity is an id'),
  ('{"free_only": "yes"}', 'PT400 invalid_parameter free_only', 'free_only is true or false'),
  ('{"sort": "cheapest"}', 'PT400 invalid_parameter sort', 'an unknown sort is refused'),
  ('{"mine": "everything"}', 'PT400 invalid_parameter mine', 'mine is favourites, in_progress or completed'),
  ('{"q": 42}', 'PT400 invalid_parameter q', 'q is a text'),
  ('{"q": "' || repeat('я', 201) || '"}', 'PT400 invalid_parameter q', 'q is at most 200 characters'),
  ('{"city": "' || repeat('я', 129) || '"}', 'PT400 invalid_parameter city', 'city is at most 128 characters'),
  ('{"bbox": [1, 2, 3, 4]}', 'PT400 invalid_parameter bbox', 'bbox is an object'),
  ('{"bbox": {"south": 50, "west": 30, "north": 51}}', 'PT400 invalid_parameter bbox', 'bbox needs all four sides'),
  ('{"bbox": {"south": 51, "west": 30, "north": 50, "east": 31}}', 'PT400 invalid_parameter bbox.north', 'bbox south is not north of north'),
  ('{"bbox": {"south": 50, "west": 30, "north": 91, "east": 31}}', 'PT400 invalid_parameter bbox.north', 'bbox sides are real latitudes'),
  ('{"bbox": {"south": 50, "west": 30, "north": 51, "east": 31, "zoom": 3}}', 'PT400 invalid_parameter bbox.zoom', 'bbox has no other keys'),
  ('{"page_size": 200}', 'PT400 invalid_parameter page_size', 'a list page is at most 50 quests'),
  ('{"bbox": {"south": 50, "west": 30, "north": 51, "east": 31}, "page_size": 200}', 'accepted', 'a map (bbox) takes up to 200 markers'),
  ('{"bbox": {"south": 50, "west": 30, "north": 51, "east": 31}, "page_size": 201}', 'PT400 invalid_parameter page_size', 'but no more'),
  ('{"after": {"sort": "popular", "value": "x", "id": "d0000000-0000-4000-a000-000000000001"}}', 'PT400 invalid_parameter after',
   'a forged cursor is refused'),
  ('{"sort": "newest", "after": {"sort": "newest", "value": "0000-01-01", "id": "d0000000-0000-4000-a000-000000000001"}}',
   'PT400 invalid_parameter after', 'a cursor with an impossible date is refused, not a 22008'),
  ('null', 'accepted', 'null filters are no filters'),
  ('{"q": "   "}', 'accepted', 'a blank text is no text'),
  ('{"view": "tiles"}', 'PT400 invalid_parameter view', 'view is cards or markers'),
  ('{"view": "markers", "bbox": {"south": 50, "west": 30, "north": 51, "east": 31}, "page_size": 200}', 'accepted', 'markers of a map, up to 200')
) t (f, expected, rule);

-- The map: quests whose start lies in the visible rectangle
select is(pg_temp.ids($$pg_temp.search('{"bbox": {"south": 49.999, "west": 29.99, "north": 50.011, "east": 30.01}, "sort": "newest"}')$$),
  array['d0000000-0000-4000-a000-000000000011', 'd0000000-0000-4000-a000-000000000010', 'd0000000-0000-4000-a000-000000000003',
        'd0000000-0000-4000-a000-000000000002', 'd0000000-0000-4000-a000-000000000001']::uuid[],
  'bbox: the published quests starting inside the rectangle (not the draft at 50.001, nor the quests further north)');
select is(pg_temp.ids($$pg_temp.search('{"bbox": {"south": 49.999, "west": 179, "north": 50.011, "east": 30.01}, "city": "Тестоград", "sort": "newest"}')$$),
  array['d0000000-0000-4000-a000-000000000011', 'd0000000-0000-4000-a000-000000000010', 'd0000000-0000-4000-a000-000000000003',
        'd0000000-0000-4000-a000-000000000002', 'd0000000-0000-4000-a000-000000000001']::uuid[],
  'bbox across the antimeridian (west 179 → east 30.01) finds the same quests');
select is(pg_temp.ids($$pg_temp.search('{"bbox": {"south": 49.999, "west": 30.003, "north": 50.011, "east": 30.01}, "city": "Тестоград"}')$$),
  '{}'::uuid[], 'bbox: nothing starts in a rectangle east of every start');

-- The map's markers (view markers): the same quests, order, statuses and cursors as the cards,
-- with the fields a pin needs only, for signed-in callers with a favourite and a grant
select tests.clear_authentication();
create function pg_temp.pins(page json) returns jsonb language sql as $$
  select jsonb_build_object('next_cursor', page::jsonb -> 'next_cursor', 'items', coalesce(jsonb_agg(
    jsonb_build_object('id', i -> 'id', 'title', i -> 'title', 'category_id', i -> 'category_id', 'access', i -> 'access',
      'price_credits', i -> 'price_credits', 'rating_avg', i -> 'rating_avg', 'start_lat', i -> 'start_lat', 'start_lng', i -> 'start_lng',
      'is_favourite', i -> 'is_favourite', 'has_access', i -> 'has_access', 'in_progress', i -> 'in_progress', 'completed', i -> 'completed',
      'cursor', i -> 'cursor') order by n), '[]'))
  from jsonb_array_elements(page::jsonb -> 'items') with ordinality e(i, n);
$$;
grant execute on function pg_temp.pins(json) to authenticated;
select tests.authenticate_as('s_fan');
select is(pg_temp.pins(public.search_quests('{"bbox": {"south": 49.99, "west": 29.99, "north": 50.03, "east": 30.01}, "page_size": 3, "view": "markers"}')),
          pg_temp.pins(public.search_quests('{"bbox": {"south": 49.99, "west": 29.99, "north": 50.03, "east": 30.01}, "page_size": 3}')),
  'markers of a caller with a favourite: the same quests, order, positions, statuses and cursors as the cards');
select tests.authenticate_as('s_buyer');
select is(pg_temp.pins(public.search_quests('{"bbox": {"south": 49.99, "west": 29.99, "north": 50.03, "east": 30.01}, "page_size": 50, "view": "markers"}')),
          pg_temp.pins(public.search_quests('{"bbox": {"south": 49.99, "west": 29.99, "north": 50.03, "east": 30.01}, "page_size": 50}')),
  'markers of a caller with a grant on a locked quest: the same as the cards too');
select ok(exists (select 1 from json_array_elements(public.search_quests('{"bbox": {"south": 49.99, "west": 29.99, "north": 50.03, "east": 30.01}, "page_size": 50, "view": "markers"}') -> 'items') i
                  where i ->> 'id' = 'd0000000-0000-4000-a000-000000000004' and (i ->> 'has_access')::boolean),
  'the locked quest granted to the caller is a marker they may play');
select is(array(select json_object_keys(public.search_quests('{"bbox": {"south": 49.99, "west": 29.99, "north": 50.03, "east": 30.01}, "view": "markers"}') -> 'items' -> 0)),
  array(select a.attname::text from pg_attribute a where a.attrelid = 'public.quest_marker'::regclass and a.attnum > 0 order by a.attnum),
  'a marker has exactly the fields of public.quest_marker');
select is(array(select a.attname::text from pg_attribute a where a.attrelid = 'public.quest_marker'::regclass and a.attnum > 0 order by a.attnum),
  array['id', 'title', 'category_id', 'access', 'price_credits', 'rating_avg', 'start_lat', 'start_lng', 'is_favourite', 'has_access',
        'in_progress', 'completed', 'cursor'],
  'which are these: no summary, no point but the start, no answer');
select is(public.search_quests(jsonb_build_object('bbox', jsonb_build_object('south', 49.99, 'west', 29.99, 'north', 50.03, 'east', 30.01),
            'page_size', 3, 'view', 'markers', 'after',
            public.search_quests('{"bbox": {"south": 49.99, "west": 29.99, "north": 50.03, "east": 30.01}, "page_size": 3, "view": "markers"}') -> 'next_cursor'))::jsonb,
          public.search_quests(jsonb_build_object('bbox', jsonb_build_object('south', 49.99, 'west', 29.99, 'north', 50.03, 'east', 30.01),
            'page_size', 3, 'view', 'markers', 'after',
            public.search_quests('{"bbox": {"south": 49.99, "west": 29.99, "north": 50.03, "east": 30.01}, "page_size": 3}') -> 'next_cursor'))::jsonb,
  'a marker''s cursor continues the map like a card''s');
select tests.clear_authentication();

-- mine: the caller's own favourites, runs in progress, completed quests; the status on each card
select tests.clear_authentication();
insert into public.quest_runs (quest_id, user_id, status, points_total, finished_at) values
  ('d0000000-0000-4000-a000-000000000002', tests.get_user_id('s_fan'), 'in_progress', 1, null),
  ('d0000000-0000-4000-a000-000000000003', tests.get_user_id('s_fan'), 'completed', 1, now());
select tests.authenticate_as('s_fan');
select is(pg_temp.ids($$pg_temp.search('{"mine": "favourites"}')$$), array['d0000000-0000-4000-a000-000000000001']::uuid[],
  'mine favourites: the caller''s favourites only');
select is(pg_temp.ids($$pg_temp.search('{"mine": "in_progress"}')$$), array['d0000000-0000-4000-a000-000000000002']::uuid[],
  'mine in_progress: quests the caller is playing');
select is(pg_temp.ids($$pg_temp.search('{"mine": "completed"}')$$), array['d0000000-0000-4000-a000-000000000003']::uuid[],
  'mine completed: quests the caller completed');
select results_eq($$select id, is_favourite, in_progress, completed from pg_temp.search('{"city": "Тестоград", "sort": "newest", "page_size": 50}')
                    where id in ('d0000000-0000-4000-a000-000000000001', 'd0000000-0000-4000-a000-000000000002', 'd0000000-0000-4000-a000-000000000003')
                    order by id$$,
  $$values ('d0000000-0000-4000-a000-000000000001'::uuid, true, false, false), ('d0000000-0000-4000-a000-000000000002'::uuid, false, true, false),
           ('d0000000-0000-4000-a000-000000000003'::uuid, false, false, true)$$,
  'each card carries the caller''s status: favourite, in progress, completed');
select tests.authenticate_as('s_other');
select is(pg_temp.ids($$pg_temp.search('{"mine": "favourites"}')$$), '{}'::uuid[], 'another user''s favourites are not mine');
select ok((select bool_and(not in_progress and not completed) from pg_temp.search('{"city": "Тестоград", "page_size": 50}')),
  'nor their runs');
select tests.authenticate_as_anon();
select is(pg_temp.ids($$pg_temp.search('{"mine": "favourites"}')$$), '{}'::uuid[], 'a visitor has no quests of their own');

select * from finish();
rollback;
