// npm run bench [-- [--smoke] [--write-docs] [suite …]]: every suite of bench/suites (or those
// named), each on a throwaway cluster of its own built from the migrations (no seed), so no suite
// sees another's data. See bench/README.md for the suite interface.
//   --smoke       tiny data, same code paths and checks (npm test runs this); figures mean nothing
//   --write-docs  after a full run of every suite, rewrites the marked tables of docs/performance.md
//                 and docs/capacity.md from the results (refused with --smoke or a suite subset)
// Results: .local/bench/<suite>.json (.local/bench/smoke/ for smoke runs), git-ignored.
// Exit code 1 when a suite crashed or one of its checks (plans, invariants) failed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import postgres from 'postgres';
import { buildDatabase, root } from '../scripts/lib/stack.mjs';
import { throwawayCluster } from '../scripts/lib/throwaway.mjs';
import { formatTable } from './lib/measure.mjs';
import { writeDocs } from './lib/docs.mjs';

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const docs = args.includes('--write-docs');
const wanted = args.filter((a) => !a.startsWith('--'));
const suitesDir = join(root, 'bench/suites');
const all = readdirSync(suitesDir).filter((f) => f.endsWith('.mjs')).sort().map((f) => f.replace(/\.mjs$/, ''));
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length) {
  console.error(`unknown suite(s): ${unknown.join(', ')} (have: ${all.join(', ')})`);
  process.exit(2);
}
if (docs && (smoke || wanted.length)) {
  console.error('--write-docs needs a full run of every suite (no --smoke, no suite names)');
  process.exit(2);
}
const suites = wanted.length ? wanted : all;
const resultsDir = join(root, '.local/bench', smoke ? 'smoke' : '');
mkdirSync(resultsDir, { recursive: true });

const git = (...a) => execFileSync('git', a, { cwd: root, encoding: 'utf8' }).trim();
const commit = git('rev-parse', '--short', 'HEAD');
const dirty = git('status', '--porcelain', '--untracked-files=no', '--', 'supabase', 'bench', 'scripts').length > 0;

const summary = [];
for (const file of suites) {
  console.log(`\n=== ${file}${smoke ? ' (smoke)' : ''}`);
  const started = Date.now();
  const checks = [];
  // A plan check at smoke size only warns: the planner may rightly prefer another index on tiny
  // tables. Every other check (invariants) fails the run at any size.
  const check = (label, ok, detail = '', kind = 'invariant') => {
    const fatal = !ok && !(smoke && kind === 'plan');
    checks.push({ label, ok: Boolean(ok), fatal, detail: String(detail) });
    if (!ok) console.log(`${fatal ? 'CHECK FAILED' : 'plan differs at smoke size (not a failure)'}: ${label} ${detail}`);
  };
  const cluster = await throwawayCluster();
  const sql = postgres(cluster.urls.db, { max: 4, onnotice: () => {} });
  let rows = [];
  let capacity = [];
  let error;
  let suite = { name: file, description: '' };
  try {
    suite = await import(pathToFileURL(join(suitesDir, `${file}.mjs`)).href);
    console.log(suite.description);
    buildDatabase(cluster.urls, { seed: false });
    const out = await suite.run({ sql, urls: cluster.urls, port: cluster.port, smoke, check });
    ({ rows, capacity = [] } = Array.isArray(out) ? { rows: out } : out);
    console.log(formatTable(rows));
  } catch (e) {
    error = e;
    console.error(`SUITE FAILED: ${e.stack ?? e.message}`);
  } finally {
    await sql.end();
    cluster.dispose();
  }
  const failed = checks.filter((c) => c.fatal);
  summary.push({ suite: file, ok: !error && failed.length === 0, note: error ? error.message.split('\n')[0] : failed.map((c) => c.label).join('; ') });
  if (!error) {
    const result = {
      suite: suite.name, description: suite.description, smoke, commit, dirty, machine: `${cpus().length} cores, ${cpus()[0]?.model ?? ''}`,
      date: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000), rows, capacity, checks,
    };
    writeFileSync(join(resultsDir, `${file}.json`), `${JSON.stringify(result, null, 2)}\n`);
  }
}

console.log('\n=== bench summary');
for (const s of summary) console.log(`${s.ok ? 'ok  ' : 'FAIL'}  ${s.suite.padEnd(20)} ${s.note}`);
const failures = summary.filter((s) => !s.ok).length;
console.log(`${summary.length - failures} suites passed, ${failures} failed`);
if (docs) {
  if (failures) console.error('docs not written: a suite failed');
  else if (dirty) console.error('docs not written: supabase/, bench/ or scripts/ has uncommitted changes (figures must come from committed code)');
  else for (const file of writeDocs(resultsDir, suites)) console.log(`rewrote the marked tables of ${file}`);
}
process.exit(failures || (docs && dirty) ? 1 : 0);
