-- Chats and messages: member, non-member, removed member, blocked user, banned user and
-- moderator over chats, members, messages, Realtime topics and attachments; one broadcast per
-- message; the rate limit bites at 30 a minute and not before. Refusals carry their codes.
begin;
select plan(61);

select tests.create_user('c_owner');
select tests.create_user('c_member');
select tests.create_user('c_removed');
select tests.create_user('c_outsider');
select tests.create_user('c_mod');
select tests.create_user('c_friend');
insert into public.user_roles (user_id, role) values (tests.get_user_id('c_mod'), 'moderator');
insert into public.friendships (user_low, user_high)
select least(tests.get_user_id('c_owner'), tests.get_user_id(f)), greatest(tests.get_user_id('c_owner'), tests.get_user_id(f))
from unnest(array['c_friend', 'c_member', 'c_removed']) f;

-- A group with three members, one of whom is then removed
select tests.authenticate_as('c_owner');
create temporary table g as select public.create_group_chat('Walkers', array[tests.get_user_id('c_member'), tests.get_user_id('c_removed')]) as id;
grant select on g to authenticated;
select is((select count(*)::int from public.chat_members where chat_id = (select id from g)), 3, 'the owner creates a group with friends as members');
select throws_ok(format($$select public.add_chat_member((select id from g), '%s')$$, tests.get_user_id('c_outsider')), 'PT403', 'not_friends',
  'nobody adds a stranger to a group (no messages from strangers)');
select lives_ok($$insert into public.messages (chat_id, body) values ((select id from g), 'Hello walkers')$$, 'a member sends a message');
select is((select count(*)::int from realtime.messages where topic = 'chat:' || (select id from g) and event = 'message_created'), 1,
  'one message produces exactly one broadcast row on chat:<id>');
select tests.clear_authentication();
select results_eq(
  $$select payload ->> 'body', private, extension from realtime.messages where topic = 'chat:' || (select id from g) and event = 'message_created'$$,
  $$values ('Hello walkers', true, 'broadcast')$$, 'the broadcast is private and carries the message');
select tests.authenticate_as('c_owner');
select lives_ok(format($$select public.remove_chat_member((select id from g), '%s')$$, tests.get_user_id('c_removed')), 'the owner removes a member');

-- member
select tests.authenticate_as('c_member');
select is((select count(*)::int from public.messages), 1, 'a member reads the history');
select is((select count(*)::int from public.chat_members), 2, 'a member sees the other members');
select lives_ok($$insert into public.messages (chat_id, body, reply_to_id) values ((select id from g), 'Hi!', (select id from public.messages limit 1))$$,
  'a member replies to a message');
select throws_ok($$insert into public.messages (chat_id, body, sender_id) values ((select id from g), 'forged', tests.get_user_id('c_owner'))$$,
  '42501', null, 'a member cannot send in someone else''s name (sender_id is not a column clients may set)');
select throws_ok($$insert into public.messages (chat_id, body, created_at) values ((select id from g), 'backdated', now() - interval '1 day')$$,
  '42501', null, 'a member cannot choose the time of a new message');
update public.messages set body = 'edited' where body = 'Hello walkers';
select tests.clear_authentication();
select is((select body from public.messages where sender_id = tests.get_user_id('c_owner')), 'Hello walkers', 'a member cannot edit someone else''s message');
select tests.authenticate_as('c_member');
select lives_ok($$update public.messages set body = 'Hi all!' where body = 'Hi!'$$, 'the sender edits their own message');
select ok((select edited_at is not null from public.messages where body = 'Hi all!'), 'an edit sets edited_at');
select throws_ok($$update public.messages set created_at = now() - interval '1 day'$$, '42501', null, 'nobody backdates a message');
select throws_ok($$select public.delete_message((select id from public.messages where body = 'Hello walkers'))$$, 'PT403', 'forbidden',
  'a member cannot delete someone else''s message');
select lives_ok($$select public.delete_message((select id from public.messages where body = 'Hi all!'))$$, 'the sender deletes their own message');
select results_eq($$select body, deleted_at is not null from public.messages where sender_id = auth.uid()$$, $$values (null::text, true)$$,
  'a deleted message keeps its row with the content cleared');
