-- Payments: who sees and manages credit packs (four eyes on terms, audited), who reads payments and
-- their audit trail, that nothing is written except through the core functions (which only the
-- service role or, for opening a checkout, the signed-in buyer may run), and the core's rules:
-- credited once, mismatches refused without a write, reversals that may leave a debt.
begin;
select plan(55);

select tests.create_user('pay_buyer');
select tests.create_user('pay_other');
select tests.create_user('pay_admin');
select tests.create_user('pay_admin2');
select tests.create_user('pay_mod');
select tests.create_user('pay_banned');
insert into public.user_roles (user_id, role) values
  (tests.get_user_id('pay_admin'), 'admin'), (tests.get_user_id('pay_admin2'), 'admin'), (tests.get_user_id('pay_mod'), 'moderator');
insert into public.user_bans (user_id, reason) values (tests.get_user_id('pay_banned'), 'fraud');
insert into public.credit_packs (id, title, credits, price_amount, currency, active, app_store_product_id, play_store_product_id) values
  ('52000000-0000-4000-a000-000000000001', 'Small', 100, 499, 'EUR', true, 'test.pay.small', 'test_pay_small'),
  ('52000000-0000-4000-a000-000000000002', 'Retired', 50, 299, 'EUR', false, null, null);

-- == Credit packs ====================================================================================
select tests.authenticate_as_anon();
select results_eq($$select title from public.credit_packs where id::text like '52000000-%'$$, $$values ('Small')$$,
  'visitors see the packs on sale only');
select throws_ok($$insert into public.credit_packs (title, credits, price_amount, currency) values ('x', 1, 1, 'EUR')$$, '42501', null,
  'visitors cannot add packs');
select tests.authenticate_as('pay_buyer');
select results_eq($$select title from public.credit_packs where id::text like '52000000-%'$$, $$values ('Small')$$,
  'users see the packs on sale only');
select throws_ok($$insert into public.credit_packs (title, credits, price_amount, currency) values ('Free credits', 1000000, 1, 'EUR')$$,
  '42501', null, 'a user cannot add a pack');
update public.credit_packs set credits = 1000000 where id = '52000000-0000-4000-a000-000000000001';
select tests.authenticate_as('pay_mod');
select throws_ok($$insert into public.credit_packs (title, credits, price_amount, currency) values ('Mod pack', 10, 1, 'EUR')$$,
  '42501', null, 'a moderator (no payments.manage) cannot add a pack');
select tests.authenticate_as('pay_admin');
select is((select credits from public.credit_packs where id = '52000000-0000-4000-a000-000000000001'), 100, 'a user cannot change a pack');
select is((select count(*)::int from public.credit_packs where id::text like '52000000-%'), 2, 'payments.manage sees inactive packs too');
select throws_ok($$insert into public.credit_packs (title, credits, price_amount, currency, active) values ('Mine', 1000000, 1, 'EUR', true)$$,
  'PT409', 'pack_review_required', 'staff self-dealing: a staff member cannot put on sale a pack whose terms they set');
select lives_ok($$insert into public.credit_packs (title, credits, price_amount, currency) values ('Mine', 1000000, 1, 'EUR')$$,
  'staff add a pack, inactive');
select throws_ok($$update public.credit_packs set active = true where id = (select id from public.credit_packs where title = 'Mine')$$,
  'PT403', 'cannot_activate_own_pack', 'staff self-dealing: the one who set the terms cannot activate them');
select throws_ok($$update public.credit_packs set price_amount = 1 where id = '52000000-0000-4000-a000-000000000001'$$,
  'PT409', 'pack_review_required', 'staff cannot change the terms of a pack on sale without taking it off sale');
select throws_ok($$update public.credit_packs set currency = 'euro' where id = (select id from public.credit_packs where title = 'Mine')$$,
  'PT400', 'invalid_format', 'bad input is a catalogued 400, not a constraint error');
select throws_ok($$update public.credit_packs set title = E'' where id = (select id from public.credit_packs where title = 'Mine')$$,
  'PT400', 'invalid_length', 'an empty title is refused with a code');
select throws_ok($$update public.credit_packs set app_store_product_id = 'test.pay.small' where id = (select id from public.credit_packs where title = 'Mine')$$,
  'PT409', 'product_id_taken', 'a store product sells one pack only');
select throws_ok($$delete from public.credit_packs where id = (select id from public.credit_packs where title = 'Mine')$$, '42501', null,
  'packs are never deleted through the API (deactivated instead)');
select lives_ok($$update public.credit_packs set title = 'Small pack' where id = '52000000-0000-4000-a000-000000000001'$$,
  'staff rename a pack on sale (not a change of terms)');
select tests.authenticate_as('pay_admin2');
select lives_ok($$update public.credit_packs set active = true where id = (select id from public.credit_packs where title = 'Mine')$$,
  'another holder of payments.manage activates it (four eyes)');
