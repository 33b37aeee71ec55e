// Local stand-in for Supabase's edge runtime, for machines without Docker (never deployed).
// Serves every function of supabase/functions at /functions/v1/<name> on one port, like
// `supabase functions serve` behind the local API gateway:
// - each function's index.ts runs unchanged: its `Deno.serve(handler)` call is captured;
// - the function sees the path `/<name>/…` (the gateway strips `/functions/v1`), as on Supabase;
// - `verify_jwt` from [functions.<name>] in config.toml (default true) is enforced before the
//   function runs, as the edge runtime does: HS256 with the JWT secret, ES256 with SUPABASE_JWKS,
//   signature and expiry only; failure → 401 {"msg":"Invalid JWT"};
// - the environment (SUPABASE_URL, keys, SUPABASE_DB_URL, SUPABASE_JWKS, …) is the caller's,
//   plus supabase/functions/.env when present;
// - /storage/v1/… goes to the Storage API stand-in (storage-api.ts: upload and remove), so
//   functions and tests that call Storage through supabase-js work without Docker.
import { parse } from 'smol-toml';
import { verifyAccessToken } from '../functions/_shared/jwt.ts';
import { handleStorage } from './storage-api.ts';

type Handler = (req: Request, info?: unknown) => Response | Promise<Response>;
type FunctionConfig = { enabled?: boolean; verify_jwt?: boolean; entrypoint?: string };

const functionsDir = new URL('../functions/', import.meta.url);
const config = parse(await Deno.readTextFile(new URL('../config.toml', import.meta.url))) as {
  functions?: Record<string, FunctionConfig>;
};
const port = Number(Deno.env.get('FUNCTIONS_PORT') ?? '54321');

try {
  for (const line of (await Deno.readTextFile(new URL('.env', functionsDir))).split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*"?(.*?)"?\s*$/.exec(line);
    if (match) Deno.env.set(match[1], match[2]);
  }
} catch (error) {
  if (!(error instanceof Deno.errors.NotFound)) throw error;
}

// Capture each function's handler instead of letting it listen on a port of its own.
const handlers = new Map<string, Handler>();
let loading = '';
const realServe = Deno.serve;
// deno-lint-ignore no-explicit-any
(Deno as any).serve = (...args: unknown[]) => {
  const handler = args.find((arg) => typeof arg === 'function') ??
    (args[0] as { handler?: Handler } | undefined)?.handler;
  if (!handler) throw new Error(`${loading}: Deno.serve was called without a handler`);
  handlers.set(loading, handler as Handler);
  return { finished: new Promise(() => {}), shutdown: async () => {}, ref() {}, unref() {}, addr: {} };
};
for await (const entry of Deno.readDir(functionsDir)) {
  const settings = config.functions?.[entry.name] ?? {};
  if (!entry.isDirectory || entry.name.startsWith('_') || entry.name === 'tests' || settings.enabled === false) {
    continue;
  }
  loading = entry.name;
  await import(new URL(`${entry.name}/${settings.entrypoint ?? 'index.ts'}`, functionsDir).href);
}
Deno.serve = realServe;

const json = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

async function route(req: Request, info: unknown): Promise<Response> {
  const url = new URL(req.url);
  if (url.pathname.startsWith('/storage/v1/')) return await handleStorage(req, url.pathname.slice('/storage/v1'.length));
  const match = /^\/functions\/v1\/([^/]+)(\/.*)?$/.exec(url.pathname);
  if (!match) {
    return json({ msg: 'Docker-free mode serves only /functions/v1/<name> and /storage/v1/object; run `supabase start` for the rest.' }, 404);
  }
  const [, name, rest = ''] = match;
  const handler = handlers.get(name);
  if (!handler) return json({ msg: 'Function not found' }, 404);
  if ((config.functions?.[name]?.verify_jwt ?? true) && req.method !== 'OPTIONS') {
    const token = req.headers.get('Authorization')?.replace(/^Bearer\s+/i, '');
    if (!token) return json({ msg: 'Missing authorization header' }, 401);
    try {
      await verifyAccessToken(token);
    } catch {
      return json({ msg: 'Invalid JWT' }, 401);
    }
  }
  const inner = new Request(new URL(`/${name}${rest}${url.search}`, url.origin), req);
  try {
    return await handler(inner, info);
  } catch (error) {
    console.error(`[${name}]`, error);
    return json({ msg: 'Internal Server Error' }, 500);
  }
}

const server = realServe({ hostname: '127.0.0.1', port, onListen: () => {} }, route);
console.log(`functions: ${[...handlers.keys()].sort().join(', ')} on http://127.0.0.1:${port}/functions/v1/`);
Deno.addSignalListener('SIGTERM', () => server.shutdown().then(() => Deno.exit(0)));
Deno.addSignalListener('SIGINT', () => server.shutdown().then(() => Deno.exit(0)));
