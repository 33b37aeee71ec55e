-- Attack: staff decisions that conflict with the state of a quest (issue 11, softer findings).
-- Rules proved:
--   - approving an unlock request of a quest that is no longer published is refused and debits
--     nothing;
--   - archiving a quest, or a staff delete of a published or archived quest, refunds paid access
--     (unlock approvals and purchases) to holders who have not completed it (ledger reason
--     unlock_refund), rejects pending requests, and notifies everyone concerned (quest_withdrawn);
--   - holders who completed it keep what they paid; balances always equal their ledgers.
begin;
select plan(24);

select tests.create_user('sc_buyer');
select tests.create_user('sc_requester');
select tests.create_user('sc_finisher');
select tests.create_user('sc_waiting');
select tests.create_user('sc_late');
select tests.create_user('sc_mod');
select tests.create_user('sc_admin');
insert into public.user_roles (user_id, role) values (tests.get_user_id('sc_mod'), 'moderator'), (tests.get_user_id('sc_admin'), 'admin');
insert into public.quests (id, title, slug, city, status, access, price_credits, published_at) values
  ('5c000000-0000-4000-a000-000000000001', 'Paid yard', 'sc-paid-yard', 'Conflictburg', 'published', 'locked', 40, now()),
  ('5c000000-0000-4000-a000-000000000002', 'Paid tower', 'sc-paid-tower', 'Conflictburg', 'published', 'locked', 25, now());
insert into public.quest_points (quest_id, position, title, location)
select id, 1, 'Gate', extensions.st_makepoint(40, 40)::extensions.geography from public.quests where slug like 'sc-%';
select private.post_credits(tests.get_user_id(u), 100, 'staff_grant')
from unnest(array['sc_buyer', 'sc_requester', 'sc_finisher', 'sc_waiting', 'sc_late']) u;

-- Holders of the yard: one bought it, one was approved, one was approved and completed it;
-- one waits in the queue, one request is approved only after the archive.
select tests.authenticate_as('sc_buyer');
select public.buy_quest_access('5c000000-0000-4000-a000-000000000001');
select tests.authenticate_as('sc_requester');
select public.request_unlock('5c000000-0000-4000-a000-000000000001', 'please');
select tests.authenticate_as('sc_finisher');
select public.request_unlock('5c000000-0000-4000-a000-000000000001', 'me too');
select tests.authenticate_as('sc_waiting');
select public.request_unlock('5c000000-0000-4000-a000-000000000001', 'and me');
select tests.authenticate_as('sc_late');
select public.request_unlock('5c000000-0000-4000-a000-000000000001', 'late');
select tests.authenticate_as('sc_mod');
select public.decide_unlock_request(r.id, true, null) from jsonb_to_recordset(public.unlock_queue() -> 'items') as r (id uuid, quest_id uuid, requester jsonb)
where r.quest_id = '5c000000-0000-4000-a000-000000000001' and (r.requester ->> 'id')::uuid in (tests.get_user_id('sc_requester'), tests.get_user_id('sc_finisher'));
select tests.authenticate_as('sc_finisher');
select public.check_in((public.start_run('5c000000-0000-4000-a000-000000000001')).id, 40, 40, 5);
select tests.authenticate_as('sc_buyer');
select public.start_run('5c000000-0000-4000-a000-000000000001');
select tests.clear_authentication();
select is((select count(*)::int from public.quest_access_grants where quest_id = '5c000000-0000-4000-a000-000000000001'), 3,
  'three players hold paid access to the yard');

-- Archive the yard.
create temporary table sc_requests as select id, user_id, quest_id from public.unlock_requests
where quest_id::text like '5c000000-%';
grant select on sc_requests to authenticated;
select tests.authenticate_as('sc_mod');
select lives_ok($$select public.archive_quest('5c000000-0000-4000-a000-000000000001', 'The yard is closed for works')$$, 'a moderator archives the quest');
select throws_ok(format($$select public.decide_unlock_request('%s', true, null)$$,
  (select id from sc_requests where user_id = tests.get_user_id('sc_late') and quest_id = '5c000000-0000-4000-a000-000000000001')),
  'PT409', 'already_decided', 'a request rejected by the archive cannot be approved any more');
select tests.clear_authentication();
select is((select balance from public.wallets where user_id = tests.get_user_id('sc_buyer')), 100, 'the buyer is refunded in full');
select is((select balance from public.wallets where user_id = tests.get_user_id('sc_requester')), 100, 'the approved requester is refunded in full');
select is((select balance from public.wallets where user_id = tests.get_user_id('sc_finisher')), 60, 'a holder who completed the quest keeps what they paid');
select is((select array_agg(amount order by amount) from public.credit_ledger where reason = 'unlock_refund' and quest_id = '5c000000-0000-4000-a000-000000000001'),
  array[40, 40], 'the refunds are ledger rows with reason unlock_refund');
select is((select count(*)::int from public.quest_access_grants where quest_id = '5c000000-0000-4000-a000-000000000001'), 1,
  'refunded access is withdrawn; the finisher keeps theirs');