select tests.clear_authentication();
select is(
  (select array_agg(action order by id) from public.audit_log where target_table = 'public.credit_packs' and target_id = (select id::text from public.credit_packs where title = 'Mine')),
  array['credit_pack.create', 'credit_pack.update'],
  'every pack change is audited');
select is(
  (select actor_id from public.audit_log where target_id = (select id::text from public.credit_packs where title = 'Mine') and action = 'credit_pack.update'),
  tests.get_user_id('pay_admin2'), 'in the name of the staff member who made it');

-- == Opening a checkout (as the buyer, through payments-checkout) ===================================
select tests.authenticate_as('pay_buyer');
select throws_ok($$select private.open_checkout_payment('52000000-0000-4000-a000-000000000002', 'stripe')$$, 'PT404', 'pack_not_found',
  'an inactive pack cannot be bought');
select throws_ok($$select private.open_checkout_payment(gen_random_uuid(), 'stripe')$$, 'PT404', 'pack_not_found', 'nor an unknown one');
create temporary table opened on commit drop as
select * from private.open_checkout_payment('52000000-0000-4000-a000-000000000001', 'stripe');
grant select on opened to authenticated, service_role;
select is((select (status, credits, amount, currency, user_id)::text from opened),
  (select ('pending', 100, 499, 'EUR', tests.get_user_id('pay_buyer')))::text,
  'a checkout opens a pending payment for the caller with the pack''s credits and price');
select lives_ok($$select private.attach_checkout((select id from opened), 'cs_test_core', true)$$, 'the session is recorded once');
select throws_ok($$select private.attach_checkout((select id from opened), 'cs_test_other', true)$$, 'PT404', 'payment_not_found',
  'and cannot be replaced');
select tests.authenticate_as('pay_other');
select is((select count(*)::int from public.payments), 0, 'another user does not see the payment');
select throws_ok($$select private.attach_checkout((select id from opened), 'cs_test_other', true)$$, 'PT404', 'payment_not_found',
  'nor attach a checkout to it');
select throws_ok($$select private.confirm_checkout_payment((select id from opened), 'cs_test_core', 'pi_core', auth.uid(), 499, 'EUR', null, now())$$,
  '42501', null, 'rows forged in another''s name: a user cannot confirm a payment');
select throws_ok($$insert into public.payments (user_id, pack_id, provider, credits, amount, currency, status)
  values (auth.uid(), '52000000-0000-4000-a000-000000000001', 'stripe', 100, 1, 'EUR', 'succeeded')$$, '42501', null,
  'payments cannot be written directly');
select throws_ok($$insert into public.payment_events (payment_id, kind, to_status) values ((select id from opened), 'credited', 'succeeded')$$,
  '42501', null, 'nor their events');
select tests.authenticate_as('pay_banned');
select throws_ok($$select private.open_checkout_payment('52000000-0000-4000-a000-000000000001', 'stripe')$$, 'PT403', 'forbidden',
  'a banned user cannot open a checkout');
select tests.authenticate_as_anon();
select throws_ok($$select * from public.payments$$, '42501', null, 'visitors read no payment');
select throws_ok($$select private.open_checkout_payment('52000000-0000-4000-a000-000000000001', 'stripe')$$, '42501', null,
  'visitors cannot open a checkout');

-- Staff edit the pack after the checkout was opened: the payment keeps its terms.
select tests.authenticate_as('pay_admin');
update public.credit_packs set active = false, credits = 5 where id = '52000000-0000-4000-a000-000000000001';
select is((select credits from public.payments where id = (select id from opened)), 100, 'a pack edit never changes an opened payment');
select is((select count(*)::int from public.payments where id = (select id from opened)), 1, 'payments.manage reads every payment');
select is((select array_agg(kind::text order by id) from public.payment_events where payment_id = (select id from opened)),
  array['opened', 'checkout_attached'], 'and their audit trail');

-- == The core, as the webhooks call it (service role) ===============================================
select tests.authenticate_as_service_role();
select throws_ok($$select private.confirm_checkout_payment((select id from opened), 'cs_test_core', 'pi_core', tests.get_user_id('pay_buyer'), 500, 'EUR', 'evt_a', now())$$,
  'PT422', 'payment_amount_mismatch', 'a wrong amount is refused');
select throws_ok($$select private.confirm_checkout_payment((select id from opened), 'cs_test_core', 'pi_core', tests.get_user_id('pay_buyer'), 499, 'USD', 'evt_a', now())$$,
  'PT422', 'payment_amount_mismatch', 'a wrong currency is refused');
select throws_ok($$select private.confirm_checkout_payment((select id from opened), 'cs_test_core', 'pi_core', tests.get_user_id('pay_other'), 499, 'EUR', 'evt_a', now())$$,
  'PT403', 'payment_user_mismatch', 'another user''s payment is refused');
select throws_ok($$select private.confirm_checkout_payment(gen_random_uuid(), 'cs_test_core', 'pi_core', tests.get_user_id('pay_buyer'), 499, 'EUR', 'evt_a', now())$$,
  'PT404', 'payment_not_found', 'an unknown payment is refused');
