// GET|POST /functions/v1/health: is the backend up? 200 {status: "ok", database: {reachable, round_trip_ms}}
// when the database answers a trivial query; 503 with a clear body when it cannot be reached in
// time. Public (verify_jwt = false): load balancers and the app's status screen call it without a
// token, so it says nothing about the deployment (no migration version, no internals).
import { sql } from '../_shared/db.ts';
import { handle, json } from '../_shared/http.ts';

const timeoutMs = 3000;

Deno.serve(handle(async () => {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      sql`select 1`,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    return json({
      status: 'ok',
      database: { reachable: true, round_trip_ms: Math.round((performance.now() - started) * 10) / 10 },
    });
  } catch (error) {
    console.error('health: database check failed:', error);
    return json({
      status: 'unavailable',
      database: { reachable: false },
      error: { code: 'database_unavailable', message: `The database did not answer within ${timeoutMs} ms.` },
    }, 503);
  } finally {
    clearTimeout(timer);
  }
}));
