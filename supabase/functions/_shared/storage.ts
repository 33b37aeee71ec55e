// Removing stored files, the one way: files are queued in SQL (private.enqueue_storage_deletion,
// in the transaction that orphans them) and removed here with the Storage API as the service role.
// drainStorageDeletions() claims a batch (skip locked: concurrent drainers never share a file),
// removes it bucket by bucket with retries, and records the outcome; failures wait and are retried
// by the storage-cleanup job.
import { createClient } from '@supabase/supabase-js';
import type { Database } from './database.ts';
import { sql } from './db.ts';
import { withRetry } from './retry.ts';

const admin = createClient<Database>(Deno.env.get('SUPABASE_URL') ?? '', Deno.env.get('SUPABASE_SERVICE_ROLE_KEY') ?? '', {
  auth: { persistSession: false, autoRefreshToken: false },
  global: { fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(5000) }) },
});

type Claimed = { id: string; bucket_id: string; name: string };
export type DrainResult = { claimed: number; removed: number; failed: number };

/** Works off up to `max` queued files; returns how many were claimed, removed and left for later. */
export async function drainStorageDeletions(max = 100): Promise<DrainResult> {
  const claimed = await sql<Claimed[]>`select id, bucket_id, name from private.claim_storage_deletions(${max})`;
  const byBucket = Map.groupBy(claimed, (row) => row.bucket_id);
  const removed: string[] = [];
  const failed: string[] = [];
  const errors: string[] = [];
  for (const [bucket, rows] of byBucket) {
    try {
      await withRetry(async () => {
        const { error } = await admin.storage.from(bucket).remove(rows.map((row) => row.name));
        if (error) throw error;
      });
      removed.push(...rows.map((row) => row.id));
    } catch (error) {
      failed.push(...rows.map((row) => row.id));
      errors.push(`${bucket}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (claimed.length > 0) {
    await sql`select private.settle_storage_deletions(${removed}::bigint[], ${failed}::bigint[], ${errors.join('; ') || null})`;
  }
  return { claimed: claimed.length, removed: removed.length, failed: failed.length };
}
