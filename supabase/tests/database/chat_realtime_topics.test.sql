-- Attack (issue 11, hole 6): a member broadcast a forged message_created (another member's
-- sender_id, any text) on chat:<id>, the topic the database also sends messages on, and the
-- documented client code added it to the history. The rule: database events travel on chat:<id>,
-- which no client may send to; typing and presence on chat-live:<id>. Each family is checked as
-- Realtime checks a join (tests.realtime_can_receive / realtime_can_send) for a member, a removed
-- member, a blocked peer, an ex-friend, a banned member, a stranger and anon.
begin;
select plan(40);

select tests.create_user('rt_owner');
select tests.create_user('rt_member');
select tests.create_user('rt_removed');
select tests.create_user('rt_banned');
select tests.create_user('rt_stranger');
select tests.create_user('rt_peer');
select tests.create_user('rt_exfriend');
insert into public.friendships (user_low, user_high)
select least(tests.get_user_id('rt_owner'), tests.get_user_id(f)), greatest(tests.get_user_id('rt_owner'), tests.get_user_id(f))
from unnest(array['rt_member', 'rt_removed', 'rt_banned', 'rt_peer', 'rt_exfriend']) f;

select tests.authenticate_as('rt_owner');
create temporary table topics (name text primary key, topic text) on commit drop;
grant select on topics to anon, authenticated;
insert into topics
select 'group', 'chat:' || public.create_group_chat('Realtime', array[tests.get_user_id('rt_member'), tests.get_user_id('rt_removed'), tests.get_user_id('rt_banned')]);
insert into topics select 'blocked', 'chat:' || public.open_direct_chat(tests.get_user_id('rt_peer'));
insert into topics select 'exfriend', 'chat:' || public.open_direct_chat(tests.get_user_id('rt_exfriend'));
insert into topics select n || '-live', 'chat-live:' || substr(topic, 6) from topics t (n, topic);
select public.remove_chat_member(substr((select topic from topics where name = 'group'), 6)::uuid, tests.get_user_id('rt_removed'));
select public.block_user(tests.get_user_id('rt_peer'));
select public.remove_friend(tests.get_user_id('rt_exfriend'));
select tests.clear_authentication();
insert into public.user_bans (user_id, reason) values (tests.get_user_id('rt_banned'), 'spam');

create function pg_temp.topic(key text) returns text language sql as $$ select topic from topics where name = key $$;
grant execute on function pg_temp.topic(text) to anon, authenticated, service_role;

-- The attack itself: a member sends a forged message_created on chat:<id>.
select tests.authenticate_as('rt_member');
select throws_ok(format($$insert into realtime.messages (topic, extension, event, payload, private)
                         values (set_config('realtime.topic', '%1$s', true), 'broadcast', 'message_created',
                                 '{"sender_id": "%2$s", "body": "send me your password"}', true)$$,
                        pg_temp.topic('group'), tests.get_user_id('rt_owner')),
  '42501', null, 'a member cannot broadcast a forged message_created on chat:<id>');

-- chat:<id>: database events; members receive broadcasts, nobody sends.
select ok(tests.realtime_can_receive(pg_temp.topic('group'), 'broadcast'), 'chat: a member receives');
select ok(not tests.realtime_can_send(pg_temp.topic('group'), 'broadcast'), 'chat: a member cannot send broadcasts');
select ok(not tests.realtime_can_send(pg_temp.topic('group'), 'presence'), 'chat: a member cannot send presence');
select ok(not tests.realtime_can_receive(pg_temp.topic('group'), 'presence'), 'chat: carries no presence');
-- chat-live:<id>: typing and presence of members who may write.
select ok(tests.realtime_can_receive(pg_temp.topic('group-live'), 'broadcast'), 'chat-live: a member receives typing');
select ok(tests.realtime_can_receive(pg_temp.topic('group-live'), 'presence'), 'chat-live: a member receives presence');
select ok(tests.realtime_can_send(pg_temp.topic('group-live'), 'broadcast'), 'chat-live: a member sends typing');
select ok(tests.realtime_can_send(pg_temp.topic('group-live'), 'presence'), 'chat-live: a member sends presence');

select tests.authenticate_as('rt_owner');
select ok(not tests.realtime_can_send(pg_temp.topic('group'), 'broadcast'), 'chat: not even the owner sends');
select ok(tests.realtime_can_send(pg_temp.topic('group-live'), 'broadcast'), 'chat-live: the owner sends typing');

select tests.authenticate_as('rt_removed');
select ok(not tests.realtime_can_receive(pg_temp.topic('group'), 'broadcast'), 'chat: a removed member no longer receives');
select ok(not tests.realtime_can_send(pg_temp.topic('group'), 'broadcast'), 'chat: a removed member cannot send');
select ok(not tests.realtime_can_receive(pg_temp.topic('group-live'), 'presence'), 'chat-live: a removed member no longer receives');
select ok(not tests.realtime_can_send(pg_temp.topic('group-live'), 'broadcast'), 'chat-live: a removed member cannot send');

