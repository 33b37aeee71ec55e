// The TypeScript test helpers mint access tokens the way local Supabase Auth does, and supabase-js
// reaches the edge functions through functions.invoke exactly as the Flutter app does.
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { closeStack, clientWith, createUser } from './helpers/stack.ts';
import keys from '../supabase/local/keys.json' with { type: 'json' };

afterAll(closeStack);

/** The public half of the local signing key, as /auth/v1/.well-known/jwks.json publishes it. */
const { d: _private, key_ops: _ops, ...publicKey } = keys.signing_key;
const signingKeys = createLocalJWKSet({ keys: [{ ...publicKey, key_ops: ['verify'] }] });

describe('access tokens minted for tests', () => {
  it('are ES256 with the local signing kid and verify against the published JWKS', async () => {
    const user = await createUser();
    const header = decodeProtectedHeader(user.token);
    expect(header).toEqual({ alg: 'ES256', kid: keys.signing_key.kid, typ: 'JWT' });
    const { payload } = await jwtVerify(user.token, signingKeys);
    expect(payload.sub).toBe(user.id);
  });

  it('carry every claim Supabase Auth puts in a user access token', async () => {
    const user = await createUser();
    const { payload } = await jwtVerify(user.token, signingKeys);
    for (const claim of ['iss', 'sub', 'aud', 'exp', 'iat', 'email', 'phone', 'app_metadata', 'user_metadata', 'role', 'aal', 'amr', 'session_id', 'is_anonymous']) {
      expect(payload, `claim ${claim}`).toHaveProperty(claim);
    }
    expect(payload).toMatchObject({ aud: 'authenticated', role: 'authenticated', aal: 'aal1', iss: keys.issuer, email: user.email });
    expect(payload.exp! - payload.iat!).toBe(keys.jwt_expiry_seconds);
  });
});

describe('functions.invoke', () => {
  it('reaches health with the anon key, as the app does before sign-in', async () => {
    const { data, error } = await clientWith().functions.invoke('health', { method: 'GET' });
    expect(error).toBeNull();
    expect(data).toMatchObject({ status: 'ok', database: { reachable: true } });
  });
});
