// Catalogue search at scale: 100,000 quests (95% published, 20% of those locked) and 1,000,000
// route points over 20 cities, generated in SQL from a fixed seed (setseed + generate_series: the
// same data on every run). The shapes of public.search_quests(filters jsonb), called as the app
// calls it (one JSON argument), each run as a signed-in user (RLS, favourites, grants, runs) and as
// service_role (RLS bypassed): p50 / p95, the RLS ratio, and the plan of the query search_quests
// builds (captured with auto_explain on a superuser connection, since it runs inside the
// function) checked for the intended index. Smoke: 2,000 quests, 20 calls per shape.
import postgres from 'postgres';
import { startLoad } from '../lib/load.mjs';
import { asRole, latency } from '../lib/measure.mjs';

export const name = 'quests-search';
export const description = '100,000 quests, 1,000,000 points, 20 cities: text, near me, text + near + filters, rating, 10th page, map area';

const POINTS_PER_QUEST = 10;
const BACKGROUND = 4; // other clients searching while a shape is measured

const cities = [
  ['Москва', 55.7558, 37.6173], ['Санкт-Петербург', 59.9343, 30.3351], ['Казань', 55.7961, 49.1064],
  ['Новосибирск', 55.0084, 82.9357], ['Екатеринбург', 56.8389, 60.6057], ['Нижний Новгород', 56.2965, 43.9361],
  ['Самара', 53.1959, 50.1002], ['Омск', 54.9885, 73.3242], ['Ростов-на-Дону', 47.2357, 39.7015], ['Уфа', 54.7388, 55.9721],
  ['Красноярск', 56.0153, 92.8932], ['Воронеж', 51.6720, 39.1843], ['Пермь', 58.0105, 56.2502], ['Волгоград', 48.7080, 44.5133],
  ['Краснодар', 45.0355, 38.9753], ['Саратов', 51.5331, 46.0342], ['Тюмень', 57.1522, 65.5272], ['Тольятти', 53.5078, 49.4204],
  ['Ижевск', 56.8526, 53.2045], ['Барнаул', 53.3548, 83.7698],
];

// Title and summary words, Russian and English, in order of frequency: word number r is drawn with
// probability ~1/r (Zipf), so generic words ("прогулка", "walk") are everywhere and specific ones
// ("маяк", "lighthouse") are rare, as in a real catalogue. Descriptions and most of the summary
// are filler from a synthetic 8,000-word vocabulary (real descriptions use thousands of words).
const titleWords = `прогулка walk квест tour город city история history тайны secrets центр centre старый old
  легенды legends архитектура architecture парк park набережная embankment площадь square улица street музей museum
  мост bridge двор courtyard дворец palace собор cathedral храм church рынок market река river сад garden
  театр theatre фонтан fountain остров island крепость fortress кремль kremlin башня tower усадьба estate
  монастырь monastery вокзал station озеро lake канал canal пристань pier бульвар boulevard квартал quarter
  купцы merchants загадки riddles призраки ghosts модерн graffiti граффити mosaic мозаика chapel часовня mansion
  особняк library библиотека university университет observatory обсерватория planetarium планетарий zoo зоопарк
  маяк lighthouse слобода belfry колокольня витражи конструктивизм авангард переулок lane ботанический botanical`
  .split(/\s+/).filter(Boolean);
const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'to', 'vi', 'ze', 'po', 'da', 'fi', 'gu', 'ho', 'je', 'bu', 'ce', 'wo', 'xa', 'yu'];
// What people search for: specific words (each matches 0.5–3% of the catalogue), and one generic
// word for the worst case.
const queries = ['собор', 'кремль', 'набережные', 'музеи', 'легенды', 'мосты', 'усадьба', 'граффити', 'купцы', 'маяк',
  'cathedral', 'bridges', 'museums', 'ghosts', 'market', 'lighthouse', 'mosaic', 'palace', 'observatory', 'fortress'];
const commonQuery = 'история';

