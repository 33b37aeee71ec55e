// `npm run bench -- --write-docs`: the tables of docs/performance.md and docs/capacity.md come from
// the results of the last full run. A doc marks each generated block with a pair of comments:
//   <!-- bench:<suite> --> … <!-- /bench:<suite> -->   the suite's result rows as a table
//   <!-- bench:run --> … <!-- /bench:run -->           when, where and from which commit
//   <!-- bench:capacity --> … <!-- /bench:capacity --> every suite's throughput (the `capacity`
//                                                      rows its run returned), per core
// Everything between a pair is replaced; the prose around it is the author's.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../../scripts/lib/stack.mjs';

export const docFiles = ['docs/performance.md', 'docs/capacity.md'];

const cell = (v) => String(v ?? '').replaceAll('|', '\\|');

/** A Markdown table of rows (objects with the same keys). */
export function markdownTable(rows) {
  if (!rows?.length) return '(no rows)';
  const keys = Object.keys(rows[0]);
  return [
    `| ${keys.map(cell).join(' | ')} |`,
    `| ${keys.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${keys.map((k) => cell(r[k])).join(' | ')} |`),
  ].join('\n');
}

/** The generated text of every block name, from the result files of one run (of `suites` only:
 * a file left by another suite, a removed or a scratch one, never reaches the docs). */
export function blocks(resultsDir, suites) {
  const results = readdirSync(resultsDir).filter((f) => f.endsWith('.json') && suites.includes(f.replace(/\.json$/, '')))
    .map((f) => JSON.parse(readFileSync(join(resultsDir, f), 'utf8')));
  const out = {};
  for (const r of results) out[r.suite] = markdownTable(r.rows);
  const first = results.map((r) => r.date).sort()[0];
  const r0 = results[0];
  out.run = r0 ? `Last run: ${first.slice(0, 16).replace('T', ' ')} UTC, commit \`${r0.commit}\`, ${r0.machine}; `
    + `suites took ${results.map((r) => `${r.suite} ${r.seconds} s`).join(', ')}.` : '(no run yet)';
  const cores = Number.parseInt(r0?.machine ?? '1', 10) || 1;
  const capacity = results.flatMap((r) => (r.capacity ?? []).map((c) => ({
    operation: c.operation, suite: r.suite, clients: c.clients, [`per second (${cores} cores)`]: c.perSecond,
    'per core per second': Math.round(c.perSecond / cores),
  })));
  out.capacity = markdownTable(capacity);
  return out;
}

/** Rewrites every marked block of the docs from the results of `suites`; returns the files changed. */
export function writeDocs(resultsDir, suites) {
  const text = blocks(resultsDir, suites);
  const changed = [];
  for (const file of docFiles) {
    const path = join(root, file);
    const before = readFileSync(path, 'utf8');
    const after = before.replace(/<!-- bench:([\w-]+) -->\n[\s\S]*?<!-- \/bench:\1 -->/g, (whole, name) =>
      (name in text ? `<!-- bench:${name} -->\n${text[name]}\n<!-- /bench:${name} -->` : whole));
    if (after !== before) {
      writeFileSync(path, after);
      changed.push(file);
    }
  }
  return changed;
}
