-- A popular item sells as fast to 8 buyers at once as to one (issue 13). The conditional stock
-- update of a purchase locks the item's row until the transaction ends; it came before the order,
-- its line, the debit and the order read back by public.purchase_merch, so every buyer of a hot
-- item waited for all of that work of the previous one. It is now the last write: the lock is held
-- for the update and the commit only. Nothing else changes: the same checks and refusals in the
-- same order of locks (the account's wallet, then the item), and an out_of_stock refusal still
-- rolls back the whole purchase (the order and the debit written before it included).

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

  insert into public.merch_orders (user_id, idempotency_key, total_credits, ship_name, ship_phone, ship_address,
                                   ship_city, ship_postal_code, ship_country)
  values (buyer, wanted_key, item.price_credits * wanted_quantity, address ->> 'name', address ->> 'phone',
          address ->> 'address', address ->> 'city', address ->> 'postal_code', address ->> 'country')
  returning id into placed;
  insert into public.merch_order_items (order_id, item_id, quantity, unit_price_credits, title)
  values (placed, item.id, wanted_quantity, item.price_credits, item.title);
  perform private.post_credits(buyer, -(item.price_credits * wanted_quantity), 'merch_order', item.quest_id, placed, item.title);
  -- The stock last: the item's row stays locked from here to the commit only, so buyers of one
  -- popular item wait for each other as briefly as possible (a refusal rolls everything back).
  update public.merch_items i set stock = i.stock - wanted_quantity
  where i.id = item.id and i.stock is not null and i.stock >= wanted_quantity;
  if item.stock is not null and not found then
    perform private.refuse('out_of_stock', jsonb_build_object('available', (select i.stock from public.merch_items i where i.id = item.id)));
  end if;
  return placed;
end;
$$;
