-- Messages: text up to 4000 characters and/or an attachment (bucket chat-attachments, under
-- <chat id>/), optionally replying to another message of the chat. Members send with a plain
-- insert (RLS: member, active, not blocked in a direct chat; a trigger enforces 30 messages a
-- minute per user), edit their text (edited_at set by the trigger), and delete through
-- delete_message (content cleared, row kept). Holders of chat.moderate delete any message, audited.

create table public.messages (
  id uuid primary key default gen_random_uuid(),
  chat_id uuid not null references public.chats (id) on delete cascade,
  sender_id uuid default auth.uid() references public.profiles (id) on delete set null,
  body text check (char_length(body) between 1 and 4000),
  attachment_path text check (char_length(attachment_path) <= 512),
  reply_to_id uuid references public.messages (id) on delete set null,
  created_at timestamptz not null default now(),
  edited_at timestamptz,
  deleted_at timestamptz,
  constraint messages_has_content check (deleted_at is not null or body is not null or attachment_path is not null)
);
comment on table public.messages is 'Chat messages, kept forever; deleted ones keep their row with the content cleared. Broadcast on Realtime topic chat:<chat id>.';
comment on column public.messages.chat_id is 'The chat.';
comment on column public.messages.sender_id is 'Author (null once their account is deleted).';
comment on column public.messages.body is 'Text (1–4000 characters).';
comment on column public.messages.attachment_path is 'File in bucket chat-attachments, under <chat id>/.';
comment on column public.messages.reply_to_id is 'The message this one answers.';
comment on column public.messages.edited_at is 'Last edit (set by the database).';
comment on column public.messages.deleted_at is 'When it was deleted (content cleared).';
create index messages_history_idx on public.messages (chat_id, created_at desc, id desc);
create index messages_sender_recent_idx on public.messages (sender_id, created_at desc);
create index messages_reply_to_id_idx on public.messages (reply_to_id);

alter table public.messages enable row level security;
revoke all on public.messages from anon;
revoke update, delete, truncate on public.messages from authenticated;
grant update (body) on public.messages to authenticated;

