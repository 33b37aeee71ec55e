// The Storage API as the service role, for functions that must remove files on the server side.
// Each call times out after 5 s; SQL cannot delete files (the platform refuses direct deletes).
import { createClient } from '@supabase/supabase-js';
import { withRetry } from './retry.ts';

const admin = createClient(Deno.env.get('SUPABASE_URL') ?? '', Deno.env.get('SUPABASE_SERVICE_ROLE_KEY') ?? '', {
  auth: { persistSession: false, autoRefreshToken: false },
  global: { fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(5000) }) },
});

/** Removes files with retries; returns the error message when the Storage API kept failing. */
export async function removeFiles(bucket: string, paths: string[]): Promise<string | null> {
  if (paths.length === 0) return null;
  try {
    await withRetry(async () => {
      const { error } = await admin.storage.from(bucket).remove(paths);
      if (error) throw error;
    });
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