export async function run({ sql, urls, smoke, check }) {
  const QUESTS = smoke ? 2_000 : 100_000;
  const ITERATIONS = smoke ? { iterations: 20, warmup: 2 } : { iterations: 400, warmup: 40 };
  const PAGES_BEFORE = smoke ? 2 : 9; // pages walked before the one measured
  const started = Date.now();
  await generate(sql, QUESTS);
  console.log(`generated in ${Math.round((Date.now() - started) / 1000)} s`);

  const [viewer] = await sql`select id from auth.users where email = 'viewer@bench.local'`;
  const userClaims = { sub: viewer.id, role: 'authenticated', aud: 'authenticated' };
  const serviceClaims = { role: 'service_role' };
  const [category] = await sql`select id from public.categories where slug = 'c3'`;
  const city = (i) => cities[i % cities.length];
  // A point near a city centre (within ~3 km), the same sequence on every run.
  const near = (i) => {
    const [, lat, lng] = city(i);
    return [lat + (((i * 37) % 100) - 50) * 0.0005, lng + (((i * 53) % 100) - 50) * 0.0008];
  };

  // The cursor of the last page walked of "newest" for each city, before measuring the next one.
  const pageCursors = [];
  for (let c = 0; c < cities.length; c++) {
    let cursor = null;
    for (let page = 1; page <= PAGES_BEFORE; page++) {
      const [page] = await asRole(sql, 'service_role', serviceClaims, (tx) =>
        tx`select public.search_quests(${tx.json({ city: cities[c][0], sort: 'newest', page_size: 20, after: cursor })}) -> 'next_cursor' as next`);
      cursor = page.next;
    }
    pageCursors.push(cursor);
  }

  // Every call is what PostgREST runs for supabase.rpc('search_quests', { filters }).
  const search = (filters) => ['select public.search_quests($1::jsonb)', [filters]];
  const area = (i) => {
    const [lat, lng] = near(i);
    return { south: lat - 0.02, west: lng - 0.035, north: lat + 0.02, east: lng + 0.035 };
  };
  const shapes = [
    // One word, no other filter: read in ranking order from the stored ranks (private.quest_word_ranks).
    { shape: 'text (relevance)', index: 'quest_word_ranks_order_idx', call: (i) => search({ q: queries[i % queries.length] }) },
    { shape: `text, generic word "${commonQuery}" (relevance)`, index: 'quest_word_ranks_order_idx', call: () => search({ q: commonQuery }) },
    {
      shape: 'near me 5 km (distance)', index: 'quests_start_location_idx',
      call: (i) => search({ lat: near(i)[0], lng: near(i)[1], radius_m: 5000 }),
    },
    {
      shape: 'text + near 5 km + filters', index: ['quests_search_document_idx', 'quests_start_location_idx'],
      call: (i) => search({
        q: queries[i % queries.length], lat: near(i)[0], lng: near(i)[1], radius_m: 5000, category_id: category.id,
        difficulty_to: 4, price_to: 100, sort: 'distance',
      }),
    },
    { shape: 'sort by rating', index: 'quests_rating_idx', call: (i) => search({ sort: 'rating', min_rating: i % 2 ? 3.5 : 1 }) },
    {
      shape: `cursor: page ${PAGES_BEFORE + 1} (newest, city)`, index: 'quests_newest_idx',
      call: (i) => search({ city: city(i)[0], sort: 'newest', after: pageCursors[i % cities.length] }),
    },
    // The map as the app asks for it (view markers: the fields a pin needs), and the same 200 quests
    // as full cards, side by side (measured, not part of the other clients' load: the app's map
    // asks for markers).
    {
      shape: 'map: visible area (~4 × 4 km), 200 markers', index: ['quests_start_point_idx', 'quests_popular_idx'],
      call: (i) => search({ bbox: area(i), page_size: 200, view: 'markers' }),
    },
    {
      shape: 'map: the same 200 quests as full cards', index: ['quests_start_point_idx', 'quests_popular_idx'], background: false,
      call: (i) => search({ bbox: area(i), page_size: 200 }),
    },
  ];

  // The naive alternative of the text shapes: what supabase.from('quests').select().textSearch(
  // 'search_document', q, { config: 'russian', type: 'websearch' }).order('favourites_count',
  // { ascending: false }).order('id', { ascending: false }).limit(20) runs through PostgREST, as the
  // same user under RLS. PostgREST cannot order by relevance: the catalogue's default order
  // (popular) stands in for it, so that every match is considered, as a ranked search must.
  const naive = (q) => [`select * from public.quests where search_document @@ websearch_to_tsquery('russian', $1)
                         order by favourites_count desc, id desc limit 20`, [q]];

  const loadShapes = shapes.filter((s) => s.background !== false);
  // Four other clients search all the time (every shape in turn, as signed-in users) while each
  // shape is measured: the target is under that load, not on an idle database.
  const load = startLoad({
    url: urls.db, role: 'authenticated', claims: userClaims, clients: BACKGROUND,
    statements: Array.from({ length: 20 * loadShapes.length }, (_, i) => loadShapes[i % loadShapes.length].call(i)),
  });

  const notices = [];
  const admin = postgres(urls.admin, { max: 1, onnotice: (notice) => notices.push(notice.message) });
  const rows = [];
  const capacity = [];
  try {
    for (const { shape, index, call } of shapes) {
      const exec = (role, claims) => (i) => asRole(sql, role, claims, (tx) => tx.unsafe(...call(i)));
      const callsBefore = load.calls();
      const started = process.hrtime.bigint();
      const user = await latency(exec('authenticated', userClaims), ITERATIONS);
      const service = await latency(exec('service_role', serviceClaims), ITERATIONS);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const alongside = Math.round((load.calls() - callsBefore) / seconds);
      const text = shape.startsWith('text') && !shape.includes('near');
      const plain = text ? await latency((i) => asRole(sql, 'authenticated', userClaims, (tx) => tx.unsafe(...naive(call(i)[1][0].q))), ITERATIONS) : null;
      const used = await nestedIndexes(admin, notices, userClaims, call(7));
      const wanted = [index].flat();
      check(`${shape}: plan uses ${wanted.join(' or ')}`, wanted.some((w) => used.includes(w)), used.join(', '), 'plan');
      rows.push({
        shape,
        'user p50 ms': user.p50,
        'user p95 ms': user.p95,
        'service p50 ms': service.p50,
        'service p95 ms': service.p95,
        'RLS ratio p50': round(user.p50 / service.p50),
        'RLS ratio p95': round(user.p95 / service.p95),
        'p95 < 20 ms': user.p95 < 20 && service.p95 < 20 ? 'yes' : 'NO',
        'other searches/s alongside': alongside,
        'naive textSearch p50 / p95 ms (ours × faster at p95)': plain ? `${plain.p50} / ${plain.p95} (${round(plain.p95 / user.p95)}×)` : '',
        'matching quests': await matching(sql, shape, call),
        index: wanted.some((w) => used.includes(w)) ? `${wanted.find((w) => used.includes(w))} ✓`
          : `MISSING ${wanted.join(' or ')} (used: ${used.join(', ') || 'none'})`,
      });
      capacity.push({ operation: `quest search: ${shape}`, clients: 1 + BACKGROUND, perSecond: Math.round(alongside + (2 * ITERATIONS.iterations) / seconds) });
    }
  } finally {
    await Promise.all([load.stop(), admin.end()]);
  }
  return { rows, capacity };
}

