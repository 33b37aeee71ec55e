-- Notifications of the friends and chat feature: each kind stored with its documented payload
-- (docs/notifications.md) and broadcast by private.notify through private.broadcast on the
-- database-only topic user:<id>, event `notification`, in the shape of notifications_page items.
begin;
select plan(7);

select tests.create_user('nt_ann', '{"username": "nt_ann", "display_name": "Ann"}');
select tests.create_user('nt_ben', '{"username": "nt_ben"}');
select tests.create_user('nt_cat', '{"username": "nt_cat"}');
insert into public.friendships (user_low, user_high)
values (least(tests.get_user_id('nt_ann'), tests.get_user_id('nt_cat')), greatest(tests.get_user_id('nt_ann'), tests.get_user_id('nt_cat')));

select tests.authenticate_as('nt_ann');
create temporary table req as select * from public.send_friend_request(tests.get_user_id('nt_ben'));
grant select on req to authenticated;
select tests.authenticate_as('nt_ben');
select public.accept_friend_request((select id from req));
select tests.authenticate_as('nt_ann');
create temporary table chats as
  select public.open_direct_chat(tests.get_user_id('nt_ben')) as direct_id, public.create_group_chat('Notes', array[tests.get_user_id('nt_cat')]) as group_id;
select tests.clear_authentication();

create function pg_temp.note(who text, kind text) returns jsonb language sql as $$
  select n.payload from public.notifications n where n.user_id = tests.get_user_id(who) and n.kind::text = note.kind
$$;
select is(pg_temp.note('nt_ben', 'friend_request'),
  jsonb_build_object('request_id', (select id from req), 'from', tests.get_user_id('nt_ann'), 'username', 'nt_ann', 'display_name', 'Ann', 'avatar_path', null),
  'friend_request: {request_id, from, username, display_name, avatar_path} of the sender');
select is(pg_temp.note('nt_ann', 'friend_accepted'),
  jsonb_build_object('request_id', (select id from req), 'by', tests.get_user_id('nt_ben'), 'username', 'nt_ben', 'display_name', null, 'avatar_path', null),
  'friend_accepted: {request_id, by, username, display_name, avatar_path} of the one who accepted');
select is(pg_temp.note('nt_ben', 'chat_added'),
  jsonb_build_object('chat_id', (select direct_id from chats), 'kind', 'direct', 'title', null, 'by', tests.get_user_id('nt_ann'),
                     'username', 'nt_ann', 'display_name', 'Ann', 'avatar_path', null),
  'chat_added (direct): {chat_id, kind, title null, by, username, display_name, avatar_path}');
select is(pg_temp.note('nt_cat', 'chat_added'),
  jsonb_build_object('chat_id', (select group_id from chats), 'kind', 'group', 'title', 'Notes', 'by', tests.get_user_id('nt_ann'),
                     'username', 'nt_ann', 'display_name', 'Ann', 'avatar_path', null),
  'chat_added (group): with the group title');
select is(
  (select m.payload from realtime.messages m where m.topic = 'user:' || tests.get_user_id('nt_ben') and m.event = 'notification'
     and m.payload ->> 'kind' = 'friend_request'),
  (select private.notification_item(n) from public.notifications n where n.user_id = tests.get_user_id('nt_ben') and n.kind = 'friend_request'),
  'each notification is broadcast on user:<id> as {id, kind, payload, read_at, created_at}, the notifications_page item');
select ok((select bool_and(m.private and m.extension = 'broadcast') from realtime.messages m where m.event = 'notification'),
  'notification broadcasts are private');
select ok(pg_get_functiondef('private.notify(uuid, public.notification_kind, jsonb)'::regprocedure) ~ 'private\.broadcast\('
          and pg_get_functiondef('private.notify(uuid, public.notification_kind, jsonb)'::regprocedure) !~ 'realtime\.send',
  'notify() sends through private.broadcast, the one way features broadcast');

select * from finish();
rollback;
