// The app, screen by screen, as issue 12's "Prove it" asks: four people sign up (Auth's insert into
// auth.users, a token minted through the custom access token hook), then a player, an author, a
// moderator and an admin use every screen (home, search and map, quest detail, play, results,
// profile, another user's profile, friends, chats list, chat, notifications, wallet and history,
// shop and orders, settings, the staff queues), and the player deletes their account.
//
// Every step runs a call the guides document, read out of docs/*.md by tests/helpers/doc-calls.ts:
// `step(guide, anchor, who, scope)` finds the snippet that starts with `anchor` in the guide,
// evaluates its arguments (the snippet's variables — `run['id']`, `page['next_cursor']` — come from
// `scope`; a few example literals of the guides, such as the slug 'bulgakov-moscow', are replaced by
// the journey's own through `examples`) and runs it as PostgREST runs it: one transaction with the
// role and request.jwt.claims of the caller's hook-minted token (tests/helpers/postgrest.ts).
// Edge functions are called over HTTP. When a guide changes a snippet, the step runs the changed
// call; a variable the journey has no value for fails with its name (docs/conventions.md, Tests).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { type Call, documentedCall, evaluate, type Value } from './helpers/doc-calls.ts';
import { type Caller, rpc, type RpcResult, table } from './helpers/postgrest.ts';
import { clientWith, closeStack, db, signIn, stack, unique } from './helpers/stack.ts';

// Supabase Auth writes users as supabase_auth_admin.
const auth = postgres(process.env.AUTH_DB_URL!, { max: 1, onnotice: () => {} });
afterAll(async () => {
  await auth.end();
  await closeStack();
});

type Person = { id: string; username: string; token: string; caller: Caller; email: string };
type Answer = RpcResult<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const anon: Caller = { anon: true };

/** Signs a person up as Supabase Auth does (a confirmed e-mail user with sign-up metadata) and signs them in. */
async function signUp(username: string, displayName: string): Promise<Person> {
  const email = `${username}@journey.test`;
  // Auth hashes the password itself (bcrypt); the hash is made here with pgcrypto.
  const [{ hash }] = await db`select extensions.crypt('correct-horse-7', extensions.gen_salt('bf', 4)) as hash`;
  const [user] = await auth`
    insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
      confirmation_token, recovery_token, email_change_token_new, email_change, raw_app_meta_data, raw_user_meta_data,
      created_at, updated_at)
    values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated', ${email},
      ${hash}, now(), '', '', '', '',
      '{"provider": "email", "providers": ["email"]}',
      ${auth.json({ username, display_name: displayName, locale: 'ru' })}, now(), now())
    returning id`;
  await auth`insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
    values (${user.id}, ${user.id}, ${auth.json({ sub: user.id, email, email_verified: true })}, 'email', now(), now(), now())`;
  const token = await signIn(user.id);
  return { id: user.id, username, token, caller: { claims: claimsOf(token) }, email };
}

/** The claims PostgREST puts in request.jwt.claims: the token's payload. */
function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

/** Replaces example literals of a snippet by the journey's values (the parameter names stay the doc's). */
function withExamples(v: Value, examples: Record<string, unknown>): Value {
  if (v.kind === 'literal' && typeof v.value === 'string' && v.value in examples) return { kind: 'expr', text: `example:${v.value}` };
  if (v.kind === 'map') return { ...v, entries: v.entries.map((e) => ({ key: e.key, value: withExamples(e.value, examples) })) };
  if (v.kind === 'list') return { ...v, items: v.items.map((i) => withExamples(i, examples)) };
  return v;
}

type Options = { occurrence?: number; examples?: Record<string, unknown>; bindings?: Record<string, unknown> };

/** Runs the documented call of `guide` that starts with `anchor`, as `who`. */
async function step(guide: string, anchor: string, who: Person | 'anon', scope: Record<string, unknown> = {}, options: Options = {}): Promise<Answer> {
  const call: Call = documentedCall(guide, anchor, options.occurrence);
  const examples = options.examples ?? {};
  const bindings = { ...options.bindings, ...Object.fromEntries(Object.entries(examples).map(([k, v]) => [`example:${k}`, v])) };
  const value = (v: Value) => evaluate(withExamples(v, examples), scope, bindings);
  const caller = who === 'anon' ? anon : who.caller;
  if (call.kind === 'rpc') {
    const result = await rpc(db, caller, call.name, call.args ? (value(call.args) as Record<string, unknown>) : {});
    if (call.chain.some((m) => m.name === 'single') && Array.isArray(result.data)) result.data = result.data[0] ?? null;
    return result;
  }
  if (call.kind === 'table') {
    return await table(db, caller, call.name, call.chain.map((m) => ({
      name: m.name, args: m.args.map(value), named: Object.fromEntries(Object.entries(m.named).map(([k, v]) => [k, value(v)])),
    })));
  }
  const response = await fetch(`${stack.functionsUrl}/${call.name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${who === 'anon' ? stack.anonKey : who.token}`, apikey: stack.anonKey, 'Content-Type': 'application/json' },
    body: call.args ? JSON.stringify(value(call.args)) : undefined,
  });
  const body = await response.json();
  return response.ok ? { data: body, error: null } : { data: null, error: { status: response.status, code: body.error?.code, message: body.error?.code, params: body.error?.params ?? {} } };
}

/** The data of a successful step (a refusal fails the test with its code). */
function ok(answer: Answer): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(answer.error, JSON.stringify(answer.error)).toBeNull();
  return answer.data;
}
/** The refusal code of a step that must fail. */
const refusal = (answer: Answer) => answer.error?.message;

