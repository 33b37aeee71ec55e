-- Unlock requests: one pending per user and quest, cancellable while pending, decided by holders
-- of unlock.decide; approval grants access and debits the price atomically, or changes nothing.
begin;
select plan(38);

select tests.create_user('u_player');
select tests.create_user('u_poor');
select tests.create_user('u_other');
select tests.create_user('u_mod');
select tests.create_user('u_banned');
insert into public.user_roles (user_id, role) values (tests.get_user_id('u_mod'), 'moderator');
insert into public.quests (id, title, slug, city, status, access, price_credits, published_at) values
  ('30000000-0000-4000-a000-000000000001', 'Paid secret', 'paid-secret', 'Moscow', 'published', 'locked', 40, now()),
  ('30000000-0000-4000-a000-000000000002', 'Open walk', 'open-walk', 'Moscow', 'published', 'open', 0, now()),
  ('30000000-0000-4000-a000-000000000003', 'Free secret', 'free-secret', 'Moscow', 'published', 'locked', 0, now());
insert into public.quest_points (quest_id, position, title, location) values
  ('30000000-0000-4000-a000-000000000001', 1, 'Hidden yard', extensions.st_makepoint(37.6, 55.75)::extensions.geography);
select private.post_credits(tests.get_user_id('u_player'), 100, 'staff_grant');
select private.post_credits(tests.get_user_id('u_poor'), 10, 'staff_grant');
insert into public.user_bans (user_id, reason) values (tests.get_user_id('u_banned'), 'spam');

-- Requesting
select tests.authenticate_as('u_player');
select lives_ok($$select public.request_unlock('30000000-0000-4000-a000-000000000001', 'I love hidden yards')$$, 'a user requests an unlock');
select throws_ok($$select public.request_unlock('30000000-0000-4000-a000-000000000001')$$, 'PT409', 'request_pending', 'only one pending request per quest');
select throws_ok($$select public.request_unlock('30000000-0000-4000-a000-000000000002')$$, 'PT409', 'quest_not_locked', 'open quests need no unlock');
select throws_ok($$select public.request_unlock(gen_random_uuid())$$, 'PT404', 'quest_not_found', 'unknown quests cannot be requested');
select throws_ok($$insert into public.unlock_requests (quest_id, user_id) values ('30000000-0000-4000-a000-000000000003', auth.uid())$$,
  '42501', null, 'requests cannot be inserted directly');
select throws_ok($$update public.unlock_requests set status = 'approved'$$, '42501', null, 'a user cannot approve their own request by update');
select lives_ok($$select public.request_unlock('30000000-0000-4000-a000-000000000003')$$, 'a user requests a free locked quest');
select lives_ok($$select public.cancel_unlock_request((select id from public.unlock_requests where quest_id = '30000000-0000-4000-a000-000000000003'))$$,
  'a user cancels a pending request');
select throws_ok($$select public.cancel_unlock_request((select id from public.unlock_requests where quest_id = '30000000-0000-4000-a000-000000000003'))$$,
  'PT409', 'already_decided', 'a cancelled request cannot be cancelled again');
select lives_ok($$select public.request_unlock('30000000-0000-4000-a000-000000000003')$$, 'after cancelling, a new request is allowed');

select tests.authenticate_as('u_poor');
select lives_ok($$select public.request_unlock('30000000-0000-4000-a000-000000000001')$$, 'a user with too few credits may still ask');
select tests.authenticate_as('u_banned');
select throws_ok($$select public.request_unlock('30000000-0000-4000-a000-000000000001')$$, 'PT403', 'forbidden', 'a banned user cannot ask');

-- Who sees what (within one test transaction now() does not move: age the first request)
select tests.clear_authentication();
update public.unlock_requests set created_at = now() - interval '1 hour'
where user_id = tests.get_user_id('u_player') and quest_id = '30000000-0000-4000-a000-000000000001';
create temporary table u_requests as select id, user_id, quest_id from public.unlock_requests where quest_id::text like '30000000-%';
grant select on u_requests to authenticated;
select tests.authenticate_as('u_other');
select is_empty($$select 1 from public.unlock_requests$$, 'a user does not see other users'' requests');
select throws_ok($$select public.decide_unlock_request((select id from public.unlock_requests limit 1), true)$$, 'PT403', 'forbidden',
  'a user cannot decide requests');
select tests.authenticate_as('u_mod');
select is((select count(*)::int from jsonb_to_recordset(public.unlock_queue() -> 'items') as r (quest_id uuid) where quest_id::text like '30000000-%'), 3,
  'a moderator (unlock.decide) sees the queue');
select is((select quest_id from jsonb_to_recordset(public.unlock_queue() -> 'items') as r (quest_id uuid) where quest_id::text like '30000000-%' limit 1),
  '30000000-0000-4000-a000-000000000001'::uuid,
  'the queue is served oldest first');

