// npm run dev: the QuestCity backend running locally, in the foreground; Ctrl-C stops everything.
// With a Docker engine: `supabase start` + `supabase functions serve` (the real stack).
// Without one: a project-owned Postgres on 127.0.0.1:54322 with the platform stand-in, the
// migrations (Supabase CLI), the seed, every edge function at 127.0.0.1:54321/functions/v1 (with
// the Storage stand-in at /storage/v1), and the pg_net worker that scheduled jobs call through.
// A second start keeps the data; `npm run db:reset` rebuilds it.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { clusterUrls, initCluster, isRunning, startCluster, stopCluster } from './lib/cluster.mjs';
import { applyMigrations, buildDatabase, platformLoaded, root, setFunctionSecrets } from './lib/stack.mjs';
import { startNetWorker } from './lib/net-worker.mjs';
import { startFunctionsServer } from './lib/functions-server.mjs';
import { devPorts, devDataDir, dockerAvailable } from './lib/dev-stack.mjs';
import { statusEnv, toDotenv } from './lib/runtime-env.mjs';

const supabaseCli = join(root, 'node_modules/.bin/supabase');

if (dockerAvailable()) {
  console.log('mode: Docker (supabase start + supabase functions serve)');
  const started = spawnSync(supabaseCli, ['start'], { stdio: 'inherit', cwd: root });
  if (started.status !== 0) process.exit(started.status ?? 1);
  const serve = spawn(supabaseCli, ['functions', 'serve'], { stdio: 'inherit', cwd: root });
  const stop = () => serve.kill('SIGINT');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  serve.on('exit', () => {
    spawnSync(supabaseCli, ['stop'], { stdio: 'inherit', cwd: root });
    process.exit(0);
  });
} else {
  console.log('mode: Docker-free (project Postgres + platform stand-in + local functions server)');
  const started = Date.now();
  const urls = clusterUrls(devPorts.db);
  const fresh = initCluster(devDataDir);
  if (isRunning(devDataDir)) {
    console.error(`A dev database is already running from ${devDataDir}: is another \`npm run dev\` open?`);
    process.exit(1);
  }
  startCluster(devDataDir, devPorts.db);
  let functions;
  let netWorker;
  const shutdown = async (code) => {
    functions?.kill('SIGTERM');
    await netWorker?.stop().catch(() => {});
    stopCluster(devDataDir);
    process.exit(code);
  };
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));
  try {
    if (fresh || !platformLoaded(urls.admin)) buildDatabase(urls);
    else applyMigrations(urls.db);
    setFunctionSecrets(urls.db, `http://127.0.0.1:${devPorts.api}`);
    functions = await startFunctionsServer({ apiPort: devPorts.api, dbPort: devPorts.db });
    netWorker = await startNetWorker(urls.admin, { log: (line) => console.log(`[pg_net] ${line}`) });
    functions.on('exit', (code) => {
      console.error(`the functions server stopped (code ${code}); stopping the database`);
      shutdown(1);
    });
    console.log(`\n${toDotenv(statusEnv({ apiPort: devPorts.api, dbPort: devPorts.db }))}\n`);
    await printDemoTokens(devPorts.db);
    console.log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s; Ctrl-C stops everything.`);
  } catch (error) {
    console.error(error.message);
    shutdown(1);
  }
}

/** Prints ready-made access tokens for the seeded demo users, minted as local Auth would. */
async function printDemoTokens(dbPort) {
  const child = spawnSync(join(root, 'node_modules/.bin/deno'), [
    'run', '--allow-all', '--config', join(root, 'supabase/functions/deno.json'),
    join(root, 'supabase/local/print-demo-tokens.ts'),
  ], {
    encoding: 'utf8',
    env: { ...process.env, AUTH_DB_URL: `postgresql://supabase_auth_admin:postgres@127.0.0.1:${dbPort}/postgres` },
  });
  process.stdout.write(child.stdout);
  if (child.status !== 0) process.stderr.write(child.stderr);
}
