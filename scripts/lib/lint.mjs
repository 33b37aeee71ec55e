// `supabase db lint`: plpgsql_check type-checks every plpgsql function of our schemas (ambiguous
// column references, missing columns, wrong types) without running them.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './stack.mjs';

export function plpgsqlIssues(dbUrl, schemas = ['public', 'private']) {
  const result = spawnSync(join(root, 'node_modules/.bin/supabase'), [
    'db', 'lint', `--remote=${dbUrl}`, '--schema', schemas.join(','), '--level', 'warning', '--output-format', 'json',
  ], { cwd: root, encoding: 'utf8', env: { ...process.env, PGSSLMODE: 'disable', NO_COLOR: '1' } });
  const text = result.stdout.trim();
  if (result.status !== 0 && !text.startsWith('[')) throw new Error(`supabase db lint failed:\n${result.stdout}${result.stderr}`);
  if (text === '' || !text.startsWith('[')) return [];
  return JSON.parse(text).flatMap((fn) =>
    fn.issues.map((issue) => ({ function: fn.function, level: issue.level, message: issue.message }))
  );
}
