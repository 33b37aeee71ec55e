// npm test: the whole suite on a throwaway cluster of its own (a free port, a temporary folder),
// removed afterwards whatever happens: stand-in, migrations, seed; the local API (functions server
// + Storage stand-in) and the pg_net worker, with the Vault secrets scheduled jobs use; committed
// types and error catalogue up to date; pgTAP through pg_prove; `supabase db advisors` with zero
// WARN/ERROR; `supabase db lint` with no issue; Deno HTTP tests of the edge functions; vitest
// client tests; every benchmark suite in smoke mode (bench/run.mjs --smoke, clusters of their own);
// and, last, proof that the scheduled jobs really ran. One summary at the end.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { buildDatabase, errorCodesFile, exportErrorCodes, generateTypes, root, setFunctionSecrets } from './lib/stack.mjs';
import { freePort, throwawayCluster } from './lib/throwaway.mjs';
import { startFunctionsServer } from './lib/functions-server.mjs';
import { functionsEnv, statusEnv } from './lib/runtime-env.mjs';
import { advisorFindings } from './lib/advisors.mjs';
import { plpgsqlIssues } from './lib/lint.mjs';
import { startNetWorker } from './lib/net-worker.mjs';

// `npm test -- --only <text>`: only the test files whose name contains <text> (pgTAP, Deno, vitest;
// the helpers file always runs), for a quick loop while working on one feature. CI runs everything.
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt > 0 ? process.argv[onlyAt + 1] : null;
const selected = (file) => !only || file.includes(only);

const results = [];
const record = (step, passed, failed, note = '') => results.push({ step, passed, failed, note });
const cleanups = [];
const cleanUp = () => {
  while (cleanups.length) {
    try {
      cleanups.pop()();
    } catch (error) {
      console.error(`cleanup: ${error.message}`);
    }
  }
};
process.once('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanUp();
    process.exit(130);
  });
}

/** Runs a command, streaming its output, and resolves with its exit code and the text it printed. */
function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (stream, sink) => stream.on('data', (chunk) => {
      output += chunk;
      sink.write(chunk);
    });
    collect(child.stdout, process.stdout);
    collect(child.stderr, process.stderr);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

const heading = (text) => console.log(`\n=== ${text} ===`);

