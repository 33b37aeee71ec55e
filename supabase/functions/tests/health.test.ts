// HTTP tests of the `health` function: 200 with the database round trip while the database
// answers, and nothing about the deployment (a visitor learns no migration version); 503 with a
// clear JSON body when the database does not answer.
import { assert, assertEquals } from './assert.ts';
import { closeStack, stack } from '../../../tests/helpers/stack.ts';
import { startIsolatedFunctionsServer } from './isolated-server.ts';

Deno.test('health answers 200 with the database round trip', async () => {
  const response = await fetch(`${stack.functionsUrl}/health`);
  assertEquals(response.status, 200);
  const body = await response.json();
  assertEquals(body.status, 'ok');
  assertEquals(body.database.reachable, true);
  assert(typeof body.database.round_trip_ms === 'number' && body.database.round_trip_ms >= 0);
});

Deno.test('the public health answer reveals nothing about the deployment (no migration version)', async () => {
  const response = await fetch(`${stack.functionsUrl}/health`);
  const body = await response.json();
  assertEquals(Object.keys(body).sort(), ['database', 'status']);
  assertEquals(Object.keys(body.database).sort(), ['reachable', 'round_trip_ms']);
  assert(!/20\d{12}/.test(JSON.stringify(body)), 'no migration timestamp anywhere in the answer');
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
