// POST /functions/v1/account-delete: the signed-in user deletes their own account, for good.
// The auth user is deleted in SQL (our foreign keys apply the content policy, see
// docs/auth-and-profiles.md), then the avatar files are removed through the Storage API with the
// service role; when Storage cannot be reached they are queued for removal and the account is
// still deleted. A banned user may delete their account too (right to erasure).
import { requireUser } from '../_shared/auth.ts';
import { sql } from '../_shared/db.ts';
import { HttpError } from '../_shared/errors.ts';
import { handle, json } from '../_shared/http.ts';
import { removeFiles } from '../_shared/storage.ts';

Deno.serve(handle(async (req) => {
  if (req.method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'Use POST.');
  const user = await requireUser(req);
  const [{ files }] = await sql<{ files: string[] }[]>`select private.delete_account(${user.userId}) as files`;
  const failure = await removeFiles('avatars', files);
  if (failure) {
    await sql`
      insert into private.pending_storage_deletions (bucket_id, name, reason)
      select 'avatars', unnest(${files}::text[]), ${failure}
      on conflict on constraint pending_storage_deletions_object_key do nothing`;
  }
  return json({
    deleted: true,
    files_removed: failure ? 0 : files.length,
    files_pending: failure ? files.length : 0,
  });
}));
