-- One call per merch screen, each answering in the one order shape (merch_order_details):
-- - the shop: public.merch_catalog(), every item the caller can see with can_buy / blocked_by
--   (a catalogued code) / shortfall and the units they already hold, flat (one shape: the
--   `merch` edge function that answered in another is gone);
-- - my orders: public.my_merch_orders(page_size, after), newest first, the caller's own only
--   (staff included);
-- - the staff queue: public.staff_merch_orders(status, page_size, after), orders.manage, oldest
--   first (open orders by default: pending and paid).
-- Lists are pages {items, next_cursor} with the (created_at, id) keyset cursors of
-- 20261202200700_social_screens.sql (private.keyset_cursor / keyset_position / keyset_page).

create function private.merch_catalog_blocker(item public.merch_items)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select private.merch_purchase_blocker(item, auth.uid(), 1);
$$;
comment on function private.merch_catalog_blocker(public.merch_items) is
  'Why the caller may not buy one unit of the item now ({code, params}, not_signed_in for visitors), or null. The caller''s own answer only.';
revoke execute on function private.merch_catalog_blocker(public.merch_items) from public;
grant execute on function private.merch_catalog_blocker(public.merch_items) to anon, authenticated;

create function private.merch_units_held(item uuid)
returns integer
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(sum(oi.quantity), 0)::integer
  from public.merch_order_items oi join public.merch_orders o on o.id = oi.order_id
  where oi.item_id = item and o.user_id = auth.uid() and o.status <> 'cancelled';
$$;
comment on function private.merch_units_held(uuid) is 'Units of the item the caller holds in orders that are not cancelled (0 for visitors).';
revoke execute on function private.merch_units_held(uuid) from public;
grant execute on function private.merch_units_held(uuid) to anon, authenticated;

create function public.merch_catalog()
returns table (
  id uuid,
  title text,
  description text,
  image_paths text[],
  price_credits integer,
  stock integer,
  per_user_limit integer,
  quest_id uuid,
  quest_rule public.merch_quest_rule,
  created_at timestamptz,
  units_held integer,
  can_buy boolean,
  blocked_by text,
  shortfall integer
)
language sql
stable
security invoker
set search_path = ''
as $$
  select i.id, i.title, i.description, i.image_paths, i.price_credits, i.stock, i.per_user_limit, i.quest_id, i.quest_rule,
         i.created_at, private.merch_units_held(i.id), b.blocker is null, b.blocker ->> 'code',
         coalesce((b.blocker -> 'params' ->> 'shortfall')::integer, 0)
  from public.merch_items i
  cross join lateral (select private.merch_catalog_blocker(i) as blocker) b
  where i.active
  order by i.created_at desc, i.id;
$$;
comment on function public.merch_catalog() is
  'RPC (visitors too): the shop. Every active item the caller can see (reserved items once they completed the quest), with units_held, can_buy, blocked_by (not_signed_in, forbidden, item_inactive, quest_not_completed, limit_reached, out_of_stock, insufficient_credits) and shortfall (credits missing for one unit).';
revoke execute on function public.merch_catalog() from public;
grant execute on function public.merch_catalog() to anon, authenticated;

create function private.my_merch_orders(page_size integer, after text)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  after_at timestamptz;
  after_id uuid;
  entries jsonb;
begin
  perform private.require_signed_in();
  perform private.require_page_size(page_size, 100);
  select k.key_time, k.key_id into after_at, after_id from private.keyset_position(after, 'after') k;
  select coalesce(jsonb_agg(jsonb_build_object('item', to_jsonb(d), 'cursor', private.keyset_cursor(d.created_at, d.id))
                            order by d.created_at desc, d.id desc), '[]')
  into entries
  from (select * from public.merch_order_details o
        where o.user_id = auth.uid() and (after_at is null or (o.created_at, o.id) < (after_at, after_id))
        order by o.created_at desc, o.id desc
        limit page_size + 1) d;
  return private.keyset_page(entries, page_size);
end;
$$;
comment on function private.my_merch_orders(integer, text) is 'A page of the caller''s own orders, newest first (see public.my_merch_orders).';

create function private.staff_merch_orders(wanted public.order_status, page_size integer, after text)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  after_at timestamptz;
  after_id uuid;
  entries jsonb;
begin
  perform private.require_permission('orders.manage');
  perform private.require_page_size(page_size, 100);
  select k.key_time, k.key_id into after_at, after_id from private.keyset_position(after, 'after') k;
  select coalesce(jsonb_agg(jsonb_build_object('item', to_jsonb(d), 'cursor', private.keyset_cursor(d.created_at, d.id))
                            order by d.created_at, d.id), '[]')
  into entries
  from (select * from public.merch_order_details o
        where (case when wanted is null then o.status in ('pending', 'paid') else o.status = wanted end)
          and (after_at is null or (o.created_at, o.id) > (after_at, after_id))
        order by o.created_at, o.id
        limit page_size + 1) d;
  return private.keyset_page(entries, page_size);
end;
$$;
comment on function private.staff_merch_orders(public.order_status, integer, text) is 'A page of the orders queue, oldest first, for orders.manage (see public.staff_merch_orders).';

revoke execute on function private.my_merch_orders(integer, text), private.staff_merch_orders(public.order_status, integer, text) from public;
grant execute on function private.my_merch_orders(integer, text), private.staff_merch_orders(public.order_status, integer, text) to authenticated;

create function public.my_merch_orders(page_size integer default 20, after text default null)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select private.my_merch_orders(page_size, after);
$$;
comment on function public.my_merch_orders(integer, text) is
  'RPC: the caller''s own orders (whoever calls, staff included), newest first: {items: [merch_order_details], next_cursor}; page_size 1–100; next page: after = next_cursor. Errors: not_signed_in, invalid_parameter.';

create function public.staff_merch_orders(status public.order_status default null, page_size integer default 50, after text default null)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select private.staff_merch_orders(status, page_size, after);
$$;
comment on function public.staff_merch_orders(public.order_status, integer, text) is
  'RPC (orders.manage): the orders queue, oldest first: {items: [merch_order_details], next_cursor}; status null = open orders (pending and paid); page_size 1–100; next page: after = next_cursor. Errors: forbidden, invalid_parameter.';

revoke execute on function public.my_merch_orders(integer, text), public.staff_merch_orders(public.order_status, integer, text) from public, anon;
grant execute on function public.my_merch_orders(integer, text), public.staff_merch_orders(public.order_status, integer, text) to authenticated;
