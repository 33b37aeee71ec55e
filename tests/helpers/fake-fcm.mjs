// A local fake of Firebase Cloud Messaging's HTTP v1 API and of Google's OAuth2 token endpoint,
// started by the push tests (supabase/functions/tests/push-send.test.ts) and the push benchmark
// (bench/suites/push.mjs); plain JavaScript so that both Deno and Node load it. It
// - makes a service-account key of its own (RSA, new per start) to give push-send as
//   FCM_SERVICE_ACCOUNT, with GOOGLE_OAUTH_TOKEN_URL = tokenUrl and FCM_BASE_URL = url;
// - at POST /token checks the JWT-bearer grant as Google does (RS256 signature by that key, kid,
//   iss, aud = the token URL, the firebase.messaging scope, at most an hour of lifetime) and issues
//   an access token that expires;
// - at POST /v1/projects/<project id>/messages:send accepts only an access token it issued (not
//   expired, not revoked: 401 otherwise), checks the v1 message format (exactly one target, string
//   data values, the android / apns fields and their types; unknown fields are refused as FCM's
//   protobuf parser refuses them) and answers scripted failures per registration token (429 with
//   Retry-After, 500, 503, UNREGISTERED, INVALID_ARGUMENT about the token or about a field), else 200.
import { createServer } from 'node:http';
import { exportPKCS8, exportSPKI, generateKeyPair, importSPKI, jwtVerify } from 'jose';

const scope = 'https://www.googleapis.com/auth/firebase.messaging';
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Field violations of an FCM v1 send body (empty when the body is well formed). */
export function messageViolations(body) {
  const violations = [];
  const bad = (field, description) => violations.push({ field, description });
  const only = (value, path, allowed) => {
    for (const key of Object.keys(value)) if (!allowed.includes(key)) bad(`${path}.${key}`, `Unknown name "${key}"`);
  };
  const string = (value, path) => value === undefined || typeof value === 'string' || bad(path, 'must be a string');
  const stringMap = (value, path) => {
    if (value === undefined) return;
    if (!isObject(value)) return bad(path, 'must be a map of strings');
    for (const [key, item] of Object.entries(value)) if (typeof item !== 'string') bad(`${path}.${key}`, 'must be a string');
  };
  if (!isObject(body)) return [{ field: '(body)', description: 'must be an object' }];
  only(body, '(body)', ['message', 'validate_only']);
  const message = body.message;
  if (!isObject(message)) {
    bad('message', 'is required');
    return violations;
  }
  only(message, 'message', ['token', 'topic', 'condition', 'notification', 'data', 'android', 'apns', 'webpush', 'fcm_options']);
  const targets = ['token', 'topic', 'condition'].filter((key) => message[key] !== undefined);
  if (targets.length !== 1) bad('message.token', 'exactly one of token, topic, condition');
  if (message.token !== undefined && (typeof message.token !== 'string' || message.token === '')) bad('message.token', 'must be a non-empty string');
  if (message.notification !== undefined) {
    if (!isObject(message.notification)) bad('message.notification', 'must be an object');
    else {
      only(message.notification, 'message.notification', ['title', 'body', 'image']);
      for (const key of ['title', 'body', 'image']) string(message.notification[key], `message.notification.${key}`);
    }
  }
  stringMap(message.data, 'message.data');
  for (const key of Object.keys(isObject(message.data) ? message.data : {})) {
    if (['from', 'message_type'].includes(key) || /^(google|gcm)/.test(key)) bad(`message.data.${key}`, 'reserved key');
  }
  const android = message.android;
  if (android !== undefined) {
    if (!isObject(android)) bad('message.android', 'must be an object');
    else {
      only(android, 'message.android', ['collapse_key', 'priority', 'ttl', 'restricted_package_name', 'data', 'notification', 'fcm_options', 'direct_boot_ok']);
      string(android.collapse_key, 'message.android.collapse_key');
      if (android.priority !== undefined && !['NORMAL', 'HIGH'].includes(android.priority)) bad('message.android.priority', 'NORMAL or HIGH');
      if (android.ttl !== undefined && !/^\d+(\.\d{1,9})?s$/.test(android.ttl)) bad('message.android.ttl', 'a duration such as "3.5s"');
      stringMap(android.data, 'message.android.data');
      const n = android.notification;
      if (n !== undefined) {
        if (!isObject(n)) bad('message.android.notification', 'must be an object');
        else {
          only(n, 'message.android.notification', ['title', 'body', 'icon', 'color', 'sound', 'tag', 'click_action', 'channel_id', 'ticker',
            'sticky', 'notification_priority', 'default_sound', 'default_vibrate_timings', 'visibility', 'notification_count', 'image']);
          for (const key of ['title', 'body', 'icon', 'color', 'sound', 'tag', 'click_action', 'channel_id', 'ticker', 'image']) {
            string(n[key], `message.android.notification.${key}`);
          }
          if (n.notification_priority !== undefined &&
            !['PRIORITY_UNSPECIFIED', 'PRIORITY_MIN', 'PRIORITY_LOW', 'PRIORITY_DEFAULT', 'PRIORITY_HIGH', 'PRIORITY_MAX'].includes(n.notification_priority)) {
            bad('message.android.notification.notification_priority', 'not a NotificationPriority');
          }
          if (n.notification_count !== undefined && !Number.isInteger(n.notification_count)) {
            bad('message.android.notification.notification_count', 'must be an integer');
          }
          for (const key of ['sticky', 'default_sound', 'default_vibrate_timings']) {
            if (n[key] !== undefined && typeof n[key] !== 'boolean') bad(`message.android.notification.${key}`, 'must be a boolean');
          }
        }
      }
    }
  }
  const apns = message.apns;
  if (apns !== undefined) {
    if (!isObject(apns)) bad('message.apns', 'must be an object');
    else {
      only(apns, 'message.apns', ['headers', 'payload', 'fcm_options']);
      stringMap(apns.headers, 'message.apns.headers');
      if (apns.payload !== undefined) {
        const aps = apns.payload?.aps;
        if (!isObject(apns.payload) || !isObject(aps)) bad('message.apns.payload.aps', 'must be an object');
        else {
          if (aps.badge !== undefined && !Number.isInteger(aps.badge)) bad('message.apns.payload.aps.badge', 'must be an integer');
          string(aps.sound, 'message.apns.payload.aps.sound');
          string(aps['thread-id'], 'message.apns.payload.aps.thread-id');
          if (aps['interruption-level'] !== undefined && !['passive', 'active', 'time-sensitive', 'critical'].includes(aps['interruption-level'])) {
            bad('message.apns.payload.aps.interruption-level', 'passive, active, time-sensitive or critical');
          }
        }
      }
    }
  }
  return violations;
}

