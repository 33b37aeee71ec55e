// npm run types: regenerates types/database.types.ts from a database built from the migrations,
// with the Supabase CLI (`supabase gen types`). npm test fails when the committed file is stale.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDatabase, generateTypes, root } from './lib/stack.mjs';
import { throwawayCluster } from './lib/throwaway.mjs';

const cluster = await throwawayCluster();
try {
  buildDatabase(cluster.urls, { seed: false });
  writeFileSync(join(root, 'types/database.types.ts'), generateTypes(cluster.urls.db));
  console.log('types/database.types.ts regenerated');
} finally {
  cluster.dispose();
}
