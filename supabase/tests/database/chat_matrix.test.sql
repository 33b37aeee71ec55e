-- Who may do what on every table of the friends, chat and notifications feature, per role: anon,
-- the user, another user, a banned user, staff (a moderator). Writes go through the RPCs and the
-- few granted columns only; the rest of each table is out of reach.
begin;
select plan(22);

select tests.create_user('mx_ann');
select tests.create_user('mx_ben');
select tests.create_user('mx_other');
select tests.create_user('mx_mod');
insert into public.user_roles (user_id, role) values (tests.get_user_id('mx_mod'), 'moderator');

select tests.authenticate_as('mx_ann');
select public.send_friend_request(tests.get_user_id('mx_ben'));
select tests.authenticate_as('mx_ben');
select public.accept_friend_request((select id from public.friend_requests where receiver_id = auth.uid()));
select public.block_user(tests.get_user_id('mx_other'));
select public.unblock_user(tests.get_user_id('mx_other'));
select public.block_user(tests.get_user_id('mx_other'));
create temporary table d as select public.open_direct_chat(tests.get_user_id('mx_ann')) as id;
grant select on d to authenticated;
insert into public.messages (chat_id, body) values ((select id from d), 'Hi Ann');

create function pg_temp.visible() returns int[] language sql as $$
  select array[(select count(*)::int from public.friend_requests), (select count(*)::int from public.friendships),
               (select count(*)::int from public.blocks), (select count(*)::int from public.chats),
               (select count(*)::int from public.chat_members), (select count(*)::int from public.messages),
               (select count(*)::int from public.notifications)]
$$;
grant execute on function pg_temp.visible() to anon, authenticated, service_role;

-- requests, friendships, blocks, chats, members, messages, notifications
select is(pg_temp.visible(), array[1, 1, 1, 1, 2, 1, 1], 'the user sees their request, friendship, block, chat, its members, messages, notifications');
select tests.authenticate_as('mx_ann');
select is(pg_temp.visible(), array[1, 1, 0, 1, 2, 1, 2], 'the friend sees the same, but not the block and only their own notifications');
select tests.authenticate_as('mx_other');
select is(pg_temp.visible(), array[0, 0, 0, 0, 0, 0, 0], 'another user (even the blocked one) sees nothing of theirs');
select tests.authenticate_as('mx_mod');
select is(pg_temp.visible(), array[0, 0, 0, 0, 0, 0, 0], 'staff see nothing either (moderators act on message ids they are given)');
select tests.clear_authentication();
insert into public.user_bans (user_id, reason) values (tests.get_user_id('mx_ann'), 'spam');
select tests.authenticate_as('mx_ann');
select is(pg_temp.visible(), array[1, 1, 0, 1, 2, 1, 2], 'a banned user still reads their own data');
select is((select count(*)::int from (select 1 from public.notifications) x), 2, 'and their notifications');
update public.notifications set read_at = now();
select tests.clear_authentication();
select is((select count(*)::int from public.notifications where user_id = tests.get_user_id('mx_ann') and read_at is not null), 0,
  'a banned user cannot mark notifications read (no row changes)');

select tests.authenticate_as_anon();
select throws_ok($$select 1 from public.friend_requests$$, '42501', null, 'anon cannot read friend requests');
select throws_ok($$select 1 from public.friendships$$, '42501', null, 'anon cannot read friendships');
select throws_ok($$select 1 from public.blocks$$, '42501', null, 'anon cannot read blocks');
select throws_ok($$select 1 from public.chats$$, '42501', null, 'anon cannot read chats');
select throws_ok($$select 1 from public.chat_members$$, '42501', null, 'anon cannot read chat members');
select throws_ok($$select 1 from public.messages$$, '42501', null, 'anon cannot read messages');
select throws_ok($$select 1 from public.notifications$$, '42501', null, 'anon cannot read notifications');
select throws_ok($$select public.chat_list()$$, '42501', null, 'anon cannot call the screen RPCs');

-- Direct writes beyond the granted columns, by a signed-in user on their own rows.
select tests.authenticate_as('mx_ben');
select throws_ok($$insert into public.chats (kind, title) values ('group', 'Mine')$$, '42501', null, 'chats are created through the RPCs only');
select throws_ok($$insert into public.chat_members (chat_id, user_id) values ((select id from d), auth.uid())$$, '42501', null,
  'nobody adds a membership directly');
select throws_ok($$delete from public.chat_members where chat_id = (select id from d)$$, '42501', null, 'nor deletes one (leave_chat, remove_chat_member)');
select throws_ok($$delete from public.messages where chat_id = (select id from d)$$, '42501', null, 'messages are deleted through delete_message only');
select throws_ok($$update public.messages set sender_id = null$$, '42501', null, 'nobody rewrites a message''s sender');
select throws_ok($$insert into public.notifications (user_id, kind) values (auth.uid(), 'friend_request')$$, '42501', null,
  'nobody writes notifications (private.notify does)');
select throws_ok($$update public.notifications set payload = '{}'$$, '42501', null, 'only read_at of a notification may change');

select * from finish();
rollback;
