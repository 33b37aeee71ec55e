// The database connection of edge functions (SUPABASE_DB_URL, as `postgres`) and the one way to
// run queries as the caller: exactly what PostgREST does per request, so RLS and the SQL functions'
// own permission checks decide, never TypeScript.
import postgres from 'postgres';
import type { Caller } from './auth.ts';

/** One small pool per function instance; prepare off so it also works through a transaction pooler. */
export const sql = postgres(Deno.env.get('SUPABASE_DB_URL') ?? '', {
  max: 4,
  prepare: false,
  idle_timeout: 20,
  connect_timeout: 5,
  onnotice: () => {},
  connection: { application_name: 'edge-function' },
});

export type Tx = postgres.TransactionSql;

/** Runs `work` in one transaction as the caller: `set local role` + `request.jwt.claims`. */
export function asCaller<T>(caller: Caller, work: (tx: Tx) => Promise<T>): Promise<T> {
  return sql.begin(async (tx) => {
    await tx`select set_config('role', ${caller.role}, true),
                    set_config('request.jwt.claims', ${JSON.stringify(caller.claims)}, true)`;
    return await work(tx);
  }) as Promise<T>;
}
