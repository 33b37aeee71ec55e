-- Less work per merch purchase (issue 13: purchases at least half the bare limit of the cluster, a
-- popular item as fast to 8 buyers as to one). Same checks, the same refusals in the same order,
-- the same results; comments and grants unchanged (create or replace):
-- - private.merch_purchase_blocker counts the units a buyer already holds from the buyer's own
--   orders, one primary-key probe of each for a line of the item. It counted them from every line
--   ever sold of the item, joined to the buyer's orders: a popular item's thousands of lines were
--   read again by each of its purchases (and by each catalogue row of it).
-- - private.purchase_merch asks whether the buyer completed the item's quest only when the item
--   has the rule (a NULL rule made `rule = 'visible_after_completion' and …` evaluate its second
--   half: a query per purchase for nothing).
-- - private.read_shipping checks a good address without running a query (it ran one per field):
--   the known fields are read by name in key order, and unknown keys, which only a bad request
--   has, are looked up by a query only when there are some.
-- - private.json_body skips its search for NUL escapes in a body that has none.
-- - private.is_clean_text (7 calls per purchase) is PL/pgSQL like the other hot helpers (a SQL
--   function with `set search_path` is never inlined and was planned again at each call), and
--   private.is_active reads the caller's id once.

create or replace function private.json_body(body json)
returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
declare
  raw text := body::text;
  previous text;
begin
  if strpos(raw, '\u0000') = 0 then
    return raw::jsonb;  -- no NUL escape: nothing to replace
  end if;
  loop
    previous := raw;
    -- \u0000 preceded by an even number of backslashes is an escape (an odd number escapes the backslash).
    raw := regexp_replace(raw, '(^|[^\\])((\\\\)*)\\u0000', '\1\2\\uffff', 'g');
    exit when raw = previous;
  end loop;
  return raw::jsonb;
end;
$$;

create or replace function private.read_shipping(shipping jsonb)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  -- The fields in the order a missing one is reported, and in key order (the order of a bad one).
  fields constant text[] := array['name', 'phone', 'address', 'city', 'postal_code', 'country'];
  by_key constant text[] := array['address', 'city', 'country', 'name', 'phone', 'postal_code'];
  first_unknown text;
  field text;
  given jsonb;
  value text;
  checked jsonb := '{}';
begin
  if shipping is null or jsonb_typeof(shipping) <> 'object' then
    perform private.refuse('invalid_shipping_field', jsonb_build_object('field', 'shipping'));
  end if;
  if shipping - fields <> '{}'::jsonb then
    select min(k) into first_unknown from jsonb_object_keys(shipping - fields) k;
  end if;
  -- The first bad key in key order: a known field with a bad value, or an unknown key before it.
  foreach field in array by_key loop
    given := shipping -> field;
    continue when given is null;
    exit when first_unknown < field;
    value := btrim(given #>> '{}');
    if not private.is_clean_text(given) or not (case field
         when 'name' then char_length(value) between 1 and 128
         when 'phone' then value ~ '^\+?[0-9 ()-]{6,24}$'
         when 'address' then char_length(value) between 1 and 256
         when 'city' then char_length(value) between 1 and 128
         when 'postal_code' then char_length(value) between 2 and 16
         when 'country' then upper(value) ~ '^[A-Z]{2}$'
       end) then
      perform private.refuse('invalid_shipping_field', jsonb_build_object('field', field));
    end if;
    checked := checked || jsonb_build_object(field, case when field = 'country' then upper(value) else value end);
  end loop;
  if first_unknown is not null then
    perform private.refuse('invalid_shipping_field', jsonb_build_object('field', left(replace(first_unknown, chr(65535), ''), 64)));
  end if;
  foreach field in array fields loop
    if not checked ? field then
      perform private.refuse('invalid_shipping_field', jsonb_build_object('field', field));
    end if;
  end loop;
  return checked;
end;
$$;

create or replace function private.is_clean_text(value jsonb)
returns boolean
language plpgsql
immutable
set search_path = ''
as $$
begin
  return coalesce(jsonb_typeof(value) = 'string'
                  and position(chr(65535) in value #>> '{}') = 0
                  and (value #>> '{}') !~ '[[:cntrl:]]', false);
end;
$$;

create or replace function private.is_active()
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  caller constant uuid := auth.uid();
begin
  return caller is not null
     and exists (select 1 from auth.users u where u.id = caller)
     and not private.is_banned(caller);
end;
$$;

create or replace function private.merch_purchase_blocker(item public.merch_items, buyer uuid, quantity integer)
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
  -- From the buyer's orders, one primary-key probe of each for a line of this item.
  select coalesce(sum((select oi.quantity from public.merch_order_items oi where oi.order_id = o.id and oi.item_id = item.id)), 0)
  into held
  from public.merch_orders o
  where o.user_id = buyer and o.status <> 'cancelled';
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
  if item.id is null or (item.quest_rule is not distinct from 'visible_after_completion' and not private.has_completed_quest(buyer, item.quest_id)) then
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
