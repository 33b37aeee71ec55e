// Offline play (issue 15), self-contained (its own users and quests):
//   - sync_run of a batch of 50 attempts (a quest of 50 gps points, one attempt each, 10 s apart on
//     the phone's clock), each batch a fresh run of another player, as that player (PostgREST's
//     transaction shape): the batch checks, then 50 judgements by private.judge_attempt (travel,
//     distance, score rules, next points, the finish, the reward, the leaderboards); measured for a
//     linear quest (the default stage order) and a free one (every point open: the judge re-opens
//     the route after each check-in);
//   - quest_bundle of a 30-point free quest, as a player.
// Targets: sync p95 < 200 ms, bundle p95 < 30 ms. Full size: 60 measured syncs per quest after 6
// warm-up ones, 200 bundles after 20; smoke: 3 syncs and 10 bundles, the same checks.
import { asRole, latency } from '../lib/measure.mjs';

const batchPoints = 50;
const bundlePoints = 30;

export const name = 'offline';
export const description = `offline play: sync of ${batchPoints} attempts (60 runs per quest), bundle of a ${bundlePoints}-point quest`;

const userId = (i) => `00000000-0000-4000-a150-${i.toString(16).padStart(12, '0')}`;
const attemptId = (run, k) => `00000000-0000-4000-a151-${(run * 1000 + k).toString(16).padStart(12, '0')}`;
const claims = (id) => ({ sub: id, role: 'authenticated' });

export async function run({ sql, smoke, check }) {
  const syncs = smoke ? 3 : 60;
  const warmup = smoke ? 1 : 6;
  const players = syncs + warmup;
  await sql.unsafe(`
    insert into auth.users (instance_id, id, aud, role, email, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    select '00000000-0000-0000-0000-000000000000', ('00000000-0000-4000-a150-' || lpad(to_hex(i), 12, '0'))::uuid,
           'authenticated', 'authenticated', 'offliner' || i || '@bench.local', '{}', jsonb_build_object('username', 'offliner_' || i), now(), now()
    from generate_series(1, ${players}) i`);
  const walks = {};
  for (const mode of ['linear', 'free']) {
    const [walk] = await sql`
      insert into public.quests (title, slug, city, status, access, reward_credits, published_at, stage_order)
      values (${`Bench offline ${mode} walk`}, ${`bench-offline-${mode}`}, 'Offline City', 'published', 'open', 10, now(), ${mode}) returning id`;
    await sql`
      insert into public.quest_points (quest_id, position, title, lat, lng, radius_m)
      select ${walk.id}, p, 'Point ' || p, 55 + (p - 1) * 0.0003, 37, 30 from generate_series(1, ${batchPoints}) p`;
    walks[mode] = walk.id;
  }
  const [guide] = await sql`
    insert into public.quests (title, slug, city, status, access, reward_credits, published_at, stage_order)
    values ('Bench offline guide', 'bench-offline-guide', 'Offline City', 'published', 'open', 10, now(), 'free') returning id`;
  await sql`
    insert into public.quest_points (quest_id, position, title, description, lat, lng, radius_m, task_type)
    select ${guide.id}, p, 'Stop ' || p, repeat('What to look at here. ', 20), 56 + (p - 1) * 0.0003, 37, 30,
           (case p % 3 when 0 then 'answer' when 1 then 'gps' else 'qr' end)::public.point_task_type
    from generate_series(1, ${bundlePoints}) p`;
  // One run per player and quest, started through the app's call, then moved an hour back (the
  // phone's attempts lie in the past).
  const measured = {};
  const results = [];
  for (const [mode, questId] of Object.entries(walks)) {
    const points = await sql`select id, lat from public.quest_points where quest_id = ${questId} order by position`;
    const runs = [];
    for (let i = 1; i <= players; i++) {
      const [r] = await asRole(sql, 'authenticated', claims(userId(i)), (tx) => tx`select id from public.start_run(${questId})`);
      runs.push(r.id);
    }
    await sql`update public.quest_runs set started_at = started_at - interval '1 hour' where quest_id = ${questId}`;
    const startedAt = (await sql`select min(started_at) as t from public.quest_runs where quest_id = ${questId}`)[0].t;
    const offset = mode === 'linear' ? 0 : 500;
    const batchOf = (i) => points.map((p, k) => ({
      id: attemptId(offset + i, k), point_id: p.id, lat: p.lat, lng: 37, accuracy_m: 5,
      attempted_at: new Date(startedAt.getTime() + (k + 1) * 10_000).toISOString(),
    }));
    let next = 0;  // warm-up and measured syncs each take the next fresh run
    measured[mode] = await latency(async () => {
      const i = next++;
      const [row] = await asRole(sql, 'authenticated', claims(userId(i + 1)), (tx) =>
        tx`select public.sync_run(${runs[i]}, ${sql.json(batchOf(i))}) as s`);
      results.push(row.s);
    }, { iterations: syncs, warmup });
  }
  const bundle = await latency(async (i) => {
    await asRole(sql, 'authenticated', claims(userId((i % players) + 1)), (tx) => tx`select public.quest_bundle(${guide.id})`);
  }, { iterations: smoke ? 10 : 200, warmup: smoke ? 2 : 20 });

  // Check the work was done: every synced run completed with every attempt accepted, paid once.
  const completed = results.filter((s) => s.run.status === 'completed' && s.run.score === batchPoints * 100
    && s.results.every((r) => r.accepted)).length;
  const [paid] = await sql`select count(*)::int as n from public.credit_ledger where reason = 'quest_reward'`;  // one per run
  const [bundled] = await asRole(sql, 'authenticated', claims(userId(1)), (tx) => tx`select public.quest_bundle(${guide.id}) as b`);
  check('every synced run completed with all its attempts accepted', completed === results.length, `${completed} / ${results.length}`);
  check('each synced run paid its reward once', paid.n === results.length, `${paid.n} ledger rows for ${results.length} runs`);
  check('the bundle carries no answer or QR secret', !/"(answer|qr_payload|answer_hash|hint)":/.test(JSON.stringify(bundled.b)), 'no such key');
  return [
    { measure: `sync_run, ${batchPoints} attempts, linear quest, p50 / p95 ms (target p95 < 200)`, value: `${measured.linear.p50} / ${measured.linear.p95}` },
    { measure: `sync_run, ${batchPoints} attempts, free quest, p50 / p95 ms`, value: `${measured.free.p50} / ${measured.free.p95}` },
    { measure: 'runs completed with every attempt accepted / synced', value: `${completed} / ${results.length}` },
    { measure: 'quest_reward ledger rows (one per run)', value: paid.n },
    { measure: `quest_bundle, ${bundlePoints} points, p50 / p95 ms (target p95 < 30)`, value: `${bundle.p50} / ${bundle.p95}` },
    { measure: 'bundle size (bytes of JSON)', value: JSON.stringify(bundled.b).length },
  ];
}
