// npm run db:reset: rebuilds the local database from the stand-in, the migrations and the seed.
// With Docker: `supabase db reset`. Without: drops and re-creates database `postgres` of the
// project cluster (started for the occasion when `npm run dev` is not running).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { clusterUrls, initCluster, isRunning, startCluster, stopCluster } from './lib/cluster.mjs';
import { buildDatabase, psql, root } from './lib/stack.mjs';
import { devDataDir, devPorts, dockerAvailable } from './lib/dev-stack.mjs';

if (dockerAvailable()) {
  const reset = spawnSync(join(root, 'node_modules/.bin/supabase'), ['db', 'reset'], { stdio: 'inherit', cwd: root });
  process.exit(reset.status ?? 1);
}
initCluster(devDataDir);
const wasRunning = isRunning(devDataDir);
if (!wasRunning) startCluster(devDataDir, devPorts.db);
try {
  const urls = clusterUrls(devPorts.db);
  const template = urls.admin.replace(/\/postgres$/, '/template1');
  psql(template, 'drop database if exists postgres with (force)');
  psql(template, 'create database postgres');
  buildDatabase(urls);
  console.log('local database rebuilt from supabase/local, supabase/migrations and the seed');
} finally {
  if (!wasRunning) stopCluster(devDataDir);
}
