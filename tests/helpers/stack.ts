// Test helpers shared by the Deno HTTP tests (supabase/functions/tests) and the vitest client tests
// (tests/): connections to the stack that `npm test` started, users created the way Auth creates
// them, access tokens minted as local Auth mints them, and supabase-js clients acting as a user.
// Every test creates its own users (random identifiers) and never relies on the seed.
import process from 'node:process';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import postgres from 'postgres';
import { mintAccessToken } from '../../supabase/local/tokens.ts';

function setting(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through \`npm test\``);
  return value;
}

export const stack = {
  apiUrl: setting('API_URL'),
  functionsUrl: setting('FUNCTIONS_URL'),
  anonKey: setting('ANON_KEY'),
  serviceRoleKey: setting('SERVICE_ROLE_KEY'),
  dbUrl: setting('DB_URL'),
};

/** The database as `postgres` (what migrations, Studio and edge functions use: RLS bypassed). */
export const db = postgres(stack.dbUrl, { max: 8, onnotice: () => {} });
/** The database as `supabase_auth_admin` (what Supabase Auth uses: mints tokens through the hook). */
const authDb = postgres(setting('AUTH_DB_URL'), { max: 2, onnotice: () => {} });

export type TestUser = { id: string; email: string; token: string; client: SupabaseClient };

/** A unique identifier for this test run, so that files never collide. */
export const unique = (prefix: string) => `${prefix}_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;

/** A supabase-js client that sends `token` (a user's access token, or by default the anon key). */
export function clientWith(token = stack.anonKey): SupabaseClient {
  return createClient(stack.apiUrl, stack.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: { headers: { Authorization: `Bearer ${token}` } },
  });
}

/** Creates a confirmed user through the `tests.create_user` SQL helper and signs them in. */
export async function createUser(metadata: Record<string, unknown> = {}): Promise<TestUser> {
  const identifier = unique('user');
  const [{ id }] = await db`select tests.create_user(${identifier}, ${db.json(metadata as postgres.JSONValue)}) as id`;
  const token = await signIn(id);
  return { id, email: `${identifier}@test.local`, token, client: clientWith(token) };
}

/** A fresh access token for an existing user, minted as local Supabase Auth would. */
export function signIn(userId: string, options: { expiresIn?: number } = {}): Promise<string> {
  return mintAccessToken(authDb, userId, options);
}

/** A separate database connection, like one phone talking to the API: for concurrency tests. */
export function connection(): postgres.Sql {
  return postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
}

/**
 * Runs `work` in one transaction on `conn` as the user, exactly as PostgREST runs a request
 * (`set local role authenticated` + `request.jwt.claims` from tests.access_token_claims).
 */
export function actAs<T>(conn: postgres.Sql, userId: string, work: (tx: postgres.TransactionSql) => Promise<T>): Promise<T> {
  return conn.begin(async (tx) => {
    await tx`select set_config('request.jwt.claims', tests.access_token_claims(${userId})::text, true),
                    set_config('role', 'authenticated', true)`;
    return await work(tx);
  }) as Promise<T>;
}

/**
 * A race with a known leader, without guessing delays: `leader` runs in a transaction on `conn` as the
 * user and then holds it open (its locks taken, nothing committed) for `holdMs`; `follower` starts
 * as soon as the leader's statements have run, so it arrives while they are held (on a very slow
 * machine, possibly just after the commit: what it must find is the same). Settles both, leader first.
 */
export async function leaderThenFollower<A, B>(
  conn: postgres.Sql,
  userId: string,
  leader: (tx: postgres.TransactionSql) => Promise<A>,
  follower: () => Promise<B>,
  holdMs = 300,
): Promise<[PromiseSettledResult<A>, PromiseSettledResult<B>]> {
  let ran!: () => void;
  const leaderRan = new Promise<void>((resolve) => (ran = resolve));
  const first = actAs(conn, userId, async (tx) => {
    const value = await leader(tx);
    ran();
    await tx`select pg_sleep(${holdMs / 1000})`;
    return value;
  });
  await Promise.race([leaderRan, first.catch(() => undefined)]);
  const second = follower();
  return Promise.all([Promise.allSettled([first]), Promise.allSettled([second])]).then(([[a], [b]]) => [a, b]);
}

/** Closes the test connections (call once at the end of a test file). */
export async function closeStack(): Promise<void> {
  await Promise.all([db.end(), authDb.end()]);
}
