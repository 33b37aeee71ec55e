import { writeFileSync } from 'node:fs';
import { buildDatabase } from './scripts/lib/stack.mjs';
import { throwawayCluster } from './scripts/lib/throwaway.mjs';
const cluster = await throwawayCluster();
buildDatabase(cluster.urls, { seed: false });
writeFileSync('/tmp/offline_scratch/url', cluster.urls.db);
console.log('ready', cluster.urls.db);
process.on('SIGTERM', () => { cluster.dispose(); process.exit(0); });
setInterval(() => {}, 1 << 30);
