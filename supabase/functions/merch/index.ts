// /functions/v1/merch/<action>: the merch store, paid with credits.
//   POST catalog  {}                                   items the caller can see, each with can_buy / blocked_by
//   POST purchase {item_id, quantity, shipping, idempotency_key}   one transaction in SQL; same key → same order
//   POST orders   {scope: mine|all, status?, limit?, cursor?}      own orders, or all for orders.manage
//   POST cancel   {order_id, reason?}                  buyer while pending; staff pending/paid (reason)
//   POST status   {order_id, status, tracking_number?, reason?}   orders.manage: paid, shipped, delivered, cancelled
// Every action runs as the caller (asCaller): RLS and the SQL functions decide, and their refusals
// come back with their documented status and code.
import { Hono } from 'hono';
import { z } from 'zod';
import { getCaller, requireUser } from '../_shared/auth.ts';
import { asCaller } from '../_shared/db.ts';
import { HttpError } from '../_shared/errors.ts';
import { errorResponse, handle, json, readBody } from '../_shared/http.ts';

const shipping = z.object({
  name: z.string().trim().min(1).max(128),
  phone: z.string().trim().regex(/^\+?[0-9 ()-]{6,24}$/, 'a phone number: digits, spaces, +, ( ) and -'),
  address: z.string().trim().min(1).max(256),
  city: z.string().trim().min(1).max(128),
  postal_code: z.string().trim().min(2).max(16),
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as RU'),
}).strict();

const schemas = {
  catalog: z.object({}).strict(),
  purchase: z.object({
    item_id: z.uuid(),
    quantity: z.number().int().min(1).max(100),
    shipping,
    idempotency_key: z.string().min(8).max(128),
  }).strict(),
  orders: z.object({
    scope: z.enum(['mine', 'all']).default('mine'),
    status: z.enum(['pending', 'paid', 'shipped', 'delivered', 'cancelled']).optional(),
    limit: z.number().int().min(1).max(100).default(20),
    cursor: z.iso.datetime({ offset: true }).optional(),
  }).strict(),
  cancel: z.object({ order_id: z.uuid(), reason: z.string().trim().max(1000).optional() }).strict(),
  status: z.object({
    order_id: z.uuid(),
    status: z.enum(['paid', 'shipped', 'delivered', 'cancelled']),
    tracking_number: z.string().trim().min(1).max(64).optional(),
    reason: z.string().trim().max(1000).optional(),
  }).strict(),
};

const app = new Hono().basePath('/merch');

app.post('/catalog', async (c) => {
  const caller = await getCaller(c.req.raw);
  await readBody(c.req.raw, schemas.catalog);
  const items = await asCaller(caller, (tx) => tx`
    select (c.item).*, c.can_buy, c.blocked_by from public.merch_catalog() c`);
  return json({ items });
});

app.post('/purchase', async (c) => {
  const caller = await requireUser(c.req.raw);
  const body = await readBody(c.req.raw, schemas.purchase);
  const order = await asCaller(caller, async (tx) => {
    const [placed] = await tx`
      select * from public.purchase_merch(${body.item_id}, ${body.quantity}, ${body.idempotency_key}, ${tx.json(body.shipping)})`;
    const lines = await tx`select item_id, quantity, unit_price_credits from public.merch_order_items where order_id = ${placed.id}`;
    return { ...placed, items: lines };
  });
  return json({ order }, 201);
});

app.post('/orders', async (c) => {
  const caller = await requireUser(c.req.raw);
  const body = await readBody(c.req.raw, schemas.orders);
  const orders = await asCaller(caller, async (tx) => {
    if (body.scope === 'all') {
      const [{ allowed }] = await tx`select private.authorize('orders.manage') as allowed`;
      if (!allowed) throw new HttpError('forbidden');
    }
    return await tx`
      select o.*, coalesce(json_agg(json_build_object('item_id', oi.item_id, 'quantity', oi.quantity,
               'unit_price_credits', oi.unit_price_credits, 'title', i.title)) filter (where oi.item_id is not null), '[]') as items
      from public.merch_orders o
      left join public.merch_order_items oi on oi.order_id = o.id
      left join public.merch_items i on i.id = oi.item_id
      where (${body.scope} = 'all' or o.user_id = ${caller.userId})
        and (${body.status ?? null}::public.order_status is null or o.status = ${body.status ?? null}::public.order_status)
        and (${body.cursor ?? null}::timestamptz is null or o.created_at < ${body.cursor ?? null}::timestamptz)
      group by o.id
      order by o.created_at desc, o.id desc
      limit ${body.limit}`;
  });
  return json({ orders });
});

app.post('/cancel', async (c) => {
  const caller = await requireUser(c.req.raw);
  const body = await readBody(c.req.raw, schemas.cancel);
  const [order] = await asCaller(caller, (tx) => tx`select * from public.cancel_merch_order(${body.order_id}, ${body.reason ?? null})`);
  return json({ order });
});

app.post('/status', async (c) => {
  const caller = await requireUser(c.req.raw);
  const body = await readBody(c.req.raw, schemas.status);
  const [order] = await asCaller(caller, (tx) => tx`
    select * from public.set_order_status(${body.order_id}, ${body.status}, ${body.tracking_number ?? null}, ${body.reason ?? null})`);
  return json({ order });
});

app.all('*', () => {
  throw new HttpError('route_not_found');
});
app.onError((error) => errorResponse(error));

Deno.serve(handle(async (req) => await app.fetch(req)));
