// POST /functions/v1/storage-cleanup {max?}: removes queued files (private.pending_storage_deletions)
// through the Storage API. Called every minute by the storage-cleanup job (pg_cron → pg_net, with
// the service key from Vault) and usable by staff with the service key; nobody else.
import { z } from 'zod';
import { requireServiceRole } from '../_shared/auth.ts';
import { refuse } from '../_shared/errors.ts';
import { handle, json, readBody } from '../_shared/http.ts';
import { drainStorageDeletions } from '../_shared/storage.ts';

const body = z.strictObject({ max: z.number().int().min(1).max(1000).default(200) });

Deno.serve(handle(async (req) => {
  if (req.method !== 'POST') throw refuse('method_not_allowed');
  await requireServiceRole(req);
  const { max } = await readBody(req, body);
  return json(await drainStorageDeletions(max));
}));
