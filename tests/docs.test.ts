// The guides are true (issue 12): every call docs/*.md shows the app team exists as shown, and the
// error codes of the guides are the catalogue's.
// - `supabase.rpc('name', params: {…})` / `.rpc('name', { … })`: public.name exists, every
//   parameter shown is one of its parameters, and every parameter without a default is shown;
// - `.from('t').select('…')`, `.insert({…})`, `.update({…})`, `.eq('col', …)`, `.order('col')` …:
//   the table or view exists with those columns (or computed fields), and every embed names a
//   relation joined to it by a foreign key;
// - `functions.invoke('name')`: supabase/functions/name exists; `public.x(` / `private.x(` in SQL
//   blocks exist;
// - the code tables of the guides (a column named code or refusal) hold catalogued codes only,
//   every code of private.error_codes is in some guide's table, and every code the documented calls
//   of a guide can raise (the functions they reach, the triggers of the tables they write) is in
//   that guide's tables or among the common codes of errors.md;
// - no guide and no source file points outside the repository.
// The calls are read by tests/helpers/doc-calls.ts, the same reader the journey test runs them with.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Call, documentedCalls, guides, keysOf, parseSelect, type Selected, type Value } from './helpers/doc-calls.ts';
import { closeStack, db } from './helpers/stack.ts';

afterAll(closeStack);

const root = join(import.meta.dirname, '..');
type Fn = { name: string; inputs: string[]; required: string[]; rawJson: boolean };
const functions = new Map<string, Fn>();
const columns = new Map<string, Set<string>>();
/** Base tables behind each relation (a table is its own base; a view has the tables it reads). */
const bases = new Map<string, string[]>();
/** Foreign keys between public tables: [from table, from columns, to table]. */
let foreignKeys: { from: string; to: string; column: string }[] = [];
const catalogue = new Set<string>();
const privateFunctions = new Set<string>();

beforeAll(async () => {
  const fns = await db<{ name: string; names: string[] | null; modes: string[] | null; nargs: number; ndefaults: number; types: string[] }[]>`
    select p.proname as name, p.proargnames as names, p.proargmodes::text[] as modes, p.pronargs as nargs, p.pronargdefaults as ndefaults,
           array(select format_type(t, null) from unnest(p.proargtypes) t) as types
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public'`;
  for (const f of fns) {
    const inputs = (f.names ?? []).filter((_, i) => !f.modes || ['i', 'b', 'v'].includes(f.modes[i])).slice(0, f.nargs);
    functions.set(f.name, {
      name: f.name, inputs, required: inputs.slice(0, f.nargs - f.ndefaults),
      rawJson: f.nargs === 1 && !inputs[0] && ['json', 'jsonb'].includes(f.types[0]),
    });
  }
  for (const c of await db<{ rel: string; col: string }[]>`
    select c.relname as rel, a.attname as col from pg_class c join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    where n.nspname = 'public' and c.relkind in ('r', 'v', 'm', 'p')
    union all -- computed fields: public functions taking the row type
    select t.typname, p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    join pg_type t on t.oid = p.proargtypes[0] and t.typtype = 'c'
    where n.nspname = 'public' and p.pronargs = 1`) {
    if (!columns.has(c.rel)) columns.set(c.rel, new Set());
    columns.get(c.rel)!.add(c.col);
  }
  for (const b of await db<{ rel: string; base: string }[]>`
    select c.relname as rel, coalesce(d.base, c.relname) as base from pg_class c join pg_namespace n on n.oid = c.relnamespace
    left join lateral (select distinct t.relname as base from pg_rewrite w join pg_depend dep on dep.objid = w.oid
                       join pg_class t on t.oid = dep.refobjid and t.relkind in ('r', 'p') and t.oid <> c.oid
                       join pg_namespace tn on tn.oid = t.relnamespace and tn.nspname = 'public'
                       where w.ev_class = c.oid) d on c.relkind = 'v'
    where n.nspname = 'public' and c.relkind in ('r', 'v', 'p')`) {
    bases.set(b.rel, [...(bases.get(b.rel) ?? []), b.base]);
  }
  foreignKeys = await db<{ from: string; to: string; column: string }[]>`
    select f.relname as from, t.relname as to, a.attname as column from pg_constraint k
    join pg_class f on f.oid = k.conrelid join pg_class t on t.oid = k.confrelid
    join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
    where k.contype = 'f'`;
  for (const e of await db<{ code: string }[]>`select code from private.error_codes`) catalogue.add(e.code);
  for (const p of await db<{ name: string }[]>`select p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'private'`) {
    privateFunctions.add(p.name);
  }
});

const where = (c: Call) => `docs/${c.doc}:${c.line} ${c.text.split('\n')[0].slice(0, 90)}`;

