// /functions/v1/unlock-approval/<action>: the unlock-request flow for the app.
//   POST submit  {quest_id, message?}        a user asks for access to a locked quest
//   POST cancel  {request_id}                the requester cancels while pending
//   POST approve {request_id}                unlock.decide: grant access, debit the price
//   POST reject  {request_id, reason}        unlock.decide: refuse with a reason
//   POST list    {scope: mine|queue, limit?, cursor?}   own requests (newest first) or the queue (oldest first);
//                cursor = created_at of the last request received, for the next page
// Bodies are validated with zod; every action runs as the caller (asCaller), so the SQL functions
// and RLS decide who may do what; their refusals come back with their status and code.
import { Hono } from 'hono';
import { z } from 'zod';
import { requireUser } from '../_shared/auth.ts';
import { asCaller } from '../_shared/db.ts';
import { HttpError } from '../_shared/errors.ts';
import { errorResponse, handle, json, readBody } from '../_shared/http.ts';

const requestId = z.object({ request_id: z.uuid() }).strict();
const schemas = {
  submit: z.object({ quest_id: z.uuid(), message: z.string().trim().max(500).optional() }).strict(),
  cancel: requestId,
  approve: requestId,
  reject: z.object({ request_id: z.uuid(), reason: z.string().trim().min(1).max(1000) }).strict(),
  list: z.object({
    scope: z.enum(['mine', 'queue']).default('mine'),
    limit: z.number().int().min(1).max(100).default(20),
    cursor: z.iso.datetime({ offset: true }).optional(),
  }).strict(),
};

const app = new Hono().basePath('/unlock-approval');

app.post('/submit', async (c) => {
  const caller = await requireUser(c.req.raw);
  const body = await readBody(c.req.raw, schemas.submit);
  const [request] = await asCaller(caller, (tx) => tx`select * from public.request_unlock(${body.quest_id}, ${body.message ?? null})`);
  return json({ request }, 201);
});

app.post('/cancel', async (c) => {
  const caller = await requireUser(c.req.raw);
  const body = await readBody(c.req.raw, schemas.cancel);
  const [request] = await asCaller(caller, (tx) => tx`select * from public.cancel_unlock_request(${body.request_id})`);
  return json({ request });
});

app.post('/approve', async (c) => {
  const caller = await requireUser(c.req.raw);
  const body = await readBody(c.req.raw, schemas.approve);
  const [request] = await asCaller(caller, (tx) => tx`select * from public.decide_unlock_request(${body.request_id}, true, null)`);
  return json({ request });
});

app.post('/reject', async (c) => {
  const caller = await requireUser(c.req.raw);
  const body = await readBody(c.req.raw, schemas.reject);
  const [request] = await asCaller(caller, (tx) => tx`select * from public.decide_unlock_request(${body.request_id}, false, ${body.reason})`);
  return json({ request });
});

app.post('/list', async (c) => {
  const caller = await requireUser(c.req.raw);
  const body = await readBody(c.req.raw, schemas.list);
  const requests = await asCaller(caller, async (tx) => {
    if (body.scope === 'mine') {
      return await tx`
        select r.*, q.title as quest_title from public.unlock_requests r join public.quests q on q.id = r.quest_id
        where r.user_id = ${caller.userId} and (${body.cursor ?? null}::timestamptz is null or r.created_at < ${body.cursor ?? null}::timestamptz)
        order by r.created_at desc, r.id desc limit ${body.limit}`;
    }
    const [{ allowed }] = await tx`select private.authorize('unlock.decide') as allowed`;
    if (!allowed) throw new HttpError('forbidden');
    return await tx`
      select r.*, q.title as quest_title, p.username from public.unlock_requests r
      join public.quests q on q.id = r.quest_id join public.profiles p on p.id = r.user_id
      where r.status = 'pending' and (${body.cursor ?? null}::timestamptz is null or r.created_at > ${body.cursor ?? null}::timestamptz)
      order by r.created_at, r.id limit ${body.limit}`;
  });
  return json({ requests });
});

app.all('*', () => {
  throw new HttpError('route_not_found');
});
app.onError((error) => errorResponse(error));

Deno.serve(handle(async (req) => await app.fetch(req)));
