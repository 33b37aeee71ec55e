-- Realtime for chats, split by who speaks (issue: any member could broadcast a forged
-- message_created on chat:<id>, and a Realtime policy cannot restrict the event name):
-- - chat:<chat id>       database events only (message_created / _updated / _deleted,
--                        member_added / _updated / _removed, chat_updated): current members
--                        receive broadcasts; nobody may send (can_send null), so the app trusts them.
-- - chat-live:<chat id>  client events (typing, presence): current members receive broadcasts and
--                        presence; members who may write in the chat (private.can_post_in: active,
--                        and in a direct chat still friends without a block) send them.
-- user:<user id> stays database-only (notifications).

create or replace function private.chat_topic_can_receive(key text, extension text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select extension = 'broadcast' and private.is_chat_member(private.chat_id_of_key(key));
$$;
comment on function private.chat_topic_can_receive(text, text) is 'chat:<id> (database events): current members receive broadcasts.';

update private.realtime_topic_families
set can_send = null,
    description = 'Database events of a chat (message_created/_updated/_deleted, member_added/_updated/_removed, chat_updated), sent by the database only: members receive and may trust them.'
where family = 'chat';
drop function private.chat_topic_can_send(text, text);

create function private.chat_live_can_receive(key text, extension text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select extension in ('broadcast', 'presence') and private.is_chat_member(private.chat_id_of_key(key));
$$;
comment on function private.chat_live_can_receive(text, text) is 'chat-live:<id> (typing, presence): current members receive.';

create function private.chat_live_can_send(key text, extension text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select extension in ('broadcast', 'presence') and private.can_post_in(private.chat_id_of_key(key));
$$;
comment on function private.chat_live_can_send(text, text) is 'chat-live:<id> (typing, presence): members who may write in the chat send.';

insert into private.realtime_topic_families (family, can_receive, can_send, description) values
  ('chat-live', 'private.chat_live_can_receive', 'private.chat_live_can_send',
   'Client events of a chat (typing broadcasts, presence): members receive, members who may write send. Hints from peers, never facts.');