function rpcProblems(c: Call): string[] {
  const fn = functions.get(c.name);
  if (!fn) return [`public.${c.name} does not exist`];
  if (fn.rawJson || (c.args && c.args.kind !== 'map')) return []; // one JSON body, or arguments shown elsewhere
  const shown = keysOf(c.args);
  return [
    ...shown.filter((k) => !fn.inputs.includes(k)).map((k) => `public.${c.name} has no parameter ${k} (it has ${fn.inputs.join(', ') || 'none'})`),
    ...fn.required.filter((k) => !shown.includes(k)).map((k) => `the call leaves out ${k}, which public.${c.name} requires`),
  ];
}

/** Problems of a select list on a relation: unknown columns, embeds without a foreign key. */
function selectProblems(relation: string, selected: Selected[]): string[] {
  const known = columns.get(relation);
  if (!known) return [`no table or view public.${relation}`];
  return selected.flatMap((s): string[] => {
    if (s.kind === 'star') return [];
    if (s.kind === 'column') return known.has(s.name) || s.name === 'count' ? [] : [`public.${relation} has no column ${s.name}`];
    let target = s.target;
    if (!columns.has(target)) {
      // embedding through a foreign-key column: author_id(…)
      const fk = foreignKeys.find((k) => (bases.get(relation) ?? []).includes(k.from) && k.column === target);
      if (!fk) return [`public.${relation} cannot embed ${s.target}: no such relation`];
      target = fk.to;
    }
    const mine = bases.get(relation) ?? [relation];
    const theirs = bases.get(target) ?? [target];
    const joined = foreignKeys.some((k) => (mine.includes(k.from) && theirs.includes(k.to)) || (theirs.includes(k.from) && mine.includes(k.to)));
    return [...(joined ? [] : [`public.${relation} cannot embed ${target}: no foreign key between them`]), ...selectProblems(target, s.columns)];
  });
}

const literalText = (v: Value | undefined) => (v?.kind === 'literal' && typeof v.value === 'string' ? v.value : null);
const filters = new Set(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'is', 'isFilter', 'in', 'inFilter', 'order', 'contains', 'match']);

function tableProblems(c: Call): string[] {
  const known = columns.get(c.name);
  if (!known) return [`no table or view public.${c.name}`];
  return c.chain.flatMap((m): string[] => {
    if (m.name === 'select') {
      const list = literalText(m.args[0]);
      return list === null ? [] : selectProblems(c.name, parseSelect(list));
    }
    if (m.name === 'insert' || m.name === 'update' || m.name === 'upsert') {
      const rows = m.args[0]?.kind === 'list' ? m.args[0].items : [m.args[0]];
      return rows.flatMap((row) => keysOf(row ?? null).filter((k) => !known.has(k)).map((k) => `public.${c.name} has no column ${k} to ${m.name}`));
    }
    if (filters.has(m.name)) {
      const column = literalText(m.args[0]);
      return column === null || known.has(column) ? [] : [`public.${c.name} has no column ${column} (.${m.name})`];
    }
    return [];
  });
}

