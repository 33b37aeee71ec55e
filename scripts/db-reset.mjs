// npm run db:reset: rebuilds the local database from the stand-in, the migrations and the seed.
// With Docker: `supabase db reset`. Without: the project cluster (.local/db) is recreated from
// scratch (roles live in the cluster, not the database, so the whole cluster is rebuilt).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { clusterUrls, initCluster, isRunning, startCluster, stopCluster } from './lib/cluster.mjs';
import { buildDatabase, root } from './lib/stack.mjs';
import { devDataDir, devPorts, dockerAvailable } from './lib/dev-stack.mjs';

if (dockerAvailable()) {
  const reset = spawnSync(join(root, 'node_modules/.bin/supabase'), ['db', 'reset'], { stdio: 'inherit', cwd: root });
  process.exit(reset.status ?? 1);
}
if (isRunning(devDataDir)) {
  console.error('The local stack is running: stop `npm run dev` (Ctrl-C), then run `npm run db:reset` again.');
  process.exit(1);
}
rmSync(devDataDir, { recursive: true, force: true });
initCluster(devDataDir);
startCluster(devDataDir, devPorts.db);
try {
  buildDatabase(clusterUrls(devPorts.db));
  console.log('local database rebuilt from supabase/local, supabase/migrations and the seed');
} finally {
  stopCluster(devDataDir);
}
