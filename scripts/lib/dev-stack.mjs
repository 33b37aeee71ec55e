// Where the Docker-free dev stack lives: its data folder and the ports `supabase start` uses.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './stack.mjs';

// QUESTCITY_API_PORT / QUESTCITY_DB_PORT move a second stack (another checkout) off the default ports.
export const devDataDir = join(root, '.local/db');
export const devPorts = {
  api: Number(process.env.QUESTCITY_API_PORT ?? 54321),
  db: Number(process.env.QUESTCITY_DB_PORT ?? 54322),
};

/** True when a Docker engine answers (then the real `supabase start` is used). */
export function dockerAvailable() {
  if (process.env.QUESTCITY_NO_DOCKER === '1') return false;
  const result = spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 10_000 });
  return result.status === 0;
}
