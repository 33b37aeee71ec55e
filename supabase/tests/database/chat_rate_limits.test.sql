-- Attack (issue 11, unbounded repetition): friend-request send/cancel loops (a notification each
-- time), block/unblock loops, message edits (each one broadcast), group creation and member
-- additions had no limit. Each now goes through private.throttle with its rule; messages moved
-- onto the same mechanism (30 a minute: chat_messages.test.sql and tests/chat-concurrency.test.ts).
begin;
select plan(15);

select tests.create_user('rl_ann');
select tests.create_user('rl_ben');
select tests.create_user('rl_cid');
select tests.create_user('rl_dan');
select tests.create_user('rl_eve');
insert into public.friendships (user_low, user_high)
values (least(tests.get_user_id('rl_ann'), tests.get_user_id('rl_cid')), greatest(tests.get_user_id('rl_ann'), tests.get_user_id('rl_cid')));

select is(
  array(select format('%s %s/%s', action, max_hits, per) from private.rate_limits where action ~ '^(friends|chat)\.' order by action),
  array['chat.group_create 10/01:00:00', 'chat.group_update 30/01:00:00', 'chat.member_add 60/01:00:00', 'chat.message 30/00:01:00',
        'chat.message_edit 20/00:01:00', 'friends.block 30/01:00:00', 'friends.cancel 20/01:00:00', 'friends.request 20/01:00:00',
        'friends.request_pair 3/1 day', 'friends.unblock 30/01:00:00'],
  'the friends and chat rules are the documented ones');

-- A fills the helper table with `n` hits of an action for a user, as if they had just acted.
create function pg_temp.used_up(action text, who text, n integer) returns void language sql as $$
  insert into private.rate_limit_hits (action, subject, hit_at)
  select action, 'user:' || tests.get_user_id(who), clock_timestamp() from generate_series(1, n);
$$;

-- Friend requests: a send/cancel loop reaches one person at most 3 times a day.
select tests.authenticate_as('rl_ann');
select lives_ok(format($q$do $loop$ begin
  for i in 1..3 loop perform public.cancel_friend_request((public.send_friend_request('%1$s')).id); end loop;
end $loop$ $q$, tests.get_user_id('rl_ben')),
  'three send/cancel rounds to the same person pass');
select throws_ok(format($$select public.send_friend_request('%s')$$, tests.get_user_id('rl_ben')), 'PT429', 'rate_limited',
  'the fourth request to the same person within a day is refused');
select tests.clear_authentication();
select is((select count(*)::int from public.notifications where user_id = tests.get_user_id('rl_ben') and kind = 'friend_request'), 3,
  'the receiver got three notifications, not more');
select pg_temp.used_up('friends.request', 'rl_eve', 20);
select tests.authenticate_as('rl_eve');
select throws_ok(format($$select public.send_friend_request('%s')$$, tests.get_user_id('rl_dan')), 'PT429', 'rate_limited',
  'at most 20 friend requests an hour, to anyone');
select tests.clear_authentication();
select pg_temp.used_up('friends.cancel', 'rl_eve', 20);
update private.rate_limit_hits set hit_at = hit_at - interval '2 hours' where action = 'friends.request';
select tests.authenticate_as('rl_eve');
select throws_ok(format($$select public.cancel_friend_request((select id from public.send_friend_request('%s')))$$, tests.get_user_id('rl_dan')),
  'PT429', 'rate_limited', 'at most 20 cancellations an hour');

-- Block/unblock loops.
select tests.authenticate_as('rl_ann');
select lives_ok(format($$select public.block_user('%1$s'), public.unblock_user('%1$s') from generate_series(1, 30)$$, tests.get_user_id('rl_dan')),
  'thirty block/unblock rounds pass');
select throws_ok(format($$select public.block_user('%s')$$, tests.get_user_id('rl_dan')), 'PT429', 'rate_limited', 'the 31st block within an hour is refused');
select tests.clear_authentication();
select pg_temp.used_up('friends.unblock', 'rl_eve', 30);
select tests.authenticate_as('rl_eve');
select public.block_user(tests.get_user_id('rl_dan'));
select throws_ok(format($$select public.unblock_user('%s')$$, tests.get_user_id('rl_dan')), 'PT429', 'rate_limited', 'at most 30 unblocks an hour');

-- Message edits (each one is broadcast to the chat).
select tests.authenticate_as('rl_ann');
create temporary table g as select public.create_group_chat('Limits', array[tests.get_user_id('rl_cid')]) as id;
insert into public.messages (chat_id, body) values ((select id from g), 'draft');
select lives_ok($q$do $edit$ begin
  for i in 1..20 loop update public.messages set body = 'draft ' || i where chat_id = (select id from g); end loop;
end $edit$ $q$, 'twenty edits in a minute pass');
select throws_ok($$update public.messages set body = 'one more' where chat_id = (select id from g)$$, 'PT429', 'rate_limited',
  'the 21st edit within a minute is refused');

-- Group changes: title edits, creation, member additions.
select lives_ok($q$do $rename$ begin
  for i in 1..30 loop update public.chats set title = 'Limits ' || i where id = (select id from g); end loop;
end $rename$ $q$, 'thirty group edits in an hour pass');
select throws_ok($$update public.chats set title = 'Too many' where id = (select id from g)$$, 'PT429', 'rate_limited',
  'the 31st group edit within an hour is refused');
select throws_ok($q$do $create$ begin
  for i in 1..10 loop perform public.create_group_chat('Spam ' || i); end loop;
end $create$ $q$, 'PT429', 'rate_limited', 'at most 10 new groups an hour (the 11th is refused)');
select tests.clear_authentication();
select pg_temp.used_up('chat.member_add', 'rl_ann', 60);
select tests.authenticate_as('rl_ann');
select throws_ok(format($$select public.create_group_chat('One more', array['%s'::uuid])$$, tests.get_user_id('rl_cid')), 'PT429', 'rate_limited',
  'at most 60 member additions an hour, initial members included');

select * from finish();
rollback;
