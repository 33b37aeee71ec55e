// RPC calls exactly as PostgREST (v12+) runs `POST /rest/v1/rpc/<fn>` with a JSON body, for the
// Docker-free stack that has no PostgREST: one transaction, `set local role` + request.jwt.claims
// (+ request.headers), the body bound as one `json` parameter and turned into the function's
// arguments by json_to_record with the argument types (so a value the types refuse, e.g. a NUL
// escape anywhere in the body, fails before the function, as it does behind PostgREST), or handed
// over untouched to a function with a single unnamed json parameter; and the error mapped to the
// HTTP status and body PostgREST answers with. table() does the same for `GET/POST/PATCH/DELETE
// /rest/v1/<table>` as supabase-js and supabase_flutter build them (select lists with embeds,
// filters, order, range, single), for the journey test.
import type postgres from 'postgres';
import { parseSelect } from './doc-calls.ts';

export type RpcError = { status: number; code: string; message: string; params: Record<string, unknown> };
export type RpcResult<T> = { data: T | null; error: RpcError | null };
/** Who calls: a user by id (claims from tests.access_token_claims), the claims of a real access token, or anon. */
export type Caller = { userId: string } | { claims: Record<string, unknown> } | { anon: true; headers?: Record<string, string> };

/** `set local role` + request.jwt.claims (+ request.headers for anon), as PostgREST does per request. */
async function impersonate(tx: postgres.TransactionSql, caller: Caller): Promise<void> {
  if ('anon' in caller) {
    await tx`select set_config('role', 'anon', true),
                    set_config('request.jwt.claims', '{"role":"anon"}', true),
                    set_config('request.headers', ${JSON.stringify(caller.headers ?? {})}, true)`;
  } else if ('claims' in caller) {
    await tx`select set_config('request.jwt.claims', ${JSON.stringify(caller.claims)}, true),
                    set_config('role', ${String(caller.claims.role)}, true)`;
  } else {
    await tx`select set_config('request.jwt.claims', tests.access_token_claims(${caller.userId})::text, true),
                    set_config('role', 'authenticated', true)`;
  }
}

/** A Postgres error as PostgREST answers it (status, code, message = our code, params from the hint). */
function asRpcError(thrown: unknown, anon: boolean): RpcError {
  const e = thrown as { code?: string; message?: string; hint?: string };
  if (typeof e.code !== 'string') throw thrown;
  let params: Record<string, unknown> = {};
  try {
    params = JSON.parse(e.hint ?? '{}');
  } catch {
    params = {};
  }
  return { status: statusOf(e.code, anon), code: e.code, message: e.message ?? '', params };
}

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
      await impersonate(tx, caller);
      return await tx.unsafe(body, parameters);
    });
    // PostgREST's body: rows for a set, the row for one composite, the value for a scalar.
    const data = signature.setof ? rows : signature.composite ? (rows[0] ?? null) : (rows[0] ? Object.values(rows[0])[0] : null);
    return { data: data as T, error: null };
  } catch (thrown) {
    return { data: null, error: asRpcError(thrown, anon) };
  }
}

/** One chained method of a table call, with its evaluated arguments (Dart named ones in `named`). */
export type TableMethod = { name: string; args: unknown[]; named?: Record<string, unknown> };
type Relation = { columns: Map<string, string>; computed: Set<string>; base: string };
type ForeignKey = { from: string; fromColumn: string; to: string; toColumn: string; unique: boolean };

async function relation(tx: postgres.TransactionSql, name: string): Promise<Relation> {
  const cols = await tx<{ name: string; type: string }[]>`
    select a.attname as name, format_type(a.atttypid, a.atttypmod) as type from pg_attribute a
    where a.attrelid = to_regclass(${'public.' + name}) and a.attnum > 0 and not a.attisdropped`;
  if (cols.length === 0) throw Object.assign(new Error(`relation "public.${name}" does not exist`), { code: '42P01' });
  const computed = await tx<{ name: string }[]>`
    select p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public' and p.pronargs = 1 and p.proargtypes[0] = (select reltype from pg_class where oid = to_regclass(${'public.' + name}))`;
  const [base] = await tx<{ base: string }[]>`
    select coalesce((select t.relname from pg_rewrite w join pg_depend d on d.objid = w.oid
                     join pg_class t on t.oid = d.refobjid and t.relkind in ('r', 'p') and t.oid <> w.ev_class
                     where w.ev_class = to_regclass(${'public.' + name}) limit 1), ${name}) as base`;
  return { columns: new Map(cols.map((c) => [c.name, c.type])), computed: new Set(computed.map((c) => c.name)), base: base.base };
}

