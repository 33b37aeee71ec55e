// npm run types: regenerates, from a database built from the migrations, types/database.types.ts
// (Supabase CLI `supabase gen types`) and the error catalogue the app bundles and the functions
// import (supabase/functions/_shared/error-codes.json). npm test fails when either is stale.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDatabase, errorCodesFile, exportErrorCodes, generateTypes, root } from './lib/stack.mjs';
import { throwawayCluster } from './lib/throwaway.mjs';

const cluster = await throwawayCluster();
try {
  buildDatabase(cluster.urls, { seed: false });
  writeFileSync(join(root, 'types/database.types.ts'), generateTypes(cluster.urls.db));
  writeFileSync(errorCodesFile, exportErrorCodes(cluster.urls.db));
  console.log('types/database.types.ts and supabase/functions/_shared/error-codes.json regenerated');
} finally {
  cluster.dispose();
}