select is((select status::text from public.quest_runs where quest_id = '5c000000-0000-4000-a000-000000000001'
           and user_id = tests.get_user_id('sc_buyer')), 'abandoned', 'a refunded holder''s run in progress ends: no free play after the refund');
select results_eq($$select status::text from public.unlock_requests where quest_id = '5c000000-0000-4000-a000-000000000001'
                     and user_id in (tests.get_user_id('sc_waiting'), tests.get_user_id('sc_late')) order by user_id$$,
  $$values ('rejected'), ('rejected')$$, 'pending requests are rejected');
select ok((select bool_and(decision_reason is not null) from public.unlock_requests
           where quest_id = '5c000000-0000-4000-a000-000000000001' and status = 'rejected'), 'with a reason the requester can read');
select is((select array_agg(payload ->> 'refunded_credits' order by payload ->> 'refunded_credits') from public.notifications
           where kind = 'quest_withdrawn' and payload ->> 'quest_id' = '5c000000-0000-4000-a000-000000000001'),
  array['0', '0', '40', '40'], 'refunded holders and rejected requesters are notified (quest_withdrawn)');
select is((select count(*)::int from public.notifications where kind = 'quest_withdrawn' and user_id = tests.get_user_id('sc_finisher')), 0,
  'the finisher, who loses nothing, is not bothered');

-- Approving after the quest left the catalogue is refused and debits nothing.
update public.quests set status = 'published' where id = '5c000000-0000-4000-a000-000000000002';
select tests.authenticate_as('sc_waiting');
select public.request_unlock('5c000000-0000-4000-a000-000000000002', 'the tower then');
select tests.clear_authentication();
update public.quests set status = 'in_review' where id = '5c000000-0000-4000-a000-000000000002';
insert into sc_requests select id, user_id, quest_id from public.unlock_requests where quest_id = '5c000000-0000-4000-a000-000000000002';
select tests.authenticate_as('sc_mod');
select throws_ok(format($$select public.decide_unlock_request('%s', true, null)$$,
  (select id from sc_requests where user_id = tests.get_user_id('sc_waiting') and quest_id = '5c000000-0000-4000-a000-000000000002')),
  'PT409', 'quest_not_available', 'an unlock of a quest that is not published cannot be approved');
select tests.clear_authentication();
select is((select balance from public.wallets where user_id = tests.get_user_id('sc_waiting')), 100, 'and nothing is debited');
select is((select status::text from public.unlock_requests where user_id = tests.get_user_id('sc_waiting')
           and quest_id = '5c000000-0000-4000-a000-000000000002'), 'pending', 'the request stays pending while the quest is in review');

-- A staff delete of a published quest refunds as well.
update public.quests set status = 'published' where id = '5c000000-0000-4000-a000-000000000002';
select tests.authenticate_as('sc_buyer');
select public.buy_quest_access('5c000000-0000-4000-a000-000000000002');
select tests.authenticate_as('sc_admin');
select lives_ok($$delete from public.quests where id = '5c000000-0000-4000-a000-000000000002'$$, 'an admin deletes a published quest');
select tests.clear_authentication();
select is((select balance from public.wallets where user_id = tests.get_user_id('sc_buyer')), 100, 'its buyer is refunded');
select is((select count(*)::int from public.credit_ledger where reason = 'unlock_refund' and quest_id = '5c000000-0000-4000-a000-000000000002'), 1,
  'with one unlock_refund row that outlives the quest');
select is((select count(*)::int from public.notifications where kind = 'quest_withdrawn' and payload ->> 'quest_id' = '5c000000-0000-4000-a000-000000000002'), 2,
  'the buyer and the waiting requester are notified');
select is((select payload ->> 'reason' from public.notifications where kind = 'quest_withdrawn' and user_id = tests.get_user_id('sc_buyer')
           and payload ->> 'quest_id' = '5c000000-0000-4000-a000-000000000002'), 'deleted', 'the notification says why');

-- Deleting the archived yard refunds nothing twice.
select tests.authenticate_as('sc_admin');
delete from public.quests where id = '5c000000-0000-4000-a000-000000000001';
select tests.clear_authentication();
select is((select count(*)::int from public.credit_ledger where reason = 'unlock_refund' and quest_id = '5c000000-0000-4000-a000-000000000001'), 2,
  'deleting an archived quest refunds nobody a second time');
select is((select balance from public.wallets where user_id = tests.get_user_id('sc_finisher')), 60, 'and the finisher still keeps theirs');
select is(
  (select count(*)::int from public.wallets w where w.user_id in (select tests.get_user_id(u) from unnest(array['sc_buyer', 'sc_requester', 'sc_finisher', 'sc_waiting', 'sc_late']) u)
     and w.balance <> (select coalesce(sum(l.amount), 0) from public.credit_ledger l where l.user_id = w.user_id)), 0,
  'every balance equals its ledger');

select * from finish();
rollback;