const fcmError = (code, status, message, details) => JSON.stringify({ error: { code, message, status, details } });
const fcmDetail = (errorCode) => [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode }];

/** The scripted answers: what FCM says for one send. */
const scripted = {
  429: (step) => [429, fcmError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded.', fcmDetail('QUOTA_EXCEEDED')), { 'Retry-After': String(step.retryAfter ?? 1) }],
  500: () => [500, fcmError(500, 'INTERNAL', 'Internal error.', fcmDetail('INTERNAL'))],
  503: (step) => [503, fcmError(503, 'UNAVAILABLE', 'The service is unavailable.', fcmDetail('UNAVAILABLE')),
    step.retryAfter ? { 'Retry-After': String(step.retryAfter) } : {}],
  UNREGISTERED: () => [404, fcmError(404, 'NOT_FOUND', 'Requested entity was not found.', fcmDetail('UNREGISTERED'))],
  INVALID_ARGUMENT: () => [400, fcmError(400, 'INVALID_ARGUMENT', 'The registration token is not a valid FCM registration token', fcmDetail('INVALID_ARGUMENT'))],
  INVALID_FIELD: () => [400, fcmError(400, 'INVALID_ARGUMENT', "Invalid value at 'message.data[0].value'", [{
    '@type': 'type.googleapis.com/google.rpc.BadRequest',
    fieldViolations: [{ field: 'message.data[0].value', description: "Invalid value at 'message.data[0].value'" }],
  }])],
};

/**
 * Starts the fake on a free port of 127.0.0.1. Returns its URLs, the service-account JSON to
 * configure push-send with, what it received, and controls for scripted answers.
 */
export async function startFakeFcm({ projectId = 'questcity-fake', tokenLifetimeS = 3600 } = {}) {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const keyId = crypto.randomUUID().replaceAll('-', '');
  const clientEmail = `push-sender@${projectId}.iam.gserviceaccount.com`;
  const verifyKey = await importSPKI(await exportSPKI(publicKey), 'RS256');
  const issued = new Map(); // access token → expiry (ms)
  const scripts = new Map(); // registration token → answers still to give
  const unregistered = new Set();
  /**
   * What the fake saw: messages answered 200, every authorised send with its status, token grants.
   * @type {{ accepted: { token: string, message: any, at: number }[], attempts: { token: string, status: number, at: number }[],
   *          tokenRequests: number, refusedAuth: number, tokenLifetimeS: number }}
   */
  const state = {
    accepted: [],
    attempts: [],
    tokenRequests: 0,
    refusedAuth: 0,
    tokenLifetimeS,
  };
  let baseUrl = '';

  async function issueToken(form) {
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return [400, { error: 'unsupported_grant_type' }];
    try {
      const { payload, protectedHeader } = await jwtVerify(form.get('assertion') ?? '', verifyKey, {
        algorithms: ['RS256'], issuer: clientEmail, audience: `${baseUrl}/token`,
      });
      if (protectedHeader.kid !== keyId) throw new Error('unknown kid');
      if (!String(payload.scope ?? '').split(' ').includes(scope)) throw new Error('scope firebase.messaging missing');
      if (typeof payload.iat !== 'number' || typeof payload.exp !== 'number' || payload.exp - payload.iat > 3600) {
        throw new Error('assertion lifetime over an hour');
      }
    } catch (error) {
      return [400, { error: 'invalid_grant', error_description: String(error?.message ?? error) }];
    }
    state.tokenRequests++;
    const accessToken = `ya29.fake-${crypto.randomUUID()}`;
    issued.set(accessToken, Date.now() + state.tokenLifetimeS * 1000);
    return [200, { access_token: accessToken, expires_in: state.tokenLifetimeS, token_type: 'Bearer' }];
  }

  function send(authorization, text) {
    const bearer = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const expiry = bearer ? issued.get(bearer) : undefined;
    if (!expiry || expiry <= Date.now()) {
      state.refusedAuth++;
      return [401, fcmError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.', [])];
    }
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      return [400, fcmError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.', [])];
    }
    const violations = messageViolations(body);
    if (violations.length > 0) {
      return [400, fcmError(400, 'INVALID_ARGUMENT', violations[0].description, [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: violations }])];
    }
    const token = body.message.token;
    const step = scripts.get(token)?.shift() ?? (unregistered.has(token) ? { answer: 'UNREGISTERED' } : null);
    const [status, answer, headers = {}] = step ? scripted[step.answer](step) : [200, JSON.stringify({ name: `projects/${projectId}/messages/${state.accepted.length + 1}` })];
    state.attempts.push({ token, status, at: Date.now() });
    if (status === 200) state.accepted.push({ token, message: body.message, at: Date.now() });
    return [status, answer, headers];
  }

  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', async () => {
      let status = 404;
      let answer = JSON.stringify({ error: 'not found' });
      let headers = {};
      if (req.method === 'POST' && req.url === '/token') {
        const [code, json] = await issueToken(new URLSearchParams(text));
        [status, answer] = [code, JSON.stringify(json)];
      } else if (req.method === 'POST' && req.url === `/v1/projects/${projectId}/messages:send`) {
        [status, answer, headers] = send(req.headers.authorization, text);
      }
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(answer);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${server.address().port}`;

  return {
    url: baseUrl,
    tokenUrl: `${baseUrl}/token`,
    serviceAccount: JSON.stringify({
      type: 'service_account', project_id: projectId, private_key_id: keyId, private_key: await exportPKCS8(privateKey),
      client_email: clientEmail, token_uri: `${baseUrl}/token`,
    }),
    state,
    /** Messages accepted for one registration token. */
    deliveredTo: (token) => state.accepted.filter((entry) => entry.token === token).map((entry) => entry.message),
    /** The next sends to `token` get these answers in turn: { answer: 429 | 500 | 503 | 'UNREGISTERED' | 'INVALID_ARGUMENT' | 'INVALID_FIELD', retryAfter? }. */
    script: (token, ...steps) => scripts.set(token, [...(scripts.get(token) ?? []), ...steps]),
    /** Every later send to `token` answers UNREGISTERED (the app was uninstalled). */
    unregister: (token) => unregistered.add(token),
    /** Every access token issued so far stops working (401 UNAUTHENTICATED). */
    revokeAccessTokens: () => issued.clear(),
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(resolve);
    }),
  };
}
