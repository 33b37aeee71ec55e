-- Merch: who sees and manages items, who reads orders, that purchases and state changes happen
-- only through the RPCs (which check the rules), and the abuse classes: purchase/cancel loops
-- (rate limits), stock held by pending orders (they expire), unsafe image paths, orders read by
-- the wrong people.
begin;
select plan(49);

select tests.create_user('m_buyer');
select tests.create_user('m_other');
select tests.create_user('m_admin');
select tests.create_user('m_mod');
select tests.create_user('m_banned');
insert into public.user_roles (user_id, role) values (tests.get_user_id('m_admin'), 'admin'), (tests.get_user_id('m_mod'), 'moderator');
insert into public.user_bans (user_id, reason) values (tests.get_user_id('m_banned'), 'fraud');
create temporary table k (name text primary key, id uuid not null default gen_random_uuid());
insert into k (name) values ('quest'), ('mug'), ('cap'), ('pin');
grant select, insert on k to anon, authenticated;
create function pg_temp.k(n text) returns uuid language sql stable as $$ select id from k where name = n $$;
create function pg_temp.order_body(item text, idempotency_key text, quantity integer default 1) returns json language sql stable as $$
  select json_build_object('item_id', pg_temp.k(item), 'quantity', quantity, 'idempotency_key', idempotency_key,
    'shipping', json_build_object('name', 'B', 'phone', '+79001234567', 'address', 'Street 1', 'city', 'Moscow', 'postal_code', '101000', 'country', 'RU'))
$$;
grant execute on function pg_temp.k(text), pg_temp.order_body(text, text, integer) to anon, authenticated;
insert into public.quests (id, title, slug, city, status, published_at)
values (pg_temp.k('quest'), 'Pin quest', 'pin-quest-' || left(pg_temp.k('quest')::text, 8), 'Moscow', 'published', now());
insert into public.merch_items (id, title, price_credits, stock, active, quest_id, quest_rule) values
  (pg_temp.k('mug'), 'Mug', 20, 10, true, null, null),
  (pg_temp.k('cap'), 'Old cap', 20, null, false, null, null),
  (pg_temp.k('pin'), 'Finisher pin', 5, null, true, pg_temp.k('quest'), 'visible_after_completion');
select private.post_credits(tests.get_user_id('m_buyer'), 100, 'staff_grant');

-- Items
select tests.authenticate_as_anon();
select results_eq($$select title from public.merch_items where id in (select id from k) order by title$$, $$values ('Mug')$$,
  'anon sees active items that are not reserved to a quest''s players');
select throws_ok($$insert into public.merch_items (title, price_credits) values ('x', 1)$$, '42501', null, 'anon cannot add items');
select tests.authenticate_as('m_buyer');
select results_eq($$select title from public.merch_items where id in (select id from k) order by title$$, $$values ('Mug')$$,
  'a user who has not completed the quest does not see its reserved item');
select tests.clear_authentication();
insert into public.quest_runs (quest_id, user_id, status, points_total, finished_at)
values (pg_temp.k('quest'), tests.get_user_id('m_buyer'), 'completed', 1, now());
select tests.authenticate_as('m_buyer');
select results_eq($$select title from public.merch_items where id in (select id from k) order by title$$, $$values ('Finisher pin'), ('Mug')$$,
  'after completing the quest the user sees its reserved item');
select results_eq($$select i ->> 'title', (i ->> 'can_buy')::boolean from jsonb_array_elements(public.merch_catalog() -> 'items') i
                    where (i ->> 'id')::uuid in (select id from k) order by 1$$,
  $$values ('Finisher pin', true), ('Mug', true)$$, 'the shop (merch_catalog) lists the same items with can_buy');
select throws_ok($$insert into public.merch_items (title, price_credits) values ('Free stuff', 1)$$, '42501', null, 'a user cannot add items');
update public.merch_items set price_credits = 1 where id = pg_temp.k('mug');
select tests.authenticate_as('m_mod');
select throws_ok($$insert into public.merch_items (title, price_credits) values ('Mod mug', 1)$$, '42501', null,
  'a moderator (no merch.manage) cannot add items');
