// Supabase's linter (`supabase db advisors`, the Security and Performance Advisors of Studio) run
// by the real CLI against a database URL; returns its findings (level, name, detail).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './stack.mjs';

export function advisorFindings(dbUrl) {
  const result = spawnSync(join(root, 'node_modules/.bin/supabase'), [
    'db', 'advisors', `--remote=${dbUrl}`, '--type', 'all', '--level', 'info', '--output-format', 'json',
  ], { cwd: root, encoding: 'utf8', env: { ...process.env, PGSSLMODE: 'disable', NO_COLOR: '1' } });
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    throw new Error(`supabase db advisors failed:\n${result.stdout}${result.stderr}`);
  }
  return report.results.map((r) => ({ level: r.level, name: r.name, detail: r.detail }));
}
