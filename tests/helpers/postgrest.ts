// RPC calls exactly as PostgREST (v12+) runs `POST /rest/v1/rpc/<fn>` with a JSON body, for the
// Docker-free stack that has no PostgREST: one transaction, `set local role` + request.jwt.claims
// (+ request.headers), the body bound as one `json` parameter and turned into the function's
// arguments by json_to_record with the argument types (so a value the types refuse, e.g. a NUL
// escape anywhere in the body, fails before the function, as it does behind PostgREST), or handed
// over untouched to a function with a single unnamed json parameter; and the error mapped to the
// HTTP status and body PostgREST answers with.
import type postgres from 'postgres';

export type RpcError = { status: number; code: string; message: string; params: Record<string, unknown> };
export type RpcResult<T> = { data: T | null; error: RpcError | null };
export type Caller = { userId: string } | { anon: true; headers?: Record<string, string> };

/** PostgREST's status for an SQLSTATE (PT<status> for our catalogued refusals). */
function statusOf(state: string, anon: boolean): number {
  if (/^PT\d{3}$/.test(state)) return Number(state.slice(2));
  if (state === '42501') return anon ? 401 : 403;
  if (state === '23505' || state === '23503' || state === '40001') return 409;
  if (state.startsWith('22') || state === '23502' || state === '23514' || state === 'P0001') return 400;
  if (state === '42883') return 404;
  return 500;
}

/** Calls public.<fn>(args) as PostgREST would; resolves with {data, error} like supabase-js (data: rows, one object or a value). */
export async function rpc<T = unknown>(conn: postgres.Sql, caller: Caller, fn: string, args: Record<string, unknown>): Promise<RpcResult<T>> {
  const anon = 'anon' in caller;
  const [signature] = await conn<{ names: string[]; types: string[]; setof: boolean; composite: boolean }[]>`
    select p.proargnames as names, array(select format_type(t, null) from unnest(p.proargtypes) t) as types,
           p.proretset as setof, (t.typtype = 'c' or p.proargmodes::text[] && array['t', 'o']) as composite
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_type t on t.oid = p.prorettype
    where n.nspname = 'public' and p.proname = ${fn}`;
  if (!signature) throw new Error(`no function public.${fn}`);
  const keys = Object.keys(args);
  // A single unnamed json parameter receives the body untouched (PostgREST's "single JSON object").
  const rawBody = signature.types.length === 1 && !(signature.names?.[0]);
  const columns = rawBody ? [] : keys.map((key) => {
    const at = signature.names.indexOf(key);
    if (at < 0) throw new Error(`public.${fn} has no argument ${key}`);
    return `"${key}" ${signature.types[at]}`;
  });
  const body = rawBody
    ? `select pgrst_call.* from public."${fn}"($1::text::${signature.types[0]}) pgrst_call`
    : keys.length === 0
    ? `select pgrst_call.* from public."${fn}"() pgrst_call`
    : `select pgrst_call.* from (select $1::json as json_data) pgrst_payload,
         lateral (select * from json_to_record(pgrst_payload.json_data) as _(${columns.join(', ')})) pgrst_body,
         lateral public."${fn}"(${keys.map((key) => `"${key}" := pgrst_body."${key}"`).join(', ')}) pgrst_call`;
  const parameters = rawBody ? [JSON.stringify(args)] : keys.length === 0 ? [] : [args as postgres.JSONValue];
  try {
    const rows = await conn.begin(async (tx) => {
      if (anon) {
        await tx`select set_config('role', 'anon', true),
                        set_config('request.jwt.claims', '{"role":"anon"}', true),
                        set_config('request.headers', ${JSON.stringify(caller.headers ?? {})}, true)`;
      } else {
        await tx`select set_config('request.jwt.claims', tests.access_token_claims(${caller.userId})::text, true),
                        set_config('role', 'authenticated', true)`;
      }
      return await tx.unsafe(body, parameters);
    });
    // PostgREST's body: rows for a set, the row for one composite, the value for a scalar.
    const data = signature.setof ? rows : signature.composite ? (rows[0] ?? null) : (rows[0] ? Object.values(rows[0])[0] : null);
    return { data: data as T, error: null };
  } catch (thrown) {
    const e = thrown as { code?: string; message?: string; hint?: string };
    if (typeof e.code !== 'string') throw thrown;
    let params: Record<string, unknown> = {};
    try {
      params = JSON.parse(e.hint ?? '{}');
    } catch {
      params = {};
    }
    return { data: null, error: { status: statusOf(e.code, anon), code: e.code, message: e.message ?? '', params } };
  }
}
