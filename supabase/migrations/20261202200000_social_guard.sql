-- Friends and chat: the one rule of who may talk to whom, written once. "No messages from
-- strangers": two people talk (open a direct chat, write in it, add each other to a group) only
-- while they are friends and neither blocked the other. Every call of the feature asks
-- private.talk_refusal() and refuses with the code it names, one code per reason:
--   user_not_found (404)  the other person does not exist (or deleted their account)
--   blocked (403)         one of them blocked the other
--   not_friends (403)     they are not (or no longer) friends
-- Writing in a chat adds the membership and ban rules (private.post_refusal): not signed in or
-- banned → forbidden, not a member → chat_not_found, and in a direct chat the talk rule above with
-- the other member. Policies ask the boolean private.can_post_in(); functions refuse with
-- private.require_can_post() / private.require_may_talk(). Also here: the codes of the friends and
-- chat feature that did not exist yet, and the public profile fields the feature shows.

insert into private.error_codes (code, http_status, message_en, message_ru) values
  ('invalid_title', 400, 'A group title has 1 to {max} characters, without control characters.',
   'Название группы — от 1 до {max} символов, без управляющих символов.'),
  ('already_member', 409, 'This user is already in the chat.', 'Этот пользователь уже в чате.'),
  ('group_full', 409, 'A group has at most {max} members.', 'В группе может быть не больше {max} участников.'),
  ('message_empty', 400, 'A message needs a text or an attachment.', 'Сообщению нужен текст или вложение.'),
  ('invalid_chat_avatar', 400, 'The group picture must be a file you uploaded to this chat and not sent as a message.',
   'Аватар группы должен быть файлом, который вы загрузили в этот чат и не отправляли сообщением.');

create function private.public_profile(user_id uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object('id', p.id, 'username', p.username, 'display_name', p.display_name, 'avatar_path', p.avatar_path)
  from public.profiles p
  where p.id = public_profile.user_id;
$$;
comment on function private.public_profile(uuid) is
  'The public fields of a user ({id, username, display_name, avatar_path}) as the friends and chat calls show them; null for an unknown or deleted user.';

create function private.talk_refusal(me uuid, other uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when other is null or not exists (select 1 from public.profiles p where p.id = other) then 'user_not_found'
    when private.is_blocked_between(me, other) then 'blocked'
    when not private.are_friends(me, other) then 'not_friends'
  end;
$$;
comment on function private.talk_refusal(uuid, uuid) is
  'The friends/blocked guard: null when the two may talk (friends, no block either way), else the code that refuses it: user_not_found, blocked or not_friends.';

create function private.require_may_talk(other uuid)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  refusal text := private.talk_refusal(auth.uid(), other);
begin
  if refusal is not null then
    perform private.refuse(refusal);
  end if;
end;
$$;
comment on function private.require_may_talk(uuid) is 'Refuses (user_not_found, blocked, not_friends) unless the caller and `other` may talk (private.talk_refusal).';

create function private.chat_id_of_key(key text)
returns uuid
language sql
immutable
set search_path = ''
as $$
  select case when key ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then key::uuid end;
$$;
comment on function private.chat_id_of_key(text) is
  'A chat id written in a Realtime topic key or a storage folder name, or null when the text is not a uuid (checked before any cast, so bad input is refused, never an error).';

create function private.post_refusal(chat uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when not private.is_active() then 'forbidden'
    when chat is null or not private.is_chat_member(chat) then 'chat_not_found'
    when (select c.kind from public.chats c where c.id = chat) = 'direct' then
      private.talk_refusal(auth.uid(),
        (select m.user_id from public.chat_members m where m.chat_id = chat and m.user_id <> auth.uid()))
  end;
$$;
comment on function private.post_refusal(uuid) is
  'Null when the caller may write in the chat, else why not: forbidden (not signed in or banned), chat_not_found (not a member), or in a direct chat the talk rule with the other member (user_not_found, blocked, not_friends).';

create or replace function private.can_post_in(chat uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.post_refusal(chat) is null;
$$;
comment on function private.can_post_in(uuid) is
  'True when the caller may write in the chat (private.post_refusal): active member, and in a direct chat still friends with no block. Used by the message, storage and Realtime policies.';

create function private.require_can_post(chat uuid)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  refusal text := private.post_refusal(chat);
begin
  if refusal is not null then
    perform private.refuse(refusal);
  end if;
end;
$$;
comment on function private.require_can_post(uuid) is 'Refuses with the code of private.post_refusal unless the caller may write in the chat.';