async function main() {
  heading('database: stand-in, migrations, seed');
  const cluster = await throwawayCluster();
  cleanups.push(cluster.dispose);
  buildDatabase(cluster.urls);
  record('database build', 1, 0, `throwaway cluster on port ${cluster.port}`);

  heading('local API (functions, Storage stand-in) and pg_net worker');
  const apiPort = await freePort();
  setFunctionSecrets(cluster.urls.db, `http://127.0.0.1:${apiPort}`);
  const functions = await startFunctionsServer({ apiPort, dbPort: cluster.port, stdio: 'pipe' });
  cleanups.push(() => functions.kill('SIGTERM'));
  functions.stderr.on('data', (chunk) => process.stderr.write(`[functions] ${chunk}`));
  const netWorker = await startNetWorker(cluster.urls.admin);
  cleanups.push(() => void netWorker.stop());
  console.log(`API on http://127.0.0.1:${apiPort}; pg_net worker listening`);

  heading('generated files are up to date');
  const stale = [
    ['types/database.types.ts', generateTypes(cluster.urls.db)],
    [errorCodesFile.slice(root.length + 1), exportErrorCodes(cluster.urls.db)],
  ].filter(([file, fresh]) => readFileSync(join(root, file), 'utf8') !== fresh).map(([file]) => file);
  record('generated files', stale.length === 0 ? 1 : 0, stale.length, stale.length ? `stale: ${stale.join(', ')} (npm run types)` : '');
  console.log(stale.length === 0 ? 'up to date' : `STALE: ${stale.join(', ')}: run \`npm run types\` and commit`);

  heading('pgTAP (pg_prove supabase/tests/database)');
  const testDir = join(root, 'supabase/tests/database');
  const files = readdirSync(testDir).filter((f) => f.endsWith('.sql') && (f.startsWith('000-') || selected(f)))
    .sort().map((f) => join(testDir, f));
  const prove = await run('pg_prove', ['-h', '127.0.0.1', '-p', String(cluster.port), '-U', 'postgres', '-d', 'postgres', ...files], {
    PGPASSWORD: 'postgres',
  });
  const total = Number(/Tests=(\d+)/.exec(prove.output)?.[1] ?? 0);
  let failedTests = [...prove.output.matchAll(/Failed (\d+)\/\d+ subtests/g)].reduce((n, m) => n + Number(m[1]), 0);
  if (prove.code !== 0 && failedTests === 0) failedTests = 1;
  record('pgTAP', total - Math.min(failedTests, total), failedTests, `${files.length} files`);

  heading('supabase db advisors --type all');
  const findings = advisorFindings(cluster.urls.db);
  for (const f of findings) console.log(`${f.level.padEnd(5)} ${f.name}: ${f.detail}`);
  const serious = findings.filter((f) => f.level !== 'INFO');
  record('advisors (WARN/ERROR)', serious.length === 0 ? 1 : 0, serious.length,
    `${findings.length - serious.length} INFO (see docs/local-development.md)`);

  heading('supabase db lint (plpgsql_check over public, private)');
  const issues = plpgsqlIssues(cluster.urls.db);
  for (const i of issues) console.log(`${i.level.padEnd(7)} ${i.function}: ${i.message}`);
  if (issues.length === 0) console.log('no issues');
  record('plpgsql lint', issues.length === 0 ? 1 : 0, issues.length);

  heading('edge functions over HTTP (deno test)');
  const testEnv = {
    ...functionsEnv({ apiPort, dbPort: cluster.port }),
    ...statusEnv({ apiPort, dbPort: cluster.port }),
    AUTH_DB_URL: `postgresql://supabase_auth_admin:postgres@127.0.0.1:${cluster.port}/postgres`,
    ADMIN_DB_URL: cluster.urls.admin,
  };
  const denoDir = 'supabase/functions/tests';
  const denoFiles = readdirSync(join(root, denoDir)).filter((f) => f.endsWith('.test.ts') && selected(f)).map((f) => `${denoDir}/${f}`);
  const deno = denoFiles.length === 0 ? { code: 0, output: '0 passed | 0 failed' } : await run(join(root, 'node_modules/.bin/deno'), [
    'test', '--allow-all', '--no-prompt', '--config', join(root, 'supabase/functions/deno.json'), ...denoFiles,
  ], testEnv);
  const denoSummary = /(\d+) passed \| (\d+) failed/.exec(deno.output);
  record('Deno function tests', Number(denoSummary?.[1] ?? 0), Number(denoSummary?.[2] ?? (deno.code === 0 ? 0 : 1)));

  heading('client tests (vitest run)');
  const vitest = await run(join(root, 'node_modules/.bin/vitest'), ['run', ...(only ? ['--passWithNoTests', only] : [])], testEnv);
  const vitestPassed = Number(/Tests\s+(?:\d+ failed \| )?(\d+) passed/.exec(vitest.output)?.[1] ?? 0);
  let vitestFailed = Number(/Tests\s+(\d+) failed/.exec(vitest.output)?.[1] ?? 0);
  if (vitest.code !== 0 && vitestFailed === 0) vitestFailed = 1;
  record('vitest client tests', vitestPassed, vitestFailed);

  const benchSuites = readdirSync(join(root, 'bench/suites')).filter((f) => f.endsWith('.mjs') && selected(f)).map((f) => f.replace(/\.mjs$/, ''));
  if (benchSuites.length) {
    heading('benchmarks, smoke (npm run bench -- --smoke: tiny data, same code paths and checks)');
    const bench = await run(process.execPath, [join(root, 'bench/run.mjs'), '--smoke', ...benchSuites]);
    const benchPassed = Number(/(\d+) suites passed/.exec(bench.output)?.[1] ?? 0);
    let benchFailed = Number(/suites passed, (\d+) failed/.exec(bench.output)?.[1] ?? 0);
    if (bench.code !== 0 && benchFailed === 0) benchFailed = 1;
    record('benchmarks (smoke)', benchPassed, benchFailed, `${benchSuites.length} suites, each on its own cluster`);
  }

  if (only) return;
  heading('scheduled jobs ran (pg_cron, as on the hosted project)');
  const jobs = await scheduledJobRuns(cluster.urls.db);
  for (const job of jobs) console.log(`${job.ok ? 'ok  ' : 'FAIL'} ${job.name} (${job.schedule}): ${job.note}`);
  const failedJobs = jobs.filter((job) => !job.ok).length;
  record('scheduled jobs', jobs.length - failedJobs, failedJobs, 'every-minute jobs ran and succeeded');
}

/**
 * Every job scheduled every minute has run at least once during the suite (it takes minutes) and
 * none of its runs failed; jobs on longer schedules must at least be valid and active.
 */
async function scheduledJobRuns(dbUrl) {
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    const deadline = Date.now() + 75_000;
    for (;;) {
      const jobs = await sql`
        select j.jobname as name, j.schedule, j.active,
               count(d.runid) filter (where d.status = 'succeeded')::int as succeeded,
               count(d.runid) filter (where d.status = 'failed')::int as failed,
               (array_agg(d.return_message order by d.runid desc) filter (where d.status = 'failed'))[1] as error
        from cron.job j left join cron.job_run_details d on d.jobid = j.jobid
        group by j.jobid order by j.jobname`;
      const everyMinute = (job) => job.schedule === '* * * * *';
      const waiting = jobs.some((job) => everyMinute(job) && job.succeeded === 0 && job.failed === 0);
      if (!waiting || Date.now() > deadline) {
        return jobs.map((job) => {
          const ok = job.active && job.failed === 0 && (!everyMinute(job) || job.succeeded > 0);
          const note = job.failed > 0 ? `${job.failed} failed runs: ${job.error}`
            : `${job.succeeded} successful runs${everyMinute(job) || job.succeeded ? '' : ' (runs less often than the suite lasts)'}`;
          return { name: job.name, schedule: job.schedule, ok, note };
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  } finally {
    await sql.end();
  }
}

let crashed;
try {
  await main();
} catch (error) {
  crashed = error;
  console.error(`\n${error.message}`);
  record('aborted', 0, 1, error.message.split('\n')[0]);
} finally {
  cleanUp();
}

heading('summary');
for (const r of results) {
  console.log(`${r.failed ? 'FAIL' : 'ok  '}  ${r.step.padEnd(24)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(3)} failed  ${r.note}`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || crashed ? 1 : 0);