select tests.authenticate_as('rt_banned');
select ok(tests.realtime_can_receive(pg_temp.topic('group'), 'broadcast'), 'chat: a banned member still receives (they read the history)');
select ok(not tests.realtime_can_send(pg_temp.topic('group'), 'broadcast'), 'chat: a banned member cannot send');
select ok(tests.realtime_can_receive(pg_temp.topic('group-live'), 'broadcast'), 'chat-live: a banned member receives');
select ok(not tests.realtime_can_send(pg_temp.topic('group-live'), 'broadcast'), 'chat-live: a banned member cannot send typing');
select ok(not tests.realtime_can_send(pg_temp.topic('group-live'), 'presence'), 'chat-live: a banned member cannot send presence');

select tests.authenticate_as('rt_peer');
select ok(tests.realtime_can_receive(pg_temp.topic('blocked'), 'broadcast'), 'chat: a blocked peer still receives (the history stays readable)');
select ok(not tests.realtime_can_send(pg_temp.topic('blocked'), 'broadcast'), 'chat: a blocked peer cannot send');
select ok(not tests.realtime_can_send(pg_temp.topic('blocked-live'), 'broadcast'), 'chat-live: a blocked peer cannot send typing');
select tests.authenticate_as('rt_owner');
select ok(not tests.realtime_can_send(pg_temp.topic('blocked-live'), 'broadcast'), 'chat-live: nor can the one who blocked');

select tests.authenticate_as('rt_exfriend');
select ok(tests.realtime_can_receive(pg_temp.topic('exfriend'), 'broadcast'), 'chat: an ex-friend still receives their direct chat');
select ok(not tests.realtime_can_send(pg_temp.topic('exfriend-live'), 'broadcast'), 'chat-live: an ex-friend cannot send typing');

select tests.authenticate_as('rt_stranger');
select ok(not tests.realtime_can_receive(pg_temp.topic('group'), 'broadcast'), 'chat: a stranger does not receive');
select ok(not tests.realtime_can_send(pg_temp.topic('group'), 'broadcast'), 'chat: a stranger cannot send');
select ok(not tests.realtime_can_receive(pg_temp.topic('group-live'), 'presence'), 'chat-live: a stranger does not receive');
select ok(not tests.realtime_can_send(pg_temp.topic('group-live'), 'broadcast'), 'chat-live: a stranger cannot send');
select ok(not tests.realtime_can_receive('chat:not-a-uuid', 'broadcast') and not tests.realtime_can_send('chat-live:not-a-uuid', 'broadcast'),
  'a malformed chat topic is refused without an error');

select tests.authenticate_as_anon();
select ok(not tests.realtime_can_receive(pg_temp.topic('group'), 'broadcast'), 'chat: anon does not receive');
select ok(not tests.realtime_can_send(pg_temp.topic('group'), 'broadcast'), 'chat: anon cannot send');
select ok(not tests.realtime_can_receive(pg_temp.topic('group-live'), 'presence'), 'chat-live: anon does not receive');
select ok(not tests.realtime_can_send(pg_temp.topic('group-live'), 'broadcast'), 'chat-live: anon cannot send');

-- What the database sends on chat:<id>: messages and membership changes, as private broadcasts.
select tests.authenticate_as('rt_owner');
insert into public.messages (chat_id, body) values (substr(pg_temp.topic('group'), 6)::uuid, 'Hello');
select public.promote_chat_member(substr(pg_temp.topic('group'), 6)::uuid, tests.get_user_id('rt_member'));
update public.chats set title = 'Realtime walkers' where id = substr(pg_temp.topic('group'), 6)::uuid;
select tests.clear_authentication();
select results_eq(
  $$select event, count(*)::int from realtime.messages where topic = pg_temp.topic('group') and private and extension = 'broadcast'
      and event <> 'tests.probe' group by event order by event$$,
  $$values ('chat_updated', 1), ('member_added', 4), ('member_removed', 1), ('member_updated', 1), ('message_created', 1)$$,
  'chat:<id> carries the database events: members added and removed, messages, role and title changes');
select is((select payload - 'created_at' - 'id' from realtime.messages where topic = pg_temp.topic('group') and event = 'message_created'),
  jsonb_build_object('chat_id', substr(pg_temp.topic('group'), 6), 'sender_id', tests.get_user_id('rt_owner'),
    'sender', jsonb_build_object('id', tests.get_user_id('rt_owner'), 'username', (select username from public.profiles where id = tests.get_user_id('rt_owner')),
                                 'display_name', null, 'avatar_path', null),
    'body', 'Hello', 'attachment_path', null, 'reply_to_id', null, 'reply_to', null, 'edited_at', null, 'deleted_at', null),
  'message_created carries the message as the history shows it, sender''s public fields included');
select is((select payload - 'id' from realtime.messages where topic = pg_temp.topic('group') and event = 'member_removed'),
  jsonb_build_object('chat_id', substr(pg_temp.topic('group'), 6), 'user_id', tests.get_user_id('rt_removed'), 'by', tests.get_user_id('rt_owner')),
  'member_removed says who left and who removed them');
select is((select payload - 'id' from realtime.messages where topic = pg_temp.topic('group') and event = 'chat_updated'),
  jsonb_build_object('chat_id', substr(pg_temp.topic('group'), 6), 'title', 'Realtime walkers', 'avatar_path', null, 'by', tests.get_user_id('rt_owner')),
  'chat_updated carries the new title and picture');
select is((select payload ->> 'role' from realtime.messages where topic = pg_temp.topic('group') and event = 'member_updated'), 'admin',
  'member_updated carries the new role');

select * from finish();
rollback;
