-- Merch orders: written only by public.purchase_merch (one transaction: rules checked, stock
-- decremented by a conditional update, credits debited through the ledger, order written; any
-- failure changes nothing) and moved through their states by the buyer (cancel while pending) or
-- holders of orders.manage (pending → paid → shipped → delivered, or cancelled with a refund).

create type public.order_status as enum ('pending', 'paid', 'shipped', 'delivered', 'cancelled');
comment on type public.order_status is 'pending → paid → shipped → delivered; pending or paid → cancelled (credits refunded, stock restored).';

create table public.merch_orders (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  idempotency_key text not null check (char_length(idempotency_key) between 8 and 128),
  status public.order_status not null default 'pending',
  total_credits integer not null check (total_credits > 0),
  ship_name text not null check (char_length(ship_name) between 1 and 128),
  ship_phone text not null check (ship_phone ~ '^\+?[0-9 ()-]{6,24}$'),
  ship_address text not null check (char_length(ship_address) between 1 and 256),
  ship_city text not null check (char_length(ship_city) between 1 and 128),
  ship_postal_code text not null check (char_length(ship_postal_code) between 2 and 16),
  ship_country text not null check (ship_country ~ '^[A-Z]{2}$'),
  tracking_number text check (char_length(tracking_number) <= 64),
  cancel_reason text check (char_length(cancel_reason) <= 1000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint merch_orders_idempotency_key unique (user_id, idempotency_key)
);
comment on table public.merch_orders is 'Merch orders. Written only by purchase_merch, cancel_merch_order and set_order_status.';
comment on column public.merch_orders.user_id is 'The buyer.';
comment on column public.merch_orders.idempotency_key is 'Client-chosen key: the same key returns the same order and never charges twice.';
comment on column public.merch_orders.status is 'pending, paid, shipped, delivered or cancelled.';
comment on column public.merch_orders.total_credits is 'Credits debited (refunded on cancellation).';
comment on column public.merch_orders.ship_name is 'Recipient.';
comment on column public.merch_orders.ship_phone is 'Recipient phone.';
comment on column public.merch_orders.ship_address is 'Street address.';
comment on column public.merch_orders.ship_city is 'City.';
comment on column public.merch_orders.ship_postal_code is 'Postal code.';
comment on column public.merch_orders.ship_country is 'ISO 3166-1 alpha-2 country code.';
comment on column public.merch_orders.tracking_number is 'Carrier tracking number (set when shipped).';
comment on column public.merch_orders.cancel_reason is 'Why it was cancelled.';
create index merch_orders_user_id_idx on public.merch_orders (user_id, created_at desc, id desc);
create index merch_orders_status_idx on public.merch_orders (status, created_at, id);
create trigger touch_updated_at before update on public.merch_orders for each row execute function private.touch_updated_at();

create table public.merch_order_items (
  order_id uuid not null references public.merch_orders (id) on delete cascade,
  item_id uuid not null references public.merch_items (id),
  quantity integer not null check (quantity between 1 and 100),
  unit_price_credits integer not null check (unit_price_credits > 0),
  primary key (order_id, item_id)
);
comment on table public.merch_order_items is 'Lines of an order: item, quantity and the unit price paid.';
comment on column public.merch_order_items.order_id is 'The order.';
comment on column public.merch_order_items.item_id is 'The item.';
comment on column public.merch_order_items.quantity is 'Units (1–100).';
comment on column public.merch_order_items.unit_price_credits is 'Price per unit at purchase time.';
create index merch_order_items_item_id_idx on public.merch_order_items (item_id);

alter table public.merch_orders enable row level security;
alter table public.merch_order_items enable row level security;
revoke all on public.merch_orders, public.merch_order_items from anon;
revoke insert, update, delete, truncate on public.merch_orders, public.merch_order_items from authenticated;

create policy merch_orders_select on public.merch_orders for select to authenticated
  using (user_id = (select auth.uid()) or (select private.authorize('orders.manage')));
comment on policy merch_orders_select on public.merch_orders is 'A buyer reads their orders; holders of orders.manage read all.';
create policy merch_order_items_select on public.merch_order_items for select to authenticated
  using (exists (select 1 from public.merch_orders o where o.id = order_id
                 and (o.user_id = (select auth.uid()) or (select private.authorize('orders.manage')))));
comment on policy merch_order_items_select on public.merch_order_items is 'Visible with their order.';