-- Deciding
select throws_ok(format($$select public.decide_unlock_request('%s', true)$$,
  (select id from u_requests where user_id = tests.get_user_id('u_poor'))), 'PT402', 'insufficient_credits',
  'approval fails when the requester cannot pay');
select tests.clear_authentication();
select is((select status::text from public.unlock_requests where user_id = tests.get_user_id('u_poor')), 'pending',
  'a failed approval leaves the request pending');
select is((select balance from public.wallets where user_id = tests.get_user_id('u_poor')), 10, 'a failed approval debits nothing');
select is_empty(format($$select 1 from public.quest_access_grants where user_id = '%s'$$, tests.get_user_id('u_poor')), 'a failed approval grants nothing');
select tests.authenticate_as('u_mod');
select lives_ok(format($$select public.decide_unlock_request('%s', true)$$,
  (select id from u_requests where user_id = tests.get_user_id('u_player') and quest_id = '30000000-0000-4000-a000-000000000001')),
  'a moderator approves a request');
select throws_ok(format($$select public.decide_unlock_request('%s', false, 'changed my mind')$$,
  (select id from u_requests where user_id = tests.get_user_id('u_player') and quest_id = '30000000-0000-4000-a000-000000000001')),
  'PT409', 'already_decided', 'a decided request cannot be decided again');
select throws_ok(format($$select public.decide_unlock_request('%s', false)$$,
  (select id from u_requests where user_id = tests.get_user_id('u_poor'))), 'PT400', 'reason_required', 'a rejection needs a reason');
select lives_ok(format($$select public.decide_unlock_request('%s', false, 'Earn some credits first')$$,
  (select id from u_requests where user_id = tests.get_user_id('u_poor'))), 'a moderator rejects a request with a reason');

select tests.clear_authentication();
select is((select balance from public.wallets where user_id = tests.get_user_id('u_player')), 60, 'approval debited the price of 40');
select is((select count(*)::int from public.credit_ledger where user_id = tests.get_user_id('u_player') and reason = 'unlock' and amount = -40), 1,
  'the debit is in the ledger');
select ok(private.has_quest_access('30000000-0000-4000-a000-000000000001', tests.get_user_id('u_player')), 'approval grants access');
select is((select array_agg(kind::text order by created_at) from public.notifications where user_id in (tests.get_user_id('u_player'), tests.get_user_id('u_poor'))),
  array['unlock_approved', 'unlock_rejected'], 'both requesters are notified');
select is((select count(*)::int from realtime.messages where topic = 'user:' || tests.get_user_id('u_player') and event = 'notification'), 1,
  'the approval is broadcast on the requester''s private topic');
select is((select array_agg(action order by id) from public.audit_log where action like 'unlock.%'), array['unlock.approve', 'unlock.reject'],
  'decisions are audited');
select tests.authenticate_as('u_player');
select is((select count(*)::int from public.unlock_requests r where to_jsonb(r)::text like '%' || tests.get_user_id('u_mod') || '%'), 0,
  'a requester reads their decided request, and nothing in it names the moderator (who decided: audit log only)');
select throws_ok($$select public.request_unlock('30000000-0000-4000-a000-000000000001')$$, 'PT409', 'already_has_access',
  'a user with access cannot ask again');

-- Bad input is a code (these used to be raw 23514s or silent rejections), the list of my requests
select throws_ok($$select public.request_unlock('30000000-0000-4000-a000-000000000003', repeat('x', 501))$$, 'PT400', 'invalid_parameter',
  'a message over 500 characters is invalid_parameter');
select tests.authenticate_as('u_poor');
select lives_ok($$select public.request_unlock('30000000-0000-4000-a000-000000000001', 'trying again after the rejection')$$,
  'after a rejection the user may ask again');
select tests.authenticate_as('u_mod');
select throws_ok(format($$select public.decide_unlock_request('%s', null)$$,
  (select id from jsonb_to_recordset(public.unlock_queue() -> 'items') as r (id uuid, requester jsonb) where (requester ->> 'id')::uuid = tests.get_user_id('u_poor'))), 'PT400', 'invalid_parameter',
  'a decision that is neither approve nor reject is refused');
select throws_ok(format($$select public.decide_unlock_request('%s', false, repeat('x', 1001))$$,
  (select id from jsonb_to_recordset(public.unlock_queue() -> 'items') as r (id uuid, requester jsonb) where (requester ->> 'id')::uuid = tests.get_user_id('u_poor'))), 'PT400', 'invalid_parameter',
  'a reason over 1000 characters is invalid_parameter');
select tests.authenticate_as('u_poor');
select is((select array_agg(status::text order by status::text) from jsonb_to_recordset(public.my_unlock_requests() -> 'items') as r (quest_id uuid, status text) where quest_id = '30000000-0000-4000-a000-000000000001'),
  array['pending', 'rejected'], 'my_unlock_requests lists my requests with their decisions');
select tests.authenticate_as_anon();
select throws_ok($$select public.request_unlock('30000000-0000-4000-a000-000000000001')$$, '42501', null, 'anon cannot ask');

select * from finish();
rollback;
