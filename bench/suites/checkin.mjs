// Check-in under load: 50 players (smoke: 5) each running a quest of 20 points at the same time,
// one connection each, checking in point after point through public.check_in as the app does, at
// a pace (once a second each) and saturated (see below) (the
// judge, the plausibility of the travel, the score, the next point; the last check-in completes
// the run and updates the leaderboards). Every third point is an answer point: its answer is
// checked against the bcrypt hash public.set_point_secret stored (so the cost the project chose is
// the one measured). Reported: p50 / p95 per check-in, check-ins/s saturated, and the price of one bcrypt
// check at each cost (what the chosen cost buys: docs/performance.md).
import postgres from 'postgres';
import { asRole } from '../lib/measure.mjs';

export const name = 'checkin';
export const description = '50 concurrent runs of 20 points (every third an answer checked with bcrypt), one connection each';

const POINTS = 20;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const QUESTS = 10;
const uuid = (block, i) => `00000000-0000-4000-${block}-${i.toString(16).padStart(12, '0')}`;
const claims = (id) => ({ sub: id, role: 'authenticated' });

export async function run({ sql, urls, smoke, check }) {
  const players = smoke ? 5 : 50;
  const PACE_MS = smoke ? 100 : 1000;
  await sql.unsafe(`
    insert into auth.users (instance_id, id, aud, role, email, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    select '00000000-0000-0000-0000-000000000000', ('00000000-0000-4000-a500-' || lpad(to_hex(i), 12, '0'))::uuid,
           'authenticated', 'authenticated', 'walker' || i || '@bench.local', '{}', jsonb_build_object('username', 'walker_' || i), now(), now()
    from generate_series(1, ${2 * players + QUESTS}) i`);
  // Quests by their own authors (drafts while their answers are set), points a metre apart.
  const author = (q) => uuid('a500', 2 * players + q);
  await sql.unsafe(`
    insert into public.quests (id, author_id, title, slug, city, status, access)
    select ('00000000-0000-4000-a600-' || lpad(to_hex(q), 12, '0'))::uuid, ('00000000-0000-4000-a500-' || lpad(to_hex(${2 * players} + q), 12, '0'))::uuid,
           'Bench walk ' || q, 'bench-walk-' || q, 'Benchburg', 'draft', 'open'
    from generate_series(1, ${QUESTS}) q`);
  await sql.unsafe(`
    insert into public.quest_points (quest_id, position, title, lat, lng, radius_m, task_type)
    select ('00000000-0000-4000-a600-' || lpad(to_hex(q), 12, '0'))::uuid, p, 'Point ' || p, 55 + q * 0.01 + p * 0.00001, 37, 30,
           (case when p % 3 = 0 then 'answer' else 'gps' end)::public.point_task_type
    from generate_series(1, ${QUESTS}) q, generate_series(1, ${POINTS}) p`);
  const answerPoints = await sql`select p.id, p.quest_id from public.quest_points p join public.quests q on q.id = p.quest_id
                                 where p.task_type = 'answer' and q.slug like 'bench-walk-%'`;
  for (const p of answerPoints) {
    const q = Number.parseInt(p.quest_id.slice(-12), 16);
    await asRole(sql, 'authenticated', claims(author(q)), (tx) => tx`select public.set_point_secret(${p.id}, 'Ответ ' || ${q}, null)`);
  }
  await sql`update public.quests set status = 'published', published_at = now() where slug like 'bench-walk-%'`;
  await sql`analyze`;

  // Two rounds of `players` runs (other players each round): (1) paced, each run checking in once
  // every PACE_MS (offered load players / PACE_MS per second; a real player checks in about once a
  // minute, so this is far above real play): the target; (2) saturated, every run checking in again
  // as soon as its previous check-in answered: the most this machine does (capacity).
  const round = async (first, paceMs) => {
    const runs = [];
    for (let i = first; i < first + players; i++) {
      const q = 1 + (i % QUESTS);
      const [r] = await asRole(sql, 'authenticated', claims(uuid('a500', i)), (tx) => tx`select (public.start_run(${uuid('a600', q)})).id`);
      runs.push({ player: uuid('a500', i), run: r.id, q });
    }
    const pool = postgres(urls.db, { max: players, onnotice: () => {} });
    const times = [];
    let refused = 0;
    const start = process.hrtime.bigint();
    await Promise.all(runs.map(async ({ player, run: runId, q }, k) => {
      if (paceMs) await sleep((paceMs * k) / players); // staggered, as players arrive at points at different times
      for (let p = 1; p <= POINTS; p++) {
        const answer = p % 3 === 0 ? `ответ  ${q}` : null; // compared case- and space-insensitively
        const t = process.hrtime.bigint();
        const [r] = await asRole(pool, 'authenticated', claims(player), (tx) =>
          tx`select public.check_in(${runId}, ${55 + q * 0.01 + p * 0.00001}, 37, 5, ${answer}) as r`);
        const ms = Number(process.hrtime.bigint() - t) / 1e6;
        times.push(ms);
        if (!r.r.accepted) refused++;
        if (paceMs) await sleep(Math.max(0, paceMs - ms));
      }
    }));
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    await pool.end();
    times.sort((a, b) => a - b);
    const pick = (x) => Math.round(times[Math.min(times.length - 1, Math.floor(x * times.length))] * 100) / 100;
    return { p50: pick(0.5), p95: pick(0.95), perSecond: Math.round(times.length / seconds), count: times.length, refused };
  };
  const paced = await round(1, PACE_MS);
  const saturated = await round(1 + players, 0);
  const [done] = await sql`select count(*)::int as n from public.quest_runs where status = 'completed'`;
  check('every check-in accepted', paced.refused + saturated.refused === 0, `${paced.refused + saturated.refused} refused`);
  check('every run completed', done.n === 2 * players, `${done.n} of ${2 * players}`);

  // What one bcrypt check costs at each cost factor, on this machine (one connection).
  const [stored] = await sql`select substr(answer_hash, 5, 2)::int as cost from private.point_secrets where point_id = ${answerPoints[0].id}`;
  check('answers stored at the chosen bcrypt cost (4, see 20261202920000_answer_hash_cost.sql)', stored.cost === 4, `cost ${stored.cost}`);
  const costs = [];
  for (const cost of [4, 6, 8, 10]) {
    const t = process.hrtime.bigint();
    const n = cost >= 10 ? 3 : 20;
    for (let i = 0; i < n; i++) await sql`select extensions.crypt('ответ 1', extensions.gen_salt('bf', ${cost}))`;
    costs.push(`${cost}: ${Math.round((Number(process.hrtime.bigint() - t) / 1e6 / n) * 10) / 10}`);
  }

  const rows = [
    { measure: `${players} runs at once, each checking in every ${PACE_MS} ms (${Math.round((players * 1000) / PACE_MS)}/s offered): p50 / p95 ms (target p95 < 15 ms)`,
      value: `${paced.p50} / ${paced.p95}` },
    { measure: `${players} runs at once, saturated (next check-in as soon as the last answered): check-ins/s, p50 / p95 ms`,
      value: `${saturated.perSecond}, ${saturated.p50} / ${saturated.p95}` },
    { measure: 'check-ins per round, of which answers checked with bcrypt', value: `${paced.count}, ${players * Math.floor(POINTS / 3)}` },
    { measure: 'bcrypt cost of the stored answers', value: stored.cost },
    { measure: 'one bcrypt check (hash + compare round trip), ms, by cost', value: costs.join('; ') },
  ];
  return { rows, capacity: [{ operation: `check-in (${players} runs at once, saturated)`, clients: players, perSecond: saturated.perSecond }] };
}
