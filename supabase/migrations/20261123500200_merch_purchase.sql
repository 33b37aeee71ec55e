-- Buying merch, in one transaction. The purchase rules live in one place,
-- private.merch_purchase_blocker, which the catalogue uses to say why a user may not buy an item
-- and the purchase uses to refuse. Stock is decremented by a conditional update (never below 0),
-- credits are debited through the ledger (never below 0), and the order is written; any refusal
-- raises and rolls everything back. Same user + same idempotency key = the same order, charged once.

create function private.merch_purchase_blocker(item public.merch_items, buyer uuid, quantity integer)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when not item.active then 'item_inactive'
    when quantity is null or quantity not between 1 and 100 then 'invalid_quantity'
    when item.quest_rule is not null and not private.has_completed_quest(buyer, item.quest_id) then 'quest_not_completed'
    when item.per_user_limit is not null and quantity + coalesce((
        select sum(oi.quantity) from public.merch_order_items oi join public.merch_orders o on o.id = oi.order_id
        where oi.item_id = item.id and o.user_id = buyer and o.status <> 'cancelled'), 0) > item.per_user_limit then 'limit_reached'
    when item.stock is not null and item.stock < quantity then 'out_of_stock'
    when coalesce((select w.balance from public.wallets w where w.user_id = buyer), 0) < item.price_credits * quantity then 'insufficient_credits'
  end;
$$;
comment on function private.merch_purchase_blocker(public.merch_items, uuid, integer) is
  'Why this user may not buy this quantity of the item now (a code), or null when they may.';
revoke execute on function private.merch_purchase_blocker(public.merch_items, uuid, integer) from public;

create function private.purchase_refusal(code text)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  raise exception using
    errcode = case code when 'insufficient_credits' then 'PT402' when 'quest_not_completed' then 'PT403'
                        when 'invalid_quantity' then 'PT400' else 'PT409' end,
    message = code,
    detail = case code
      when 'item_inactive' then 'This item is no longer sold.'
      when 'invalid_quantity' then 'Order between 1 and 100 units.'
      when 'quest_not_completed' then 'Complete the quest this item belongs to first.'
      when 'limit_reached' then 'You already hold the most units of this item one person may buy.'
      when 'out_of_stock' then 'Not enough units left.'
      when 'insufficient_credits' then 'Your balance does not cover this order.'
      else code end;
end;
$$;
comment on function private.purchase_refusal(text) is 'Raises the documented error (status and sentence) for a purchase refusal code.';
revoke execute on function private.purchase_refusal(text) from public;

create function private.purchase_merch(item_id uuid, quantity integer, idempotency_key text, shipping jsonb)
returns public.merch_orders
language plpgsql
security definer
set search_path = ''
as $$
declare
  buyer uuid := auth.uid();
  existing public.merch_orders;
  item public.merch_items;
  blocker text;
  placed public.merch_orders;
begin
  perform private.require_active();
  if idempotency_key is null or char_length(idempotency_key) not between 8 and 128 then
    raise exception using errcode = 'PT400', message = 'invalid_idempotency_key', detail = 'Send an idempotency key of 8 to 128 characters.';
  end if;
  -- One buyer's purchases of one key, and of one item, are serialised: replays and per-user limits stay exact.
  perform pg_advisory_xact_lock(hashtextextended(buyer::text || '/key/' || idempotency_key, 0));
  select * into existing from public.merch_orders o where o.user_id = buyer and o.idempotency_key = purchase_merch.idempotency_key;
  if existing.id is not null then
    return existing;
  end if;
  perform pg_advisory_xact_lock(hashtextextended(buyer::text || '/item/' || item_id::text, 0));

  select * into item from public.merch_items i where i.id = item_id;
  if item.id is null or (item.quest_rule = 'visible_after_completion' and not private.has_completed_quest(buyer, item.quest_id)) then
    raise exception using errcode = 'PT404', message = 'item_not_found', detail = 'No such item.';
  end if;
  blocker := private.merch_purchase_blocker(item, buyer, quantity);
  if blocker is not null then
    perform private.purchase_refusal(blocker);
  end if;

  update public.merch_items i set stock = i.stock - quantity
  where i.id = item.id and i.stock is not null and i.stock >= quantity;
  if item.stock is not null and not found then
    perform private.purchase_refusal('out_of_stock');
  end if;

  insert into public.merch_orders (user_id, idempotency_key, total_credits, ship_name, ship_phone, ship_address,
                                   ship_city, ship_postal_code, ship_country)
  values (buyer, idempotency_key, item.price_credits * quantity, shipping ->> 'name', shipping ->> 'phone',
          shipping ->> 'address', shipping ->> 'city', shipping ->> 'postal_code', shipping ->> 'country')
  returning * into placed;
  insert into public.merch_order_items (order_id, item_id, quantity, unit_price_credits)
  values (placed.id, item.id, quantity, item.price_credits);
  perform private.post_credits(buyer, -placed.total_credits, 'merch_order', item.quest_id, placed.id, item.title);
  return placed;
end;
$$;
comment on function private.purchase_merch(uuid, integer, text, jsonb) is
  'One purchase in one transaction: idempotency, rules, conditional stock decrement, ledger debit, order. Refusals roll everything back.';

create function private.change_order_status(target uuid, to_status public.order_status, tracking text, reason text)
returns public.merch_orders
language plpgsql
security definer
set search_path = ''
as $$
declare
  current public.merch_orders;
  staff boolean := private.authorize('orders.manage');
  line record;
