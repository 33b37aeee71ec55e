// Mints user access tokens exactly as local Supabase Auth (GoTrue) does: the same claims, passed
// through public.custom_access_token_hook when it exists (called as supabase_auth_admin, like
// Auth), signed ES256 with the local signing key and its `kid`. Used by the local functions server
// (demo tokens) and by the TypeScript tests. Local only.
import { importJWK, SignJWT } from 'jose';
import type postgres from 'postgres';
import keys from './keys.json' with { type: 'json' };

/** Builds, hooks and signs an access token for an existing auth.users row. `sql` connects as supabase_auth_admin. */
export async function mintAccessToken(
  sql: postgres.Sql,
  userId: string,
  { expiresIn = keys.jwt_expiry_seconds, method = 'password' } = {},
): Promise<string> {
  const [user] = await sql`
    select id, email, phone, raw_app_meta_data, raw_user_meta_data, is_anonymous
    from auth.users where id = ${userId}`;
  if (!user) throw new Error(`no auth user ${userId}`);
  const now = Math.floor(Date.now() / 1000);
  let claims: Record<string, unknown> = {
    iss: keys.issuer,
    sub: user.id,
    aud: 'authenticated',
    exp: now + expiresIn,
    iat: now,
    email: user.email ?? '',
    phone: user.phone ?? '',
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    role: 'authenticated',
    aal: 'aal1',
    amr: [{ method, timestamp: now }],
    session_id: crypto.randomUUID(),
    is_anonymous: user.is_anonymous ?? false,
  };
  const [{ hooked }] = await sql`
    select to_regprocedure('public.custom_access_token_hook(jsonb)') is not null as hooked`;
  if (hooked) {
    const event = { user_id: user.id, claims, authentication_method: method };
    const [{ result }] = await sql`select public.custom_access_token_hook(${sql.json(event as postgres.JSONValue)}) as result`;
    if (result.error) throw new Error(`custom_access_token_hook refused: ${result.error.message}`);
    claims = result.claims;
  }
  const key = await importJWK({ ...keys.signing_key, key_ops: ['sign'] }, 'ES256');
  return await new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: keys.signing_key.kid, typ: 'JWT' })
    .sign(key);
}
