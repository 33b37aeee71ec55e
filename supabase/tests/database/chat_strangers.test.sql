-- Attack (issue 12, chat.md): "no messages from strangers" did not hold: after remove_friend, or a
-- block then unblock, the direct chat still took messages. The rule: a direct chat takes messages
-- (and typing, uploads, edits) only while the two are friends with no block, until they are friends
-- again; the friends/blocked guard is one function with one code per reason, used by every call
-- (open_direct_chat, messages, add_chat_member), and invalid_member is raised where documented.
begin;
select plan(30);

select tests.create_user('st_ann');
select tests.create_user('st_ben');
select tests.create_user('st_cat');
select tests.create_user('st_dan');
insert into public.friendships (user_low, user_high)
select least(tests.get_user_id(a), tests.get_user_id(b)), greatest(tests.get_user_id(a), tests.get_user_id(b))
from (values ('st_ann', 'st_ben'), ('st_ann', 'st_cat')) v (a, b);

select tests.authenticate_as('st_ann');
create temporary table d as select public.open_direct_chat(tests.get_user_id('st_ben')) as id;
create temporary table g as select public.create_group_chat('Strangers', array[tests.get_user_id('st_cat')]) as id;
grant select on d, g to authenticated;
insert into public.messages (chat_id, body) values ((select id from d), 'Hi Ben');
insert into storage.objects (bucket_id, name, owner_id) values ('chat-attachments', (select id from d) || '/later.jpg', auth.uid()::text);

-- remove_friend: the direct chat stops taking messages, both ways, until they are friends again.
select public.remove_friend(tests.get_user_id('st_ben'));
select throws_ok($$insert into public.messages (chat_id, body) values ((select id from d), 'Still there?')$$, 'PT403', 'not_friends',
  'after remove_friend the direct chat refuses new messages (not_friends)');
select throws_ok($$update public.messages set body = 'Hi Ben!' where chat_id = (select id from d)$$, 'PT403', 'not_friends',
  'after remove_friend the old messages cannot be edited either');
select throws_ok($$insert into public.messages (chat_id, attachment_path) values ((select id from d), (select id from d) || '/later.jpg')$$,
  'PT403', 'not_friends', 'after remove_friend no attachment is sent');
select ok(not tests.realtime_can_send('chat-live:' || (select id from d), 'broadcast'), 'after remove_friend no typing is sent');
select throws_ok(format($$insert into storage.objects (bucket_id, name, owner_id) values ('chat-attachments', '%s/x.jpg', auth.uid()::text)$$, (select id from d)),
  '42501', null, 'after remove_friend no file is uploaded to the direct chat');
select throws_ok(format($$select public.open_direct_chat('%s')$$, tests.get_user_id('st_ben')), 'PT403', 'not_friends',
  'an ex-friend''s direct chat cannot be opened');
select tests.authenticate_as('st_ben');
select throws_ok($$insert into public.messages (chat_id, body) values ((select id from d), 'Why?')$$, 'PT403', 'not_friends', 'in either direction');
select is((select count(*)::int from public.messages where chat_id = (select id from d)), 1, 'the history stays readable');
select lives_ok(format($$select public.send_friend_request('%s')$$, tests.get_user_id('st_ann')), 'they ask to be friends again');
select tests.authenticate_as('st_ann');
select lives_ok($$select public.accept_friend_request((select id from public.friend_requests where status = 'pending' and receiver_id = auth.uid()))$$,
  'and accept');
select lives_ok($$insert into public.messages (chat_id, body) values ((select id from d), 'Welcome back')$$,
  'friends again: the same direct chat takes messages again');
select is(public.open_direct_chat(tests.get_user_id('st_ben')), (select id from d), 'and opening it returns the same chat');

-- Block, then unblock: still no messages until a new friendship.
select public.block_user(tests.get_user_id('st_ben'));
select throws_ok($$insert into public.messages (chat_id, body) values ((select id from d), 'blocked')$$, 'PT403', 'blocked',
  'while blocked the direct chat refuses messages (blocked)');
select public.unblock_user(tests.get_user_id('st_ben'));
select throws_ok($$insert into public.messages (chat_id, body) values ((select id from d), 'unblocked')$$, 'PT403', 'not_friends',
  'after an unblock the direct chat still refuses messages: the block ended the friendship');
select tests.authenticate_as('st_ben');
select throws_ok($$insert into public.messages (chat_id, body) values ((select id from d), 'me neither')$$, 'PT403', 'not_friends',
  'in either direction');

-- One guard, one code per reason, in every call.
select tests.authenticate_as('st_ann');
select throws_ok(format($$select public.open_direct_chat('%s')$$, tests.get_user_id('st_dan')), 'PT403', 'not_friends',
  'open_direct_chat with a stranger: not_friends');
select throws_ok($$select public.open_direct_chat(gen_random_uuid())$$, 'PT404', 'user_not_found', 'open_direct_chat with nobody: user_not_found');
select throws_ok($$select public.open_direct_chat(auth.uid())$$, 'PT400', 'invalid_member', 'open_direct_chat with yourself: invalid_member');
select throws_ok(format($$select public.add_chat_member((select id from g), '%s')$$, tests.get_user_id('st_dan')), 'PT403', 'not_friends',
  'add_chat_member with a stranger: not_friends');
select throws_ok($$select public.add_chat_member((select id from g), gen_random_uuid())$$, 'PT404', 'user_not_found',
  'add_chat_member with an unknown id: user_not_found');
select throws_ok($$select public.add_chat_member((select id from g), auth.uid())$$, 'PT400', 'invalid_member',
  'adding yourself is invalid_member (not not_friends)');
select throws_ok(format($$select public.add_chat_member((select id from g), '%s')$$, tests.get_user_id('st_cat')), 'PT409', 'already_member',
  'adding a member twice is already_member');
select public.block_user(tests.get_user_id('st_dan'));
select throws_ok(format($$select public.add_chat_member((select id from g), '%s')$$, tests.get_user_id('st_dan')), 'PT403', 'blocked',
  'add_chat_member with a blocked user: blocked');
select throws_ok(format($$select public.open_direct_chat('%s')$$, tests.get_user_id('st_dan')), 'PT403', 'blocked',
  'open_direct_chat with a blocked user: blocked');
select throws_ok(format($$select public.create_group_chat('Mixed', array['%s'::uuid])$$, tests.get_user_id('st_dan')), 'PT403', 'blocked',
  'create_group_chat with a blocked user among the members: blocked');
select throws_ok(format($$select public.remove_chat_member((select id from g), '%s')$$, tests.get_user_id('st_ann')), 'PT400', 'invalid_member',
  'removing yourself is invalid_member (leave_chat is the way out)');
select tests.authenticate_as('st_dan');
select throws_ok(format($$select public.add_chat_member((select id from g), '%s')$$, tests.get_user_id('st_ben')), 'PT404', 'chat_not_found',
  'a non-member managing a group gets chat_not_found (the group is not revealed)');
select throws_ok($$insert into public.messages (chat_id, body) values ((select id from g), 'let me in')$$, 'PT404', 'chat_not_found',
  'a non-member writing in a chat gets chat_not_found');
select tests.authenticate_as('st_cat');
select throws_ok(format($$select public.add_chat_member((select id from g), '%s')$$, tests.get_user_id('st_ben')), 'PT403', 'not_chat_admin',
  'a plain member adding someone gets not_chat_admin');
select throws_ok($$select public.add_chat_member((select id from d), auth.uid())$$, 'PT404', 'chat_not_found',
  'managing a direct chat one is not in: chat_not_found');

select * from finish();
rollback;