describe('the guides are true', () => {
  const calls = documentedCalls();

  it('the guides show about a hundred calls (the reader finds them)', () => {
    expect(calls.filter((c) => c.kind === 'rpc').length).toBeGreaterThan(100);
    expect(calls.filter((c) => c.kind === 'table').length).toBeGreaterThan(50);
  });

  it('every documented RPC exists with the parameters shown', () => {
    expect(calls.filter((c) => c.kind === 'rpc').flatMap((c) => rpcProblems(c).map((p) => `${where(c)}: ${p}`))).toEqual([]);
  });

  it('every documented table call names existing tables, views, columns and embeds', () => {
    expect(calls.filter((c) => c.kind === 'table').flatMap((c) => tableProblems(c).map((p) => `${where(c)}: ${p}`))).toEqual([]);
  });

  it('every documented edge function exists', () => {
    expect(calls.filter((c) => c.kind === 'invoke' && !existsSync(join(root, 'supabase/functions', c.name, 'index.ts'))).map(where)).toEqual([]);
  });

  it('every function and relation named in the SQL of the guides exists', () => {
    const missing: string[] = [];
    for (const [doc, text] of guides()) {
      for (const block of text.matchAll(/```sql\n([\s\S]*?)```/g)) {
        for (const m of block[1].matchAll(/\b(public|private)\.([a-z_][a-z0-9_]*)\b(\()?/g)) {
          const [, schema, name, call] = m;
          const exists = schema === 'private' ? privateFunctions.has(name) || call === undefined
            : call ? functions.has(name) : columns.has(name) || functions.has(name);
          if (!exists) missing.push(`docs/${doc}: ${schema}.${name}${call ? '(' : ''}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

/** The codes in the code tables of a guide: tables whose header has a column `code` or `refusal`. */
function tableCodes(text: string): string[] {
  const codes: string[] = [];
  const lines = text.split('\n').map((l) => l.trim());
  for (let i = 0; i < lines.length - 1; i++) {
    if (!lines[i].startsWith('|') || !/^\|\s*:?-+/.test(lines[i + 1])) continue;
    const header = lines[i].split('|').slice(1, -1).map((h) => h.trim().replace(/`/g, '').toLowerCase());
    const at = header.findIndex((h) => h === 'code' || h === 'refusal');
    if (at < 0) continue;
    for (let j = i + 2; j < lines.length && lines[j].startsWith('|'); j++) {
      const cell = lines[j].split(/(?<!\\)\|/).slice(1, -1)[at] ?? '';
      for (const m of cell.matchAll(/`([a-z][a-z0-9_]*)`/g)) codes.push(m[1]);
    }
  }
  return codes;
}

describe('the error codes of the guides are the catalogue', () => {
  it('every code in a code table of a guide is catalogued', () => {
    const unknown = [...guides()].flatMap(([doc, text]) => tableCodes(text).filter((c) => !catalogue.has(c)).map((c) => `docs/${doc}: ${c}`));
    expect(unknown).toEqual([]);
  });

  it('every catalogued code is in the code table of some guide', () => {
    const documented = new Set([...guides().values()].flatMap(tableCodes));
    expect([...catalogue].filter((c) => !documented.has(c)).sort()).toEqual([]);
  });

  // Codes a shared helper names in a branch that the calls of a guide never take.
  const unreachable: [guide: string, code: string, why: string][] = [
    ['quests.md', 'insufficient_credits', 'withdrawing a quest only refunds (private.post_credits with a positive amount)'],
    ['quests.md', 'invalid_amount', 'refunds are never 0 credits'],
    ['merch.md', 'invalid_amount', 'an order costs at least 1 credit, a refund gives it back'],
    ['teams-and-events.md', 'insufficient_credits', 'team runs only pay rewards (private.post_credits with a positive amount)'],
    ['offline-play.md', 'insufficient_credits', 'a synced run only pays its reward (private.post_credits with a positive amount)'],
    ['offline-play.md', 'invalid_amount', 'a reward is paid only when it is at least 1 credit'],
    ['unlock-requests.md', 'invalid_amount', 'a purchase or an approval debits a price of at least 1 credit (0: nothing is posted)'],
  ];

  it('every code the documented calls of a guide can raise is in that guide\'s code tables (or a common code of errors.md)', async () => {
    const sources = new Map<string, string>();
    for (const f of await db<{ name: string; src: string }[]>`
      select n.nspname || '.' || p.proname as name, p.prosrc as src from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname in ('public', 'private')`) sources.set(f.name, (sources.get(f.name) ?? '') + f.src);
    const triggers = await db<{ rel: string; fn: string }[]>`
      select c.relname as rel, pn.nspname || '.' || p.proname as fn from pg_trigger t join pg_class c on c.oid = t.tgrelid
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public' join pg_proc p on p.oid = t.tgfoid
      join pg_namespace pn on pn.oid = p.pronamespace where not t.tgisinternal`;
    /** Codes named by the functions reachable from `start` (what they call, transitively). */
    const reachable = (start: string[]) => {
      const seen = new Set<string>();
      const todo = [...start];
      while (todo.length) {
        const fn = todo.pop()!;
        if (seen.has(fn)) continue;
        seen.add(fn);
        for (const m of (sources.get(fn) ?? '').matchAll(/\b(private|public)\.([a-z_0-9]+)\(/g)) todo.push(`${m[1]}.${m[2]}`);
      }
      return new Set([...seen].flatMap((fn) => [...(sources.get(fn) ?? '').matchAll(/'([a-z][a-z0-9_]*)'/g)].map((m) => m[1])).filter((c) => catalogue.has(c)));
    };
    const common = new Set(tableCodes(guides().get('errors.md')!));
    const calls = documentedCalls();
    const gaps: string[] = [];
    for (const [doc, text] of guides()) {
      if (doc === 'errors.md') continue;
      const starts = calls.filter((c) => c.doc === doc).flatMap((c) =>
        c.kind === 'rpc' ? [`public.${c.name}`]
        : c.kind === 'table' && c.chain.some((m) => ['insert', 'update', 'delete'].includes(m.name)) ? triggers.filter((t) => t.rel === c.name).map((t) => t.fn)
        : []);
      const documented = new Set(tableCodes(text));
      for (const code of reachable(starts)) {
        if (!documented.has(code) && !common.has(code) && !unreachable.some(([g, c]) => g === doc && c === code)) gaps.push(`docs/${doc}: ${code}`);
      }
    }
    expect(gaps.sort()).toEqual([]);
  });
});

describe('the repository stands alone', () => {
  it('no guide and no source file points outside the repository', () => {
    const outside = [['', 'work', ''].join('/'), ['..', 'shared'].join('/')];
    const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean)
      .filter((f) => !/\.(png|jpe?g|webp|ico|lock)$|package-lock\.json$/.test(f));
    const offenders = files.filter((f) => {
      const text = readFileSync(join(root, f), 'utf8');
      return outside.some((o) => text.includes(o));
    });
    expect(offenders).toEqual([]);
  });
});
