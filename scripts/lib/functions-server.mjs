// Starts the local edge-runtime stand-in (supabase/local/functions-server.ts) with Deno and waits
// until it answers.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { root } from './stack.mjs';
import { functionsEnv } from './runtime-env.mjs';

export async function startFunctionsServer({ apiPort, dbPort, extraEnv = {}, stdio = 'inherit' }) {
  const child = spawn(join(root, 'node_modules/.bin/deno'), [
    'run', '--allow-all', '--no-prompt', '--config', join(root, 'supabase/functions/deno.json'),
    join(root, 'supabase/local/functions-server.ts'),
  ], {
    cwd: root,
    stdio: ['ignore', stdio, stdio],
    env: { ...process.env, ...functionsEnv({ apiPort, dbPort }), FUNCTIONS_PORT: String(apiPort), ...extraEnv },
  });
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r(undefined), 250))]);
    if (code !== undefined) throw new Error(`the functions server exited with code ${code}`);
    try {
      await fetch(`http://127.0.0.1:${apiPort}/functions/v1/`);
      return child;
    } catch { /* not listening yet */ }
  }
  child.kill('SIGTERM');
  throw new Error('the functions server did not start within 120 s');
}
