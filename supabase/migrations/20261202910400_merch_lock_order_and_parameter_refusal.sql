-- Merch purchases and order changes with both of their changes (issues 11, 12): the one lock order
-- of 20261202600100_account_lock_order.sql (the account first, private.lock_account, so account
-- deletion never deadlocks with the account's purchases and order changes) and the one parameter
-- refusal of 20261202900800_one_parameter_refusal.sql (private.refuse_parameter), which had
-- redefined both functions from their bodies before the lock order — bringing the deadlocks back
-- (tests/account-deletion-concurrency.test.ts). Bodies: 20261202600100's, each inline
-- invalid_parameter refusal replaced by private.refuse_parameter. (create or replace keeps the
-- comments and grants.)

create or replace function private.purchase_merch(request json)
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
    perform private.refuse_parameter('(body)', 'a JSON object');
  end if;
  select k into unknown from jsonb_object_keys(body) k
  where k not in ('item_id', 'quantity', 'idempotency_key', 'shipping') order by k limit 1;
  if found then
    perform private.refuse_parameter(left(replace(unknown, chr(65535), ''), 64), 'unknown field');
  end if;
  if not private.is_clean_text(body -> 'idempotency_key') or char_length(body ->> 'idempotency_key') not between 8 and 128 then
    perform private.refuse('invalid_idempotency_key', jsonb_build_object('field', 'idempotency_key'));
  end if;
  wanted_key := body ->> 'idempotency_key';
  if jsonb_typeof(body -> 'item_id') is distinct from 'string'
     or (body ->> 'item_id') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    perform private.refuse_parameter('item_id', 'an item id (uuid)');
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

  -- The account first (its wallet row), then the item: the one order of every writer of a user's
  -- wallet, orders and stock (private.lock_account).
  perform private.lock_account(buyer);
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

create or replace function private.change_order_status(target uuid, to_status public.order_status, tracking text, reason text)
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
  -- The buyer's account first (their wallet row), then the order, its items: the one lock order.
  perform private.lock_account((select o.user_id from public.merch_orders o where o.id = target));
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
    perform private.refuse_parameter('tracking_number', 'at most 64 characters');
  end if;
  if reason is not null and (char_length(reason) > 1000 or reason ~ '[[:cntrl:]]') then
    perform private.refuse_parameter('reason', 'at most 1000 characters, one line');
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