const cursorShape = { list: expect.any(String), key: expect.any(String), id: expect.any(String) };
/** A page of the list convention (search cards carry the search's own cursor: sort, value, id). */
function page(data: any, itemShape: Record<string, unknown> = {}, cursor: unknown = cursorShape) { // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(Object.keys(data)).toEqual(expect.arrayContaining(['items', 'next_cursor']));
  for (const item of data.items) expect(item).toMatchObject({ ...itemShape, cursor });
  if (data.next_cursor !== null) expect(data.next_cursor).toEqual(data.items.at(-1).cursor);
  return data.items as any[]; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('the journey: sign-up to account deletion, every screen through its documented calls', () => {
  const tag = unique('j').slice(2, 12);
  let player: Person, author: Person, moderator: Person, admin: Person;
  const ref: Record<string, string> = {};
  const here = { lat: 55.7570, lng: 37.6325 }; // near the journey quest's first point
  let questId: string, slug: string, pointId: string, runId: string, chatId: string;

  beforeAll(async () => {
    // Reference data and the quests other steps need, as staff set them up in Studio (postgres).
    for (const list of ['categories', 'vehicles', 'activities', 'tools']) {
      const [row] = await db`insert into ${db('public.' + list)} (slug, name_ru, name_en) values (${`${tag}-${list}`}, 'Журни', 'Journey') returning id`;
      ref[list] = row.id;
    }
  });

  it('sign-up: the username check (visitors), the profile and wallet created with the auth user, the hook-minted token', async () => {
    expect(typeof ok(await step('auth-and-profiles.md', "rpc('username_available', params: {'username'", 'anon'))).toBe('boolean');
    const free = ok(await step('auth-and-profiles.md', "rpc('username_available', params: {'username'", 'anon', {}, { examples: { alice: `p_${tag}` } }));
    expect(free).toBe(true);
    [player, author, moderator, admin] = await Promise.all([
      signUp(`p_${tag}`, 'Pia'), signUp(`a_${tag}`, 'Ari'), signUp(`m_${tag}`, 'Mo'), signUp(`d_${tag}`, 'Ada'),
    ]);
    expect(claimsOf(player.token)).toMatchObject({ role: 'authenticated', sub: player.id, user_role: 'user' });
    // The first admin is made by the project owner (docs/admin-studio.md); everything after that is the app.
    await db`insert into public.user_roles (user_id, role) values (${admin.id}, 'admin')`;
    admin = { ...admin, token: await signIn(admin.id) };
    admin.caller = { claims: claimsOf(admin.token) };
    expect(ok(await step('auth-and-profiles.md', "rpc('grant_role', params: {'target_user'", admin, { id: moderator.id })))
      .toBeNull();
    moderator = { ...moderator, token: await signIn(moderator.id) };
    moderator.caller = { claims: claimsOf(moderator.token) };
    expect(claimsOf(moderator.token).user_role).toBe('moderator');
    const me = ok(await step('auth-and-profiles.md', "from('my_profile').select().single()", player));
    expect(me).toMatchObject({ id: player.id, username: `p_${tag}`, display_name: 'Pia', locale: 'ru', roles: [], balance: 0, banned: false });
    expect(ok(await step('auth-and-profiles.md', "from('my_roles').select()", moderator)).map((r: { role: string }) => r.role)).toEqual(['moderator']);
  });

  it('settings: read my profile, save it; the language follows into Auth', async () => {
    const scope = { supabase: { auth: { currentUser: { id: player.id } } } };
    ok(await step('auth-and-profiles.md', "from('profiles')\n    .update(", player, scope));
    const settings = ok(await step('auth-and-profiles.md', "from('my_profile').select('username,", player));
    expect(settings).toEqual({ username: `p_${tag}`, display_name: 'Alice', avatar_path: null, bio: 'Quest addict', city: 'Kazan', locale: 'en' });
    const [{ locale }] = await db`select raw_user_meta_data ->> 'locale' as locale from auth.users where id = ${player.id}`;
    expect(locale).toBe('en');
  });

  it('an author writes a quest, a moderator publishes it from the review queue', async () => {
    slug = `${tag}-kitay-gorod`;
    const scope: Record<string, unknown> = { catId: ref.categories, footId: ref.vehicles, riddlesId: ref.activities, shoesId: ref.tools };
    const quest = ok(await step('quests.md', "from('quests').insert({\n  'title'", author, scope, { examples: { 'kitay-gorod-secrets': slug } }));
    questId = quest.id;
    scope.id = questId;
    ok(await step('quests.md', "from('quest_activities').insert(", author, scope));
    ok(await step('quests.md', "from('quest_tools').insert(", author, scope));
    const point = ok(await step('quests.md', "from('quest_points').insert({", author, scope));
    pointId = point.id;
    scope.point = point;
    ok(await step('quests.md', "rpc('set_point_secret'", author, scope));
    ok(await step('quests.md', "rpc('set_point_hint', params: {'point_id': point['id']", author, scope));
    // The cover: uploaded through the Storage API as the author, then named on the quest.
    const cover = `${questId}/${crypto.randomUUID()}.webp`;
    const upload = await clientWith(author.token).storage.from('quest-covers').upload(cover, new Uint8Array([0x52, 0x49, 0x46, 0x46]), { contentType: 'image/webp' });
    expect(upload.error).toBeNull();
    ok(await step('quests.md', "from('quests').update({'cover_path': cover})", author, { ...scope, cover }));
    ok(await step('quests.md', "rpc('submit_quest'", author, scope));
    const mine = ok(await step('quests.md', "from('quests')\n    .select('id, slug, title, status", author, { supabase: { auth: { currentUser: { id: author.id } } } }));
    expect(mine[0]).toMatchObject({ id: questId, status: 'in_review', cover_path: cover });

    // The moderator's queue: one call, authors by their public fields, never one's own quests.
    const queue = ok(await step('quests.md', "rpc('quest_review_queue', params: {'page_size': 20})", moderator));
    const queued = page(queue, { author: expect.anything() }).find((q) => q.id === questId);
    expect(queued).toMatchObject({ point_count: 1, reward_credits: 30, author: { id: author.id, username: author.username } });
    expect(refusal(await step('quests.md', "rpc('quest_review_queue', params: {'page_size': 20})", player))).toBe('forbidden');
    const detail = ok(await step('quests.md', "rpc('quest_detail', params: {'quest_id': (queue['items']", moderator,
      { queue: { items: [queued] } }));
    expect(detail.route.points).toHaveLength(1);
    expect(refusal(await step('quests.md', "rpc('publish_quest'", author, { id: questId }))).toBe('forbidden');
    expect(ok(await step('quests.md', "rpc('publish_quest'", moderator, { id: questId }))).toMatchObject({ status: 'published' });
  });

  it('home, search and map: cards and markers with the caller\'s status and cursors', async () => {
    const home = ok(await step('quests.md', "rpc('quest_home', params: {'filters'", player, { lat: here.lat, lng: here.lng }));
    expect(Object.keys(home).sort()).toEqual(['favourites', 'in_progress', 'nearby', 'newest', 'popular', 'top_rated']);
    expect(home.nearby.map((c: { id: string }) => c.id)).toContain(questId);
    const first = await step('quests.md', "rpc('search_quests', params: {'filters': {\n  'q'", player, { riddlesId: ref.activities });
    const searchCursor = { sort: expect.any(String), id: expect.any(String) };
    const cards = page(ok(first), {}, searchCursor);
    expect(cards.every((c) => c.start_lat !== undefined && 'is_favourite' in c)).toBe(true);
    ok(await step('quests.md', "rpc('search_quests', params: {'filters': {\n  'q'", player, { riddlesId: ref.activities, page1: first.data }, { occurrence: 2 }));
    const b = { south: 55.75, west: 37.62, north: 55.76, east: 37.64 };
    const markers = page(ok(await step('quests.md', "rpc('search_quests', params: {'filters': {\n  'bbox'", 'anon', { b, categoryId: ref.categories })), {}, searchCursor);
    expect(markers.map((m) => m.id)).toEqual([questId]);
    expect(markers[0]).toMatchObject({ has_access: true, is_favourite: false, start_lat: 55.7566, start_lng: 37.633 });
    expect(Object.keys(markers[0]).sort()).toEqual(['access', 'category_id', 'completed', 'cursor', 'has_access', 'id', 'in_progress',
      'is_favourite', 'price_credits', 'rating_avg', 'start_lat', 'start_lng', 'title']); // a marker, not a card
    const cities = ok(await step('quests.md', "from('quest_cities').select()", 'anon'));
    expect(cities.find((c: { city: string }) => c.city === 'Москва')).toMatchObject({ quest_count: expect.any(Number) });
  });

  it('quest detail, favourites and reviews', async () => {
    const detail = ok(await step('quests.md', "rpc('quest_detail', params: {'slug'", 'anon', {}, { examples: { 'bulgakov-moscow': slug } }));
    expect(detail).toMatchObject({
      quest: { id: questId, lat: 55.7566, lng: 37.633, category: { id: ref.categories }, stage_order: 'linear' },
      author: { id: author.id, username: author.username, display_name: 'Ari', avatar_path: null },
      my_status: { has_access: true, can_review: false }, reviews: [],
      // A linear route is learned by checking in: the number of points and the start, no point ahead.
      route: { point_count: 1, points: [] }, teaser: { point_count: 1, first_point_title: 'Ворота' },
    });
    ok(await step('quests.md', "from('favourites').insert(", player, { questId }));
    expect(refusal(await step('quests.md', "from('favourites').insert(", player, { questId }))).toBe('already_favourite');
    const favourites = ok(await step('quests.md', "from('favourites')\n    .select(", player));
    expect(favourites[0]).toMatchObject({ quest_id: questId, quest: { id: questId, slug, lat: 55.7566, lng: 37.633 } });
    ok(await step('quests.md', "from('reviews').insert(", player, { questId }));
    const withReview = ok(await step('quests.md', "rpc('quest_detail', params: {'slug'", player, {}, { examples: { 'bulgakov-moscow': slug } }));
    expect(withReview.reviews[0]).toMatchObject({ rating: 5, author: { id: player.id }, cursor: cursorShape });
    const more = ok(await step('quests.md', "rpc('quest_reviews', params: {\n  'quest_id'", 'anon', { id: questId, d: withReview }));
    expect(more).toEqual({ items: [], next_cursor: null });
    expect(refusal(await step('quests.md', "rpc('quest_reviews', params: {\n  'quest_id'", 'anon',
      { id: questId, d: { reviews: [{ cursor: { list: 'my_runs', key: 'x', id: 'y' } }] } }))).toBe('invalid_cursor');
  });

  it('play and results: start, the play screen, a hint, check-ins judged by the server, the result and the leaderboards', async () => {
    const run = ok(await step('play-and-credits.md', "rpc('start_run'", player, { questId }));
    expect(run).toMatchObject({ quest_id: questId, status: 'in_progress', practice: false, next_position: 1, points_total: 1 });
    runId = run.id;
    const screen = ok(await step('play-and-credits.md', "rpc('play_state'", player, { run }));
    expect(screen.point).toMatchObject({ id: pointId, task_type: 'answer', has_hint: true, hint_cost: 10, hint_taken: false });
    expect(screen.point).not.toHaveProperty('hint');
    const far = ok(await step('play-and-credits.md', "rpc('check_in', params: {\n  'run_id'", player,
      { run, position: { latitude: 55.7566 + 0.0008, longitude: 37.6330, accuracy: 5 }, answerText: 'Царь-колокол', scannedCode: null, pointId }));
    // 89 m away: too far for the point (30 m + accuracy), yet a plausible walk from nowhere.
    expect(far).toMatchObject({ accepted: false, refusal: 'too_far', finished: false });
    const hint = ok(await step('play-and-credits.md', "rpc('take_hint'", player, { run }));
    expect(hint).toMatchObject({ point_id: pointId, hint: '…', cost: 10, score: 0 });
    const done = ok(await step('play-and-credits.md', "rpc('check_in', params: {\n  'run_id'", player,
      { run, position: { latitude: 55.7566, longitude: 37.6330, accuracy: 5 }, answerText: ' царь-колокол ', scannedCode: null, pointId: null }));
    // The hint cost its 10 points when the score was 0 (a score never goes below 0), so the point brings 100.
    expect(done).toMatchObject({ accepted: true, finished: true, score: 100, reward_credits: 30, practice: false });
    const result = ok(await step('play-and-credits.md', "rpc('run_result'", player, { runId }));
    expect(result).toMatchObject({ run: { status: 'completed', score: 100, reward_credits: 30 }, best: { score: 100, rank: 1 }, quest_players: 1 });
    const attempts = ok(await step('play-and-credits.md', "from('run_checkins').select()", player, { runId }));
    expect(attempts.map((a: { refusal: string | null }) => a.refusal)).toEqual(['too_far', null]);
    const runs = ok(await step('play-and-credits.md', "rpc('my_runs', params: {'page_size': 20})", player));
    expect(page(runs)[0]).toMatchObject({ id: runId, quest_title: 'Тайны Китай-города', status: 'completed' });
    page(ok(await step('play-and-credits.md', "rpc('my_runs', params: {'status_filter'", player)));
    page(ok(await step('play-and-credits.md', "rpc('my_runs', params: {'after'", player, { runs })));
    const board = ok(await step('play-and-credits.md', "rpc('quest_ranking', params: {'quest_id': questId, 'page_size'", player, { questId }));
    expect(board).toMatchObject({ quest_id: questId, players: 1, me: { rank: 1, best_score: 100 }, next_cursor: null });
    expect(page(board)[0]).toMatchObject({ rank: 1, player: { id: player.id, username: player.username }, best_score: 100 });
    ok(await step('play-and-credits.md', "rpc('quest_ranking', params: {'quest_id': questId, 'after'", player, { questId, board }));
    const city = ok(await step('play-and-credits.md', "rpc('city_ranking'", player, {}, { examples: { 'Казань': 'Москва' } }));
    expect(city.me).toMatchObject({ total_score: 100, quests_completed: 1 });
    page(city, { player: expect.anything() });
    const profile = ok(await step('auth-and-profiles.md', "from('my_profile').select().single()", player));
    expect(profile).toMatchObject({ balance: 30, runs_completed: 1, quests_completed: 1, total_score: 100, best_city: 'Москва' });
    // The route the player walked is now theirs to read; the hint never is.
    const walked = ok(await step('quests.md', "rpc('quest_detail', params: {'slug'", player, {}, { examples: { 'bulgakov-moscow': slug } }));
    expect(walked.route).toEqual({ point_count: 1, points: [expect.objectContaining({ id: pointId, title: 'Ворота' })] });
    expect(walked.route.points[0]).not.toHaveProperty('hint');
  });

  it('locked quests: buying with credits, unlock requests and the staff queue', async () => {
    const [forSale] = await db`insert into public.quests (author_id, title, slug, city, status, access, price_credits, published_at)
      values (${author.id}, 'Закрытый двор', ${`${tag}-for-sale`}, 'Москва', 'published', 'locked', 50, now()) returning id`;
    const [byRequest] = await db`insert into public.quests (author_id, title, slug, city, status, access, price_credits, published_at)
      values (${author.id}, 'Тайная комната', ${`${tag}-by-request`}, 'Москва', 'published', 'locked', 0, now()) returning id`;
    await db`insert into public.quest_points (quest_id, position, title, lat, lng) values (${forSale.id}, 1, 'Дверь', 55.75, 37.62), (${byRequest.id}, 1, 'Дверь', 55.75, 37.62)`;
    expect(ok(await step('quests.md', "rpc('quest_detail', params: {'slug'", player, {}, { examples: { 'bulgakov-moscow': `${tag}-for-sale` } })))
      .toMatchObject({ route: null, teaser: { point_count: 1, first_point_title: 'Дверь' }, my_status: { has_access: false } });
    // Too few credits: the code and the numbers the app shows (docs/errors.md).
    const broke = await step('unlock-requests.md', "rpc('buy_quest_access', params: {'quest_id': questId})", player, { questId: forSale.id });
    expect(broke.error).toMatchObject({ status: 402, message: 'insufficient_credits', params: { shortfall: 20, balance: 30, amount: 50 } });
    expect(ok(await step('play-and-credits.md', "rpc('grant_credits', params: {", admin, { userId: player.id }))).toBe(80);
    const bought = ok(await step('unlock-requests.md', "rpc('buy_quest_access', params: {'quest_id': questId})", player, { questId: forSale.id }));
    expect(bought).toMatchObject({ quest_id: forSale.id, source: 'purchase', paid_credits: 50 });
    expect(refusal(await step('unlock-requests.md', "rpc('buy_quest_access', params: {'quest_id': questId})", player, { questId: forSale.id })))
      .toBe('already_has_access');
    const poor = await step('unlock-requests.md', "rpc('buy_quest_access', params: {'quest_id': questId})", author, { questId: forSale.id });
    expect(refusal(poor)).toBe('own_quest');

    const request = ok(await step('unlock-requests.md', "rpc('request_unlock',", player, { questId: byRequest.id }));
    expect(request).toMatchObject({ quest_id: byRequest.id, status: 'pending' });
    const mine = ok(await step('unlock-requests.md', "rpc('my_unlock_requests', params: {'page_size'", player));
    expect(page(mine)[0]).toMatchObject({ id: request.id, quest_title: 'Тайная комната', status: 'pending' });
    page(ok(await step('unlock-requests.md', "rpc('my_unlock_requests', params: {'after'", player, { mine })));
    const queue = ok(await step('unlock-requests.md', "rpc('unlock_queue', params: {'page_size': 20})", moderator));
    expect(page(queue).find((r) => r.id === request.id)).toMatchObject({ requester: { id: player.id }, requester_can_afford: true });
    page(ok(await step('unlock-requests.md', "rpc('unlock_queue', params: {'after'", moderator, { queue })));
    expect(refusal(await step('unlock-requests.md', "rpc('unlock_queue', params: {'page_size': 20})", player))).toBe('forbidden');
    ok(await step('unlock-requests.md', "rpc('decide_unlock_request', params: {'request_id': id, 'approve': true})", moderator, { id: request.id }));
    const access = ok(await step('unlock-requests.md', "rpc('my_access_grants')", player));
    expect(page(access).map((g) => g.source).sort()).toEqual(['purchase', 'unlock_request']);
  });

  it('flagged runs: implausible travel flags a run, a moderator reviews it from the queue', async () => {
    const [far] = await db`insert into public.quests (author_id, title, slug, city, status, access, published_at)
      values (${author.id}, 'Два города', ${`${tag}-two-cities`}, 'Москва', 'published', 'open', now()) returning id`;
    await db`insert into public.quest_points (quest_id, position, title, lat, lng) values (${far.id}, 1, 'Москва', 55.75, 37.62), (${far.id}, 2, 'Тверь', 56.86, 35.9)`;
    const run = ok(await step('play-and-credits.md', "rpc('start_run'", player, { questId: far.id }));
    const at = (latitude: number, longitude: number) => ({ run, position: { latitude, longitude, accuracy: 5 }, answerText: null, scannedCode: null, pointId: null });
    expect(ok(await step('play-and-credits.md', "rpc('check_in', params: {\n  'run_id'", player, at(55.75, 37.62))).accepted).toBe(true);
    for (let i = 0; i < 3; i++) {
      const jump = ok(await step('play-and-credits.md', "rpc('check_in', params: {\n  'run_id'", player, at(56.86, 35.9)));
      expect(jump).toMatchObject({ accepted: false, refusal: 'implausible_travel', retry_after_s: expect.any(Number) });
    }
    const queue = ok(await step('play-and-credits.md', "rpc('flagged_runs'", moderator));
    const flagged = page(queue).find((r) => r.run_id === run.id);
    expect(flagged).toMatchObject({ flag_reason: 'implausible_travel', implausible_attempts: 3, player: { id: player.id } });
    expect(flagged.attempts).toHaveLength(4);
    expect(refusal(await step('play-and-credits.md', "rpc('flagged_runs'", player))).toBe('forbidden');
    expect(ok(await step('play-and-credits.md', "rpc('review_run', params: {'run_id': id, 'clear': false", moderator, { id: run.id })))
      .toMatchObject({ status: 'abandoned', review_state: 'voided' });
    const notes = page(ok(await step('notifications.md', "rpc('notifications_page', params: {'page_size': 30})", player)));
    expect(notes.find((n) => n.kind === 'run_reviewed')).toMatchObject({ payload: { run_id: run.id, decision: 'voided' } });
  });

  it('wallet and history: the balance, ledger pages; staff read and grant', async () => {
    const wallet = ok(await step('play-and-credits.md', "from('wallets').select('balance, updated_at').single()", admin));
    expect(wallet).toEqual({ balance: 0, updated_at: expect.any(String) });
    const screen = ok(await step('play-and-credits.md', "rpc('wallet_screen', params: {'page_size': 20})", player));
    expect(screen.balance).toBe(30);
    expect(page(screen).map((e) => e.reason)).toEqual(['quest_purchase', 'staff_grant', 'quest_reward']);
    page(ok(await step('play-and-credits.md', "rpc('wallet_screen', params: {'after'", player, { screen })));
    const theirs = ok(await step('play-and-credits.md', "rpc('staff_wallet', params: {'user_id': userId, 'page_size': 50})", admin, { userId: player.id }));
    expect(theirs).toMatchObject({ user: { id: player.id, username: player.username }, balance: 30 });
    expect(refusal(await step('play-and-credits.md', "rpc('staff_wallet', params: {'user_id': userId, 'page_size': 50})", moderator, { userId: player.id })))
      .toBe('forbidden');
  });

  it('shop and orders: the catalogue, a purchase, my orders, the staff queue and order states', async () => {
    const item = ok(await step('merch.md', "from('merch_items')\n    .insert(", admin));
    expect(item).toMatchObject({ title: 'QuestCity mug', price_credits: 120, stock: 50, per_user_limit: 2, active: true });
    const shop = ok(await step('merch.md', "rpc('merch_catalog') as Map", 'anon'));
    expect(page(shop).find((i) => i.id === item.id)).toMatchObject({ can_buy: false, blocked_by: 'not_signed_in' });
    const mineInShop = page(ok(await step('merch.md', "rpc('merch_catalog') as Map", player))).find((i) => i.id === item.id);
    expect(mineInShop).toMatchObject({ can_buy: false, blocked_by: 'insufficient_credits', shortfall: 90 });
    const key = crypto.randomUUID();
    const buy = () => step('merch.md', "rpc('purchase_merch', params: {\n  'item_id'", player, { itemId: item.id }, { bindings: { 'const Uuid().v4()': key } });
    const broke = await buy();
    expect(broke.error).toMatchObject({ status: 402, message: 'insufficient_credits', params: { shortfall: 90, balance: 30, amount: 120 } });
    await db`select private.post_credits(${player.id}, 300, 'staff_grant')`;
    const order = ok(await buy());
    expect(order).toMatchObject({ status: 'pending', total_credits: 120, user_id: player.id, ship_country: 'RU', items: [{ quantity: 1, title: 'QuestCity mug' }] });
    expect(ok(await buy()).id).toBe(order.id); // the same key: the same order, charged once
    const page1 = ok(await step('merch.md', "rpc('my_merch_orders', params: {'page_size': 20}) as Map", player));
    expect(page(page1)[0]).toMatchObject({ id: order.id, status: 'pending' });
    ok(await step('merch.md', "rpc('my_merch_orders', params: {'page_size': 20, 'after'", player, { page1 }, { occurrence: 2 }));
    // The queue, oldest first: page through it (next_cursor as after) until the new order shows.
    let open = ok(await step('merch.md', "rpc('staff_merch_orders');", admin));
    let pages = 1;
    while (!page(open).some((o) => o.id === order.id)) {
      expect(open.next_cursor, 'the order is in the open queue').not.toBeNull();
      open = ok(await step('merch.md', "rpc('staff_merch_orders', params: {'after'", admin, { open }));
      pages++;
    }
    expect(pages).toBeLessThan(100);
    expect(refusal(await step('merch.md', "rpc('staff_merch_orders');", moderator))).toBe('forbidden');
    expect(ok(await step('merch.md', "rpc('set_order_status', params: {'order_id': id, 'status': 'paid'})", admin, { id: order.id }))).toMatchObject({ status: 'paid' });
    expect(ok(await step('merch.md', "rpc('set_order_status', params: {'order_id': id, 'status': 'shipped'", admin, { id: order.id })))
      .toMatchObject({ status: 'shipped', tracking_number: 'RA123456789RU' });
    const second = ok(await step('merch.md', "rpc('purchase_merch', params: {\n  'item_id'", player, { itemId: item.id }, { bindings: { 'const Uuid().v4()': crypto.randomUUID() } }));
    expect(ok(await step('merch.md', "rpc('cancel_merch_order', params: {'order_id': orderId})", player, { orderId: second.id })))
      .toMatchObject({ status: 'cancelled', cancellation: 'buyer' });
    const notes = page(ok(await step('notifications.md', "rpc('notifications_page', params: {'page_size': 30})", player)));
    expect(notes.find((n) => n.kind === 'order_updated')).toMatchObject({ payload: { order_id: order.id, status: 'shipped' } });
  });

  it('another user\'s profile and friends', async () => {
    const publicCard = ok(await step('auth-and-profiles.md', "from('public_profiles').select().eq('username', 'bob').maybeSingle()", 'anon', {},
      { examples: { bob: author.username } }));
    expect(publicCard).toEqual({ id: author.id, username: author.username, display_name: 'Ari', avatar_path: null });
    const full = ok(await step('auth-and-profiles.md', "from('profiles').select('id, username, display_name, avatar_path, bio, city')", player, {},
      { examples: { bob: author.username } }));
    expect(full).toMatchObject({ id: author.id, bio: null });
    const embedded = ok(await step('auth-and-profiles.md', "from('quests').select('id, title, author:public_profiles", 'anon'));
    expect(embedded.find((q: { id: string }) => q.id === questId)).toMatchObject({ author: { username: author.username, display_name: 'Ari' } });

    const card = ok(await step('friends.md', "rpc('user_profile_card', params: {'user_id': userId})", player, { userId: author.id }));
    expect(card).toMatchObject({ id: author.id, friendship: 'none', stats: { quests_completed: 0, friends_count: 0 } });
    const request = ok(await step('friends.md', "rpc('send_friend_request', params: {'to_user': userId})", player, { userId: author.id }));
    expect(request).toMatchObject({ sender_id: player.id, receiver_id: author.id, status: 'pending' });
    expect(refusal(await step('friends.md', "rpc('send_friend_request', params: {'to_user': userId})", player, { userId: author.id }))).toBe('request_pending');
    const overview = ok(await step('friends.md', "rpc('friends_overview') as Map", author));
    expect(overview.incoming).toEqual([{ request_id: request.id, created_at: expect.any(String), user: { id: player.id, username: player.username, display_name: 'Alice', avatar_path: null } }]);
    ok(await step('friends.md', "rpc('accept_friend_request', params: {'request_id': id})", author, { id: request.id }));
    expect(ok(await step('friends.md', "rpc('user_profile_card', params: {'user_id': userId})", player, { userId: author.id })))
      .toMatchObject({ friendship: 'friends', friends_since: expect.any(String), direct_chat_id: null });
  });

  it('chats list and chat: a direct chat, messages, pages, the read marker', async () => {
    chatId = ok(await step('chat.md', "rpc('open_direct_chat', params: {'other_user': friendId})", player, { friendId: author.id }));
    ok(await step('chat.md', "from('messages').insert({'chat_id': chatId, 'body': 'Meet at the gate?'})", player, { chatId }));
    const [first] = await db`select id from public.messages where chat_id = ${chatId}`;
    ok(await step('chat.md', "from('messages').insert({'chat_id': chatId, 'body': 'Yes!', 'reply_to_id': messageId})", author, { chatId, messageId: first.id }));
    ok(await step('chat.md', "from('messages').update({'body': 'Meet at the north gate?'})", player, { messageId: first.id }));
    const list = ok(await step('chat.md', "rpc('chat_list', params: {'page_size': 30}) as Map", player));
    expect(page(list)[0]).toMatchObject({
      id: chatId, kind: 'direct', peer: { id: author.id, username: author.username }, unread_count: 1, last_message: { body: 'Yes!', sender_id: author.id },
    });
    ok(await step('chat.md', "rpc('chat_list', params: {'page_size': 30, 'after'", player, { page: list }));
    const history = ok(await step('chat.md', "rpc('chat_messages', params: {'chat_id': chatId, 'page_size': 50}) as Map", player, { chatId }));
    expect(history.chat).toMatchObject({ id: chatId, kind: 'direct', post_refusal: null });
    expect(page(history).map((m) => m.body)).toEqual(['Yes!', 'Meet at the north gate?']);
    expect(history.items[0]).toMatchObject({ reply_to: { id: first.id, body: 'Meet at the north gate?' }, sender: { id: author.id } });
    page(ok(await step('chat.md', "rpc('chat_messages', params: {'chat_id': chatId, 'page_size': 50, 'after'", player, { chatId, first: history })));
    ok(await step('chat.md', "from('chat_members').update({'last_read_at': DateTime", player, { chatId, myId: player.id },
      { bindings: { 'DateTime.now().toUtc().toIso8601String()': new Date().toISOString() } }));
    expect(page(ok(await step('chat.md', "rpc('chat_list', params: {'page_size': 30}) as Map", player)))[0].unread_count).toBe(0);
    ok(await step('chat.md', "rpc('delete_message', params: {'message_id': messageId})", player, { messageId: first.id }));
    expect(ok(await step('chat.md', "rpc('chat_messages', params: {'chat_id': chatId, 'page_size': 50}) as Map", author, { chatId })).items[1])
      .toMatchObject({ id: first.id, body: null, deleted_at: expect.any(String) });
    expect(refusal(await step('chat.md', "rpc('chat_messages', params: {'chat_id': chatId, 'page_size': 50}) as Map", moderator, { chatId }))).toBe('chat_not_found');
  });

  it('notifications: a page with the unread count, marking one and all read', async () => {
    const first = ok(await step('notifications.md', "rpc('notifications_page', params: {'page_size': 30})", author));
    const items = page(first);
    expect(items.map((n) => n.kind)).toEqual(expect.arrayContaining(['friend_request', 'chat_added']));
    expect(first.unread_count).toBe(items.length);
    const now = new Date().toISOString();
    ok(await step('notifications.md', "from('notifications').update({'read_at': now}).eq('id', id)", author, { now, id: items[0].id }));
    ok(await step('notifications.md', "from('notifications').update({'read_at': now}).isFilter('read_at', null)", author, { now }));
    expect(ok(await step('notifications.md', "rpc('notifications_page', params: {'page_size': 30})", author)).unread_count).toBe(0);
  });

  it('teams and events: a player creates a team, a friend joins, an event with a game master\'s overview', async () => {
    const guide = 'teams-and-events.md';
    // The team: the player creates it, invites their friend (the author), who accepts; the moderator joins by its code.
    const team = ok(await step(guide, "rpc('create_team'", player));
    expect(team).toMatchObject({ name: 'Foxes', max_members: 5, join_code: expect.stringMatching(/^[A-HJ-NP-Z2-9]{8}$/), chat_id: expect.any(String) });
    ok(await step(guide, "rpc('invite_to_team'", player, { team, friendId: author.id }));
    const invites = ok(await step(guide, "rpc('my_team_invitations')", author));
    expect(page(invites)[0]).toMatchObject({ team_id: team.id, team_name: 'Foxes', invited_by: { id: player.id } });
    expect(ok(await step(guide, "rpc('accept_team_invite'", author, { teamId: team.id }))).toMatchObject({ id: team.id });
    const joined = ok(await step(guide, "rpc('join_team'", moderator, {}, { examples: { k7qm2xpa: team.join_code.toLowerCase() } }));
    expect(joined).toMatchObject({ joined: true, refusal: null, team: { id: team.id, member_count: 3 } });
    const unknown = ok(await step(guide, "rpc('join_team'", admin, {}, { examples: { k7qm2xpa: 'ZZZZZZZZ' } }));
    expect(unknown).toEqual({ joined: false, refusal: 'join_code_not_found', team: null });
    const screen = ok(await step(guide, "rpc('team_detail'", player, { id: team.id }));
    expect(screen).toMatchObject({ team: { id: team.id, my_role: 'owner', member_count: 3 }, invitations: [], run: null, events: [] });
    expect(screen.members.map((m: { id: string }) => m.id)).toEqual([player.id, author.id, moderator.id]);
    expect(refusal(await step(guide, "rpc('team_detail'", admin, { id: team.id }))).toBe('team_not_found');
    const mine = ok(await step(guide, "rpc('my_teams', params: {'page_size'", author));
    expect(page(mine)[0]).toMatchObject({ id: team.id, my_role: 'member' });
    page(ok(await step(guide, "rpc('my_teams', params: {'after'", author, { page: mine })));

    // The event: the admin organises it on a quest nobody of the team wrote, the owner registers the team with the code.
    const [race] = await db`insert into public.quests (author_id, title, slug, city, status, access, published_at)
      values (${admin.id}, 'Гонка по центру', ${`${tag}-race`}, 'Москва', 'published', 'open', now()) returning id`;
    await db`insert into public.quest_points (quest_id, position, title, lat, lng) values (${race.id}, 1, 'Старт', ${here.lat}, ${here.lng})`;
    const startsAt = new Date(Date.now() + 3_600_000).toISOString();
    const endsAt = new Date(Date.now() + 4 * 3_600_000).toISOString();
    const event = ok(await step(guide, "from('events').insert({", admin, { questId: race.id },
      { examples: { '2026-12-10T10:00:00Z': startsAt, '2026-12-10T14:00:00Z': endsAt } }));
    expect(event).toMatchObject({ status: 'scheduled', visibility: 'code', organiser_id: admin.id, join_code: expect.any(String) });
    expect(refusal(await step(guide, "from('events').insert({", player, { questId: race.id },
      { examples: { '2026-12-10T10:00:00Z': startsAt, '2026-12-10T14:00:00Z': endsAt } }))).toBe('forbidden');
    const registration = { id: event.id, teamId: team.id, code: event.join_code };
    expect(refusal(await step(guide, "rpc('register_team'", author, registration))).toBe('not_team_owner');
    expect(ok(await step(guide, "rpc('register_team'", player, registration))).toMatchObject({ id: event.id, teams_registered: 1 });
    expect(page(ok(await step(guide, "rpc('my_events')", moderator)))[0]).toMatchObject({ id: event.id, my_role: 'player' });

    // The game master starts it: the team's run starts; a member checks in for the team.
    expect(ok(await step(guide, "rpc('start_event'", admin, { id: event.id }))).toMatchObject({ status: 'running' });
    const { run } = ok(await step(guide, "rpc('team_detail'", author, { id: team.id }));
    expect(run).toMatchObject({ team_id: team.id, event_id: event.id, status: 'in_progress', quest_title: 'Гонка по центру' });
    const state = ok(await step(guide, "rpc('play_state', params: {'run_id': run['id']})", author, { run }));
    expect(state).toMatchObject({ team: { id: team.id }, point: { title: 'Старт' } });
    const checkIn = ok(await step(guide, "rpc('check_in', params: {'run_id': run['id']", author,
      { run, state, lat: here.lat, lng: here.lng, acc: 5 }));
    expect(checkIn).toMatchObject({ accepted: true, finished: true, score: 100, status: 'completed' });

    // The game master's overview, the leaderboard (players too, without positions), the feed.
    const overview = ok(await step(guide, "rpc('event_overview'", admin, { id: event.id }));
    expect(overview.event).toMatchObject({ id: event.id, status: 'running' });
    const [standing] = page(overview);
    expect(standing).toMatchObject({ team: { id: team.id, name: 'Foxes' }, score: 100, points_done: 1, run: { status: 'completed' } });
    expect(standing.members.map((m: { id: string }) => m.id).sort()).toEqual([player.id, author.id, moderator.id].sort());
    expect(refusal(await step(guide, "rpc('event_overview'", moderator, { id: event.id }))).toBe('forbidden'); // a player of it
    const board = ok(await step(guide, "rpc('event_leaderboard', params: {'event_id': id, 'page_size'", player, { id: event.id }));
    expect(board).toMatchObject({ event_id: event.id, teams: 1, next_cursor: null });
    expect(page(board)[0]).toMatchObject({ rank: 1, team: { id: team.id }, score: 100, is_mine: true });
    const feed = ok(await step(guide, "rpc('event_activity'", admin, { id: event.id }));
    expect(page(feed).map((f) => f.kind)).toEqual(expect.arrayContaining(['checkin', 'run_started', 'event_started', 'team_registered']));
    const history = page(ok(await step('play-and-credits.md', "rpc('my_runs', params: {'page_size': 20})", player)));
    expect(history.find((r) => r.id === run.id)).toMatchObject({ team_id: team.id, event_id: event.id, status: 'completed', score: 100 });
  });

  it('staff: users and bans; the banned player reads their bans', async () => {
    const users = ok(await step('auth-and-profiles.md', "from('staff_user_overview').select()", moderator, {}, { examples: { 'al%': `p_${tag}%` } }));
    expect(users).toEqual([expect.objectContaining({ id: player.id, username: player.username, roles: [], ban_id: null, bans_total: 0 })]);
    expect(ok(await step('auth-and-profiles.md', "from('staff_user_overview').select()", player, {}, { examples: { 'al%': `p_${tag}%` } }))).toEqual([]);
    expect(refusal(await step('auth-and-profiles.md', "rpc('ban_user', params: {'target_user': id, 'reason': 'Spam in chats'", moderator, { id: admin.id })))
      .toBe('cannot_ban_higher_staff');
    ok(await step('auth-and-profiles.md', "rpc('ban_user', params: {'target_user': id, 'reason': 'Spam in chats'", moderator, { id: player.id }));
    const bans = ok(await step('auth-and-profiles.md', "from('my_bans').select(); // [{id", player));
    expect(bans).toEqual([{ id: expect.any(String), reason: 'Spam in chats', banned_at: expect.any(String), banned_until: expect.any(String), lifted_at: null, in_force: true }]);
    expect(ok(await step('auth-and-profiles.md', "from('my_profile').select().single()", player))).toMatchObject({ banned: true, ban_reason: 'Spam in chats' });
    expect(refusal(await step('chat.md', "from('messages').insert({'chat_id': chatId, 'body': 'Meet at the gate?'})", player, { chatId }))).toBe('forbidden');
    ok(await step('auth-and-profiles.md', "rpc('unban_user'", moderator, { id: player.id }));
    expect(ok(await step('auth-and-profiles.md', "from('my_bans').select(); // [{id", player))[0].in_force).toBe(false);
    const credits = ok(await step('payments.md', "from('credit_packs')\n    .select(", 'anon'));
    expect(Array.isArray(credits)).toBe(true);
  });

  it('account deletion: the account-delete function over HTTP removes the account and what is personal', async () => {
    const answer = ok(await step('auth-and-profiles.md', "functions.invoke('account-delete', method: HttpMethod.post)", player));
    expect(answer).toMatchObject({ deleted: true });
    expect(await db`select 1 from auth.users where id = ${player.id}`).toHaveLength(0);
    expect(await db`select 1 from public.profiles where id = ${player.id}`).toHaveLength(0);
    // The author's chat and board stay honest: the deleted person is gone from the public fields.
    const history = ok(await step('chat.md', "rpc('chat_messages', params: {'chat_id': chatId, 'page_size': 50}) as Map", author, { chatId }));
    expect(history.items.every((m: { sender_id: string | null }) => m.sender_id !== player.id)).toBe(true);
    expect(refusal(await step('friends.md', "rpc('user_profile_card', params: {'user_id': userId})", author, { userId: player.id }))).toBe('user_not_found');
    expect(refusal(await step('auth-and-profiles.md', "functions.invoke('account-delete', method: HttpMethod.post)", player))).toBe('user_not_found');
  });
});