select is((select count(*)::int from public.payment_events where payment_id = (select id from opened)), 2, 'refusals wrote nothing');
select is((private.confirm_checkout_payment((select id from opened), 'cs_test_core', 'pi_core', tests.get_user_id('pay_buyer'), 499, 'eur', 'evt_a', now())) ->> 'outcome',
  'credited', 'the payment credits');
select is((private.confirm_checkout_payment((select id from opened), 'cs_test_core', 'pi_core', tests.get_user_id('pay_buyer'), 499, 'EUR', 'evt_b', now())) ->> 'outcome',
  'unchanged', 'a second notice credits nothing');
select is((select count(*)::int from public.credit_ledger where reference_id = (select id from opened)), 1, 'one ledger row');
select throws_ok($$select private.record_store_purchase('app_store', '2000000000000001', tests.get_user_id('pay_buyer')::text, 'test.unknown', 4.99, 'USD', false, 'rc_a', now())$$,
  'PT404', 'pack_not_found', 'an unknown store product is refused');
select throws_ok($$select private.record_store_purchase('app_store', '2000000000000001', tests.get_user_id('pay_buyer')::text, 'test.pay.small', 4.999, 'USD', false, 'rc_a', now())$$,
  'PT422', 'payment_amount_mismatch', 'a price with more decimals than its currency has is refused');
select ok(not has_function_privilege('service_role', 'private.post_credits(uuid,integer,public.credit_reason,uuid,uuid,text)', 'execute')
  and not has_function_privilege('service_role', 'private.credit_payment(public.payments,text,timestamptz,jsonb)', 'execute')
  and not has_function_privilege('service_role', 'private.reverse_locked_payment(public.payments,public.payment_event_kind,bigint,text,timestamptz,jsonb)', 'execute')
  and not has_function_privilege('service_role', 'private.lock_store_payment(public.payment_provider,text,text,text,numeric,text,boolean)', 'execute')
  and not has_function_privilege('authenticated', 'private.record_store_purchase(public.payment_provider,text,text,text,numeric,text,boolean,text,timestamptz)', 'execute')
  and not has_function_privilege('authenticated', 'private.reverse_checkout_payment(uuid,text,public.payment_event_kind,bigint,text,text,timestamptz)', 'execute'),
  'the core''s internal steps run for nobody; its entry points for the service role only');

-- Spent, then refunded: a debt that blocks spending until paid back; the wallet equals its ledger.
select tests.clear_authentication();
select private.post_credits(tests.get_user_id('pay_buyer'), -80, 'merch_order');
select is((private.reverse_checkout_payment((select id from opened), 'pi_core', 'refunded', 499, 'EUR', 'evt_r', now())) ->> 'status',
  'refunded', 'a full refund');
select is((select balance from public.wallets where user_id = tests.get_user_id('pay_buyer')), -80, 'takes back spent credits too: the balance goes below zero');
select throws_ok($$select private.post_credits(tests.get_user_id('pay_buyer'), -1, 'unlock')$$, 'PT402', 'insufficient_credits',
  'nothing can be spent while the balance is negative');
select is(private.post_credits(tests.get_user_id('pay_buyer'), 100, 'quest_reward'), 20, 'credits earned later pay the debt first');
select is((select balance from public.wallets where user_id = tests.get_user_id('pay_buyer')),
  (select sum(amount)::int from public.credit_ledger where user_id = tests.get_user_id('pay_buyer')), 'the wallet equals its ledger');
select throws_ok($$update public.payment_events set credits_delta = 0$$, 'PT403', 'payment_events_is_append_only',
  'the payments audit trail is append-only, Studio''s postgres included');

-- Deletion: a payment outlives the buyer's account, without the person.
select tests.authenticate_as('pay_other');
create temporary table other_payment on commit drop as
select * from private.open_checkout_payment((select id from public.credit_packs where title = 'Mine'), 'stripe');
select tests.clear_authentication();
delete from auth.users where id = tests.get_user_id('pay_other');
select is((select (user_id is null, status)::text from public.payments where id = (select id from other_payment)), '(t,pending)',
  'a deleted account''s payment is kept for accounting, without the person');

-- Unbounded repetition: opening checkouts is rate-limited (payments.checkout: 10 per 10 minutes).
select tests.authenticate_as('pay_admin2');
select is((select count(*)::int from generate_series(1, 10) g, lateral private.open_checkout_payment((select id from public.credit_packs where title = 'Mine'), case when g > 0 then 'stripe'::public.payment_provider end) p),
  10, 'ten checkouts in a row are allowed');
select throws_ok($$select private.open_checkout_payment((select id from public.credit_packs where title = 'Mine'), 'stripe')$$, 'PT429', 'rate_limited',
  'the eleventh within ten minutes is refused');

select * from finish();
rollback;