select tests.authenticate_as('m_admin');
select is((select price_credits from public.merch_items where id = pg_temp.k('mug')), 20, 'a user cannot change prices');
select is((select count(*)::int from public.merch_items where id in (select id from k)), 3, 'merch.manage sees inactive and reserved items too');
select lives_ok($$update public.merch_items set stock = 12 where id = pg_temp.k('mug')$$, 'an admin (merch.manage) restocks');
select is((select per_user_limit from public.merch_items where id = pg_temp.k('mug')), 5, 'an item gets a per-user limit of 5 unless staff choose one');
select throws_ok($$insert into public.merch_items (title, price_credits, per_user_limit) values ('Unlimited', 1, null)$$, '23502', null,
  'every item has a per-user limit (no hoarding a whole stock)');
select throws_ok($$update public.merch_items set image_paths = array['../other/x.png'] where id = pg_temp.k('mug')$$, 'PT400', 'invalid_image_path',
  'image paths cannot climb out of the item''s folder');
select throws_ok(format($$update public.merch_items set image_paths = array['%s/a.png'] where id = '%s'$$, pg_temp.k('cap'), pg_temp.k('mug')), 'PT400',
  'invalid_image_path', 'nor point into another item''s folder');
select lives_ok(format($$update public.merch_items set image_paths = array['%1$s/front.webp'] where id = '%1$s'$$, pg_temp.k('mug')),
  'an image in the item''s own folder is accepted');

-- Orders
select tests.authenticate_as('m_buyer');
select lives_ok($$insert into k (name, id) select 'order', (public.purchase_merch(pg_temp.order_body('mug', 'order-key-0001', 2))).id$$,
  'a user buys through purchase_merch');
