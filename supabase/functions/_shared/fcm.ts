// Firebase Cloud Messaging, HTTP v1 API: one message per request, authorised by an OAuth2 access
// token obtained with the Firebase project's service-account key (an RS256 JWT signed with the
// key, exchanged at Google's token endpoint) and cached until a minute before it expires. Settings
// are the function's secrets (docs/push.md):
//   FCM_SERVICE_ACCOUNT     the service-account JSON key (Firebase console → Project settings →
//                           Service accounts → Generate new private key)
//   FCM_BASE_URL            default https://fcm.googleapis.com (the tests point it at a fake)
//   GOOGLE_OAUTH_TOKEN_URL  default the key's token_uri, else https://oauth2.googleapis.com/token
// send() retries a few times within the call on 429/5xx when the wait fits (Retry-After honoured)
// and classifies FCM's final answer into what the outbox does with the push.
import { importPKCS8, SignJWT } from 'jose';
import { z } from 'zod';
import { refuse } from './errors.ts';

const serviceAccountSchema = z.object({
  project_id: z.string().min(1),
  client_email: z.string().min(1),
  private_key: z.string().min(1),
  private_key_id: z.string().optional(),
  token_uri: z.url().optional(),
});
type ServiceAccount = z.infer<typeof serviceAccountSchema>;

/** What the outbox does with a push after one send. */
export type SendOutcome =
  | { result: 'sent' }
  | { result: 'retry'; retry_after_s?: number; error: string }
  | { result: 'dead_token'; error: string }
  | { result: 'failed'; error: string };

type Answer = { status: number; retryAfterS?: number; body: FcmErrorBody | null; error?: string };
type FcmErrorBody = {
  error?: {
    status?: string;
    message?: string;
    details?: { '@type'?: string; errorCode?: string; fieldViolations?: { field?: string }[] }[];
  };
};

const scope = 'https://www.googleapis.com/auth/firebase.messaging';
const requestTimeoutMs = 10_000;
const maxInlineWaitMs = 10_000;
const maxAttemptsPerCall = 3;
const transient = new Set([429, 500, 502, 503, 504]);

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), if there is one. */
function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** FCM's answer → what to do. Dead tokens: UNREGISTERED, SENDER_ID_MISMATCH, INVALID_ARGUMENT about the token. */
function classify(answer: Answer): SendOutcome {
  if (answer.status >= 200 && answer.status < 300) return { result: 'sent' };
  const details = answer.body?.error?.details ?? [];
  const fcmCode = details.find((d) => d.errorCode)?.errorCode ?? answer.body?.error?.status ?? '';
  const error = `${answer.status} ${fcmCode} ${answer.body?.error?.message ?? answer.error ?? ''}`.trim();
  if (answer.status === 0 || transient.has(answer.status)) {
    return {
      result: 'retry',
      error,
      ...(answer.retryAfterS !== undefined ? { retry_after_s: answer.retryAfterS } : {}),
    };
  }
  if (fcmCode === 'UNREGISTERED' || fcmCode === 'SENDER_ID_MISMATCH') return { result: 'dead_token', error };
  if (fcmCode === 'INVALID_ARGUMENT') {
    // The same code also reports a malformed message: only a complaint about the token kills it.
    const fields = details.flatMap((d) => d.fieldViolations ?? []).map((v) => v.field ?? '');
    return fields.some((field) => field !== 'message.token')
      ? { result: 'failed', error }
      : { result: 'dead_token', error };
  }
  if (answer.status === 401) return { result: 'retry', error };
  return { result: 'failed', error };
}

export class Fcm {
  readonly sendUrl: string;
  readonly tokenUrl: string;
  #key: Promise<CryptoKey> | null = null;
  #token: { value: string; expiresAt: number } | null = null;
  #pending: Promise<string> | null = null;

  constructor(readonly account: ServiceAccount, fcmBaseUrl: string, tokenUrl: string) {
    this.sendUrl = `${fcmBaseUrl.replace(/\/+$/, '')}/v1/projects/${
      encodeURIComponent(account.project_id)
    }/messages:send`;
    this.tokenUrl = tokenUrl;
  }

