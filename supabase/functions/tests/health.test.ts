// HTTP tests of the `health` function: 200 with a round trip and the latest migration while the
// database answers; 503 with a clear JSON body when it does not.
import { assert, assertEquals } from './assert.ts';
import { closeStack, db, stack } from '../../../tests/helpers/stack.ts';
import { startIsolatedFunctionsServer } from './isolated-server.ts';

Deno.test('health answers 200 with the database round trip and the latest migration', async () => {
  const response = await fetch(`${stack.functionsUrl}/health`);
  assertEquals(response.status, 200);
  const body = await response.json();
  const [{ version }] = await db`
    select max(version) as version from supabase_migrations.schema_migrations`;
  assertEquals(body.status, 'ok');
  assertEquals(body.database.reachable, true);
  assert(typeof body.database.round_trip_ms === 'number' && body.database.round_trip_ms >= 0);
  assertEquals(body.latest_migration, version);
});

Deno.test('health needs no token (verify_jwt = false) and answers CORS preflight', async () => {
  const preflight = await fetch(`${stack.functionsUrl}/health`, { method: 'OPTIONS' });
  await preflight.body?.cancel();
  assertEquals(preflight.status, 200);
  assertEquals(preflight.headers.get('access-control-allow-origin'), '*');
});

Deno.test('health answers 503 with a clear body when the database is unreachable', async () => {
  const server = await startIsolatedFunctionsServer({ SUPABASE_DB_URL: 'postgresql://postgres:postgres@127.0.0.1:1/postgres' });
  try {
    const response = await fetch(`${server.url}/health`);
    assertEquals(response.status, 503);
    const body = await response.json();
    assertEquals(body.status, 'unavailable');
    assertEquals(body.database.reachable, false);
    assertEquals(body.error.code, 'database_unavailable');
  } finally {
    await server.stop();
  }
});

Deno.test('close connections', async () => {
  await closeStack();
});