create function private.can_post_in(chat uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.is_active() and private.is_chat_member(chat) and not exists (
    select 1 from public.chats c
    join public.chat_members m on m.chat_id = c.id and m.user_id <> auth.uid()
    where c.id = chat and c.kind = 'direct' and private.is_blocked_between(auth.uid(), m.user_id)
  );
$$;
comment on function private.can_post_in(uuid) is 'True when the caller may write in the chat: active member, and no block in a direct chat.';
revoke execute on function private.can_post_in(uuid) from public;
grant execute on function private.can_post_in(uuid) to authenticated;

create function private.my_chat_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select m.chat_id from public.chat_members m where m.user_id = auth.uid();
$$;
comment on function private.my_chat_ids() is 'The chats the caller is a member of (evaluated once per statement by the messages read policy).';
revoke execute on function private.my_chat_ids() from public;
grant execute on function private.my_chat_ids() to authenticated;

create policy messages_select on public.messages for select to authenticated using (chat_id in (select private.my_chat_ids()));
comment on policy messages_select on public.messages is 'Current members read the whole history; removed members read nothing.';
create policy messages_insert on public.messages for insert to authenticated
  with check (sender_id = (select auth.uid()) and (select private.can_post_in(chat_id)));
comment on policy messages_insert on public.messages is 'Active members send as themselves; not in a direct chat with a block.';
create policy messages_update on public.messages for update to authenticated
  using (sender_id = (select auth.uid()) and deleted_at is null and (select private.can_post_in(chat_id)))
  with check (sender_id = (select auth.uid()));
comment on policy messages_update on public.messages is 'The sender edits the text of their own undeleted message.';

-- Guards on insert and edit: a reply stays in its chat, the rate limit, honest timestamps.
create function private.guard_message()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  recent integer;
begin
  if tg_op = 'INSERT' then
    if new.reply_to_id is not null and not exists (select 1 from public.messages m where m.id = new.reply_to_id and m.chat_id = new.chat_id) then
      raise exception using errcode = 'PT400', message = 'invalid_reply', detail = 'A reply must answer a message of the same chat.';
    end if;
    if new.attachment_path is not null and split_part(new.attachment_path, '/', 1) <> new.chat_id::text then
      raise exception using errcode = 'PT400', message = 'invalid_attachment', detail = 'Attachments live under <chat id>/ in chat-attachments.';
    end if;
    -- 30 messages a minute per sender; serialised per sender so parallel inserts cannot slip past.
    perform pg_advisory_xact_lock(hashtextextended('messages/' || new.sender_id::text, 0));
    select count(*) into recent from public.messages m
    where m.sender_id = new.sender_id and m.created_at > now() - interval '1 minute';
    if recent >= 30 then
      raise exception using errcode = 'PT429', message = 'rate_limited', detail = 'At most 30 messages a minute: wait a moment.';
    end if;
    new.created_at := now();
    new.edited_at := null;
    new.deleted_at := null;
  elsif new.body is distinct from old.body and new.deleted_at is null then
    new.edited_at := now();
  end if;
  return new;
end;
$$;
comment on function private.guard_message() is 'Trigger: replies stay in their chat, attachments under the chat folder, 30 messages a minute per user (PT429 rate_limited), timestamps set by the database.';
revoke execute on function private.guard_message() from public;
create trigger guard_message before insert or update of body on public.messages for each row execute function private.guard_message();

-- Realtime: every new, edited or deleted message is broadcast from the database on chat:<chat id>.
create function private.broadcast_message()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform realtime.send(
    jsonb_build_object('id', new.id, 'chat_id', new.chat_id, 'sender_id', new.sender_id, 'body', new.body,
      'attachment_path', new.attachment_path, 'reply_to_id', new.reply_to_id, 'created_at', new.created_at,
      'edited_at', new.edited_at, 'deleted_at', new.deleted_at),
    case when tg_op = 'INSERT' then 'message_created' when new.deleted_at is not null then 'message_deleted' else 'message_updated' end,
    'chat:' || new.chat_id::text,
    true);
  if tg_op = 'INSERT' then
    update public.chats c set last_message_at = new.created_at where c.id = new.chat_id;
  end if;
  return null;
end;
$$;
comment on function private.broadcast_message() is 'Trigger: broadcasts message_created / message_updated / message_deleted on the private topic chat:<chat id> and keeps chats.last_message_at.';
revoke execute on function private.broadcast_message() from public;
-- Only content changes are broadcast (not, e.g., the sender cleared when an account is deleted).
create trigger broadcast_message after insert or update of body, attachment_path, deleted_at on public.messages
  for each row execute function private.broadcast_message();

create function private.delete_message(target uuid, reason text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  msg public.messages;
  moderator boolean;
begin
  select * into msg from public.messages m where m.id = target for update;
  if msg.id is null or not (private.is_chat_member(msg.chat_id) or private.authorize('chat.moderate')) then
    raise exception using errcode = 'PT404', message = 'message_not_found', detail = 'No such message.';
  end if;
  moderator := msg.sender_id is distinct from auth.uid();
  if moderator then
    perform private.require_permission('chat.moderate');
    reason := private.require_reason(reason);
  elsif not private.is_active() then
    raise exception using errcode = 'PT403', message = 'forbidden', detail = 'A banned account cannot delete messages.';
  end if;
  if msg.deleted_at is not null then
    raise exception using errcode = 'PT409', message = 'already_deleted', detail = 'This message is already deleted.';
  end if;
  if msg.attachment_path is not null then
    -- The file goes with the message: queued for removal through the Storage API, and no longer
    -- served to members meanwhile (see private.chat_folder_member).
    insert into private.pending_storage_deletions (bucket_id, name, reason)
    values ('chat-attachments', msg.attachment_path, 'message deleted')
    on conflict on constraint pending_storage_deletions_object_key do nothing;
  end if;
  update public.messages m set body = null, attachment_path = null, deleted_at = now() where m.id = target;
  if moderator then
    perform private.audit('message.delete', 'public.messages', target::text, reason,
      jsonb_build_object('sender_id', msg.sender_id, 'chat_id', msg.chat_id, 'body', msg.body), null);
  end if;
end;
$$;
comment on function private.delete_message(uuid, text) is 'Clears a message (row kept) and queues its attachment for removal: its sender, or a holder of chat.moderate with a reason (audited).';
revoke execute on function private.delete_message(uuid, text) from public;
grant execute on function private.delete_message(uuid, text) to authenticated;

create function public.delete_message(message_id uuid, reason text default null) returns void language sql security invoker set search_path = ''
as $$ select private.delete_message(message_id, reason); $$;
comment on function public.delete_message(uuid, text) is
  'RPC: delete a message (content cleared, row kept, broadcast as message_deleted). Sender, or chat.moderate with a reason. Errors: message_not_found, forbidden, reason_required, already_deleted.';
revoke execute on function public.delete_message(uuid, text) from public, anon;
grant execute on function public.delete_message(uuid, text) to authenticated;

create view public.my_chats
with (security_invoker = true)
as
select c.id, c.kind, c.title, c.avatar_path, c.last_message_at, m.role, m.last_read_at,
       (select count(*) from public.messages x
        where x.chat_id = c.id and x.created_at > m.last_read_at and x.deleted_at is null
          and x.sender_id is distinct from m.user_id)::integer as unread_count,
       (select o.user_id from public.chat_members o where o.chat_id = c.id and o.user_id <> m.user_id and c.kind = 'direct') as direct_peer_id
from public.chats c
join public.chat_members m on m.chat_id = c.id and m.user_id = (select auth.uid());
comment on view public.my_chats is 'The caller''s chats with their role, read marker, unread count and (direct chats) the other person. Sort by last_message_at.';
comment on column public.my_chats.role is 'The caller''s role.';
comment on column public.my_chats.last_read_at is 'The caller''s read marker.';
comment on column public.my_chats.unread_count is 'Messages from others after the read marker.';
comment on column public.my_chats.direct_peer_id is 'The other person of a direct chat.';
revoke all on public.my_chats from anon;

-- Private Realtime channels chat:<chat id>: members receive and send (typing, presence); the
-- topic is checked with a pattern before any cast, so a malformed topic is simply refused.
create or replace function private.can_receive_topic(topic text, extension text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when topic like 'user:%' then extension = 'broadcast' and topic = 'user:' || auth.uid()::text
    when topic ~ '^chat:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
      extension in ('broadcast', 'presence') and private.is_chat_member(substr(topic, 6)::uuid)
    else false
  end;
$$;
create or replace function private.can_send_topic(topic text, extension text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when topic ~ '^chat:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
      extension in ('broadcast', 'presence') and private.can_post_in(substr(topic, 6)::uuid)
    else false
  end;
$$;
comment on function private.can_receive_topic(text, text) is
  'May the caller receive on this Realtime topic? user:<id>: only that user; chat:<id>: current members (broadcast, presence).';
comment on function private.can_send_topic(text, text) is
  'May the caller send on this Realtime topic (typing, presence)? chat:<id>: active members who may post there; user:<id>: nobody but the database.';
