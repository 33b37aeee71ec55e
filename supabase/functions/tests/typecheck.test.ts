// Every edge function type-checks (`deno check`) against the generated database types
// (types/database.types.ts, through _shared/database.ts): rows and enums the functions read from
// public tables are typed by the schema, so a column or enum value that changes in a migration
// (and `npm run types`) breaks the function here, not in production. The functions server runs
// them without checking types, so this is the check.
import { assertEquals } from './assert.ts';

const functionsDir = new URL('..', import.meta.url);

Deno.test('every edge function type-checks against the generated database types', async () => {
  const entries = [];
  for await (const entry of Deno.readDir(functionsDir)) {
    if (entry.isDirectory && !entry.name.startsWith('_') && entry.name !== 'tests') entries.push(`${entry.name}/index.ts`);
  }
  const check = await new Deno.Command(Deno.execPath(), {
    args: ['check', '--config', 'deno.json', ...entries.sort()],
    cwd: functionsDir,
    stdout: 'piped',
    stderr: 'piped',
  }).output();
  const output = new TextDecoder().decode(check.stderr).replace(/\x1b\[[0-9;]*m/g, '');
  assertEquals(check.code, 0, output);
});