-- Realtime joins as Realtime checks them (the full matrix is in chat_realtime_topics.test.sql)
select ok(tests.realtime_can_receive('chat:' || (select id from g), 'broadcast'), 'a member receives the chat''s database events');
select ok(not tests.realtime_can_send('chat:' || (select id from g), 'broadcast'), 'a member cannot send on chat:<id> (database events only)');
select ok(tests.realtime_can_send('chat-live:' || (select id from g), 'broadcast'), 'a member sends typing on chat-live:<id>');
select ok(tests.realtime_can_send('chat-live:' || (select id from g), 'presence'), 'a member sends presence on chat-live:<id>');
select lives_ok(format($$insert into storage.objects (bucket_id, name, owner_id) values ('chat-attachments', '%s/photo.jpg', auth.uid()::text)$$, (select id from g)),
  'a member uploads an attachment under the chat folder');
select is((select count(*)::int from storage.objects where bucket_id = 'chat-attachments'), 1, 'a member downloads the chat''s attachments');
insert into public.messages (chat_id, attachment_path) values ((select id from g), (select id from g) || '/photo.jpg');
select lives_ok($$select public.delete_message((select id from public.messages where attachment_path is not null))$$,
  'the sender deletes a message with an attachment');
select is((select count(*)::int from storage.objects where bucket_id = 'chat-attachments'), 0,
  'the attachment of a deleted message is no longer served (queued for removal)');
select lives_ok($$update public.chat_members set last_read_at = now() where user_id = auth.uid()$$, 'a member moves their read marker');
select throws_ok($$update public.chat_members set role = 'owner' where user_id = auth.uid()$$, '42501', null, 'a member cannot make themselves owner');
select throws_ok(format($$select public.add_chat_member((select id from g), '%s')$$, tests.get_user_id('c_outsider')), 'PT403', 'not_chat_admin',
  'a plain member cannot add people');

-- removed member and outsider
select tests.authenticate_as('c_removed');
select is_empty($$select 1 from public.messages$$, 'a removed member loses access to the whole history');
select throws_ok($$insert into public.messages (chat_id, body) values ((select id from g), 'still here?')$$, 'PT404', 'chat_not_found',
  'a removed member cannot send (chat_not_found)');
select ok(not tests.realtime_can_receive('chat:' || (select id from g), 'broadcast'), 'a removed member no longer receives broadcasts');
select ok(not tests.realtime_can_send('chat-live:' || (select id from g), 'presence'), 'a removed member cannot send presence on chat-live:<id>');
select is_empty($$select 1 from storage.objects where bucket_id = 'chat-attachments'$$, 'a removed member cannot read attachments');
select tests.authenticate_as('c_outsider');
select is_empty($$select 1 from public.chats$$, 'a non-member does not see the chat');
select ok(not tests.realtime_can_send('chat-live:' || (select id from g), 'broadcast'), 'a non-member cannot send on the chat''s live topic');
select throws_ok(format($$insert into storage.objects (bucket_id, name) values ('chat-attachments', '%s/x.pdf')$$, (select id from g)), '42501', null,
  'a non-member cannot upload attachments');
select ok(not private.can_receive_topic('chat:not-a-uuid', 'broadcast'), 'a malformed topic is refused without an error');
select ok(not tests.realtime_can_receive('user:' || tests.get_user_id('c_owner'), 'broadcast'), 'nobody receives another user''s notifications');
select ok(not tests.realtime_can_send('user:' || auth.uid(), 'broadcast'), 'nobody sends on a user topic, not even its owner (only the database does)');

-- moderator
select tests.authenticate_as('c_mod');
select throws_ok($$select public.delete_message((select id from public.messages limit 1))$$, 'PT404', 'message_not_found',
  'a moderator outside a chat does not see its messages');
select tests.clear_authentication();
create temporary table target as select id from public.messages where body = 'Hello walkers';
grant select on target to authenticated;
select tests.authenticate_as('c_mod');
select throws_ok($$select public.delete_message((select id from target))$$, 'PT400', 'reason_required', 'a moderator must give a reason to delete a message');
select lives_ok($$select public.delete_message((select id from target), 'Spam link')$$, 'a moderator (chat.moderate) deletes any message');
select tests.clear_authentication();
select is((select count(*)::int from public.audit_log where action = 'message.delete'), 1, 'the moderation is audited');
select is((select count(*)::int from realtime.messages where topic = 'chat:' || (select id from g) and event = 'message_deleted'), 3,
  'deletions are broadcast as message_deleted');

