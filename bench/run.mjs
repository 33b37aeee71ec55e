// npm run bench [suite …]: every suite of bench/suites (or those named) on a throwaway cluster
// built from the migrations (no seed), each generating its own data from a fixed seed.
// A suite exports `name`, `description` and `run(ctx)`; ctx gives postgres.js connections and the
// measuring helpers of bench/lib/measure.mjs. Results go to bench/results/<suite>.json and a table
// is printed; docs/performance.md summarises them.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import postgres from 'postgres';
import { buildDatabase, root } from '../scripts/lib/stack.mjs';
import { throwawayCluster } from '../scripts/lib/throwaway.mjs';
import { formatTable } from './lib/measure.mjs';

const wanted = process.argv.slice(2);
const suitesDir = join(root, 'bench/suites');
const suites = readdirSync(suitesDir).filter((f) => f.endsWith('.mjs')).sort()
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.mjs$/, '')));

const cluster = await throwawayCluster();
const sql = postgres(cluster.urls.db, { max: 4, onnotice: () => {} });
try {
  buildDatabase(cluster.urls, { seed: false });
  for (const file of suites) {
    const suite = await import(pathToFileURL(join(suitesDir, file)).href);
    console.log(`\n=== ${suite.name}: ${suite.description}`);
    const started = Date.now();
    const rows = await suite.run({ sql, urls: cluster.urls, port: cluster.port });
    console.log(formatTable(rows));
    const result = {
      suite: suite.name, description: suite.description, machine: `${(await import('node:os')).cpus().length} cores`,
      date: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000), rows,
    };
    writeFileSync(join(root, 'bench/results', `${file.replace(/\.mjs$/, '')}.json`), `${JSON.stringify(result, null, 2)}\n`);
  }
} finally {
  await sql.end();
  cluster.dispose();
}
