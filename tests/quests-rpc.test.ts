// The catalogue's RPCs as the app calls them through PostgREST (one transaction per request, role
// and JWT claims set, the jsonb argument as JSON), replacing the HTTP tests of the removed
// quest-search function: visitors and users search with one `filters` object, page with the last
// item's cursor, and read a refusal's code and params the way docs/errors.md tells the app to.
// Then real concurrency, where a check-then-write could slip: two moderators publishing two quests
// with one slug at the same moment, one user favouriting twice at once, and two points given one
// position, refused at COMMIT with a code rather than a constraint error.
import type postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { actAs, closeStack, connection, createUser, db, leaderThenFollower, unique } from './helpers/stack.ts';

const clients = [connection(), connection()];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.end()));
  await closeStack();
});

/** Runs `work` as PostgREST runs a request made with the anon key. */
function asAnon<T>(conn: postgres.Sql, work: (tx: postgres.TransactionSql) => Promise<T>): Promise<T> {
  return conn.begin(async (tx) => {
    await tx`select set_config('request.jwt.claims', '{"role": "anon"}', true), set_config('role', 'anon', true)`;
    return await work(tx);
  }) as Promise<T>;
}

const slug = (prefix: string) => unique(prefix).replaceAll('_', '-');

/** A published quest in `city` starting at (lat, lng). */
async function publishedQuest(city: string, title: string, options: { lat?: number; lng?: number; access?: string; author?: string } = {}) {
  const [row] = await db`
    insert into public.quests (title, slug, city, status, access, price_credits, published_at, author_id)
    values (${title}, ${slug('q')}, ${city}, 'published', ${options.access ?? 'open'}, ${options.access === 'locked' ? 50 : 0}, now(),
            ${options.author ?? null})
    returning id`;
  await db`insert into public.quest_points (quest_id, position, title, lat, lng) values (${row.id}, 1, 'Start', ${options.lat ?? 10}, ${options.lng ?? 10})`;
  return row.id as string;
}

type Refusal = { status: string; code: string; params: Record<string, unknown> };
/** What supabase_flutter / supabase-js hand the app for a refused call: the code and its params. */
async function refusal(promise: Promise<unknown>): Promise<Refusal> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code: string; message: string; hint?: string };
    return { status: e.code, code: e.message, params: JSON.parse(e.hint ?? '{}') };
  }
  throw new Error('the call was not refused');
}

describe('search_quests(filters) as PostgREST calls it', () => {
  it('a visitor searches a city; every card carries its status and a cursor', async () => {
    const city = unique('city');
    const open = await publishedQuest(city, 'Open', { lat: 50, lng: 30 });
    const locked = await publishedQuest(city, 'Locked', { lat: 50.01, lng: 30, access: 'locked' });
    const [{ page }] = await asAnon(db, (tx) => tx`select public.search_quests(${tx.json({ city, lat: 50, lng: 30 })}) as page`);
    const items = page.items;
    expect(page.next_cursor).toBeNull();
    expect(items.map((i: { id: string }) => i.id)).toEqual([open, locked]);
    expect(items.map((i: Record<string, boolean>) => [i.has_access, i.is_favourite, i.in_progress, i.completed])).toEqual([
      [true, false, false, false],
      [false, false, false, false],
    ]);
    expect(items[0].cursor).toMatchObject({ sort: 'distance', id: open });
    expect(typeof items[0].start_lat).toBe('number');
  });

  it('pages with next_cursor: every quest once, none repeated, null after the last', async () => {
    const city = unique('city');
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await publishedQuest(city, `Quest ${i}`));
    const user = await createUser();
    const seen: string[] = [];
    let after: unknown = null;
    let pages = 0;
    do {
      const [{ page }] = await actAs(db, user.id, (tx) =>
        tx`select public.search_quests(${tx.json({ city, sort: 'newest', page_size: 2, after } as postgres.JSONValue)}) as page`);
      seen.push(...page.items.map((p: { id: string }) => p.id));
      after = page.next_cursor;
      pages++;
    } while (after);
    expect(seen.sort()).toEqual(ids.sort());
    expect(pages).toBe(3);
  });

  it('a bad filter is a 400 invalid_parameter naming the parameter, never a cast error', async () => {
    const cases: [unknown, string][] = [
      [{ limit: 20 }, 'limit'],
      [{ lat: 1e300, lng: 10 }, 'lat'],
      [{ page_size: '20' }, 'page_size'],
      [{ category_id: 'nope' }, 'category_id'],
      [{ after: { sort: 'newest', value: '0000-00-00', id: 'x' }, sort: 'newest' }, 'after'],
      [{ bbox: { south: 10, west: 10, north: 11 } }, 'bbox'],
    ];
    for (const [filters, parameter] of cases) {
      const refused = await refusal(asAnon(db, (tx) => tx`select public.search_quests(${tx.json(filters as postgres.JSONValue)})`));
      expect(refused, JSON.stringify(filters)).toMatchObject({ status: 'PT400', code: 'invalid_parameter', params: { parameter } });
      expect(typeof refused.params.reason).toBe('string');
    }
  });

  it('the map: a bounding box returns up to 200 markers', async () => {
    const city = unique('city');
    for (let i = 0; i < 3; i++) await publishedQuest(city, `Marker ${i}`, { lat: -33.9 + i * 0.001, lng: 18.4 });
    const bbox = { south: -34, west: 18, north: -33.8, east: 18.5 };
    const [{ markers }] = await asAnon(db, (tx) => tx`select public.search_quests(${tx.json({ bbox, city, page_size: 200 })}) -> 'items' as markers`);
    expect(markers).toHaveLength(3);
  });
});

