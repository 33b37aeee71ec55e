// Leaderboards at 1,000,000 runs: top 50 of a quest and of a city, read from the summaries that
// check_in keeps, as an authenticated user and as service_role (RLS overhead), against the same
// ranking computed from quest_runs on the fly (what the summaries save).
import { asRole, latency, plan } from '../lib/measure.mjs';

export const name = 'leaderboards';
export const description = '1,000,000 completed runs of 20,000 players over 1,000 quests in 20 cities';

export async function run({ sql, smoke, check }) {
  const RUNS = smoke ? 20_000 : 1_000_000;
  // Deterministic data: ids and values derive from generate_series, no randomness.
  await sql`select setseed(0.42)`;
  await sql.unsafe(`
    insert into auth.users (instance_id, id, aud, role, email, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    select '00000000-0000-0000-0000-000000000000', ('00000000-0000-4000-b000-' || lpad(to_hex(i), 12, '0'))::uuid,
           'authenticated', 'authenticated', 'bench' || i || '@bench.local', '{}', jsonb_build_object('username', 'bench_' || i), now(), now()
    from generate_series(1, 20000) i`);
  await sql.unsafe(`
    insert into public.quests (id, title, slug, city, status, published_at)
    select ('00000000-0000-4000-c000-' || lpad(to_hex(i), 12, '0'))::uuid, 'Bench quest ' || i, 'bench-quest-' || i,
           'City ' || (i % 20), 'published', now()
    from generate_series(1, 1000) i`);
  await sql.unsafe(`
    insert into public.quest_runs (quest_id, user_id, status, next_position, points_total, score, started_at, finished_at)
    select ('00000000-0000-4000-c000-' || lpad(to_hex(1 + (i::bigint * 7919) % 1000), 12, '0'))::uuid,
           ('00000000-0000-4000-b000-' || lpad(to_hex(1 + (i::bigint * 104729) % 20000), 12, '0'))::uuid,
           'completed', 6, 5, 100 + (i::bigint * 31) % 400, now() - interval '30 days', now() - interval '30 days' + ((600 + (i::bigint * 17) % 5400) || ' seconds')::interval
    from generate_series(1, ${RUNS}) i`);
  // The summaries, as check_in would have left them (best score, then best time, per player and quest).
  await sql.unsafe(`
    insert into public.quest_leaderboard (quest_id, user_id, best_score, best_duration_s, run_id, achieved_at)
    select distinct on (quest_id, user_id) quest_id, user_id, score, duration_s, id, finished_at
    from public.quest_runs order by quest_id, user_id, score desc, duration_s`);
  await sql.unsafe(`
    insert into public.city_leaderboard (city, user_id, total_score, total_duration_s, quests_completed)
    select q.city, l.user_id, sum(l.best_score), sum(l.best_duration_s), count(*)
    from public.quest_leaderboard l join public.quests q on q.id = l.quest_id group by q.city, l.user_id`);
  await sql`analyze`;

  const [viewer] = await sql`select id from auth.users where email = 'bench1@bench.local'`;
  const claims = { sub: viewer.id, role: 'authenticated' };
  const questId = '00000000-0000-4000-c000-000000000007';
  const shapes = {
    'quest top 50 (summary)': {
      text: `select best_score, best_duration_s, user_id from public.quest_leaderboard where quest_id = $1
             order by best_score desc, best_duration_s, user_id limit 50`,
      params: [questId], index: 'quest_leaderboard_rank_idx',
    },
    'city top 50 (summary)': {
      text: `select total_score, total_duration_s, user_id from public.city_leaderboard where city = $1
             order by total_score desc, total_duration_s, user_id limit 50`,
      params: ['City 7'], index: 'city_leaderboard_rank_idx',
    },
    'quest top 50 (from runs, no summary)': {
      text: `select user_id, max(score) as best from public.quest_runs where quest_id = $1 and status = 'completed'
             group by user_id order by best desc limit 50`,
      params: [questId], index: null,
    },
  };
  const rows = [];
  for (const [shape, q] of Object.entries(shapes)) {
    const exec = (role, c) => (i) => asRole(sql, role, c, (tx) => tx.unsafe(q.text, q.params));
    const user = await latency(exec('authenticated', claims), { iterations: 400, warmup: 40 });
    const service = await latency(exec('service_role', { role: 'service_role' }), { iterations: 400, warmup: 40 });
    const p = await plan(sql, 'authenticated', claims, q.text, q.params);
    if (q.index) check(`${shape}: plan uses ${q.index}`, p.indexes.includes(q.index), p.indexes.join(', '), 'plan');
    rows.push({
      shape, 'p50 ms': user.p50, 'p95 ms': user.p95,
      'service p50 ms': service.p50,
      'RLS ratio (p50)': Math.round((user.p50 / service.p50) * 100) / 100,
      index: q.index ? (p.indexes.includes(q.index) ? `${q.index} ✓` : `MISSING ${q.index}`) : p.indexes.join(',') || 'seq scan',
    });
  }
  return rows;
}
