// npm run env: the running stack's settings as dotenv lines, named as `supabase status -o env`.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './lib/stack.mjs';
import { devDataDir, devPorts, dockerAvailable } from './lib/dev-stack.mjs';
import { isRunning } from './lib/cluster.mjs';
import { statusEnv, toDotenv } from './lib/runtime-env.mjs';

if (dockerAvailable()) {
  const status = spawnSync(join(root, 'node_modules/.bin/supabase'), ['status', '-o', 'env'], { stdio: 'inherit', cwd: root });
  process.exit(status.status ?? 1);
}
if (!isRunning(devDataDir)) {
  console.error('The local stack is not running: start it with `npm run dev`.');
  process.exit(1);
}
console.log(toDotenv(statusEnv({ apiPort: devPorts.api, dbPort: devPorts.db })));
