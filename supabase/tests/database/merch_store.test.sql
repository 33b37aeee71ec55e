-- Merch: who sees and manages items, who reads orders, and that purchases and state changes are
-- only possible through the functions (which check the rules).
begin;
select plan(28);

select tests.create_user('m_buyer');
select tests.create_user('m_other');
select tests.create_user('m_admin');
select tests.create_user('m_mod');
select tests.create_user('m_banned');
insert into public.user_roles (user_id, role) values (tests.get_user_id('m_admin'), 'admin'), (tests.get_user_id('m_mod'), 'moderator');
insert into public.user_bans (user_id, reason) values (tests.get_user_id('m_banned'), 'fraud');
insert into public.quests (id, title, slug, city, status, published_at) values
  ('50000000-0000-4000-a000-000000000001', 'Pin quest', 'pin-quest', 'Moscow', 'published', now());
insert into public.merch_items (id, title, price_credits, stock, active, quest_id, quest_rule) values
  ('51000000-0000-4000-a000-000000000001', 'Mug', 20, 10, true, null, null),
  ('51000000-0000-4000-a000-000000000002', 'Old cap', 20, null, false, null, null),
  ('51000000-0000-4000-a000-000000000003', 'Finisher pin', 5, null, true, '50000000-0000-4000-a000-000000000001', 'visible_after_completion');
select private.post_credits(tests.get_user_id('m_buyer'), 100, 'staff_grant');

-- Items
select tests.authenticate_as_anon();
select results_eq($$select title from public.merch_items where id::text like '51000000-%' order by title$$, $$values ('Mug')$$,
  'anon sees active items that are not reserved to a quest''s players');
select throws_ok($$insert into public.merch_items (title, price_credits) values ('x', 1)$$, '42501', null, 'anon cannot add items');
select tests.authenticate_as('m_buyer');
select results_eq($$select title from public.merch_items where id::text like '51000000-%' order by title$$, $$values ('Mug')$$,
  'a user who has not completed the quest does not see its reserved item');
select tests.clear_authentication();
insert into public.quest_runs (quest_id, user_id, status, points_total, finished_at)
values ('50000000-0000-4000-a000-000000000001', tests.get_user_id('m_buyer'), 'completed', 1, now());
select tests.authenticate_as('m_buyer');
select results_eq($$select title from public.merch_items where id::text like '51000000-%' order by title$$, $$values ('Finisher pin'), ('Mug')$$,
  'after completing the quest the user sees its reserved item');
select throws_ok($$insert into public.merch_items (title, price_credits) values ('Free stuff', 1)$$, '42501', null, 'a user cannot add items');
update public.merch_items set price_credits = 1 where id = '51000000-0000-4000-a000-000000000001';
select tests.authenticate_as('m_mod');
select throws_ok($$insert into public.merch_items (title, price_credits) values ('Mod mug', 1)$$, '42501', null,
  'a moderator (no merch.manage) cannot add items');
select tests.authenticate_as('m_admin');
select is((select price_credits from public.merch_items where id = '51000000-0000-4000-a000-000000000001'), 20, 'a user cannot change prices');
select is((select count(*)::int from public.merch_items where id::text like '51000000-%'), 3, 'merch.manage sees inactive and reserved items too');
select lives_ok($$update public.merch_items set stock = 12 where id = '51000000-0000-4000-a000-000000000001'$$, 'an admin (merch.manage) restocks');
select lives_ok($$insert into public.merch_items (title, price_credits) values ('Hoodie', 300)$$, 'an admin adds items');

-- Orders
select tests.authenticate_as('m_buyer');
select lives_ok($$select public.purchase_merch('51000000-0000-4000-a000-000000000001', 2, 'order-key-0001',
  '{"name":"B","phone":"+79001234567","address":"Street 1","city":"Moscow","postal_code":"101000","country":"RU"}')$$,
  'a user buys through purchase_merch');
select is((select count(*)::int from public.merch_orders), 1, 'the buyer reads their order');
select is((select quantity from public.merch_order_items), 2, 'and its lines');
select throws_ok($$insert into public.merch_orders (user_id, idempotency_key, total_credits, ship_name, ship_phone, ship_address, ship_city, ship_postal_code, ship_country)
  values (auth.uid(), 'direct-insert', 1, 'a', '+79001234567', 'b', 'c', '10', 'RU')$$, '42501', null, 'orders cannot be written directly');
select throws_ok($$update public.merch_orders set status = 'delivered'$$, '42501', null, 'a buyer cannot move their order by update');
select throws_ok($$select public.set_order_status((select id from public.merch_orders), 'paid')$$, 'PT403', 'forbidden',
  'a buyer cannot mark their order paid');
select throws_ok($$select public.purchase_merch('51000000-0000-4000-a000-000000000002', 1, 'order-key-0002',
  '{"name":"B","phone":"+79001234567","address":"Street 1","city":"Moscow","postal_code":"101000","country":"RU"}')$$,
  'PT409', 'item_inactive', 'inactive items cannot be bought');
select throws_ok($$select public.purchase_merch('51000000-0000-4000-a000-000000000001', 1, 'order-key-0003',
  '{"name":"B","phone":"not a phone","address":"Street 1","city":"Moscow","postal_code":"101000","country":"RU"}')$$,
  '23514', null, 'bad shipping details are refused by the database too');
select tests.authenticate_as('m_other');
select is_empty($$select 1 from public.merch_orders$$, 'another user sees no one else''s orders');
select is_empty($$select 1 from public.merch_order_items$$, 'nor their lines');
select tests.authenticate_as('m_mod');
select is_empty($$select 1 from public.merch_orders$$, 'a moderator (no orders.manage) sees no orders');
select tests.authenticate_as('m_admin');
select is((select count(*)::int from public.merch_orders where user_id = tests.get_user_id('m_buyer')), 1, 'an admin (orders.manage) sees other users'' orders');
select tests.authenticate_as('m_banned');
select throws_ok($$select public.purchase_merch('51000000-0000-4000-a000-000000000001', 1, 'order-key-0004',
  '{"name":"B","phone":"+79001234567","address":"Street 1","city":"Moscow","postal_code":"101000","country":"RU"}')$$,
  'PT403', 'forbidden', 'a banned user cannot buy');
select tests.authenticate_as_anon();
select throws_ok($$select * from public.merch_orders$$, '42501', null, 'anon cannot read orders');

-- Bucket merch-images
select tests.clear_authentication();
select is((select public::text || ' ' || file_size_limit from storage.buckets where id = 'merch-images'), 'true 5242880',
  'bucket merch-images is public, 5 MiB');
select tests.authenticate_as('m_admin');
select lives_ok($$insert into storage.objects (bucket_id, name) values ('merch-images', '51000000-0000-4000-a000-000000000001/front.webp')$$,
  'merch.manage uploads item images');
select tests.authenticate_as('m_buyer');
select throws_ok($$insert into storage.objects (bucket_id, name) values ('merch-images', '51000000-0000-4000-a000-000000000001/fake.webp')$$,
  '42501', null, 'a user cannot upload item images');
select is_empty($$select 1 from storage.objects where bucket_id = 'merch-images'$$, 'users do not list the public bucket (URLs need no policy)');

select * from finish();
rollback;
