-- Friends: requests with statuses, one friendship row per pair, blocking both ways; one
-- function per operation, each refusal with its catalogued code.
begin;
select plan(33);

select tests.create_user('f_ann', '{"username":"f_ann"}');
select tests.create_user('f_ben', '{"username":"f_ben"}');
select tests.create_user('f_cid', '{"username":"f_cid"}');
select tests.create_user('f_banned');
insert into public.user_bans (user_id, reason) values (tests.get_user_id('f_banned'), 'spam');

select tests.authenticate_as('f_ann');
select throws_ok(format($$select public.send_friend_request('%s')$$, tests.get_user_id('f_ann')), 'PT400', 'cannot_befriend_yourself',
  'nobody befriends themselves');
select lives_ok(format($$select public.send_friend_request('%s')$$, tests.get_user_id('f_ben')), 'a user sends a friend request');
select throws_ok(format($$select public.send_friend_request('%s')$$, tests.get_user_id('f_ben')), 'PT409', 'request_pending',
  'the same request cannot be sent twice');
select tests.authenticate_as('f_ben');
select throws_ok(format($$select public.send_friend_request('%s')$$, tests.get_user_id('f_ann')), 'PT409', 'request_pending',
  'a crossing request in the other direction is refused while one is pending');
select is((select count(*)::int from public.notifications where kind = 'friend_request'), 1, 'the receiver is notified');
select tests.authenticate_as('f_cid');
select is_empty($$select 1 from public.friend_requests$$, 'a third user does not see the request');
select throws_ok($$select public.accept_friend_request((select id from public.friend_requests limit 1))$$, 'PT404', 'request_not_found',
  'only the receiver accepts');
select tests.clear_authentication();
create temporary table req as select id from public.friend_requests where sender_id = tests.get_user_id('f_ann');
grant select on req to authenticated;
select tests.authenticate_as('f_ann');
select throws_ok($$select public.accept_friend_request((select id from req))$$, 'PT404', 'request_not_found', 'the sender cannot accept their own request');
select tests.authenticate_as('f_ben');
select lives_ok($$select public.accept_friend_request((select id from req))$$, 'the receiver accepts');
select is((select count(*)::int from public.friendships), 1, 'the friendship is stored once for the pair');
select results_eq($$select f -> 'user' ->> 'username' from jsonb_array_elements(public.friends_overview() -> 'friends') f$$, $$values ('f_ann')$$,
  'the friends screen lists the friend with public profile fields');
select tests.authenticate_as('f_ann');
select results_eq($$select f -> 'user' ->> 'username' from jsonb_array_elements(public.friends_overview() -> 'friends') f$$, $$values ('f_ben')$$,
  'friendship is symmetric');
select is((select count(*)::int from public.notifications where kind = 'friend_accepted'), 1, 'the sender learns the request was accepted');
select throws_ok(format($$select public.send_friend_request('%s')$$, tests.get_user_id('f_ben')), 'PT409', 'already_friends',
  'friends cannot request again');
select throws_ok($$insert into public.friendships (user_low, user_high) values (auth.uid(), gen_random_uuid())$$, '42501', null,
  'friendships cannot be written directly');

-- Blocking
select lives_ok(format($$select public.block_user('%s')$$, tests.get_user_id('f_ben')), 'a user blocks a friend');
select is_empty($$select 1 from public.friendships$$, 'blocking ends the friendship');
select tests.authenticate_as('f_ben');
select throws_ok(format($$select public.send_friend_request('%s')$$, tests.get_user_id('f_ann')), 'PT403', 'blocked',
  'the blocked user cannot send a request to the blocker');
select is_empty($$select 1 from public.blocks$$, 'the blocked user does not see the block');
select tests.authenticate_as('f_ann');
select lives_ok(format($$select public.unblock_user('%s')$$, tests.get_user_id('f_ben')), 'the blocker unblocks');
select lives_ok(format($$select public.send_friend_request('%s')$$, tests.get_user_id('f_cid')), 'requests work again after all');
select tests.authenticate_as('f_banned');
select throws_ok(format($$select public.send_friend_request('%s')$$, tests.get_user_id('f_cid')), 'PT403', 'forbidden',
  'a banned user cannot send requests');

-- Declining, cancelling, removing, and the refusals around them
select tests.authenticate_as('f_cid');
select lives_ok($$select public.decline_friend_request((select id from public.friend_requests where status = 'pending' and receiver_id = auth.uid()))$$,
  'the receiver declines a request');
select is((select status::text from public.friend_requests where receiver_id = auth.uid() order by created_at desc limit 1), 'declined',
  'a declined request is kept with its status');
select lives_ok(format($$select public.send_friend_request('%s')$$, tests.get_user_id('f_ben')), 'a user sends another request');
select lives_ok($$select public.cancel_friend_request((select id from public.friend_requests where status = 'pending' and sender_id = auth.uid()))$$,
  'the sender cancels their pending request');
select throws_ok($$select public.cancel_friend_request(gen_random_uuid())$$, 'PT404', 'request_not_found', 'cancelling an unknown request is refused');
select throws_ok(format($$select public.remove_friend('%s')$$, tests.get_user_id('f_ben')), 'PT403', 'not_friends',
  'removing a non-friend is refused with not_friends, 403 as the catalogue says (not 404 as before)');
select throws_ok(format($$select public.unblock_user('%s')$$, tests.get_user_id('f_ben')), 'PT404', 'not_blocked', 'unblocking someone not blocked is refused');
select throws_ok(format($$select public.block_user('%s')$$, tests.get_user_id('f_cid')), 'PT400', 'cannot_block_yourself', 'nobody blocks themselves');
select throws_ok($$select public.block_user(gen_random_uuid())$$, 'PT404', 'user_not_found', 'blocking an unknown user is refused with user_not_found');
select throws_ok($$select public.send_friend_request(gen_random_uuid())$$, 'PT404', 'user_not_found', 'a request to an unknown user is refused with user_not_found');
select ok(to_regprocedure('private.friend_action(text,uuid,uuid)') is null
          and to_regprocedure('private.send_friend_request(uuid)') is not null and to_regprocedure('private.unblock_user(uuid)') is not null,
  'one function per friend operation, no dispatcher keyed by an action string');

select * from finish();
rollback;