const round = (x) => Math.round(x * 100) / 100;

/** How many published quests a text shape has to rank (average over its queries): the work it does. */
async function matching(sql, shape, call) {
  if (!shape.startsWith('text')) return '';
  const words = [...new Set(Array.from({ length: 40 }, (_, i) => call(i)[1][0].q))];
  const [{ n }] = await sql`
    select round(avg((select count(*) from public.quests q
                      where q.status = 'published' and q.search_document @@ private.quest_search_query(w))))::int as n
    from unnest(${words}::text[]) w`;
  return shape.includes('near') ? `${n} (before the 5 km radius)` : n;
}

/** Index names in the plans of the statements search_quests runs inside (auto_explain, as a notice). */
async function nestedIndexes(admin, notices, claims, [text, params]) {
  notices.length = 0;
  await admin.begin(async (tx) => {
    await tx.unsafe(`load 'auto_explain'`);
    await tx.unsafe(`set local auto_explain.log_min_duration = 0; set local auto_explain.log_nested_statements = on;
                     set local auto_explain.log_format = json; set local auto_explain.log_level = notice`);
    await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
    await tx.unsafe(text, params);
  });
  return [...new Set([...notices.join('\n').matchAll(/"Index Name": "([^"]+)"/g)].map((m) => m[1]))];
}

export async function generate(sql, QUESTS) {
  const words = (list) => `array[${list.map((w) => `'${w}'`).join(',')}]`;
  await sql.unsafe(`
    insert into auth.users (instance_id, id, aud, role, email, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated', 'viewer@bench.local',
            '{}', '{"username": "bench_viewer"}', now(), now()),
           ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated', 'author@bench.local',
            '{}', '{"username": "bench_author"}', now(), now())`);
  await sql.unsafe(`
    insert into public.categories (slug, name_ru, name_en, sort_order) select 'c' || i, 'Категория ' || i, 'Category ' || i, i from generate_series(1, 10) i;
    insert into public.vehicles (slug, name_ru, name_en, sort_order) select 'v' || i, 'Транспорт ' || i, 'Vehicle ' || i, i from generate_series(1, 6) i;
    insert into public.activities (slug, name_ru, name_en, sort_order) select 'a' || i, 'Занятие ' || i, 'Activity ' || i, i from generate_series(1, 12) i;`);

  // Quests: everything drawn from one seeded random stream, in one statement (deterministic).
  // Triggers that keep derived columns are bypassed for the bulk load; the columns are filled
  // directly with what the triggers would have computed.
  await sql.begin(async (tx) => {
    await tx.unsafe(`select setseed(0.42)`);
    await tx.unsafe(`
      create temporary table bench_words as select ${words(titleWords)} as title_words, ${words(syllables)} as syllables;
      create temporary table bench_cities (n int, name text, lat float8, lng float8);
      insert into bench_cities values ${cities.map(([n, lat, lng], i) => `(${i}, '${n}', ${lat}, ${lng})`).join(',')};
      create temporary table bench_quests on commit drop as
      select i, random() as r_status, random() as r_access, random() as r_rating, random() as r_fav, random() as r_pub,
             1 + floor(random() * 5)::int as difficulty, 30 + (random() * 300)::int as duration, 1 + floor(random() * 10)::int as category,
             1 + floor(random() * 6)::int as vehicle, (i % 20) as city,
             random() * 2 * pi() as angle, sqrt(random()) * 0.12 as dist,
             (select string_agg(w.title_words[floor(exp(random() * ln(array_length(w.title_words, 1) + 1)))::int + 0 * g], ' ')
              from generate_series(1, 3 + (i % 2)) g where g > -i) as title,
             (select string_agg(case when g <= 2 then w.title_words[floor(exp(random() * ln(array_length(w.title_words, 1) + 1)))::int]
                                     else w.syllables[1 + floor(random() * 20)::int] || w.syllables[1 + floor(random() * 20)::int] end, ' ')
              from generate_series(1, 8) g where g > -i) as summary,
             (select string_agg(w.syllables[1 + floor(random() * 20)::int + 0 * g] || w.syllables[1 + floor(random() * 20)::int]
                                || w.syllables[1 + floor(random() * 20)::int], ' ') from generate_series(1, 40) g where g > -i) as description
      from generate_series(1, ${QUESTS}) i, bench_words w;`);
    await tx.unsafe(`
      insert into public.quests (id, author_id, title, slug, summary, description, city, category_id, vehicle_id, difficulty, duration_min,
        distance_m, price_credits, access, status, published_at, start_location, rating_avg, rating_count, favourites_count, activity_ids, created_at)
      select ('00000000-0000-4000-d000-' || lpad(to_hex(q.i), 12, '0'))::uuid,
             (select id from auth.users where email = 'author@bench.local'),
             left(initcap(q.title), 128), 'bench-' || q.i, q.summary, q.description, c.name,
             (select id from public.categories where slug = 'c' || q.category), (select id from public.vehicles where slug = 'v' || q.vehicle),
             q.difficulty, q.duration, 1000 + q.duration * 40,
             case when q.r_access < 0.2 then (q.r_access * 1000)::int else 0 end,
             (case when q.r_access < 0.2 then 'locked' else 'open' end)::public.quest_access,
             (case when q.r_status < 0.95 then 'published' when q.r_status < 0.98 then 'draft' else 'archived' end)::public.quest_status,
             case when q.r_status < 0.95 or q.r_status >= 0.98 then now() - q.r_pub * interval '730 days' end,
             extensions.st_makepoint(c.lng + q.dist * 1.7 * cos(q.angle), c.lat + q.dist * sin(q.angle))::extensions.geography,
             case when q.r_rating < 0.3 then 0 else round((1 + 4 * sqrt(q.r_rating))::numeric, 2) end,
             case when q.r_rating < 0.3 then 0 else (q.r_rating * 200)::int end,
             (power(q.r_fav, 4) * 2000)::int,
             '{}', now() - interval '800 days'
      from bench_quests q join bench_cities c on c.n = q.city`);
  });
  await sql.unsafe(`
    alter table public.quest_activities disable trigger sync_quest_activity_ids;
    insert into public.quest_activities (quest_id, activity_id)
    select q.id, a.id from public.quests q join public.activities a on a.slug = 'a' || (1 + (abs(hashtext(q.id::text)) % 12))
      or a.slug = 'a' || (1 + (abs(hashtext(q.slug)) % 12));
    alter table public.quest_activities enable trigger sync_quest_activity_ids;
    update public.quests q set activity_ids = a.ids
    from (select quest_id, array_agg(activity_id order by activity_id) as ids from public.quest_activities group by quest_id) a
    where a.quest_id = q.id;`);
  // Route points: point 1 at the start, the others a walk away (the start location is already set;
  // positions are unique by construction, so their commit-time check is bypassed too).
  await sql.unsafe(`
    alter table public.quest_points disable trigger sync_quest_start_location;
    alter table public.quest_points disable trigger "Check_point_positions";
    insert into public.quest_points (quest_id, position, title, location, task_type)
    select q.id, p, 'Point ' || p,
           case when p = 1 then q.start_location
                else extensions.st_makepoint(extensions.st_x(q.start_location::extensions.geometry) + p * 0.002 * cos(p + length(q.slug)),
                                             extensions.st_y(q.start_location::extensions.geometry) + p * 0.0012 * sin(p + length(q.slug)))::extensions.geography end,
           (case when p % 3 = 0 then 'answer' else 'gps' end)::public.point_task_type
    from public.quests q, generate_series(1, ${POINTS_PER_QUEST}) p;
    alter table public.quest_points enable trigger sync_quest_start_location;
    alter table public.quest_points enable trigger "Check_point_positions";`);
  // The viewer's favourites, grants and runs (what the status of each card looks up).
  await sql.unsafe(`
    insert into public.favourites (user_id, quest_id)
    select u.id, q.id from auth.users u, public.quests q where u.email = 'viewer@bench.local' and q.status = 'published' and q.slug like 'bench-%13';
    insert into public.quest_access_grants (quest_id, user_id, source)
    select q.id, u.id, 'purchase' from auth.users u, public.quests q
    where u.email = 'viewer@bench.local' and q.access = 'locked' and q.status = 'published' and q.slug like 'bench-%17';
    insert into public.quest_runs (quest_id, user_id, status, points_total, finished_at)
    select q.id, u.id, 'completed', ${POINTS_PER_QUEST}, now() from auth.users u, public.quests q
    where u.email = 'viewer@bench.local' and q.status = 'published' and q.slug like 'bench-%19';`);
  await sql`vacuum analyze`;
}
