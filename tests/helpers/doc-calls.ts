// The calls the guides in docs/ show the app team, read back out of the Markdown: supabase_flutter
// (Dart) and supabase-js snippets such as
//   supabase.rpc('chat_list', params: {'page_size': 30})          (Dart)
//   supabase.rpc('buy_quest_access', { quest_id })                (JS)
//   supabase.from('favourites').select('created_at, quest:quests(id, title)').order('created_at')
//   supabase.functions.invoke('account-delete', method: HttpMethod.post)
// parsed into a call (its function or table, its arguments and the chained methods) whose values
// are kept as written: literals, maps, lists, or the expression text (`run['id']`, `page1.last['cursor']`).
// tests/docs.test.ts checks every parsed call against the database; tests/journey.test.ts runs the
// documented calls themselves, evaluating the expressions in a scope of its own (evaluate()), so
// a changed snippet changes what the journey executes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Value =
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'map'; entries: { key: string; value: Value }[] }
  | { kind: 'list'; items: Value[] }
  | { kind: 'expr'; text: string };
export type Method = { name: string; args: Value[]; named: Record<string, Value> };
export type Call = {
  kind: 'rpc' | 'table' | 'invoke';
  /** The function (rpc, invoke) or table/view (from) named by the call. */
  name: string;
  /** rpc: the parameters object (null: none); table: null; invoke: the `body`, if any. */
  args: Value | null;
  /** What follows the call: .select(...), .eq(...), .single(), … (for rpc: a trailing filter chain). */
  chain: Method[];
  doc: string;
  line: number;
  text: string;
};

export const docsDir = join(import.meta.dirname, '../../docs');

/** Every guide: file name → Markdown. */
export function guides(): Map<string, string> {
  return new Map(readdirSync(docsDir).filter((f) => f.endsWith('.md')).sort().map((f) => [f, readFileSync(join(docsDir, f), 'utf8')]));
}

class Reader {
  constructor(readonly text: string, public at: number) {}
  peek(): string {
    return this.text[this.at] ?? '';
  }
  /** Skips white space and `//` comments. */
  spaces(): void {
    for (;;) {
      while (/\s/.test(this.peek())) this.at++;
      if (!this.text.startsWith('//', this.at)) return;
      while (this.at < this.text.length && this.peek() !== '\n') this.at++;
    }
  }
  eat(token: string): boolean {
    this.spaces();
    if (this.text.startsWith(token, this.at)) {
      this.at += token.length;
      return true;
    }
    return false;
  }
  expect(token: string): void {
    if (!this.eat(token)) throw new Error(`expected ${token} at …${this.text.slice(this.at, this.at + 40)}`);
  }
  identifier(): string {
    this.spaces();
    const match = /^[A-Za-z_$][\w$]*/.exec(this.text.slice(this.at));
    if (!match) throw new Error(`expected a name at …${this.text.slice(this.at, this.at + 40)}`);
    this.at += match[0].length;
    return match[0];
  }
  /** A quoted string at the cursor (single or double quotes, backslash escapes), unquoted. */
  string(): string {
    this.spaces();
    const quote = this.peek();
    if (quote !== "'" && quote !== '"' && quote !== '`') throw new Error(`expected a string at …${this.text.slice(this.at, this.at + 40)}`);
    let out = '';
    this.at++;
    while (this.at < this.text.length && this.peek() !== quote) {
      if (this.peek() === '\\') this.at++;
      out += this.peek();
      this.at++;
    }
    this.at++;
    return out;
  }
  /** The raw text of one expression, up to a `,` `)` `}` or `]` at depth 0 (strings and brackets respected). */
  rawExpression(): string {
    this.spaces();
    const start = this.at;
    let end = start;
    let depth = 0;
    while (this.at < this.text.length) {
      const c = this.peek();
      if (c === "'" || c === '"' || c === '`') {
        this.string();
        end = this.at;
        continue;
      }
      if (this.text.startsWith('//', this.at)) {
        this.spaces();
        continue;
      }
      if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c)) {
        if (depth === 0) break;
        depth--;
      } else if ((c === ',' || c === ';') && depth === 0) break;
      this.at++;
      if (!/\s/.test(c)) end = this.at;
    }
    return this.text.slice(start, end).trim();
  }
}

