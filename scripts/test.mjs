// npm test: the whole suite on a throwaway cluster of its own (a free port, a temporary folder),
// removed afterwards whatever happens: stand-in, migrations, seed; committed types up to date;
// pgTAP through pg_prove; `supabase db advisors` with zero WARN/ERROR; `supabase db lint` with no
// issue; Deno HTTP tests of the edge functions against a local functions server; vitest client
// tests. One summary at the end.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDatabase, generateTypes, root } from './lib/stack.mjs';
import { freePort, throwawayCluster } from './lib/throwaway.mjs';
import { startFunctionsServer } from './lib/functions-server.mjs';
import { functionsEnv, statusEnv } from './lib/runtime-env.mjs';
import { advisorFindings } from './lib/advisors.mjs';
import { plpgsqlIssues } from './lib/lint.mjs';

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

  heading('types/database.types.ts is up to date');
  const committed = readFileSync(join(root, 'types/database.types.ts'), 'utf8');
  const fresh = generateTypes(cluster.urls.db) === committed;
  record('generated types', fresh ? 1 : 0, fresh ? 0 : 1, fresh ? '' : 'stale: run `npm run types` and commit');
  console.log(fresh ? 'up to date' : 'STALE: run `npm run types` and commit types/database.types.ts');

  heading('pgTAP (pg_prove supabase/tests/database)');
  const testDir = join(root, 'supabase/tests/database');
  const files = readdirSync(testDir).filter((f) => f.endsWith('.sql')).sort().map((f) => join(testDir, f));
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
  const apiPort = await freePort();
  const functions = await startFunctionsServer({ apiPort, dbPort: cluster.port, stdio: 'pipe' });
  cleanups.push(() => functions.kill('SIGTERM'));
  functions.stderr.on('data', (chunk) => process.stderr.write(`[functions] ${chunk}`));
  const testEnv = {
    ...functionsEnv({ apiPort, dbPort: cluster.port }),
    ...statusEnv({ apiPort, dbPort: cluster.port }),
    AUTH_DB_URL: `postgresql://supabase_auth_admin:postgres@127.0.0.1:${cluster.port}/postgres`,
    ADMIN_DB_URL: cluster.urls.admin,
  };
  const deno = await run(join(root, 'node_modules/.bin/deno'), [
    'test', '--allow-all', '--no-prompt', '--config', join(root, 'supabase/functions/deno.json'), 'supabase/functions/tests/',
  ], testEnv);
  const denoSummary = /(\d+) passed \| (\d+) failed/.exec(deno.output);
  record('Deno function tests', Number(denoSummary?.[1] ?? 0), Number(denoSummary?.[2] ?? (deno.code === 0 ? 0 : 1)));

  heading('client tests (vitest run)');
  const vitest = await run(join(root, 'node_modules/.bin/vitest'), ['run'], testEnv);
  const vitestPassed = Number(/Tests\s+(?:\d+ failed \| )?(\d+) passed/.exec(vitest.output)?.[1] ?? 0);
  let vitestFailed = Number(/Tests\s+(\d+) failed/.exec(vitest.output)?.[1] ?? 0);
  if (vitest.code !== 0 && vitestFailed === 0) vitestFailed = 1;
  record('vitest client tests', vitestPassed, vitestFailed);
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