select is((select count(*)::int from public.merch_orders), 1, 'the buyer reads their order');
select is((select quantity from public.merch_order_items), 2, 'and its lines');
select is(public.my_merch_orders() #>> '{items,0,items,0,title}', 'Mug', 'my_merch_orders returns it with its lines');
select throws_ok($$insert into public.merch_orders (user_id, idempotency_key, total_credits, ship_name, ship_phone, ship_address, ship_city, ship_postal_code, ship_country)
  values (auth.uid(), 'direct-insert', 1, 'a', '+79001234567', 'b', 'c', '10', 'RU')$$, '42501', null, 'orders cannot be written directly');
select throws_ok($$update public.merch_orders set status = 'delivered'$$, '42501', null, 'a buyer cannot move their order by update');
select throws_ok($$select public.set_order_status(pg_temp.k('order'), 'paid')$$, 'PT403', 'forbidden', 'a buyer cannot mark their order paid');
select throws_ok($$select public.purchase_merch(pg_temp.order_body('cap', 'order-key-0002'))$$, 'PT409', 'item_inactive',
  'inactive items cannot be bought');
select throws_ok($$select public.purchase_merch(('{"item_id": "' || pg_temp.k('mug') || '", "quantity": 1, "idempotency_key": "order-key-0003", "shipping": {"name": "B", "phone": "not a phone", "address": "Street 1", "city": "Moscow", "postal_code": "101000", "country": "RU"}}')::json)$$,
  'PT400', 'invalid_shipping_field', 'bad shipping details are refused with a catalogued code');
select throws_ok($$select public.purchase_merch(('{"item_id": "' || pg_temp.k('mug') || '", "quantity": 1, "idempotency_key": "order-key-0004", "shipping": {"name": "B", "phone": "+79001234567", "address": "Street\u0000 1", "city": "Moscow", "postal_code": "101000", "country": "RU"}}')::json)$$,
  'PT400', 'invalid_shipping_field', 'a NUL character in a shipping field is a 400 naming the field, not a database error');
select tests.clear_authentication();
update public.merch_orders set created_at = '2001-01-01' where id = pg_temp.k('order');
select tests.authenticate_as('m_other');
select is_empty($$select 1 from public.merch_orders$$, 'another user sees no one else''s orders');
select is_empty($$select 1 from public.merch_order_items$$, 'nor their lines');
select is_empty($$select 1 from public.merch_order_details$$, 'nor their order details');
select throws_ok($$select public.cancel_merch_order(pg_temp.k('order'))$$, 'PT404', 'order_not_found', 'nor cancels them');
select tests.authenticate_as('m_mod');
select is_empty($$select 1 from public.merch_orders$$, 'a moderator (no orders.manage) sees no orders');
select throws_ok($$select public.staff_merch_orders()$$, 'PT403', 'forbidden', 'nor the staff queue');
select tests.authenticate_as('m_admin');
select is((select count(*)::int from public.merch_orders where user_id = tests.get_user_id('m_buyer')), 1, 'an admin (orders.manage) sees other users'' orders');
select is(public.staff_merch_orders('pending', null, 1) #>> '{items,0,id}', pg_temp.k('order')::text,
  'and finds the oldest pending order first in the staff queue');
select is(public.my_merch_orders() -> 'items', '[]'::jsonb, 'an admin''s my_merch_orders holds only their own orders (none)');
select tests.authenticate_as('m_banned');
select throws_ok($$select public.purchase_merch(pg_temp.order_body('mug', 'order-key-0005'))$$, 'PT403', 'forbidden', 'a banned user cannot buy');
select tests.authenticate_as_anon();
select throws_ok($$select * from public.merch_orders$$, '42501', null, 'anon cannot read orders');

-- Purchase / cancel loops are rate limited.
select tests.clear_authentication();
update private.rate_limits set max_hits = 2 where action in ('merch.purchase', 'merch.cancel');
select private.post_credits(tests.get_user_id('m_other'), 1000, 'staff_grant');
select tests.authenticate_as('m_other');
select public.cancel_merch_order((public.purchase_merch(pg_temp.order_body('mug', 'loop-key-0001'))).id);
select public.cancel_merch_order((public.purchase_merch(pg_temp.order_body('mug', 'loop-key-0002'))).id);
select throws_ok($$select public.purchase_merch(pg_temp.order_body('mug', 'loop-key-0003'))$$, 'PT429', 'rate_limited',
  'a buyer looping purchases is refused with rate_limited');
select is((select (public.purchase_merch(pg_temp.order_body('mug', 'loop-key-0001'))).status::text), 'cancelled',
  'replaying an idempotency key is not a new purchase (not limited)');
select tests.clear_authentication();
update private.rate_limits set max_hits = 100 where action = 'merch.purchase';
select tests.authenticate_as('m_other');
insert into k (name, id) select 'third', (public.purchase_merch(pg_temp.order_body('mug', 'loop-key-0004'))).id;
select throws_ok($$select public.cancel_merch_order(pg_temp.k('third'))$$, 'PT429', 'rate_limited',
  'a buyer looping cancellations is refused with rate_limited');

-- Pending orders expire after 72 hours: refund, stock back, buyer notified.
select tests.clear_authentication();
update public.merch_orders set created_at = now() - interval '73 hours' where id = pg_temp.k('order');
create temporary table stock_before as select stock from public.merch_items where id = pg_temp.k('mug');
select is(private.expire_pending_merch_orders() >= 1, true, 'the expiry job cancels pending orders older than their lifetime');
select results_eq($$select status::text, cancellation::text from public.merch_orders where id = pg_temp.k('order')$$,
  $$values ('cancelled', 'expired')$$, 'the order is cancelled as expired');
select is((select stock from public.merch_items where id = pg_temp.k('mug')), (select stock + 2 from stock_before), 'its stock is back');
select results_eq($$select balance, (select payload ->> 'cancellation' from public.notifications where user_id = tests.get_user_id('m_buyer') and kind = 'order_updated')
                    from public.wallets where user_id = tests.get_user_id('m_buyer')$$,
  $$values (100, 'expired')$$, 'the buyer is refunded and notified');
select is((select count(*)::int from public.merch_orders where id = pg_temp.k('third') and status = 'pending'), 1, 'younger pending orders stay');

-- Bucket merch-images
select is((select public::text || ' ' || file_size_limit from storage.buckets where id = 'merch-images'), 'true 5242880',
  'bucket merch-images is public, 5 MiB');
select tests.authenticate_as('m_admin');
select lives_ok(format($$insert into storage.objects (bucket_id, name) values ('merch-images', '%s/front.webp')$$, pg_temp.k('mug')),
  'merch.manage uploads item images');
select throws_ok(format($$insert into storage.objects (bucket_id, name) values ('merch-images', '%s/../x.webp')$$, pg_temp.k('mug')),
  '42501', null, 'even merch.manage uploads only safe paths <item id>/<file>');
select tests.authenticate_as('m_buyer');
select throws_ok(format($$insert into storage.objects (bucket_id, name) values ('merch-images', '%s/fake.webp')$$, pg_temp.k('mug')),
  '42501', null, 'a user cannot upload item images');
select is_empty($$select 1 from storage.objects where bucket_id = 'merch-images'$$, 'users do not list the public bucket (URLs need no policy)');

select * from finish();
rollback;
