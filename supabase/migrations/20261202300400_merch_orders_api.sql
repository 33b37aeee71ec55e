-- Merch orders, the one entry point (RPCs; the `merch` edge function is gone): every call answers
-- with the same shape, a row of public.merch_order_details. Changes from the first version:
-- - public.purchase_merch takes the request body itself (one unnamed `json` parameter: PostgREST
--   hands the body over untouched) and checks every field in SQL: a bad item_id, quantity or
--   idempotency key, and any bad shipping field (NUL or control characters, lengths, formats,
--   unknown or missing fields), is a catalogued 400 naming the field. With named parameters
--   PostgREST converts the body before the function runs, and a NUL escape (\u0000) anywhere in it
--   fails there with a bare 22P05 that names nothing;
-- - purchases and buyer cancellations are rate limited (merch.purchase, merch.cancel);
-- - each order line keeps the title it was bought under (items may later be renamed or hidden);
-- - an order says why it was cancelled (`cancellation`: buyer, staff, expired, account_deleted),
--   so the app can say it in its own language;
-- - staff never move their own orders (four eyes): on their own order they are a buyer;
-- - cancelling, whoever does it, goes through one function (private.cancel_merch_order_core):
--   refund through the ledger, stock restored, buyer notified unless they did it themselves.

create type public.order_cancellation as enum ('buyer', 'staff', 'expired', 'account_deleted');
comment on type public.order_cancellation is
  'Why an order was cancelled: by its buyer, by staff (with a reason), expired while pending, or its buyer deleted their account.';

alter table public.merch_orders add column cancellation public.order_cancellation;
comment on column public.merch_orders.cancellation is 'Why it was cancelled (null unless cancelled).';
update public.merch_orders set cancellation = 'buyer' where status = 'cancelled';
alter table public.merch_orders add constraint merch_orders_cancellation_when_cancelled
  check ((status = 'cancelled') = (cancellation is not null));

alter table public.merch_order_items add column title text;
update public.merch_order_items oi set title = i.title from public.merch_items i where i.id = oi.item_id;
alter table public.merch_order_items alter column title set not null;
comment on column public.merch_order_items.title is 'The item''s title when it was bought.';

insert into private.error_codes (code, http_status, message_en, message_ru) values
  ('invalid_shipping_field', 400, 'Check the {field} of the shipping address.', 'Проверьте поле «{field}» адреса доставки.');

insert into private.rate_limits (action, max_hits, per, description) values
  ('merch.purchase', 30, interval '1 hour', 'Merch purchases per user (replays of an idempotency key are not counted).'),
  ('merch.cancel', 10, interval '1 day', 'Merch orders a buyer cancels per day (purchase/cancel loops).');

-- How long an order may stay pending (placed, credits debited, not yet confirmed by staff).
create function private.merch_pending_lifetime()
returns interval
language sql
immutable
set search_path = ''
as $$
  select interval '72 hours';
$$;
comment on function private.merch_pending_lifetime() is
  'Lifetime of a pending merch order: 72 hours after it is placed, the merch-expire-pending job cancels it (refund, stock back, buyer notified).';
revoke execute on function private.merch_pending_lifetime() from public;
grant execute on function private.merch_pending_lifetime() to authenticated;

-- The one shape of an order, for the buyer (own orders, by RLS on merch_orders) and for staff.
create view public.merch_order_details
with (security_invoker = true)
as
select
  o.id,
  o.user_id,
  p.username as buyer_username,
  o.status,
  o.total_credits,
  coalesce((select jsonb_agg(jsonb_build_object('item_id', oi.item_id, 'title', oi.title, 'quantity', oi.quantity,
                                                'unit_price_credits', oi.unit_price_credits) order by oi.title, oi.item_id)
            from public.merch_order_items oi where oi.order_id = o.id), '[]') as items,
  o.ship_name,
  o.ship_phone,
  o.ship_address,
  o.ship_city,
  o.ship_postal_code,
  o.ship_country,
  o.tracking_number,
  o.cancellation,
  o.cancel_reason,
  o.created_at,
  o.updated_at,
  case when o.status = 'pending' then o.created_at + private.merch_pending_lifetime() end as expires_at
from public.merch_orders o
left join public.profiles p on p.id = o.user_id;
comment on view public.merch_order_details is
  'Orders with their lines, as every merch call returns them. Buyers see their own orders, holders of orders.manage all (RLS of merch_orders).';