const literal = (value: string | number | boolean | null): Value => ({ kind: 'literal', value });

/** One value as written: a literal, a map, a list, or the text of an expression. */
function value(r: Reader): Value {
  r.spaces();
  const c = r.peek();
  const elided = /^\{\s*(\.\.\.|…)\s*\}/.exec(r.text.slice(r.at));
  if (elided) {
    r.at += elided[0].length;
    return { kind: 'expr', text: elided[0] }; // `params: {...}` in a table: the arguments are shown elsewhere
  }
  if (c === '{' || (c === 'c' && r.text.startsWith('const {', r.at))) {
    r.eat('const');
    r.expect('{');
    const entries: { key: string; value: Value }[] = [];
    while (!r.eat('}')) {
      r.spaces();
      if (r.text.startsWith('...', r.at)) throw new Error('a spread in a documented object');
      // Dart's collection-if (`if (replaces != null) 'replaces': replaces,`): an entry sent sometimes.
      if (/^if\s*\(/.test(r.text.slice(r.at))) {
        r.at = r.text.indexOf('(', r.at) + 1;
        r.rawExpression();
        r.expect(')');
        r.spaces();
      }
      let key: string;
      if ("'\"".includes(r.peek())) key = r.string();
      else key = r.identifier();
      r.spaces();
      // `{quest_id \| slug}` in a Markdown table: either parameter.
      if (r.text.startsWith('\\|', r.at)) {
        r.at += 2;
        entries.push({ key, value: { kind: 'expr', text: key } });
        continue;
      }
      if (r.eat(':')) entries.push({ key, value: value(r) });
      else entries.push({ key, value: { kind: 'expr', text: key } }); // JS shorthand `{ quest_id }`
      r.eat(',');
    }
    return trailing(r, { kind: 'map', entries });
  }
  if (c === '[' || (c === 'c' && r.text.startsWith('const [', r.at))) {
    r.eat('const');
    r.expect('[');
    const items: Value[] = [];
    while (!r.eat(']')) {
      items.push(value(r));
      r.eat(',');
    }
    return trailing(r, { kind: 'list', items });
  }
  const start = r.at;
  const raw = r.rawExpression();
  if (/^-?\d+(\.\d+)?(e-?\d+)?$/i.test(raw)) return literal(Number(raw));
  if (raw === 'true' || raw === 'false') return literal(raw === 'true');
  if (raw === 'null') return literal(null);
  const quoted = /^(['"])(.*)\1$/s.exec(raw);
  if (quoted && !quoted[2].includes(quoted[1]) && !/\$|\\/.test(quoted[2])) return literal(quoted[2]);
  if (raw === '') throw new Error(`no value at …${r.text.slice(start, start + 40)}`);
  return { kind: 'expr', text: raw };
}

/** `{…} as never`, `[…] as List`: a cast after a literal map or list changes nothing. */
function trailing(r: Reader, v: Value): Value {
  const save = r.at;
  if (r.eat('as ')) {
    r.rawExpression();
    return v;
  }
  r.at = save;
  return v;
}

/** Arguments of a call after its `(`: positional values and Dart named arguments (`params: {…}`). */
function args(r: Reader): { positional: Value[]; named: Record<string, Value> } {
  const positional: Value[] = [];
  const named: Record<string, Value> = {};
  while (!r.eat(')')) {
    r.spaces();
    const name = /^([A-Za-z_]\w*)\s*:(?!:)/.exec(r.text.slice(r.at));
    if (name && !r.text.slice(r.at).startsWith('http')) {
      r.at += name[0].length;
      named[name[1]] = value(r);
    } else positional.push(value(r));
    r.eat(',');
  }
  return { positional, named };
}

/** The chained methods after a call: `.select('…').eq('id', x).single()`. */
function chain(r: Reader): Method[] {
  const methods: Method[] = [];
  for (;;) {
    const save = r.at;
    r.spaces();
    if (r.peek() !== '.' || r.text.startsWith('...', r.at)) {
      r.at = save;
      return methods;
    }
    r.at++;
    let name: string;
    try {
      name = r.identifier();
    } catch {
      r.at = save;
      return methods;
    }
    if (!r.eat('(')) {
      r.at = save;
      return methods;
    }
    const { positional, named } = args(r);
    methods.push({ name, args: positional, named });
  }
}

/** Parses the call that starts at `at` (the index of `rpc(`, `from(` or `functions.invoke(`). */
export function parseCallAt(text: string, at: number, doc = '', line = 0): Call {
  const r = new Reader(text, at);
  let kind: Call['kind'];
  if (r.text.startsWith('rpc(', at)) kind = 'rpc';
  else if (r.text.startsWith('from(', at)) kind = 'table';
  else if (r.text.startsWith('functions.invoke(', at)) kind = 'invoke';
  else throw new Error(`no call at ${doc}:${line}`);
  r.at = text.indexOf('(', at) + 1;
  const name = r.string();
  let argsValue: Value | null = null;
  r.eat(',');
  if (!r.eat(')')) {
    const { positional, named } = args(r);
    if (kind === 'invoke') {
      const options = positional[0]?.kind === 'map' ? positional[0].entries.find((e) => e.key === 'body')?.value : undefined;
      argsValue = named.body ?? options ?? null;
    } else argsValue = named.params ?? positional[0] ?? null;
  }
  const methods = chain(r);
  return { kind, name, args: argsValue, chain: methods, doc, line, text: text.slice(at, r.at) };
}

/** Every documented call of every guide (`.rpc(`, `` `rpc( ``, `.from(` not on storage, `functions.invoke(`). */
export function documentedCalls(): Call[] {
  const calls: Call[] = [];
  for (const [doc, text] of guides()) {
    const pattern = /(?<=[.`])(rpc|from)\(['"]|functions\.invoke\(['"]/g;
    for (const match of text.matchAll(pattern)) {
      const at = match.index!;
      if (/storage\s*\.$/.test(text.slice(Math.max(0, at - 40), at))) continue; // supabase.storage.from('bucket')
      const line = text.slice(0, at).split('\n').length;
      try {
        calls.push(parseCallAt(text, at, doc, line));
      } catch (error) {
        throw new Error(`docs/${doc}:${line}: cannot read the call: ${(error as Error).message}`);
      }
    }
  }
  return calls;
}

/** The call in `doc` at the n-th occurrence of `anchor` (the anchor starts at `rpc(`, `from(` or `functions.invoke(`). */
export function documentedCall(doc: string, anchor: string, occurrence = 1): Call {
  const text = guides().get(doc);
  if (!text) throw new Error(`no guide docs/${doc}`);
  let at = -1;
  for (let n = 0; n < occurrence; n++) {
    at = text.indexOf(anchor, at + 1);
    if (at < 0) throw new Error(`docs/${doc} no longer shows \`${anchor}\` (occurrence ${occurrence}): update the journey step with the doc`);
  }
  const start = ['rpc(', 'from(', 'functions.invoke('].map((t) => text.indexOf(t, at)).filter((i) => i >= 0 && i < at + anchor.length).sort((a, b) => a - b)[0];
  if (start === undefined) throw new Error(`the anchor \`${anchor}\` of docs/${doc} does not start a call`);
  return parseCallAt(text, start, doc, text.slice(0, start).split('\n').length);
}

/** The keys of a map value (the parameters of an rpc, the columns of an insert). */
export const keysOf = (v: Value | null): string[] => (v?.kind === 'map' ? v.entries.map((e) => e.key) : []);

/** A PostgREST select list: columns (with alias and cast) and embeds (with their own lists). */
export type Selected = { kind: 'column'; name: string; alias?: string } | { kind: 'embed'; target: string; alias?: string; hint?: string; columns: Selected[] } | { kind: 'star' };
export function parseSelect(list: string): Selected[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of list) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p && p !== '...' && p !== '…').map((part): Selected => {
    const spread = part.startsWith('...');
    const body = spread ? part.slice(3) : part;
    const aliasMatch = /^([A-Za-z_]\w*):(?!:)(.*)$/s.exec(body);
    const alias = aliasMatch ? aliasMatch[1] : undefined;
    const rest = (aliasMatch ? aliasMatch[2] : body).trim();
    const embed = /^([A-Za-z_]\w*)(?:!([\w]+))?\((.*)\)$/s.exec(rest);
    if (embed) return { kind: 'embed', target: embed[1], alias, hint: embed[2], columns: parseSelect(embed[3]) };
    if (rest === '*') return { kind: 'star' };
    return { kind: 'column', name: rest.split('::')[0].split('->')[0].trim(), alias };
  });
}

/**
 * Evaluates a documented value in a scope: literals as they are, maps and lists element-wise,
 * expressions by a small reading of Dart/JS (`name`, `a['k']`, `a.b`, `a.last`, `a.first`,
 * `(a as List)`, `a!`), else by `bindings[text]` (the journey's value for that exact text). An
 * expression the journey has no value for is an error naming it.
 */
export function evaluate(v: Value, scope: Record<string, unknown>, bindings: Record<string, unknown> = {}): unknown {
  switch (v.kind) {
    case 'literal':
      return v.value;
    case 'list':
      return v.items.map((i) => evaluate(i, scope, bindings));
    case 'map':
      return Object.fromEntries(v.entries.map((e) => [e.key, evaluate(e.value, scope, bindings)]));
    case 'expr': {
      if (v.text in bindings) return bindings[v.text];
      const result = path(v.text, scope);
      if (result.found) return result.value;
      // A Dart or JS string with interpolations: '$id/points/gate.jpg', `${id}/x.webp`.
      const template = /^(['"`])(.*)\1$/s.exec(v.text);
      if (template) {
        return template[2].replace(/\$\{([^}]+)\}|\$([A-Za-z_]\w*)/g, (_, inner: string | undefined, name: string | undefined) =>
          String(evaluate({ kind: 'expr', text: (inner ?? name)!.trim() }, scope, bindings)));
      }
      throw new Error(`the journey has no value for \`${v.text}\``);
    }
  }
}

function path(text: string, scope: Record<string, unknown>): { found: boolean; value?: unknown } {
  let rest = text.replace(/\(([^()]*?) as \w+(<[^>]*>)?\)/g, '$1').replace(/!/g, '').replace(/\s+as\s+\w+(<[^>]*>)?$/, '').trim();
  const head = /^[A-Za-z_$][\w$]*/.exec(rest);
  if (!head || !(head[0] in scope)) return { found: false };
  let current: unknown = scope[head[0]];
  rest = rest.slice(head[0].length);
  while (rest.length) {
    const index = /^\[\s*(?:'([^']*)'|"([^"]*)"|(\d+))\s*\]/.exec(rest);
    const member = /^\.([A-Za-z_$][\w$]*)/.exec(rest);
    if (index) {
      const key = index[1] ?? index[2] ?? Number(index[3]);
      current = (current as Record<string | number, unknown>)?.[key];
      rest = rest.slice(index[0].length);
    } else if (member) {
      const name = member[1];
      if (Array.isArray(current) && name === 'last') current = current.at(-1);
      else if (Array.isArray(current) && name === 'first') current = current[0];
      else current = (current as Record<string, unknown>)?.[name];
      rest = rest.slice(member[0].length);
    } else return { found: false };
    if (current === undefined) return { found: false };
  }
  return { found: true, value: current };
}
