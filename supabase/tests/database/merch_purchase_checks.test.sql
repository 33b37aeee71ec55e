-- The checks of a purchase that run before any write, exactly: which shipping field a refusal
-- names when several are wrong (the first bad key in key order, unknown keys included, then the
-- first missing field), what a good address becomes, NUL escapes in a body, and the units a buyer
-- already holds (their own orders that are not cancelled, every line of this item in them).
begin;
select plan(17);

-- The code and params of the refusal a statement raises (null when it raises none).
create function pg_temp.refusal(statement text) returns jsonb language plpgsql as $$
declare
  params text;
begin
  execute statement;
  return null;
exception when others then
  get stacked diagnostics params = pg_exception_hint;
  return jsonb_build_object('code', sqlerrm, 'params', params::jsonb);
end;
$$;
create function pg_temp.shipping_refusal(shipping text) returns jsonb language sql as $$
  select pg_temp.refusal(format('select private.read_shipping(%L::jsonb)', shipping))
$$;

-- Shipping
select is(pg_temp.shipping_refusal('{"aaa": "x", "name": "", "phone": "+79001234567", "address": "Street 1", "city": "Moscow", "postal_code": "101000", "country": "RU"}'),
  '{"code": "invalid_shipping_field", "params": {"field": "aaa"}}', 'an unknown key that sorts before a bad field is named');
select is(pg_temp.shipping_refusal('{"zzz": "x", "name": "B", "phone": "+79001234567", "address": "", "city": "Moscow", "postal_code": "101000", "country": "RU"}'),
  '{"code": "invalid_shipping_field", "params": {"field": "address"}}', 'a bad field that sorts before an unknown key is named');
select is(pg_temp.shipping_refusal('{"floor": "3", "name": "B", "phone": "+79001234567", "address": "Street 1", "city": "Moscow", "postal_code": "101000", "country": "RU"}'),
  '{"code": "invalid_shipping_field", "params": {"field": "floor"}}', 'an unknown key among good fields is named');
select is(pg_temp.shipping_refusal('{"phone": "call me", "address": "Street 1", "city": "Moscow", "postal_code": "101000", "country": "RU"}'),
  '{"code": "invalid_shipping_field", "params": {"field": "phone"}}', 'a bad field is named before a missing one');
select is(pg_temp.shipping_refusal('{"address": "Street 1", "city": "Moscow", "postal_code": "101000", "country": "RU"}'),
  '{"code": "invalid_shipping_field", "params": {"field": "name"}}', 'of several missing fields, the first of name, phone, address, city, postal_code, country');
select is(pg_temp.shipping_refusal('{"name": "B", "phone": "+79001234567", "address": "Street 1", "city": 7, "postal_code": "101000", "country": "RU"}'),
  '{"code": "invalid_shipping_field", "params": {"field": "city"}}', 'a field that is not a string is named');
select is(pg_temp.shipping_refusal('{"name": "B", "phone": "+79001234567", "address": "Street 1", "city": "Moscow", "postal_code": "101000", "country": "RUS"}'),
  '{"code": "invalid_shipping_field", "params": {"field": "country"}}', 'a country that is not two letters is named');
select is(pg_temp.shipping_refusal('["name"]'), '{"code": "invalid_shipping_field", "params": {"field": "shipping"}}',
  'shipping that is not an object is named as a whole');
select is(pg_temp.refusal(format('select private.read_shipping(%L::jsonb)', jsonb_build_object('fl' || chr(65535) || 'oor', 'x', 'name', 'B'))),
  '{"code": "invalid_shipping_field", "params": {"field": "floor"}}', 'an unknown key holding a NUL escape is named without it');
select is(private.read_shipping('{"name": "  B  ", "phone": " +7 900 123-45-67 ", "address": "Street 1 ", "city": "Moscow", "postal_code": "101000", "country": "ru"}'),
  '{"name": "B", "phone": "+7 900 123-45-67", "address": "Street 1", "city": "Moscow", "postal_code": "101000", "country": "RU"}'::jsonb,
  'a good address comes back trimmed, its country upper-cased');

-- Bodies
select is(private.json_body('{"a": "b\\c", "n": 1}'), '{"a": "b\\c", "n": 1}'::jsonb, 'a body without NUL escapes is read as it is');
select is(private.json_body('{"a": "x\u0000y"}') ->> 'a', 'x' || chr(65535) || 'y', 'a NUL escape becomes U+FFFF (refused by the field checks, which name the field)');
select is(private.json_body('{"a": "x\\u0000y"}') ->> 'a', 'x\u0000y', 'an escaped backslash before u0000 is text, not a NUL');

-- Units held: the buyer's own orders that are not cancelled
select tests.create_user('held_buyer');
select tests.create_user('held_other');
create temporary table k (name text primary key, id uuid not null default gen_random_uuid());
insert into k (name) values ('shirt'), ('sock'), ('open'), ('cancelled'), ('other');
create function pg_temp.k(n text) returns uuid language sql stable as $$ select id from k where name = n $$;
insert into public.merch_items (id, title, price_credits, stock, per_user_limit) values
  (pg_temp.k('shirt'), 'Shirt', 10, null, 3), (pg_temp.k('sock'), 'Sock', 10, null, 50);
insert into public.merch_orders (id, user_id, idempotency_key, total_credits, status, cancellation, ship_name, ship_phone, ship_address, ship_city, ship_postal_code, ship_country)
select pg_temp.k(o.name), tests.get_user_id(o.buyer), o.name || '-key', 40, o.status::public.order_status, o.cancellation::public.order_cancellation,
       'B', '+79001234567', 'Street 1', 'Moscow', '101000', 'RU'
from (values ('open', 'held_buyer', 'pending', null), ('cancelled', 'held_buyer', 'cancelled', 'buyer'), ('other', 'held_other', 'paid', null))
  o (name, buyer, status, cancellation);
insert into public.merch_order_items (order_id, item_id, quantity, unit_price_credits, title) values
  (pg_temp.k('open'), pg_temp.k('shirt'), 2, 10, 'Shirt'), (pg_temp.k('open'), pg_temp.k('sock'), 9, 10, 'Sock'),
  (pg_temp.k('cancelled'), pg_temp.k('shirt'), 1, 10, 'Shirt'), (pg_temp.k('other'), pg_temp.k('shirt'), 3, 10, 'Shirt');
select private.post_credits(tests.get_user_id('held_buyer'), 1000, 'staff_grant');
select is(private.merch_purchase_blocker((select i from public.merch_items i where i.id = pg_temp.k('shirt')), tests.get_user_id('held_buyer'), 1), null,
  'one more shirt is allowed: 2 held of 3 (the cancelled order and another buyer''s order do not count)');
select is(private.merch_purchase_blocker((select i from public.merch_items i where i.id = pg_temp.k('shirt')), tests.get_user_id('held_buyer'), 2),
  '{"code": "limit_reached", "params": {"limit": 3, "held": 2}}', 'two more are refused, naming the 2 held (the other line of the order is another item)');
select is(private.merch_purchase_blocker((select i from public.merch_items i where i.id = pg_temp.k('shirt')), tests.get_user_id('held_other'), 1),
  '{"code": "limit_reached", "params": {"limit": 3, "held": 3}}', 'the other buyer holds their own 3');
select is(private.merch_purchase_blocker((select i from public.merch_items i where i.id = pg_temp.k('sock')), tests.get_user_id('held_buyer'), 42),
  '{"code": "limit_reached", "params": {"limit": 50, "held": 9}}', 'each item counts its own lines');

select * from finish();
rollback;
