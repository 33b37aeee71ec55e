// A throwaway cluster in a temporary folder on a free port, removed afterwards whatever happens.
// npm test and npm run types build on it so that they never depend on the dev database.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterUrls, initCluster, startCluster, stopCluster } from './cluster.mjs';

/** A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Creates and starts a throwaway cluster; `dispose()` stops it and removes its folder. It is also
 * disposed when the process exits for any other reason (a crash included), so none is left behind.
 */
export async function throwawayCluster() {
  const dir = mkdtempSync(join(tmpdir(), 'questcity-pg-'));
  const port = await freePort();
  let disposed = false;
  const dispose = () => {
    if (disposed) return;
    disposed = true;
    try {
      stopCluster(dir, 'immediate');
    } finally {
      // QUESTCITY_KEEP_LOG=<file>: keep the server log (deadlocks, slow statements) for a post-mortem.
      const log = join(dir, 'postgres.log');
      if (process.env.QUESTCITY_KEEP_LOG && existsSync(log)) copyFileSync(log, process.env.QUESTCITY_KEEP_LOG);
      rmSync(dir, { recursive: true, force: true });
    }
  };
  process.once('exit', dispose);
  try {
    initCluster(dir, { throwaway: true });
    startCluster(dir, port);
  } catch (error) {
    dispose();
    throw error;
  }
  return { dir, port, urls: clusterUrls(port), dispose };
}
