-- The merch lists in the list convention (docs/conventions.md): merch_catalog (rows before, all at
-- once), my_merch_orders and staff_merch_orders (text cursors before) take (after jsonb,
-- page_size integer default 20) and answer {items, next_cursor}, every item with its "cursor"
-- (private.make_cursor / private.read_cursor: invalid_cursor for a foreign or malformed one).
-- The shop stays security invoker: the policies of merch_items decide which items the caller sees
-- (reserved items only after the quest), so the list helpers are executable by the API roles
-- (they are pure: no table is read).

grant execute on function private.make_cursor(text, anyelement, anycompatible),
  private.read_cursor(jsonb, text, anyelement, anycompatible), private.require_page_size(integer),
  private.list_page(jsonb, integer) to anon, authenticated;

drop function public.merch_catalog();
drop function public.my_merch_orders(integer, text);
drop function public.staff_merch_orders(public.order_status, integer, text);
drop function private.my_merch_orders(integer, text);
drop function private.staff_merch_orders(public.order_status, integer, text);

create function public.merch_catalog(after jsonb default null, page_size integer default 20)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  size integer := private.require_page_size(page_size);
  k record;
  items jsonb;
begin
  select * into k from private.read_cursor(after, 'merch_catalog', null::timestamptz, null::uuid);
  select coalesce(jsonb_agg(x.item order by x.created_at desc, x.id desc), '[]') into items
  from (
    select i.created_at, i.id, jsonb_build_object(
             'id', i.id, 'title', i.title, 'description', i.description, 'image_paths', i.image_paths,
             'price_credits', i.price_credits, 'stock', i.stock, 'per_user_limit', i.per_user_limit, 'quest_id', i.quest_id,
             'quest_rule', i.quest_rule, 'created_at', i.created_at, 'units_held', private.merch_units_held(i.id),
             'can_buy', b.blocker is null, 'blocked_by', b.blocker ->> 'code',
             'shortfall', coalesce((b.blocker -> 'params' ->> 'shortfall')::integer, 0),
             'cursor', private.make_cursor('merch_catalog', i.created_at, i.id)) as item
    from public.merch_items i
    cross join lateral (select private.merch_catalog_blocker(i) as blocker) b
    where i.active
      and (k.id is null or (i.created_at, i.id) < (k.sort_key, k.id))
    order by i.created_at desc, i.id desc
    limit size + 1
  ) x;
  return private.list_page(items, size);
end;
$$;
comment on function public.merch_catalog(jsonb, integer) is
  'RPC (visitors too): the shop, newest first: {items, next_cursor}. Every active item the caller can see (reserved items once they completed the quest), with units_held, can_buy, blocked_by (not_signed_in, forbidden, item_inactive, quest_not_completed, limit_reached, out_of_stock, insufficient_credits), shortfall (credits missing for one unit) and its cursor. Errors: invalid_cursor, invalid_parameter.';
revoke execute on function public.merch_catalog(jsonb, integer) from public;
grant execute on function public.merch_catalog(jsonb, integer) to anon, authenticated;

create function private.my_merch_orders(after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  me uuid := private.require_signed_in();
  size integer := private.require_page_size(page_size);
  k record;
  items jsonb;
begin
  select * into k from private.read_cursor(after, 'my_merch_orders', null::timestamptz, null::uuid);
  select coalesce(jsonb_agg(to_jsonb(d) || jsonb_build_object('cursor', private.make_cursor('my_merch_orders', d.created_at, d.id))
                            order by d.created_at desc, d.id desc), '[]')
  into items
  from (select * from public.merch_order_details o
        where o.user_id = me and (k.id is null or (o.created_at, o.id) < (k.sort_key, k.id))
        order by o.created_at desc, o.id desc
        limit size + 1) d;
  return private.list_page(items, size);
end;
$$;
comment on function private.my_merch_orders(jsonb, integer) is 'A page of the caller''s own orders, newest first (see public.my_merch_orders).';

create function private.staff_merch_orders(wanted public.order_status, after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  size integer;
  k record;
  items jsonb;
begin
  perform private.require_permission('orders.manage');
  size := private.require_page_size(page_size);
  select * into k from private.read_cursor(after, 'staff_merch_orders', null::timestamptz, null::uuid);
  select coalesce(jsonb_agg(to_jsonb(d) || jsonb_build_object('cursor', private.make_cursor('staff_merch_orders', d.created_at, d.id))
                            order by d.created_at, d.id), '[]')
  into items
  from (select * from public.merch_order_details o
        where (case when wanted is null then o.status in ('pending', 'paid') else o.status = wanted end)
          and (k.id is null or (o.created_at, o.id) > (k.sort_key, k.id))
        order by o.created_at, o.id
        limit size + 1) d;
  return private.list_page(items, size);
end;
$$;
comment on function private.staff_merch_orders(public.order_status, jsonb, integer) is 'A page of the orders queue, oldest first, for orders.manage (see public.staff_merch_orders).';

revoke execute on function private.my_merch_orders(jsonb, integer), private.staff_merch_orders(public.order_status, jsonb, integer) from public;
grant execute on function private.my_merch_orders(jsonb, integer), private.staff_merch_orders(public.order_status, jsonb, integer) to authenticated;

create function public.my_merch_orders(after jsonb default null, page_size integer default 20)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select private.my_merch_orders(after, page_size);
$$;
comment on function public.my_merch_orders(jsonb, integer) is
  'RPC: the caller''s own orders (whoever calls, staff included), newest first: {items: [merch_order_details + cursor], next_cursor}. Errors: not_signed_in, invalid_cursor, invalid_parameter.';

create function public.staff_merch_orders(status public.order_status default null, after jsonb default null, page_size integer default 20)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select private.staff_merch_orders(status, after, page_size);
$$;
comment on function public.staff_merch_orders(public.order_status, jsonb, integer) is
  'RPC (orders.manage): the orders queue, oldest first: {items: [merch_order_details + cursor], next_cursor}; status null = open orders (pending and paid). Errors: forbidden, invalid_cursor, invalid_parameter.';

revoke execute on function public.my_merch_orders(jsonb, integer), public.staff_merch_orders(public.order_status, jsonb, integer) from public, anon;
grant execute on function public.my_merch_orders(jsonb, integer), public.staff_merch_orders(public.order_status, jsonb, integer) to authenticated;