comment on column public.merch_order_details.buyer_username is 'The buyer''s username (null once they deleted their account).';
comment on column public.merch_order_details.items is 'Lines: [{item_id, title, quantity, unit_price_credits}].';
comment on column public.merch_order_details.expires_at is 'For a pending order: when it is cancelled unless staff confirm it.';
revoke all on public.merch_order_details from anon;
grant select on public.merch_order_details to authenticated;

-- A JSON request body as jsonb, with every NUL escape (\u0000, which text cannot hold) replaced by
-- U+FFFF, so that the field holding it can be named; validators refuse values containing U+FFFF.
create function private.json_body(body json)
returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
declare
  raw text := body::text;
  previous text;
begin
  loop
    previous := raw;
    -- \u0000 preceded by an even number of backslashes is an escape (an odd number escapes the backslash).
    raw := regexp_replace(raw, '(^|[^\\])((\\\\)*)\\u0000', '\1\2\\uffff', 'g');
    exit when raw = previous;
  end loop;
  return raw::jsonb;
end;
$$;
comment on function private.json_body(json) is
  'A request body as jsonb, NUL escapes replaced by U+FFFF (refused by the field checks, which can then name the field).';

-- A value a user typed is fine to store as one line of text: a JSON string without NUL (U+FFFF
-- marker) or control characters.
create function private.is_clean_text(value jsonb)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select coalesce(jsonb_typeof(value) = 'string'
                  and position(chr(65535) in value #>> '{}') = 0
                  and (value #>> '{}') !~ '[[:cntrl:]]', false);
$$;
comment on function private.is_clean_text(jsonb) is 'True for a JSON string with no NUL and no control character (false for anything else, null included).';

-- Shipping details, checked one field at a time.
create function private.read_shipping(shipping jsonb)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  fields constant text[] := array['name', 'phone', 'address', 'city', 'postal_code', 'country'];
  checked jsonb := '{}';
  entry record;
  value text;
  valid boolean;
  missing text;
begin
  if shipping is null or jsonb_typeof(shipping) <> 'object' then
    perform private.refuse('invalid_shipping_field', jsonb_build_object('field', 'shipping'));
  end if;
  for entry in select e.key, e.value from jsonb_each(shipping) e order by e.key loop
    if not entry.key = any (fields) or not private.is_clean_text(entry.value) then
      perform private.refuse('invalid_shipping_field', jsonb_build_object('field', left(replace(entry.key, chr(65535), ''), 64)));
    end if;
    value := btrim(entry.value #>> '{}');
    valid := case entry.key
      when 'name' then char_length(value) between 1 and 128
      when 'phone' then value ~ '^\+?[0-9 ()-]{6,24}$'
      when 'address' then char_length(value) between 1 and 256
      when 'city' then char_length(value) between 1 and 128
      when 'postal_code' then char_length(value) between 2 and 16
      when 'country' then upper(value) ~ '^[A-Z]{2}$'
    end;
    if not valid then
      perform private.refuse('invalid_shipping_field', jsonb_build_object('field', entry.key));
    end if;
    checked := checked || jsonb_build_object(entry.key, case when entry.key = 'country' then upper(value) else value end);
  end loop;
  select f into missing from unnest(fields) f where not checked ? f limit 1;
  if found then
    perform private.refuse('invalid_shipping_field', jsonb_build_object('field', missing));
  end if;
  return checked;
end;
$$;
comment on function private.read_shipping(jsonb) is
  'The shipping address as checked jsonb {name, phone, address, city, postal_code, country (upper-case)}, or 400 invalid_shipping_field {field} for the first bad, missing or unknown field (NUL and control characters included).';

-- Why a user may not buy a quantity of an item now: null, or {code, params} with a catalogued code.
drop function public.merch_catalog();
drop function private.merch_catalog_blocker(public.merch_items);
drop function private.purchase_refusal(text);
drop function private.merch_purchase_blocker(public.merch_items, uuid, integer);
create function private.merch_purchase_blocker(item public.merch_items, buyer uuid, quantity integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  held integer;
  balance integer;
begin
  if buyer is null then
    return jsonb_build_object('code', 'not_signed_in', 'params', '{}'::jsonb);
  end if;
  if private.is_banned(buyer) then
    return jsonb_build_object('code', 'forbidden', 'params', '{}'::jsonb);
  end if;
  if not item.active then
    return jsonb_build_object('code', 'item_inactive', 'params', '{}'::jsonb);
  end if;
  if quantity is null or quantity not between 1 and 100 then
    return jsonb_build_object('code', 'invalid_quantity', 'params', jsonb_build_object('min', 1, 'max', 100));
  end if;
  if item.quest_rule is not null and not private.has_completed_quest(buyer, item.quest_id) then
    return jsonb_build_object('code', 'quest_not_completed', 'params', jsonb_build_object('quest_id', item.quest_id));
  end if;
  select coalesce(sum(oi.quantity), 0) into held
  from public.merch_order_items oi join public.merch_orders o on o.id = oi.order_id
  where oi.item_id = item.id and o.user_id = buyer and o.status <> 'cancelled';
  if held + quantity > item.per_user_limit then
    return jsonb_build_object('code', 'limit_reached', 'params', jsonb_build_object('limit', item.per_user_limit, 'held', held));
  end if;
  if item.stock is not null and item.stock < quantity then
    return jsonb_build_object('code', 'out_of_stock', 'params', jsonb_build_object('available', item.stock));
  end if;
  select coalesce((select w.balance from public.wallets w where w.user_id = buyer), 0) into balance;
  if balance < item.price_credits * quantity then
    return jsonb_build_object('code', 'insufficient_credits', 'params', jsonb_build_object(
      'shortfall', item.price_credits * quantity - balance, 'balance', balance, 'amount', item.price_credits * quantity));
  end if;
  return null;
end;
$$;
comment on function private.merch_purchase_blocker(public.merch_items, uuid, integer) is
  'The one statement of the purchase rules: null when this user may buy this quantity now, else {code, params} (not_signed_in, forbidden, item_inactive, invalid_quantity, quest_not_completed, limit_reached, out_of_stock, insufficient_credits). Used by the purchase and the catalogue.';
revoke execute on function private.merch_purchase_blocker(public.merch_items, uuid, integer) from public;

drop function public.purchase_merch(uuid, integer, text, jsonb);
drop function private.purchase_merch(uuid, integer, text, jsonb);
create function private.purchase_merch(request json)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  body jsonb := private.json_body(request);
  buyer uuid := auth.uid();
  wanted_item uuid;
  wanted_quantity integer;
  wanted_key text;
  address jsonb;
  unknown text;
  existing uuid;
  item public.merch_items;
  blocker jsonb;
  placed uuid;
begin
  perform private.require_active();
  if jsonb_typeof(body) is distinct from 'object' then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', '(body)', 'reason', 'a JSON object'));
  end if;
  select k into unknown from jsonb_object_keys(body) k
  where k not in ('item_id', 'quantity', 'idempotency_key', 'shipping') order by k limit 1;
  if found then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', left(replace(unknown, chr(65535), ''), 64), 'reason', 'unknown field'));
  end if;
  if not private.is_clean_text(body -> 'idempotency_key') or char_length(body ->> 'idempotency_key') not between 8 and 128 then
    perform private.refuse('invalid_idempotency_key', jsonb_build_object('field', 'idempotency_key'));
  end if;
  wanted_key := body ->> 'idempotency_key';
  if jsonb_typeof(body -> 'item_id') is distinct from 'string'
     or (body ->> 'item_id') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'item_id', 'reason', 'an item id (uuid)'));
  end if;
  wanted_item := (body ->> 'item_id')::uuid;
  if jsonb_typeof(body -> 'quantity') is distinct from 'number' or (body ->> 'quantity') !~ '^[0-9]{1,3}$' then
    perform private.refuse('invalid_quantity', jsonb_build_object('field', 'quantity', 'min', 1, 'max', 100));
  end if;
  wanted_quantity := (body ->> 'quantity')::integer;

  -- One buyer's purchases of one key are serialised: a replay returns the first order, charged once.
  perform pg_advisory_xact_lock(hashtextextended(buyer::text || '/key/' || wanted_key, 0));
  select o.id into existing from public.merch_orders o where o.user_id = buyer and o.idempotency_key = wanted_key;
  if existing is not null then
    return existing;
  end if;
  perform private.throttle('merch.purchase');
  address := private.read_shipping(body -> 'shipping');
  -- One buyer's purchases of one item are serialised: the per-user limit stays exact.
  perform pg_advisory_xact_lock(hashtextextended(buyer::text || '/item/' || wanted_item::text, 0));

  select * into item from public.merch_items i where i.id = wanted_item;
  if item.id is null or (item.quest_rule = 'visible_after_completion' and not private.has_completed_quest(buyer, item.quest_id)) then
    perform private.refuse('item_not_found');
  end if;
  blocker := private.merch_purchase_blocker(item, buyer, wanted_quantity);
  if blocker is not null then
    perform private.refuse(blocker ->> 'code', blocker -> 'params');
  end if;

  update public.merch_items i set stock = i.stock - wanted_quantity
  where i.id = item.id and i.stock is not null and i.stock >= wanted_quantity;
  if item.stock is not null and not found then
    perform private.refuse('out_of_stock', jsonb_build_object('available', (select i.stock from public.merch_items i where i.id = item.id)));
  end if;
  -- Locks in the one order every merch and account writer follows (orders, items, wallet, account):
  -- the wallet before the order row's foreign key touches the account.
  perform 1 from public.wallets w where w.user_id = buyer for update;

  insert into public.merch_orders (user_id, idempotency_key, total_credits, ship_name, ship_phone, ship_address,
                                   ship_city, ship_postal_code, ship_country)
  values (buyer, wanted_key, item.price_credits * wanted_quantity, address ->> 'name', address ->> 'phone',
          address ->> 'address', address ->> 'city', address ->> 'postal_code', address ->> 'country')
  returning id into placed;
  insert into public.merch_order_items (order_id, item_id, quantity, unit_price_credits, title)
  values (placed, item.id, wanted_quantity, item.price_credits, item.title);
  perform private.post_credits(buyer, -(item.price_credits * wanted_quantity), 'merch_order', item.quest_id, placed, item.title);
  return placed;
end;
$$;
comment on function private.purchase_merch(json) is
  'One purchase in one transaction: body checks (catalogued 400s naming the field), idempotency, rate limit, rules (merch_purchase_blocker), conditional stock decrement, ledger debit, order. Returns the order id; refusals roll everything back.';

-- Cancelling an order, whoever does it: refund through the ledger, stock restored, cause recorded,
-- the buyer notified unless they cancelled themselves or are deleting their account.
create function private.cancel_merch_order_core(target uuid, cause public.order_cancellation, reason text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  cancelled public.merch_orders;
  line record;
begin
  update public.merch_orders o
  set status = 'cancelled', cancellation = cause, cancel_reason = nullif(btrim(reason), '')
  where o.id = target and o.status in ('pending', 'paid')
  returning * into cancelled;
  if cancelled.id is null then
    perform private.refuse('invalid_transition');
  end if;
  -- Order row, then items, then the wallet (the lock order of every merch and account writer).
  for line in select oi.item_id, oi.quantity from public.merch_order_items oi where oi.order_id = target order by oi.item_id loop
    update public.merch_items i set stock = i.stock + line.quantity where i.id = line.item_id and i.stock is not null;
  end loop;
  perform private.post_credits(cancelled.user_id, cancelled.total_credits, 'merch_refund', null, cancelled.id, cancelled.cancel_reason);
  if cause in ('staff', 'expired') then
    perform private.notify(cancelled.user_id, 'order_updated', jsonb_build_object(
      'order_id', cancelled.id, 'status', cancelled.status, 'cancellation', cancelled.cancellation,
      'reason', cancelled.cancel_reason, 'tracking_number', cancelled.tracking_number));
  end if;
end;
$$;
comment on function private.cancel_merch_order_core(uuid, public.order_cancellation, text) is
  'Cancels a pending or paid order (caller holds its row lock or gets it here): refund through the ledger, stock restored, cause and reason recorded, buyer notified when staff or expiry did it. The one cancellation path.';

drop function public.cancel_merch_order(uuid, text);
drop function public.set_order_status(uuid, public.order_status, text, text);
drop function private.change_order_status(uuid, public.order_status, text, text);
create function private.change_order_status(target uuid, to_status public.order_status, tracking text, reason text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  current public.merch_orders;
  from_status public.order_status;
  staff boolean := private.authorize('orders.manage');
begin
  select * into current from public.merch_orders o where o.id = target for update;
  if current.id is null or not (current.user_id = auth.uid() or staff) then
    perform private.refuse('order_not_found');
  end if;
  from_status := current.status;
  -- Four eyes: on their own order, staff are buyers.
  staff := staff and current.user_id is distinct from auth.uid();
  if not staff and not (to_status = 'cancelled' and private.is_active()) then
    perform private.refuse('forbidden', jsonb_build_object('reason', 'buyers only cancel; orders.manage moves orders, never their own'));
  end if;
  if not (
    (current.status = 'pending' and to_status in ('paid', 'cancelled'))
    or (current.status = 'paid' and to_status in ('shipped', 'cancelled') and staff)
    or (current.status = 'shipped' and to_status = 'delivered')
  ) then
    perform private.refuse('invalid_transition', jsonb_build_object('from', current.status, 'to', to_status));
  end if;
  if to_status = 'shipped' and coalesce(btrim(tracking), '') = '' then
    perform private.refuse('tracking_number_required');
  end if;
  if to_status = 'shipped' and (char_length(btrim(tracking)) > 64 or tracking ~ '[[:cntrl:]]') then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'tracking_number', 'reason', 'at most 64 characters'));
  end if;
  if reason is not null and (char_length(reason) > 1000 or reason ~ '[[:cntrl:]]') then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'reason', 'reason', 'at most 1000 characters, one line'));
  end if;
  if staff and to_status = 'cancelled' then
    reason := private.require_reason(reason);
  end if;

  if to_status = 'cancelled' then
    if not staff then
      perform private.throttle('merch.cancel');
    end if;
    perform private.cancel_merch_order_core(target, case when staff then 'staff' else 'buyer' end::public.order_cancellation, reason);
  else
    update public.merch_orders o
    set status = to_status, tracking_number = case when to_status = 'shipped' then btrim(tracking) else o.tracking_number end
    where o.id = target
    returning * into current;
    perform private.notify(current.user_id, 'order_updated', jsonb_build_object(
      'order_id', current.id, 'status', current.status, 'tracking_number', current.tracking_number));
  end if;
  if staff then
    perform private.audit('order.' || to_status::text, 'public.merch_orders', target::text, reason,
      jsonb_build_object('status', from_status), jsonb_build_object('status', to_status, 'tracking_number', nullif(btrim(tracking), '')));
  end if;
end;
$$;
comment on function private.change_order_status(uuid, public.order_status, text, text) is
  'Moves an order under a row lock: its buyer cancels while pending (rate limited); orders.manage moves other people''s orders along (audited, buyer notified), never their own.';

revoke execute on function private.purchase_merch(json), private.cancel_merch_order_core(uuid, public.order_cancellation, text),
  private.change_order_status(uuid, public.order_status, text, text), private.read_shipping(jsonb), private.json_body(json),
  private.is_clean_text(jsonb) from public;
grant execute on function private.purchase_merch(json),
  private.change_order_status(uuid, public.order_status, text, text) to authenticated;

create function public.purchase_merch(json)
returns public.merch_order_details
language plpgsql
security invoker
set search_path = ''
as $$
declare
  placed uuid := private.purchase_merch($1);
  answer public.merch_order_details;
begin
  select * into answer from public.merch_order_details d where d.id = placed;
  return answer;
end;
$$;
comment on function public.purchase_merch(json) is
  'RPC: buy an item. Body {item_id, quantity (1–100), idempotency_key (8–128, one per Buy tap), shipping {name, phone, address, city, postal_code, country}}; the same key returns the same order. Returns the order (merch_order_details). Errors: forbidden, rate_limited, invalid_parameter, invalid_idempotency_key, invalid_quantity, invalid_shipping_field, item_not_found, item_inactive, quest_not_completed, limit_reached, out_of_stock, insufficient_credits.';

create function public.cancel_merch_order(order_id uuid, reason text default null)
returns public.merch_order_details
language plpgsql
security invoker
set search_path = ''
as $$
declare
  answer public.merch_order_details;
begin
  perform private.change_order_status(order_id, 'cancelled', null, reason);
  select * into answer from public.merch_order_details d where d.id = order_id;
  return answer;
end;
$$;
comment on function public.cancel_merch_order(uuid, text) is
  'RPC: cancel an order (its buyer while pending; orders.manage pending or paid orders of others, with a reason); refund and stock back. Errors: order_not_found, forbidden, invalid_transition, reason_required, rate_limited.';

create function public.set_order_status(order_id uuid, status public.order_status, tracking_number text default null, reason text default null)
returns public.merch_order_details
language plpgsql
security invoker
set search_path = ''
as $$
declare
  answer public.merch_order_details;
begin
  perform private.change_order_status(order_id, status, tracking_number, reason);
  select * into answer from public.merch_order_details d where d.id = order_id;
  return answer;
end;
$$;
comment on function public.set_order_status(uuid, public.order_status, text, text) is
  'RPC (orders.manage, never on one''s own order): pending → paid → shipped (tracking_number) → delivered, or cancelled (reason). Errors: order_not_found, forbidden, invalid_transition, tracking_number_required, reason_required, invalid_parameter.';

revoke execute on function public.purchase_merch(json), public.cancel_merch_order(uuid, text),
  public.set_order_status(uuid, public.order_status, text, text) from public, anon;
grant execute on function public.purchase_merch(json), public.cancel_merch_order(uuid, text),
  public.set_order_status(uuid, public.order_status, text, text) to authenticated;
