// HTTP tests of `quest-search`: called as the app calls it (POST, JSON body) with the anon key, the
// publishable key, no token, a user's token, a banned user's token and an invalid JWT; text,
// near-me, filters and the opaque cursor; every 400 with its field. Each test makes its own quests
// in a city of its own, so the seed and other files never interfere.
import { assert, assertEquals } from './assert.ts';
import { closeStack, createUser, db, stack, type TestUser, unique } from '../../../tests/helpers/stack.ts';

const url = `${stack.functionsUrl}/quest-search`;
const search = (body: unknown, token: string | null = stack.anonKey) =>
  fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

type Item = { id: string; title: string; distance_to_start_m: number | null; is_favourite: boolean; has_access: boolean };

async function ok(response: Response): Promise<{ items: Item[]; next_cursor: string | null; sort: string }> {
  const body = await response.json();
  assertEquals(response.status, 200, JSON.stringify(body));
  return body;
}

/** A published quest in `city` whose route starts at (lat, lng). */
async function quest(city: string, title: string, options: { lat?: number; lng?: number; access?: string; status?: string; author?: string } = {}) {
  const [row] = await db`
    insert into public.quests (title, slug, city, status, access, price_credits, published_at, author_id)
    values (${title}, ${unique('q').replaceAll('_', '-')}, ${city}, ${options.status ?? 'published'}, ${options.access ?? 'open'},
            ${options.access === 'locked' ? 50 : 0}, now(), ${options.author ?? null})
    returning id`;
  await db`
    insert into public.quest_points (quest_id, position, title, location)
    values (${row.id}, 1, 'Start', extensions.st_makepoint(${options.lng ?? 10}, ${options.lat ?? 10})::extensions.geography)`;
  return row.id as string;
}

async function expectInvalid(body: unknown, field: string) {
  const response = await search(body);
  const payload = await response.json();
  assertEquals(response.status, 400, `${JSON.stringify(body)} → ${JSON.stringify(payload)}`);
  assertEquals(payload.error.code, 'invalid_body');
  const paths = payload.error.fields.map((f: { path: string }) => f.path);
  assert(paths.includes(field), `${JSON.stringify(body)}: expected field ${field}, got ${JSON.stringify(payload.error.fields)}`);
  assert(payload.error.fields.every((f: { message: string }) => f.message.length > 0), 'every field has a reason');
}

Deno.test('visitors search with the anon key, the publishable key or no token; an invalid JWT is 401', async () => {
  const city = unique('city');
  const id = await quest(city, 'Visitors welcome');
  for (const token of [stack.anonKey, Deno.env.get('PUBLISHABLE_KEY')!, null]) {
    const { items } = await ok(await search({ city }, token));
    assertEquals(items.map((i) => i.id), [id]);
    assertEquals([items[0].is_favourite, items[0].has_access], [false, true]);
  }
  const bad = await search({ city }, 'not.a.jwt');
  assertEquals(bad.status, 401);
  assertEquals((await bad.json()).error.code, 'invalid_token');
  const get = await fetch(url, { headers: { Authorization: `Bearer ${stack.anonKey}` } });
  assertEquals(get.status, 405);
  await get.body?.cancel();
});

Deno.test('a signed-in user sees is_favourite and has_access; a locked quest needs a grant', async () => {
  const city = unique('city');
  const open = await quest(city, 'Open yard');
  const locked = await quest(city, 'Locked yard', { access: 'locked' });
  const user: TestUser = await createUser();
  await db`insert into public.favourites (user_id, quest_id) values (${user.id}, ${open})`;
  const flags = async (token: string | null) =>
    Object.fromEntries((await ok(await search({ city, sort: 'newest' }, token))).items.map((i) => [i.id, [i.is_favourite, i.has_access]]));
  assertEquals((await flags(user.token))[open], [true, true]);
  assertEquals((await flags(user.token))[locked], [false, false]);
  assertEquals((await flags(null))[locked], [false, false]);
  await db`insert into public.quest_access_grants (quest_id, user_id, source) values (${locked}, ${user.id}, 'purchase')`;
  assertEquals((await flags(user.token))[locked], [false, true]);
});

Deno.test('a banned user still searches (reading the catalogue is public); drafts are never returned', async () => {
  const city = unique('city');
  const banned = await createUser();
  await db`insert into public.user_bans (user_id, reason) values (${banned.id}, 'spam')`;
  const published = await quest(city, 'Published one');
  await quest(city, 'My own draft', { status: 'draft', author: banned.id });
  const { items } = await ok(await search({ city }, banned.token));
  assertEquals(items.map((i) => i.id), [published]);
});

Deno.test('text: stemming in both languages, accents ignored, typos when the match is thin', async () => {
  const city = unique('city');
  const church = await quest(city, 'Old churches of the centre');
  const cathedral = await quest(city, 'Соборы и храмы');
  const cafe = await quest(city, 'Café crawl');
  const kremlin = await quest(city, 'Kremlin towers walk');
  const ids = async (q: string) => (await ok(await search({ q, city }))).items.map((i) => i.id);
  assertEquals(await ids('church'), [church]);
  assertEquals(await ids('собор'), [cathedral]);
  assertEquals(await ids('cafe'), [cafe]);
  assertEquals(await ids('Kremlim'), [kremlin]);
});

