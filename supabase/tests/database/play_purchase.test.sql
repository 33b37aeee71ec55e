-- Buying access to a locked quest with credits (issue 12): one call, one transaction, exactly once,
-- every refusal with its code. The grant (source purchase) and the debit (reason quest_purchase)
-- share a purchase id; a pending unlock request for the quest is cancelled by the purchase.
-- Two simultaneous buys on real connections: tests/play-purchase-concurrency.test.ts.
begin;
select plan(21);

select tests.create_user('pb_buyer');
select tests.create_user('pb_poor');
select tests.create_user('pb_author');
select tests.create_user('pb_admin');
select tests.create_user('pb_banned');
insert into public.user_roles (user_id, role) values (tests.get_user_id('pb_admin'), 'admin');
insert into public.user_bans (user_id, reason) values (tests.get_user_id('pb_banned'), 'spam');
insert into public.quests (id, author_id, title, slug, city, status, access, price_credits, published_at) values
  ('6b000000-0000-4000-a000-000000000001', tests.get_user_id('pb_author'), 'For sale', 'pb-for-sale', 'Buyburg', 'published', 'locked', 60, now()),
  ('6b000000-0000-4000-a000-000000000002', tests.get_user_id('pb_author'), 'By request', 'pb-by-request', 'Buyburg', 'published', 'locked', 0, now()),
  ('6b000000-0000-4000-a000-000000000003', tests.get_user_id('pb_author'), 'Open', 'pb-open', 'Buyburg', 'published', 'open', 0, now()),
  ('6b000000-0000-4000-a000-000000000004', tests.get_user_id('pb_author'), 'Draft', 'pb-draft', 'Buyburg', 'draft', 'locked', 60, null);
select private.post_credits(tests.get_user_id('pb_buyer'), 100, 'staff_grant');
select private.post_credits(tests.get_user_id('pb_poor'), 20, 'staff_grant');
select private.post_credits(tests.get_user_id('pb_admin'), 100, 'staff_grant');

-- The params of the refusal a statement raises.
create function pg_temp.refusal_params(statement text) returns jsonb language plpgsql as $$
declare
  params text;
begin
  execute statement;
  return null;
exception when others then
  get stacked diagnostics params = pg_exception_hint;
  return params::jsonb;
end;
$$;
grant execute on function pg_temp.refusal_params(text) to authenticated;

select tests.authenticate_as('pb_buyer');
select public.request_unlock('6b000000-0000-4000-a000-000000000001', 'or I could just buy it');
create temporary table pb_bought as select public.buy_quest_access('6b000000-0000-4000-a000-000000000001') as result;
select is((select (result ->> 'paid_credits')::int from pb_bought), 60, 'a user buys access to a locked quest at its price');
select is((select (result ->> 'balance')::int from pb_bought), 40, 'the call answers the new balance');
select ok(private.has_quest_access('6b000000-0000-4000-a000-000000000001', auth.uid()), 'the buyer may play it');
select results_eq($$select source::text, paid_credits from public.quest_access_grants where quest_id = '6b000000-0000-4000-a000-000000000001'$$,
  $$values ('purchase', 60)$$, 'the grant says purchase and what was paid');
select results_eq($$select amount, reason::text, reference_id = (select reference_id from public.quest_access_grants
                                                                 where quest_id = '6b000000-0000-4000-a000-000000000001')
                    from public.credit_ledger where reason = 'quest_purchase'$$,
  $$values (-60, 'quest_purchase', true)$$, 'one debit with reason quest_purchase, tied to the grant by the purchase id');
select is((select status::text from public.unlock_requests where quest_id = '6b000000-0000-4000-a000-000000000001'), 'cancelled',
  'the buyer''s pending unlock request is cancelled by the purchase');
select throws_ok($$select public.buy_quest_access('6b000000-0000-4000-a000-000000000001')$$, 'PT409', 'already_has_access',
  'buying twice is refused: charged once');
select is((select balance from public.wallets), 40, 'the second attempt debited nothing');

-- Refusals
select throws_ok($$select public.buy_quest_access(gen_random_uuid())$$, 'PT404', 'quest_not_found', 'an unknown quest is not for sale');
select throws_ok($$select public.buy_quest_access('6b000000-0000-4000-a000-000000000004')$$, 'PT404', 'quest_not_found',
  'a draft is not for sale (nor visible)');
select throws_ok($$select public.buy_quest_access('6b000000-0000-4000-a000-000000000003')$$, 'PT409', 'quest_not_locked',
  'an open quest needs no purchase');
select throws_ok($$select public.buy_quest_access('6b000000-0000-4000-a000-000000000002')$$, 'PT409', 'not_for_sale',
  'a locked quest without a price is unlocked by request only');
select tests.authenticate_as('pb_poor');
select throws_ok($$select public.buy_quest_access('6b000000-0000-4000-a000-000000000001')$$, 'PT402', 'insufficient_credits',
  'too few credits: refused');
select is(pg_temp.refusal_params($$select public.buy_quest_access('6b000000-0000-4000-a000-000000000001')$$),
  '{"amount": 60, "balance": 20, "shortfall": 40}', 'the refusal says how many credits are missing');
select is_empty($$select 1 from public.quest_access_grants$$, 'a refused purchase grants nothing');
select tests.authenticate_as('pb_author');
select throws_ok($$select public.buy_quest_access('6b000000-0000-4000-a000-000000000001')$$, 'PT409', 'own_quest',
  'an author does not buy their own quest');
select tests.authenticate_as('pb_admin');
select throws_ok($$select public.buy_quest_access('6b000000-0000-4000-a000-000000000001')$$, 'PT409', 'already_has_access',
  'staff who may already play it (quests.manage) are not charged');
select tests.authenticate_as('pb_banned');
select throws_ok($$select public.buy_quest_access('6b000000-0000-4000-a000-000000000001')$$, 'PT403', 'forbidden', 'a banned user cannot buy');
select tests.authenticate_as_anon();
select throws_ok($$select public.buy_quest_access('6b000000-0000-4000-a000-000000000001')$$, '42501', null, 'anon cannot call it at all');

-- Rate limit (the rule lowered for the test)
select tests.clear_authentication();
update private.rate_limits set max_hits = 1 where action = 'quests.buy_access';
select tests.authenticate_as('pb_buyer');
select throws_ok($$select public.buy_quest_access('6b000000-0000-4000-a000-000000000002')$$, 'PT429', 'rate_limited',
  'repeated purchase attempts are rate limited (the one purchase made used up the lowered rule)');
select tests.clear_authentication();
select is((select count(*)::int from public.wallets w where w.user_id in (tests.get_user_id('pb_buyer'), tests.get_user_id('pb_poor'))
           and w.balance <> (select sum(l.amount) from public.credit_ledger l where l.user_id = w.user_id)), 0,
  'balances equal their ledgers');

select * from finish();
rollback;
