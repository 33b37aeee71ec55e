// Verifies access tokens the way Supabase does: HS256 with the project's JWT secret, ES256 / RS256
// with the project's signing keys; both are published in SUPABASE_JWKS (the secret as an `oct` key).
// Only the signature and `exp` are checked, as the edge runtime's verify_jwt does.
import { base64url, createLocalJWKSet, type JWK, type JWTPayload, jwtVerify } from 'jose';

/** The claims of a verified Supabase token (a user's access token, or the anon / service_role key). */
export type Claims = JWTPayload & { role?: string; email?: string; user_role?: string };

const jwks: { keys: JWK[] } = JSON.parse(Deno.env.get('SUPABASE_JWKS') ?? '{"keys":[]}');
const secrets = jwks.keys.filter((key) => key.kty === 'oct' && key.k).map((key) => base64url.decode(key.k!));
const signingKeys = createLocalJWKSet({ keys: jwks.keys.filter((key) => key.kty !== 'oct') });

/** Returns the claims of a valid token; throws when the signature or the expiry is wrong. */
export async function verifyAccessToken(token: string): Promise<Claims> {
  if (token.split('.').length !== 3) throw new Error('not a JWT');
  const header = JSON.parse(new TextDecoder().decode(base64url.decode(token.split('.')[0])));
  if (header.alg === 'HS256') {
    for (const secret of secrets) {
      try {
        return (await jwtVerify(token, secret, { algorithms: ['HS256'] })).payload as Claims;
      } catch { /* try the next secret */ }
    }
    throw new Error('HS256 signature not verified');
  }
  return (await jwtVerify(token, signingKeys, { algorithms: ['ES256', 'RS256'] })).payload as Claims;
}