Deno.test('near me: within the radius, nearest first; the distance is given', async () => {
  const city = unique('city');
  const near = await quest(city, 'Near', { lat: 20.001, lng: 20 });
  const nearer = await quest(city, 'Nearer', { lat: 20.0001, lng: 20 });
  await quest(city, 'Far', { lat: 20.2, lng: 20 });
  const { items, sort } = await ok(await search({ city, lat: 20, lng: 20, radius_m: 5000 }));
  assertEquals(sort, 'distance');
  assertEquals(items.map((i) => i.id), [nearer, near]);
  assert(Math.abs(items[1].distance_to_start_m! - 111.2) < 1, `about 111 m, got ${items[1].distance_to_start_m}`);
});

Deno.test('the opaque cursor pages through every quest once; the last page has no next cursor', async () => {
  const city = unique('city');
  const all = new Set<string>();
  for (let i = 0; i < 7; i++) all.add(await quest(city, `Paged quest ${i}`));
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 5; page++) {
    const body = await ok(await search({ city, sort: 'newest', limit: 3, ...(cursor ? { cursor } : {}) }));
    seen.push(...body.items.map((i) => i.id));
    if (!body.next_cursor) break;
    assert(/^[A-Za-z0-9_-]+$/.test(body.next_cursor), 'the cursor is base64url');
    cursor = body.next_cursor;
  }
  assertEquals(seen.length, 7);
  assertEquals(new Set(seen), all);
});

Deno.test('every bad parameter is a 400 naming the field and the reason', async () => {
  const uuid = crypto.randomUUID();
  const cases: [unknown, string][] = [
    [{ q: '' }, 'q'], [{ q: 'x'.repeat(201) }, 'q'], [{ q: 5 }, 'q'],
    [{ lat: 91, lng: 0 }, 'lat'], [{ lat: 'north', lng: 0 }, 'lat'], [{ lat: 0, lng: -181 }, 'lng'],
    [{ lat: 10 }, 'lng'], [{ lng: 10 }, 'lat'],
    [{ radius_m: 100 }, 'radius_m'], [{ lat: 0, lng: 0, radius_m: 0 }, 'radius_m'],
    [{ lat: 0, lng: 0, radius_m: 100001 }, 'radius_m'], [{ lat: 0, lng: 0, radius_m: 10.5 }, 'radius_m'],
    [{ city: '' }, 'city'], [{ city: 'x'.repeat(129) }, 'city'],
    [{ category_id: 'history' }, 'category_id'], [{ vehicle_id: 42 }, 'vehicle_id'],
    [{ activity_ids: uuid }, 'activity_ids'], [{ activity_ids: ['nope'] }, 'activity_ids.0'],
    [{ activity_ids: Array.from({ length: 21 }, () => crypto.randomUUID()) }, 'activity_ids'],
    [{ difficulty_from: 0 }, 'difficulty_from'], [{ difficulty_to: 6 }, 'difficulty_to'],
    [{ difficulty_from: 4, difficulty_to: 2 }, 'difficulty_to'],
    [{ duration_from: -1 }, 'duration_from'], [{ duration_to: 10081 }, 'duration_to'],
    [{ duration_from: 90, duration_to: 30 }, 'duration_to'],
    [{ price_from: -5 }, 'price_from'], [{ price_to: 1.5 }, 'price_to'], [{ price_from: 100, price_to: 10 }, 'price_to'],
    [{ free_only: 'yes' }, 'free_only'],
    [{ min_rating: 0 }, 'min_rating'], [{ min_rating: 5.5 }, 'min_rating'],
    [{ sort: 'cheapest' }, 'sort'], [{ sort: 'relevance' }, 'sort'], [{ sort: 'distance' }, 'sort'],
    [{ cursor: 'not a cursor!' }, 'cursor'], [{ cursor: 'bm90LWpzb24' }, 'cursor'],
    [{ limit: 0 }, 'limit'], [{ limit: 51 }, 'limit'], [{ limit: 2.5 }, 'limit'],
    [{ page: 2 }, '(body)'], [[1, 2], '(body)'],
  ];
  for (const [body, field] of cases) await expectInvalid(body, field);
});

Deno.test('a cursor from another sort or a forged one is refused on the cursor field; bad JSON is invalid_json', async () => {
  const city = unique('city');
  for (let i = 0; i < 3; i++) await quest(city, `Cursor quest ${i}`);
  const { next_cursor } = await ok(await search({ city, sort: 'newest', limit: 1 }));
  assert(next_cursor !== null);
  await expectInvalid({ city, sort: 'rating', cursor: next_cursor }, 'cursor');
  const forged = btoa(JSON.stringify({ sort: 'newest', id: crypto.randomUUID(), value: 'not a time' }))
    .replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '');
  await expectInvalid({ city, sort: 'newest', cursor: forged }, 'cursor');
  const response = await search('{"q": ');
  assertEquals(response.status, 400);
  assertEquals((await response.json()).error.code, 'invalid_json');
});

Deno.test('close connections', async () => {
  await closeStack();
});