-- direct chats and blocking
select tests.authenticate_as('c_owner');
select throws_ok(format($$select public.open_direct_chat('%s')$$, tests.get_user_id('c_outsider')), 'PT403', 'not_friends',
  'direct chats are for friends');
create temporary table d as select public.open_direct_chat(tests.get_user_id('c_friend')) as id;
grant select on d to authenticated;
select is((select public.open_direct_chat(tests.get_user_id('c_friend'))), (select id from d), 'opening again returns the same direct chat');
select throws_ok($$select public.leave_chat((select id from d))$$, 'PT400', 'cannot_leave_direct_chat', 'a direct chat cannot be left');
select tests.authenticate_as('c_friend');
select lives_ok($$insert into public.messages (chat_id, body) values ((select id from d), 'hey')$$, 'a friend writes in the direct chat');
select public.block_user(tests.get_user_id('c_owner'));
select throws_ok($$insert into public.messages (chat_id, body) values ((select id from d), 'still?')$$, 'PT403', 'blocked',
  'after a block nobody writes in the direct chat (blocked)');
select tests.authenticate_as('c_owner');
select throws_ok($$insert into public.messages (chat_id, body) values ((select id from d), 'why?')$$, 'PT403', 'blocked', 'in either direction');

-- banned member
select tests.clear_authentication();
insert into public.user_bans (user_id, reason) values (tests.get_user_id('c_member'), 'spam');
select tests.authenticate_as('c_member');
select throws_ok($$insert into public.messages (chat_id, body) values ((select id from g), 'banned talk')$$, 'PT403', 'forbidden', 'a banned member cannot send');
select isnt_empty($$select 1 from public.messages$$, 'a banned member still reads the history');

-- rate limit: 30 a minute pass, the 31st is refused
select tests.authenticate_as('c_owner');
select lives_ok($$insert into public.messages (chat_id, body) select (select id from g), 'msg ' || i from generate_series(1, 29) i$$,
  '29 more messages in a minute pass (30 with the first)');
select throws_ok($$insert into public.messages (chat_id, body) values ((select id from g), 'one too many')$$, 'PT429', 'rate_limited',
  'the 31st message within a minute is refused with rate_limited');

-- The owner's account is deleted: the group gets a new owner, the messages stay, nothing is re-broadcast
select tests.clear_authentication();
create temporary table before_delete as
  select count(*)::int as n from realtime.messages where topic = 'chat:' || (select id from g) and event like 'message%';
delete from auth.users where id = tests.get_user_id('c_owner');
select is((select user_id from public.chat_members where chat_id = (select id from g) and role = 'owner'), tests.get_user_id('c_member'),
  'when the owner''s account is deleted the longest-standing member inherits the group');
select ok((select count(*) > 0 from public.messages where chat_id = (select id from g) and sender_id is null),
  'the deleted owner''s messages stay, author cleared');
select is((select count(*)::int from realtime.messages where topic = 'chat:' || (select id from g) and event like 'message%'), (select n from before_delete),
  'clearing the author of old messages broadcasts no message event');
select results_eq(
  $$select event, payload ->> 'user_id' from realtime.messages where topic = 'chat:' || (select id from g) and event in ('member_removed', 'member_updated')
    and (payload ->> 'user_id')::uuid in (tests.get_user_id('c_owner'), tests.get_user_id('c_member')) order by event$$,
  $$values ('member_removed', tests.get_user_id('c_owner')::text), ('member_updated', tests.get_user_id('c_member')::text)$$,
  'the members hear that the owner went and who owns the group now (database events on chat:<id>)');
update public.user_bans set lifted_at = now() where user_id = tests.get_user_id('c_member');
select tests.authenticate_as('c_member');
select lives_ok($$select public.leave_chat((select id from g))$$, 'the new owner (ban lifted) leaves the group');
select tests.clear_authentication();
select is((select count(*)::int from public.chats where id = (select id from g)), 0, 'the last member leaving deletes the group');

select * from finish();
rollback;