  /** A valid access token: the cached one until a minute before it expires, else a new one (one request at a time). */
  accessToken(): Promise<string> {
    if (this.#token && Date.now() < this.#token.expiresAt - 60_000) return Promise.resolve(this.#token.value);
    this.#pending ??= this.#fetchToken().finally(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  async #fetchToken(): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({ scope })
      .setProtectedHeader({
        alg: 'RS256',
        typ: 'JWT',
        ...(this.account.private_key_id ? { kid: this.account.private_key_id } : {}),
      })
      .setIssuer(this.account.client_email)
      .setSubject(this.account.client_email)
      .setAudience(this.tokenUrl)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(await (this.#key ??= importPKCS8(this.account.private_key, 'RS256')));
    const response = await fetch(this.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }),
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`OAuth token endpoint answered ${response.status}: ${text.slice(0, 200)}`);
    }
    const { access_token, expires_in } = JSON.parse(text) as { access_token?: string; expires_in?: number };
    if (!access_token || typeof expires_in !== 'number') {
      throw new Error('OAuth token endpoint gave no access_token / expires_in');
    }
    this.#token = { value: access_token, expiresAt: Date.now() + expires_in * 1000 };
    return access_token;
  }

  #forget(token: string) {
    if (this.#token?.value === token) this.#token = null;
  }

  async #post(message: unknown): Promise<Answer> {
    let token: string;
    try {
      token = await this.accessToken();
    } catch (error) {
      return {
        status: 0,
        body: null,
        error: `oauth: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    const attempt = async (bearer: string): Promise<Answer> => {
      try {
        const response = await fetch(this.sendUrl, {
          method: 'POST',
          headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(message),
          signal: AbortSignal.timeout(requestTimeoutMs),
        });
        const text = await response.text();
        let body: FcmErrorBody | null = null;
        try {
          body = text ? JSON.parse(text) : null;
        } catch { /* not JSON: keep the status */ }
        return {
          status: response.status,
          retryAfterS: parseRetryAfter(response.headers.get('Retry-After')),
          body,
        };
      } catch (error) {
        return { status: 0, body: null, error: error instanceof Error ? error.message : String(error) };
      }
    };
    const answer = await attempt(token);
    if (answer.status !== 401) return answer;
    // The token was revoked or expired early: fetch a new one once.
    this.#forget(token);
    try {
      return await attempt(await this.accessToken());
    } catch (error) {
      return {
        status: 0,
        body: null,
        error: `oauth: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }

  /** Sends one message; on 429/5xx waits (Retry-After, else 0.5 s, 1 s) and tries again while that fits before `deadline`. */
  async send(message: unknown, deadline: number): Promise<SendOutcome> {
    for (let attempt = 1;; attempt++) {
      const outcome = classify(await this.#post(message));
      if (outcome.result !== 'retry') return outcome;
      const waitMs = (outcome.retry_after_s ?? 0.5 * 2 ** (attempt - 1)) * 1000;
      if (attempt >= maxAttemptsPerCall || waitMs > maxInlineWaitMs || Date.now() + waitMs > deadline) {
        return outcome;
      }
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

let configured: Fcm | undefined;

/** The FCM client from the function's secrets; 503 `push_not_configured` without a usable key. */
export function fcmFromEnv(): Fcm {
  if (configured) return configured;
  const raw = Deno.env.get('FCM_SERVICE_ACCOUNT');
  if (!raw) throw refuse('push_not_configured');
  let account: ServiceAccount;
  try {
    account = serviceAccountSchema.parse(JSON.parse(raw));
  } catch {
    console.error(
      'push: FCM_SERVICE_ACCOUNT is not a service-account JSON key (project_id, client_email, private_key)',
    );
    throw refuse('push_not_configured');
  }
  configured = new Fcm(
    account,
    Deno.env.get('FCM_BASE_URL') || 'https://fcm.googleapis.com',
    Deno.env.get('GOOGLE_OAUTH_TOKEN_URL') || account.token_uri || 'https://oauth2.googleapis.com/token',
  );
  return configured;
}
