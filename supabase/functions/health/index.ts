// GET|POST /functions/v1/health: is the backend up? 200 with the database round trip (ms) and the
// latest applied migration; 503 with a clear body when the database cannot be reached in time.
// Public (verify_jwt = false): load balancers and the app's status screen call it without a token.
import { sql } from '../_shared/db.ts';
import { handle, json } from '../_shared/http.ts';

const timeoutMs = 3000;

Deno.serve(handle(async () => {
  const started = performance.now();
  let timer: number | undefined;
  try {
    const [row] = await Promise.race([
      sql`select (select version from supabase_migrations.schema_migrations
                  order by version desc limit 1) as latest_migration`,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    return json({
      status: 'ok',
      database: { reachable: true, round_trip_ms: Math.round((performance.now() - started) * 10) / 10 },
      latest_migration: row.latest_migration,
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
