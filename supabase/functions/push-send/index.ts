// POST /functions/v1/push-send {max?}: sends the pushes waiting in the outbox through FCM HTTP v1
// (private.push_outbox; _shared/push.ts, _shared/fcm.ts). Called with the service key by the
// database (pg_net, at commit of a transaction that queued pushes, and by the push-send job every
// minute) and by itself when a call leaves work; refuses everyone else. Answers 503
// `push_not_configured` until the FCM_SERVICE_ACCOUNT secret is set (docs/push.md).
import { z } from 'zod';
import { requireServiceRole } from '../_shared/auth.ts';
import { refuse } from '../_shared/errors.ts';
import { fcmFromEnv } from '../_shared/fcm.ts';
import { handle, json, readBody } from '../_shared/http.ts';
import { drainPushOutbox } from '../_shared/push.ts';

const body = z.strictObject({ max: z.number().int().min(1).max(5000).default(1000) });

Deno.serve(handle(async (req) => {
  if (req.method !== 'POST') throw refuse('method_not_allowed');
  await requireServiceRole(req);
  const { max } = await readBody(req, body);
  return json(await drainPushOutbox(fcmFromEnv(), max));
}));
