// Events: an event with 100 teams of 5 players running (issue 14). Everything is set up through the
// app's own calls (create_team, join_team, register_team, start_event: chats, registrations and
// runs as in production), then an hour of positions is loaded (one per team every 5 seconds, what
// report_team_position keeps) and the event is measured while it runs:
//   - the game master's overview (every team's progress, score, last position, last activity) and
//     leaderboard, as a game master;
//   - team check-ins (each accepted: the judge, the score rules, the next point, the standing
//     recomputed, the feed item and two broadcasts), spread over the teams, each one in between a
//     position report of another team (the load of phones reporting);
//   - the positions kept: at most one per team per 5 seconds, by the rate limit.
// Smoke: 3 teams of 2, 20 check-ins.
import { asRole, latency, plan } from '../lib/measure.mjs';

const points = 40;

export const name = 'events';
export const description = `an event with 100 teams of 5: game master overview, team check-ins while it runs, positions kept`;

const userId = (i) => `00000000-0000-4000-a100-${i.toString(16).padStart(12, '0')}`;
const claims = (id) => ({ sub: id, role: 'authenticated' });

export async function run({ sql, smoke, check }) {
  const teams = smoke ? 3 : 100;
  const teamSize = smoke ? 2 : 5;
  const checkins = smoke ? 20 : 400;
  const players = teams * teamSize;
  const organiser = userId(players + 1);
  await sql.unsafe(`
    insert into auth.users (instance_id, id, aud, role, email, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    select '00000000-0000-0000-0000-000000000000', ('00000000-0000-4000-a100-' || lpad(to_hex(i), 12, '0'))::uuid,
           'authenticated', 'authenticated', 'eventer' || i || '@bench.local', '{}', jsonb_build_object('username', 'eventer_' || i), now(), now()
    from generate_series(1, ${players + 1}) i`);
  await sql`insert into public.user_roles (user_id, role) values (${organiser}, 'organiser')`;
  const [quest] = await sql`
    insert into public.quests (title, slug, city, status, access, reward_credits, published_at)
    values ('Bench event walk', 'bench-event-walk', 'Benchburg', 'published', 'open', 10, now()) returning id`;
  await sql`
    insert into public.quest_points (quest_id, position, title, lat, lng, radius_m)
    select ${quest.id}, p, 'Point ' || p, 55 + (p - 1) * 0.0002, 37, 30 from generate_series(1, ${points}) p`;

  // Teams, registrations and the start, through the app's calls.
  const [event] = await asRole(sql, 'authenticated', claims(organiser), (tx) => tx`
    insert into public.events (quest_id, title, starts_at, ends_at, max_teams, max_team_size)
    values (${quest.id}, 'Bench event', now() + interval '1 minute', now() + interval '3 hours', ${Math.max(teams, 1)}, ${Math.max(teamSize, 2)})
    returning id`);
  const teamIds = [];
  for (let t = 0; t < teams; t++) {
    const owner = userId(t * teamSize + 1);
    const [team] = await asRole(sql, 'authenticated', claims(owner), (tx) => tx`select id, join_code from public.create_team(${`Team ${t + 1}`}, ${Math.max(teamSize, 2)})`);
    for (let m = 2; m <= teamSize; m++) {
      await asRole(sql, 'authenticated', claims(userId(t * teamSize + m)), (tx) => tx`select public.join_team(${team.join_code})`);
    }
    await asRole(sql, 'authenticated', claims(owner), (tx) => tx`select public.register_team(${event.id}, ${team.id})`);
    teamIds.push(team.id);
  }
  await asRole(sql, 'authenticated', claims(organiser), (tx) => tx`select public.start_event(${event.id})`);
  const runs = await sql`select team_id, id from public.quest_runs where event_id = ${event.id}`;
  const runOf = new Map(runs.map((r) => [r.team_id, r.id]));

  // An hour of positions as report_team_position keeps them: one per team every 5 seconds.
  await sql`
    insert into public.team_positions (event_id, team_id, reported_by, lat, lng, accuracy_m, recorded_at)
    select ${event.id}, t.team_id, null, 55 + s * 0.00001, 37, 8, now() - interval '1 hour' + s * interval '5 seconds'
    from public.event_teams t, generate_series(0, 719) s
    where t.event_id = ${event.id}`;
  await sql`analyze`;

  const rows = [];
  const gm = claims(organiser);
  const overview = await latency(() => asRole(sql, 'authenticated', gm, (tx) => tx`select public.event_overview(${event.id}, null, 100)`),
    { iterations: 200, warmup: 20 });
  rows.push({ measure: `game master overview (${teams} teams in one page)`, 'p50 ms': overview.p50, 'p95 ms': overview.p95, target: 'p95 < 20 ms' });
  const board = await latency(() => asRole(sql, 'authenticated', gm, (tx) => tx`select public.event_leaderboard(${event.id}, null, 100)`),
    { iterations: 200, warmup: 20 });
  rows.push({ measure: 'event leaderboard (100 places)', 'p50 ms': board.p50, 'p95 ms': board.p95, target: '' });
  const feed = await latency(() => asRole(sql, 'authenticated', gm, (tx) => tx`select public.event_activity(${event.id}, null, 50)`),
    { iterations: 100, warmup: 10 });
  rows.push({ measure: 'activity feed (50 items)', 'p50 ms': feed.p50, 'p95 ms': feed.p95, target: '' });

  // Check-ins: team after team, each by the next member, at the team's next point; between two,
  // another team's phone reports a position (kept or refused by the per-team rate limit). Only the
  // check-in is timed.
  const progress = new Map(teamIds.map((t) => [t, 0]));
  const count = Math.min(checkins, teams * (points - 2));
  const times = [];
  let reports = 0;
  for (let i = 0; i < count; i++) {
    const t = i % teams;
    const team = teamIds[t];
    const done = progress.get(team);
    const member = userId(t * teamSize + 1 + (done % teamSize));
    const started = process.hrtime.bigint();
    const [r] = await asRole(sql, 'authenticated', claims(member), (tx) => tx`
      select public.check_in(${runOf.get(team)}, ${55 + done * 0.0002}, 37, 5) as r`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (!r.r.accepted) throw new Error(`check-in refused: ${JSON.stringify(r.r)}`);
    progress.set(team, done + 1);
    const other = (t + 1) % teams;
    await asRole(sql, 'authenticated', claims(userId(other * teamSize + 1)), (tx) => tx`
      select public.report_team_position(${teamIds[other]}, 55, 37, 8)`).then(() => reports++, () => {});
  }
  times.sort((a, b) => a - b);
  const pick = (q) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))] * 100) / 100;
  rows.push({ measure: `team check-in while the event runs (${count}, a position report between two)`, 'p50 ms': pick(0.5),
    'p95 ms': pick(0.95), target: 'p95 < 25 ms' });

  const p = await plan(sql, 'authenticated', gm, 'select * from public.event_teams where event_id = $1 order by score desc, score_at, team_id limit 100',
    [event.id]);
  rows.push({ measure: `standings read by index: ${p.indexes.join(', ') || 'seq scan'}`, 'p50 ms': '', 'p95 ms': '', target: '' });

  // Positions bounded: one per team per 5 s, whatever the phones send.
  const burst = await Promise.allSettled(Array.from({ length: Math.max(teamSize, 2) }, (_, m) =>
    asRole(sql, 'authenticated', claims(userId(1 + (m % teamSize))), (tx) => tx`select public.report_team_position(${teamIds[0]}, 55, 37, 8)`)));
  const [kept] = await sql`
    select max(n)::int as most, count(*)::int as teams
    from (select team_id, count(*) as n from public.team_positions where event_id = ${event.id} group by team_id) c`;
  rows.push({
    measure: `positions kept per team after an hour + the run: at most ${kept.most} (bound ${720 + Math.ceil(count / teams) + 2}); `
      + `a burst of ${burst.length} reports from one team kept ${burst.filter((b) => b.status === 'fulfilled').length}; ${reports} reports kept during the check-ins`,
    'p50 ms': '', 'p95 ms': '', target: 'one per team per 5 s',
  });
  return rows;
}
