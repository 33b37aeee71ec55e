// The settings of a running local stack, named as `supabase status -o env` and the edge runtime
// name them, built from supabase/local/keys.json (the same keys `supabase start` uses).
import { keys } from './stack.mjs';

/** SUPABASE_JWKS: the public ES256 key plus the JWT secret as an `oct` key, as the CLI hands it out. */
export function jwks() {
  const { d: _private, key_ops: _ops, ...publicKey } = keys.signing_key;
  return JSON.stringify({
    keys: [{ ...publicKey, key_ops: ['verify'] }, { kty: 'oct', k: Buffer.from(keys.jwt_secret).toString('base64url') }],
  });
}

/** What `supabase status -o env` prints, for the Docker-free stack on these ports. */
export function statusEnv({ apiPort, dbPort }) {
  const api = `http://127.0.0.1:${apiPort}`;
  return {
    ANON_KEY: keys.anon_key,
    API_URL: api,
    DB_URL: `postgresql://postgres:postgres@127.0.0.1:${dbPort}/postgres`,
    FUNCTIONS_URL: `${api}/functions/v1`,
    JWT_SECRET: keys.jwt_secret,
    PUBLISHABLE_KEY: keys.publishable_key,
    SECRET_KEY: keys.secret_key,
    SERVICE_ROLE_KEY: keys.service_role_key,
  };
}

/** The environment the edge runtime gives functions, for the Docker-free stack. */
export function functionsEnv({ apiPort, dbPort }) {
  const status = statusEnv({ apiPort, dbPort });
  return {
    SUPABASE_URL: status.API_URL,
    SUPABASE_ANON_KEY: keys.anon_key,
    SUPABASE_SERVICE_ROLE_KEY: keys.service_role_key,
    SUPABASE_DB_URL: status.DB_URL,
    SUPABASE_JWKS: jwks(),
    SUPABASE_PUBLISHABLE_KEYS: JSON.stringify({ default: keys.publishable_key }),
    SUPABASE_SECRET_KEYS: JSON.stringify({ default: keys.secret_key }),
  };
}

/** dotenv lines, sorted, values double-quoted, like `supabase status -o env`. */
export function toDotenv(vars) {
  return Object.keys(vars).sort().map((name) => `${name}="${vars[name]}"`).join('\n');
}