begin
  select * into current from public.merch_orders o where o.id = target for update;
  if current.id is null or not (current.user_id = auth.uid() or staff) then
    raise exception using errcode = 'PT404', message = 'order_not_found', detail = 'No such order of yours.';
  end if;
  if not staff and not (to_status = 'cancelled' and private.is_active()) then
    raise exception using errcode = 'PT403', message = 'forbidden', detail = 'Buyers may only cancel; order states are moved by orders.manage.';
  end if;
  if not (
    (current.status = 'pending' and to_status in ('paid', 'cancelled'))
    or (current.status = 'paid' and to_status in ('shipped', 'cancelled') and staff)
    or (current.status = 'shipped' and to_status = 'delivered')
  ) then
    raise exception using errcode = 'PT409', message = 'invalid_transition',
      detail = format('An order that is %s cannot become %s%s.', current.status, to_status, case when staff then '' else ' by its buyer' end);
  end if;
  if to_status = 'shipped' and coalesce(btrim(tracking), '') = '' then
    raise exception using errcode = 'PT400', message = 'tracking_number_required', detail = 'Give the tracking number when shipping.';
  end if;
  if staff and to_status = 'cancelled' then
    reason := private.require_reason(reason);
  end if;

  if to_status = 'cancelled' then
    perform private.post_credits(current.user_id, current.total_credits, 'merch_refund', null, current.id, reason);
    for line in select oi.item_id, oi.quantity from public.merch_order_items oi where oi.order_id = current.id loop
      update public.merch_items i set stock = i.stock + line.quantity where i.id = line.item_id and i.stock is not null;
    end loop;
  end if;
  update public.merch_orders o
  set status = to_status,
      tracking_number = case when to_status = 'shipped' then btrim(tracking) else o.tracking_number end,
      cancel_reason = case when to_status = 'cancelled' then nullif(btrim(reason), '') else o.cancel_reason end
  where o.id = target
  returning * into current;

  if staff and current.user_id <> auth.uid() then
    perform private.audit('order.' || to_status::text, 'public.merch_orders', target::text, reason,
      null, jsonb_build_object('status', to_status, 'tracking_number', current.tracking_number));
    perform private.notify(current.user_id, 'order_updated',
      jsonb_build_object('order_id', current.id, 'status', current.status, 'tracking_number', current.tracking_number,
                         'reason', current.cancel_reason));
  end if;
  return current;
end;
$$;
comment on function private.change_order_status(uuid, public.order_status, text, text) is
  'Moves an order under a row lock: the buyer cancels while pending; orders.manage moves it along (audited, buyer notified). Cancelling refunds and restores stock.';

revoke execute on function private.purchase_merch(uuid, integer, text, jsonb),
  private.change_order_status(uuid, public.order_status, text, text) from public;
grant execute on function private.purchase_merch(uuid, integer, text, jsonb),
  private.change_order_status(uuid, public.order_status, text, text) to authenticated;

create function public.purchase_merch(item_id uuid, quantity integer, idempotency_key text, shipping jsonb)
returns public.merch_orders
language sql
security invoker
set search_path = ''
as $$
  select * from private.purchase_merch(item_id, quantity, idempotency_key, shipping);
$$;
comment on function public.purchase_merch(uuid, integer, text, jsonb) is
  'RPC: buy an item. shipping = {name, phone, address, city, postal_code, country}. Errors: forbidden, invalid_idempotency_key, item_not_found, item_inactive, invalid_quantity, quest_not_completed, limit_reached, out_of_stock, insufficient_credits.';

create function public.cancel_merch_order(order_id uuid, reason text default null)
returns public.merch_orders
language sql
security invoker
set search_path = ''
as $$
  select * from private.change_order_status(order_id, 'cancelled', null, reason);
$$;
comment on function public.cancel_merch_order(uuid, text) is 'RPC: cancel an order (buyer: while pending; staff: pending or paid, with a reason); refunds and restores stock.';

create function public.set_order_status(order_id uuid, status public.order_status, tracking_number text default null, reason text default null)
returns public.merch_orders
language sql
security invoker
set search_path = ''
as $$
  select * from private.change_order_status(order_id, status, tracking_number, reason);
$$;
comment on function public.set_order_status(uuid, public.order_status, text, text) is
  'RPC (orders.manage): pending → paid → shipped (tracking_number) → delivered, or cancelled (reason). Errors: order_not_found, forbidden, invalid_transition, tracking_number_required, reason_required.';

create function private.merch_catalog_blocker(item public.merch_items)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select case when auth.uid() is null then 'not_signed_in' else private.merch_purchase_blocker(item, auth.uid(), 1) end;
$$;
comment on function private.merch_catalog_blocker(public.merch_items) is 'Why the caller may not buy one unit of the item now (not_signed_in for visitors), or null.';
revoke execute on function private.merch_catalog_blocker(public.merch_items) from public;
grant execute on function private.merch_catalog_blocker(public.merch_items) to anon, authenticated;

create function public.merch_catalog()
returns table (item public.merch_items, can_buy boolean, blocked_by text)
language sql
stable
security invoker
set search_path = ''
as $$
  select i, b.code is null, b.code
  from public.merch_items i
  cross join lateral (select private.merch_catalog_blocker(i) as code) b
  where i.active
  order by i.created_at desc, i.id;
$$;
comment on function public.merch_catalog() is 'RPC: the items the caller can see, each with whether they may buy one now and, if not, why (a purchase error code).';

revoke execute on function public.purchase_merch(uuid, integer, text, jsonb), public.cancel_merch_order(uuid, text),
  public.set_order_status(uuid, public.order_status, text, text) from public, anon;
grant execute on function public.purchase_merch(uuid, integer, text, jsonb), public.cancel_merch_order(uuid, text),
  public.set_order_status(uuid, public.order_status, text, text) to authenticated;
grant execute on function public.merch_catalog() to anon, authenticated;
