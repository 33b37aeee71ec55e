-- Messages: the rules of writing, attaching, editing and deleting, each refused with its own code.
-- - Who may write: private.require_can_post (forbidden, chat_not_found, and in a direct chat
--   user_not_found / blocked / not_friends: after remove_friend, or a block even once lifted, the
--   direct chat refuses new messages until the two are friends again). The RLS policies stay as
--   the backstop; the before-trigger refuses first, with the code.
-- - Rate limits through private.throttle: 30 messages and 20 edits a minute per user (every edit
--   is broadcast).
-- - Content: a text of 1–4000 characters that is not blank (invalid_body_text) and/or an
--   attachment; neither is message_empty. A reply answers a message of the same chat (invalid_reply).
-- - Attachments (issue: a member could name another member's file and make it disappear): the
--   attachment must be an object of chat-attachments that the sender uploaded (storage owner_id)
--   into this chat's folder, not another message's file, not the group picture and not a file
--   already queued for removal; one message per attachment (unique index). Deleting a message
--   queues only the sender's own file.
-- - Clients insert only chat_id, body, attachment_path and reply_to_id; ids, sender, timestamps are
--   the server's.
-- - Every new, edited or deleted message is broadcast on chat:<chat id> (a topic no client may send
--   to) in the same shape as the history items of chat_messages(): {id, chat_id, sender_id, sender,
--   body, attachment_path, reply_to_id, reply_to, created_at, edited_at, deleted_at}.

revoke insert on public.messages from authenticated;
grant insert (chat_id, body, attachment_path, reply_to_id) on public.messages to authenticated;

create unique index messages_attachment_path_key on public.messages (attachment_path) where attachment_path is not null;

insert into private.rate_limits (action, max_hits, per, description) values
  ('chat.message', 30, interval '1 minute', 'Messages a user sends.'),
  ('chat.message_edit', 20, interval '1 minute', 'Edits of their messages a user makes (each one is broadcast to the chat).');

-- The edit policy lets the sender reach their own messages; the trigger then refuses with a code
-- (already_deleted, forbidden, not_friends, …), and the check repeats the posting rule as backstop.
drop policy messages_update on public.messages;
create policy messages_update on public.messages for update to authenticated
  using (sender_id = (select auth.uid()))
  with check (sender_id = (select auth.uid()) and deleted_at is null and (select private.can_post_in(chat_id)));
comment on policy messages_update on public.messages is 'The sender edits the text of their own undeleted message while they may still write in the chat.';

create or replace function private.guard_message()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and old.deleted_at is null and new.deleted_at is not null then
    return new;  -- a deletion by private.delete_message (clients cannot set deleted_at)
  end if;
  if tg_op = 'UPDATE' and old.deleted_at is not null then
    perform private.refuse('already_deleted');
  end if;
  if auth.uid() is not null then
    perform private.require_can_post(new.chat_id);
    perform private.throttle(case when tg_op = 'INSERT' then 'chat.message' else 'chat.message_edit' end);
  end if;
  if new.body is not null and (char_length(new.body) > 4000 or new.body !~ '[^[:space:]]') then
    perform private.refuse('invalid_body_text', jsonb_build_object('max', 4000));
  end if;
  if new.body is null and new.attachment_path is null then
    perform private.refuse('message_empty');
  end if;
  if tg_op = 'UPDATE' then
    if new.body is distinct from old.body then
      new.edited_at := now();
    end if;
    return new;
  end if;

  if new.reply_to_id is not null
     and not exists (select 1 from public.messages m where m.id = new.reply_to_id and m.chat_id = new.chat_id) then
    perform private.refuse('invalid_reply');
  end if;
  if new.attachment_path is not null then
    -- One message per file: concurrent inserts naming the same file are taken one at a time.
    perform pg_advisory_xact_lock(hashtextextended('chat-attachments/' || new.attachment_path, 0));
    if not (private.is_safe_object_path(new.attachment_path)
            and split_part(new.attachment_path, '/', 1) = new.chat_id::text
            and exists (select 1 from storage.objects o
                        where o.bucket_id = 'chat-attachments' and o.name = new.attachment_path
                          and o.owner_id = new.sender_id::text)
            and not exists (select 1 from public.messages m where m.attachment_path = new.attachment_path)
            and not exists (select 1 from public.chats c where c.id = new.chat_id and c.avatar_path = new.attachment_path)
            and not exists (select 1 from private.pending_storage_deletions p
                            where p.bucket_id = 'chat-attachments' and p.name = new.attachment_path)) then
      perform private.refuse('invalid_attachment');
    end if;
  end if;
  new.created_at := now();
  new.edited_at := null;
  new.deleted_at := null;
  return new;
end;
$$;
comment on function private.guard_message() is
  'Trigger: who may write (require_can_post), rate limits (chat.message, chat.message_edit), text 1–4000 non-blank characters, some content, replies within the chat, attachments that are the sender''s own upload in the chat folder (once), server timestamps.';

-- The reply preview and the item shape shared by the history call and the broadcasts.
create function private.message_preview(message_id uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object('id', m.id, 'sender_id', m.sender_id,
    'sender_username', (select p.username from public.profiles p where p.id = m.sender_id),
    'body', left(m.body, 200), 'has_attachment', m.attachment_path is not null, 'deleted', m.deleted_at is not null,
    'created_at', m.created_at)
  from public.messages m
  where m.id = message_id;
$$;
comment on function private.message_preview(uuid) is
  'A short view of a message (reply previews, chat list): {id, sender_id, sender_username, body (first 200 characters; null once deleted), has_attachment, deleted, created_at}.';

create function private.message_item(m public.messages)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object('id', m.id, 'chat_id', m.chat_id, 'sender_id', m.sender_id, 'sender', private.public_profile(m.sender_id),
    'body', m.body, 'attachment_path', m.attachment_path, 'reply_to_id', m.reply_to_id,
    'reply_to', case when m.reply_to_id is not null then private.message_preview(m.reply_to_id) end,
    'created_at', m.created_at, 'edited_at', m.edited_at, 'deleted_at', m.deleted_at);
$$;
comment on function private.message_item(public.messages) is
  'A message as the app receives it, in history pages and in message_* broadcasts: the row, the sender''s public fields and the reply preview.';

create or replace function private.broadcast_message()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.broadcast('chat:' || new.chat_id::text,
    case when tg_op = 'INSERT' then 'message_created' when new.deleted_at is not null then 'message_deleted' else 'message_updated' end,
    private.message_item(new));
  if tg_op = 'INSERT' then
    update public.chats c set last_message_at = new.created_at where c.id = new.chat_id;
  end if;
  return null;
end;
$$;
comment on function private.broadcast_message() is
  'Trigger: broadcasts message_created / message_updated / message_deleted (the message_item shape) on chat:<chat id>, a database-only topic, and keeps chats.last_message_at.';

create or replace function private.delete_message(target uuid, reason text)
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
    perform private.refuse('message_not_found');
  end if;
  moderator := msg.sender_id is distinct from auth.uid();
  if moderator then
    perform private.require_permission('chat.moderate');
    reason := private.require_reason(reason);
  elsif not private.is_active() then
    perform private.refuse('forbidden');
  end if;
  if msg.deleted_at is not null then
    perform private.refuse('already_deleted');
  end if;
  -- The file goes with the message only when it is the sender's own upload (an account deleted
  -- since: its files are nobody else's); it then stops being served at once
  -- (private.chat_folder_member) and is removed by the storage-cleanup job.
  if exists (select 1 from storage.objects o
             where o.bucket_id = 'chat-attachments' and o.name = msg.attachment_path
               and (o.owner_id = msg.sender_id::text
                    or (msg.sender_id is null and not exists (select 1 from auth.users u where u.id::text = o.owner_id)))) then
    perform private.enqueue_storage_deletion('chat-attachments', msg.attachment_path, 'message deleted');
  end if;
  update public.messages m set body = null, attachment_path = null, deleted_at = now() where m.id = target;
  if moderator then
    perform private.audit('message.delete', 'public.messages', target::text, reason,
      jsonb_build_object('sender_id', msg.sender_id, 'chat_id', msg.chat_id, 'body', msg.body, 'attachment_path', msg.attachment_path), null);
  end if;
end;
$$;
comment on function private.delete_message(uuid, text) is
  'Clears a message (row kept, broadcast as message_deleted) and queues its attachment for removal when the file is the sender''s own: its sender, or a holder of chat.moderate with a reason (audited).';
