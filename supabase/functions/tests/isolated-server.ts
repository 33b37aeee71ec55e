// Starts a second local functions server with some environment overridden (for example a database
// URL that nobody answers), to test how functions degrade. Stopped by the test that started it.
import { fileURLToPath as fromFileUrl } from 'node:url';

export async function startIsolatedFunctionsServer(env: Record<string, string>) {
  const listener = Deno.listen({ hostname: '127.0.0.1', port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const child = new Deno.Command(Deno.execPath(), {
    args: ['run', '--allow-all', '--no-prompt', '--config', fromFileUrl(new URL('../deno.json', import.meta.url)),
      fromFileUrl(new URL('../../local/functions-server.ts', import.meta.url))],
    env: { ...env, FUNCTIONS_PORT: String(port) },
    stdout: 'null',
    stderr: 'null',
  }).spawn();
  const url = `http://127.0.0.1:${port}/functions/v1`;
  for (let attempt = 0; attempt < 240; attempt++) {
    try {
      await (await fetch(`${url}/`)).body?.cancel();
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await child.status;
    },
  };
}