async function foreignKeys(tx: postgres.TransactionSql): Promise<ForeignKey[]> {
  return await tx<ForeignKey[]>`
    select f.relname as "from", fa.attname as "fromColumn", t.relname as "to", ta.attname as "toColumn",
           exists (select 1 from pg_index i where i.indrelid = k.conrelid and i.indisunique and i.indkey::text = k.conkey[1]::text) as "unique"
    from pg_constraint k
    join pg_class f on f.oid = k.conrelid join pg_class t on t.oid = k.confrelid
    join pg_attribute fa on fa.attrelid = k.conrelid and fa.attnum = k.conkey[1]
    join pg_attribute ta on ta.attrelid = k.confrelid and ta.attnum = k.confkey[1]
    where k.contype = 'f' and cardinality(k.conkey) = 1`;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * A table call as PostgREST runs it: select (columns, computed fields, `alias:col`, embeds through
 * foreign keys), insert / update / delete (with .select() to return rows), filters, order,
 * limit / range, single / maybeSingle; one transaction as the caller. Answers {data, error} like
 * supabase-js: rows, one row (single), or null (a write without select).
 */
export async function table<T = unknown>(conn: postgres.Sql, caller: Caller, name: string, methods: TableMethod[]): Promise<RpcResult<T>> {
  const anon = 'anon' in caller;
  let single: 'single' | 'maybeSingle' | null = null;
  try {
    const rows = await conn.begin(async (tx) => {
      const rel = await relation(tx, name);
      const fks = await foreignKeys(tx);
      const parameters: unknown[] = [];
      // Values go as parameters: JSON as it is (postgres.js serialises it for a json parameter), the rest as text.
      const param = (value: unknown, type: string) => {
        parameters.push(value === null || value === undefined ? null : type === 'json' ? value : String(value));
        return `$${parameters.length}::${type}`;
      };
      const projection = async (r: Relation, alias: string, list: string, depth: number): Promise<string> => {
        const parts: string[] = [];
        for (const s of parseSelect(list || '*')) {
          if (s.kind === 'star') parts.push(`${alias}.*`);
          else if (s.kind === 'column') {
            if (r.columns.has(s.name)) parts.push(`${alias}.${ident(s.name)} as ${ident(s.alias ?? s.name)}`);
            else if (r.computed.has(s.name)) parts.push(`public.${ident(s.name)}(${alias}) as ${ident(s.alias ?? s.name)}`);
            else throw Object.assign(new Error(`column ${name}.${s.name} does not exist`), { code: '42703' });
          } else {
            const fkColumn = fks.find((k) => k.from === r.base && k.fromColumn === s.target);
            const targetName = fkColumn ? fkColumn.to : s.target;
            const target = await relation(tx, targetName);
            const inner = `x${depth + 1}`;
            const toOne = fkColumn ?? fks.find((k) => k.from === r.base && k.to === target.base);
            const toMany = toOne ? undefined : fks.find((k) => k.from === target.base && k.to === r.base);
            if (!toOne && !toMany) throw Object.assign(new Error(`no relationship between ${name} and ${s.target}`), { code: 'PGRST200' });
            const cols = await projection(target, inner, s.columns.map(columnText).join(', '), depth + 1);
            const sub = toOne
              ? `(select row_to_json(s) from (select ${cols} from public.${ident(targetName)} ${inner} where ${inner}.${ident(toOne.toColumn)} = ${alias}.${ident(toOne.fromColumn)}) s)`
              : toMany!.unique
              ? `(select row_to_json(s) from (select ${cols} from public.${ident(targetName)} ${inner} where ${inner}.${ident(toMany!.fromColumn)} = ${alias}.${ident(toMany!.toColumn)}) s)`
              : `coalesce((select json_agg(row_to_json(s)) from (select ${cols} from public.${ident(targetName)} ${inner} where ${inner}.${ident(toMany!.fromColumn)} = ${alias}.${ident(toMany!.toColumn)}) s), '[]'::json)`;
            parts.push(`${sub} as ${ident(s.alias ?? s.target)}`);
          }
        }
        return parts.join(', ');
      };
      const columnText = (s: ReturnType<typeof parseSelect>[number]): string =>
        s.kind === 'star' ? '*' : s.kind === 'column' ? (s.alias ? `${s.alias}:${s.name}` : s.name)
        : `${s.alias ? s.alias + ':' : ''}${s.target}(${s.columns.map(columnText).join(', ')})`;

      const where: string[] = [];
      const order: string[] = [];
      let limit: number | null = null;
      let offset = 0;
      let write: { kind: 'insert' | 'update' | 'delete'; values?: unknown } | null = null;
      let list: string | null = null;
      const operators: Record<string, string> = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=', like: 'like', ilike: 'ilike' };
      for (const m of methods) {
        const column = String(m.args[0] ?? '');
        const type = rel.columns.get(column) ?? 'text';
        if (m.name === 'select') list = (m.args[0] as string | undefined) ?? '*';
        else if (m.name === 'insert' || m.name === 'update') write = { kind: m.name, values: m.args[0] };
        else if (m.name === 'delete') write = { kind: 'delete' };
        else if (m.name in operators) where.push(`x0.${ident(column)} ${operators[m.name]} ${param(m.args[1], ['like', 'ilike'].includes(m.name) ? 'text' : type)}`);
        else if (m.name === 'is' || m.name === 'isFilter') where.push(`x0.${ident(column)} is ${m.args[1] === null ? 'null' : m.args[1] ? 'true' : 'false'}`);
        else if (m.name === 'in' || m.name === 'inFilter') where.push(`x0.${ident(column)} = any(${param(`{${(m.args[1] as unknown[]).join(',')}}`, `${type}[]`)})`);
        else if (m.name === 'order') {
          const options = (m.args[1] ?? m.named ?? {}) as { ascending?: boolean };
          const ascending = (m.named?.ascending ?? options.ascending) !== false;
          order.push(`x0.${ident(column)} ${ascending ? 'asc' : 'desc'}`);
        } else if (m.name === 'limit') limit = Number(m.args[0]);
        else if (m.name === 'range') {
          offset = Number(m.args[0]);
          limit = Number(m.args[1]) - offset + 1;
        } else if (m.name === 'single' || m.name === 'maybeSingle') single = m.name;
        else throw new Error(`table(): .${m.name}() is not supported`);
      }
      const filter = where.length ? `where ${where.join(' and ')}` : '';
      const paging = `${order.length ? `order by ${order.join(', ')}` : ''} ${limit !== null ? `limit ${limit}` : ''} ${offset ? `offset ${offset}` : ''}`;
      await impersonate(tx, caller);
      let sql: string;
      if (!write) {
        sql = `select row_to_json(r) as row from (select ${await projection(rel, 'x0', list ?? '*', 0)} from public.${ident(name)} x0 ${filter} ${paging}) r`;
      } else {
        const rowsIn = write.kind === 'delete' ? [] : Array.isArray(write.values) ? write.values : [write.values];
        const keys = [...new Set(rowsIn.flatMap((row) => Object.keys(row as object)))];
        // Without .select() PostgREST asks for no representation (return=minimal): no RETURNING.
        const returning = list === null ? '' : 'returning x0.*';
        const statement = write.kind === 'insert'
          ? `insert into public.${ident(name)} as x0 (${keys.map(ident).join(', ')})
             select ${keys.map(ident).join(', ')} from json_populate_recordset(null::public.${ident(name)}, ${param(rowsIn, 'json')}) ${returning}`
          : write.kind === 'update'
          ? `update public.${ident(name)} x0 set ${keys.map((k) => `${ident(k)} = p.${ident(k)}`).join(', ')}
             from json_populate_record(null::public.${ident(name)}, ${param(rowsIn[0], 'json')}) p ${filter} ${returning}`
          : `delete from public.${ident(name)} x0 ${filter} ${returning}`;
        sql = list === null ? statement
          : `with written as (${statement}) select row_to_json(r) as row from (select ${await projection(rel, 'x0', list, 0)} from written x0) r`;
      }
      const result = await tx.unsafe(sql, parameters as never[]);
      return { rows: result.map((r) => r.row), returning: !write || list !== null };
    });
    if (!rows.returning) return { data: null, error: null };
    if (single) {
      if (rows.rows.length === 1) return { data: rows.rows[0] as T, error: null };
      if (rows.rows.length === 0 && single === 'maybeSingle') return { data: null, error: null };
      return { data: null, error: { status: 406, code: 'PGRST116', message: `JSON object requested, multiple (or no) rows returned (${rows.rows.length})`, params: {} } };
    }
    return { data: rows.rows as T, error: null };
  } catch (thrown) {
    return { data: null, error: asRpcError(thrown, anon) };
  }
}
