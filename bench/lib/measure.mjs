// Measuring helpers for benchmark suites: latency percentiles of a query run as a given API role
// (exactly as PostgREST runs it), its plan checked for the intended index, and ratios.

/** Runs `query(tx)` inside a transaction as `role` with the given JWT claims, like PostgREST. */
export async function asRole(sql, role, claims, query) {
  return sql.begin(async (tx) => {
    await tx`select set_config('role', ${role}, true), set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
    return query(tx);
  });
}

/** p50 / p95 / mean in ms of `iterations` runs of `fn(i)` after `warmup` unmeasured runs. */
export async function latency(fn, { iterations = 200, warmup = 20 } = {}) {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    await fn(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const pick = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  const round = (x) => Math.round(x * 100) / 100;
  return { p50: round(pick(0.5)), p95: round(pick(0.95)), mean: round(times.reduce((a, b) => a + b, 0) / times.length), n: times.length };
}

/** The plan (EXPLAIN, JSON) of `statement` run as `role`; returns the plan text and index names used. */
export async function plan(sql, role, claims, statement, params = []) {
  const rows = await asRole(sql, role, claims, (tx) => tx.unsafe(`explain (format json) ${statement}`, params));
  const text = JSON.stringify(rows[0]['QUERY PLAN']);
  const indexes = [...new Set([...text.matchAll(/"Index Name":"([^"]+)"/g)].map((m) => m[1]))];
  return { text, indexes };
}

/** A fixed-seed pseudo-random generator (mulberry32): the same data on every run. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A plain-text table of result rows (objects with the same keys). */
export function formatTable(rows) {
  if (!rows?.length) return '(no rows)';
  const keys = Object.keys(rows[0]);
  const cells = [keys, ...rows.map((r) => keys.map((k) => String(r[k] ?? '')))];
  const widths = keys.map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  return cells.map((c) => c.map((v, i) => v.padEnd(widths[i])).join('  ')).join('\n');
}
