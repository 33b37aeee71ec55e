// Who is calling: a signed-in user (verified access token), the service role, or anon (the anon
// key, a publishable key, or no token at all). Functions pass the caller to asCaller() and let the
// database decide what the caller may do.
import { HttpError } from './errors.ts';
import { type Claims, verifyAccessToken } from './jwt.ts';

export type Caller =
  | { role: 'anon'; claims: Claims }
  | { role: 'authenticated'; userId: string; claims: Claims }
  | { role: 'service_role'; claims: Claims };

/** Reads `Authorization: Bearer …`; a present but invalid JWT is a 401 `invalid_token`. */
export async function getCaller(req: Request): Promise<Caller> {
  const token = req.headers.get('Authorization')?.replace(/^Bearer\s+/i, '').trim();
  if (!token || token.startsWith('sb_publishable_')) return { role: 'anon', claims: { role: 'anon' } };
  let claims: Claims;
  try {
    claims = await verifyAccessToken(token);
  } catch {
    throw new HttpError('invalid_token');
  }
  if (claims.role === 'authenticated' && typeof claims.sub === 'string') {
    return { role: 'authenticated', userId: claims.sub, claims };
  }
  if (claims.role === 'service_role') return { role: 'service_role', claims };
  if (claims.role === 'anon') return { role: 'anon', claims };
  throw new HttpError('invalid_token');
}

/** The caller, who must be a signed-in user: 401 `not_signed_in` otherwise. */
export async function requireUser(req: Request): Promise<Extract<Caller, { role: 'authenticated' }>> {
  const caller = await getCaller(req);
  if (caller.role !== 'authenticated') throw new HttpError('not_signed_in');
  return caller;
}

/** The caller, who must hold the service role key (scheduled jobs, database webhooks): 403 otherwise. */
export async function requireServiceRole(req: Request): Promise<Extract<Caller, { role: 'service_role' }>> {
  const caller = await getCaller(req);
  if (caller.role !== 'service_role') throw new HttpError('forbidden');
  return caller;
}
