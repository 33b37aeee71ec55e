// POST /functions/v1/account-delete: the signed-in user deletes their own account, for good.
// private.delete_account() removes or anonymises everything in one transaction (see
// docs/auth-and-profiles.md) and queues the account's stored files for removal; the files are then
// removed at once through the Storage API, and whatever Storage could not take now is retried by
// the storage-cleanup job. A banned user may delete their account too (right to erasure).
import { requireUser } from '../_shared/auth.ts';
import { sql } from '../_shared/db.ts';
import { refuse } from '../_shared/errors.ts';
import { handle, json } from '../_shared/http.ts';
import { drainStorageDeletions } from '../_shared/storage.ts';

Deno.serve(handle(async (req) => {
  if (req.method !== 'POST') throw refuse('method_not_allowed');
  const user = await requireUser(req);
  const [{ files }] = await sql<{ files: string[] }[]>`select private.delete_account(${user.userId}) as files`;
  const drained = files.length > 0 ? await drainStorageDeletions(files.length + 50) : null;
  const [{ pending }] = await sql<{ pending: number }[]>`
    select count(*)::int as pending from private.pending_storage_deletions where name = any(${files}::text[])`;
  return json({ deleted: true, files_removed: files.length - pending, files_pending: pending, drained });
}));