describe('catalogue writes under real concurrency', () => {
  it('two moderators publish two quests with one slug at once: one wins, the other gets slug_taken (not 23505)', async () => {
    const shared = slug('shared');
    const [author1, author2, mod1, mod2] = await Promise.all([createUser(), createUser(), createUser(), createUser()]);
    await db`insert into public.user_roles (user_id, role) values (${mod1.id}, 'moderator'), (${mod2.id}, 'moderator')`;
    const quests = await db`
      insert into public.quests (title, slug, city, status, author_id)
      values ('Twin A', ${shared}, 'Гонкоград', 'in_review', ${author1.id}), ('Twin B', ${shared}, 'Гонкоград', 'in_review', ${author2.id})
      returning id`;
    await db`insert into public.quest_points (quest_id, position, title, lat, lng) select id, 1, 'Start', 1, 1 from unnest(${quests.map((q) => q.id)}::uuid[]) id`;
    // The first publication is still uncommitted when the other moderator publishes.
    const results = await leaderThenFollower(clients[0], mod1.id,
      (tx) => tx`select public.publish_quest(${quests[0].id})`,
      () => actAs(clients[1], mod2.id, (tx) => tx`select public.publish_quest(${quests[1].id})`));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    const refused = await refusal(Promise.reject((results[1] as PromiseRejectedResult).reason));
    expect(refused).toMatchObject({ status: 'PT409', code: 'slug_taken', params: { slug: shared } });
    const [{ n }] = await db`select count(*)::int as n from public.quests where slug = ${shared} and status = 'published'`;
    expect(n).toBe(1);
  });

  it('one user favouriting a quest twice at the same moment: one favourite, the other already_favourite', async () => {
    const questId = await publishedQuest(unique('city'), 'Double tap');
    const user = await createUser();
    const results = await Promise.allSettled(clients.map((c) =>
      actAs(c, user.id, async (tx) => {
        await tx`insert into public.favourites (quest_id) values (${questId})`;
        await tx`select pg_sleep(0.2)`;
      })
    ));
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = await refusal(Promise.reject((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason));
    expect(refused).toMatchObject({ status: 'PT409', code: 'already_favourite' });
    const [quest] = await db`select favourites_count from public.quests where id = ${questId}`;
    expect(quest.favourites_count).toBe(1);
  });

  it('two points at one position are refused at commit with duplicate_position; a swap in one request is fine', async () => {
    const author = await createUser();
    const [quest] = await db`insert into public.quests (title, slug, city, author_id) values ('Route', ${slug('route')}, 'X', ${author.id}) returning id`;
    const points = await actAs(db, author.id, (tx) => tx`
      insert into public.quest_points (quest_id, position, title, lat, lng)
      values (${quest.id}, 1, 'A', 1, 1), (${quest.id}, 2, 'B', 1.001, 1) returning id, position`);
    await actAs(db, author.id, (tx) => tx`
      update public.quest_points set position = case position when 1 then 2 else 1 end where quest_id = ${quest.id}`);
    const swapped = await db`select title from public.quest_points where quest_id = ${quest.id} order by position`;
    expect(swapped.map((p) => p.title)).toEqual(['B', 'A']);
    const refused = await refusal(actAs(db, author.id, (tx) => tx`
      insert into public.quest_points (quest_id, position, title, lat, lng) values (${quest.id}, 2, 'C', 1, 1)`));
    expect(refused).toMatchObject({ status: 'PT409', code: 'duplicate_position', params: { position: 2 } });
    expect(points).toHaveLength(2);
  });
});
