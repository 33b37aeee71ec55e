// Where the Docker-free dev stack lives: its data folder and the ports `supabase start` uses.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './stack.mjs';

export const devDataDir = join(root, '.local/db');
export const devPorts = { api: 54321, db: 54322 };

/** True when a Docker engine answers (then the real `supabase start` is used). */
export function dockerAvailable() {
  if (process.env.QUESTCITY_NO_DOCKER === '1') return false;
  const result = spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 10_000 });
  return result.status === 0;
}
