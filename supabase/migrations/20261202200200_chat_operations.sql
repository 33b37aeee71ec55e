-- Chats: one function per operation (open_direct, create_group, add, remove, promote, leave)
-- instead of the private.chat_action dispatcher, with the friends/blocked guard written once
-- (private.require_may_talk) and catalogued codes only:
--   invalid_member  adding yourself (or nobody), opening a direct chat with yourself, removing
--                   yourself (leave instead)
--   already_member  adding someone who is in the group; group_full past 200 members
--   chat_not_found  the caller is not a member (existence of other chats is not revealed)
--   invalid_title   an empty, blank, too long (> 128) or control-character group title, whether
--                   through create_group_chat or a direct update of chats.title (before-trigger)
-- Membership changes are database events on chat:<chat id> (member_added, member_updated,
-- member_removed, chat_updated), sent by triggers so that every path (RPCs, account deletion,
-- ownership hand-over) is covered. A chat whose last member goes is deleted, and the files of its
-- folder in chat-attachments are queued for removal. Group creation, member additions and group
-- edits are rate-limited.

drop function public.open_direct_chat(uuid), public.create_group_chat(text, uuid[]), public.add_chat_member(uuid, uuid),
  public.remove_chat_member(uuid, uuid), public.promote_chat_member(uuid, uuid), public.leave_chat(uuid);
drop function private.chat_action(text, uuid, uuid[], text);
drop trigger hand_over_group on public.chat_members;
drop function private.hand_over_group();

insert into private.rate_limits (action, max_hits, per, description) values
  ('chat.group_create', 10, interval '1 hour', 'Group chats a user creates.'),
  ('chat.member_add', 60, interval '1 hour', 'People a user adds to groups (each one is notified), initial members included.'),
  ('chat.group_update', 30, interval '1 hour', 'Changes of a group''s title or picture (each one is broadcast to the members).');

-- Group title and picture, checked on every write (RPCs, direct updates by owners and admins).
create function private.guard_chat()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  previous_avatar text;
begin
  if tg_op = 'UPDATE' then
    previous_avatar := old.avatar_path;
    perform private.throttle('chat.group_update');
  end if;
  if new.kind = 'group' then
    new.title := btrim(new.title);
    if new.title is null or char_length(new.title) not between 1 and 128 or new.title ~ '[[:cntrl:]]' then
      perform private.refuse('invalid_title', jsonb_build_object('max', 128));
    end if;
  end if;
  if new.avatar_path is distinct from previous_avatar then
    -- A file of this chat's folder that the editor uploaded, and not a message's attachment (whose
    -- file goes with the message).
    if new.avatar_path is not null and not (
         private.is_safe_object_path(new.avatar_path)
         and split_part(new.avatar_path, '/', 1) = new.id::text
         and exists (select 1 from storage.objects o
                     where o.bucket_id = 'chat-attachments' and o.name = new.avatar_path
                       and (auth.uid() is null or o.owner_id = auth.uid()::text))
         and not exists (select 1 from public.messages m where m.attachment_path = new.avatar_path)
         and not exists (select 1 from private.pending_storage_deletions p
                         where p.bucket_id = 'chat-attachments' and p.name = new.avatar_path)) then
      perform private.refuse('invalid_chat_avatar');
    end if;
    if previous_avatar is not null then
      perform private.enqueue_storage_deletion('chat-attachments', previous_avatar, 'group picture replaced');
    end if;
  end if;
  return new;
end;
$$;
comment on function private.guard_chat() is
  'Trigger: group titles are trimmed, 1–128 characters without control characters (invalid_title); a group picture is a file the editor uploaded under <chat id>/ that is no message attachment (invalid_chat_avatar); the replaced picture is queued for removal; edits are rate-limited (chat.group_update).';
create trigger guard_chat before insert or update of title, avatar_path on public.chats
  for each row execute function private.guard_chat();

create function private.broadcast_chat_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.broadcast('chat:' || new.id::text, 'chat_updated',
    jsonb_build_object('chat_id', new.id, 'title', new.title, 'avatar_path', new.avatar_path, 'by', auth.uid()));
  return null;
end;
$$;
comment on function private.broadcast_chat_update() is 'Trigger: broadcasts chat_updated {chat_id, title, avatar_path, by} on chat:<chat id> when a group''s title or picture changes.';
create trigger broadcast_chat_update after update of title, avatar_path on public.chats
  for each row when (old.title is distinct from new.title or old.avatar_path is distinct from new.avatar_path)
  execute function private.broadcast_chat_update();

create function private.remove_chat_files()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.enqueue_storage_deletion('chat-attachments', o.name, 'chat deleted')
  from storage.objects o
  where o.bucket_id = 'chat-attachments' and o.name like old.id::text || '/%';
  return null;
end;
$$;
comment on function private.remove_chat_files() is 'Trigger: when a chat is deleted, every file of its folder in chat-attachments is queued for removal.';
create trigger remove_chat_files after delete on public.chats for each row execute function private.remove_chat_files();

-- Membership events, hand-over and the end of an empty chat.
create function private.chat_member_added()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.broadcast('chat:' || new.chat_id::text, 'member_added',
    jsonb_build_object('chat_id', new.chat_id, 'user', private.public_profile(new.user_id), 'role', new.role,
                       'joined_at', new.joined_at, 'by', auth.uid()));
  return null;
end;
$$;
comment on function private.chat_member_added() is 'Trigger: broadcasts member_added {chat_id, user, role, joined_at, by} on chat:<chat id>.';
create trigger chat_member_added after insert on public.chat_members for each row execute function private.chat_member_added();

create function private.chat_member_updated()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.broadcast('chat:' || new.chat_id::text, 'member_updated',
    jsonb_build_object('chat_id', new.chat_id, 'user_id', new.user_id, 'role', new.role));
  return null;
end;
$$;
comment on function private.chat_member_updated() is 'Trigger: broadcasts member_updated {chat_id, user_id, role} on chat:<chat id> when a role changes (promotion, hand-over).';
create trigger chat_member_updated after update of role on public.chat_members
  for each row when (old.role is distinct from new.role) execute function private.chat_member_updated();

create function private.chat_member_left()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if not exists (select 1 from public.chats c where c.id = old.chat_id) then
    return null;  -- the chat itself is being deleted
  end if;
  perform private.broadcast('chat:' || old.chat_id::text, 'member_removed',
    jsonb_build_object('chat_id', old.chat_id, 'user_id', old.user_id, 'by', auth.uid()));
  if not exists (select 1 from public.chat_members m where m.chat_id = old.chat_id) then
    delete from public.chats c where c.id = old.chat_id;
  elsif old.role = 'owner' then
    update public.chat_members m set role = 'owner'
    where (m.chat_id, m.user_id) = (select n.chat_id, n.user_id from public.chat_members n where n.chat_id = old.chat_id
                                    order by n.role = 'admin' desc, n.joined_at, n.user_id limit 1);
  end if;
  return null;
end;
$$;
comment on function private.chat_member_left() is
  'Trigger: a member left, was removed or deleted their account: broadcasts member_removed {chat_id, user_id, by}; hands a group whose owner went to the longest-standing admin (else member); deletes a chat left without members.';
create trigger chat_member_left after delete on public.chat_members for each row execute function private.chat_member_left();

-- Adding a member, shared by create_group_chat (initial members) and add_chat_member.
create function private.add_member(chat uuid, new_member uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  group_chat public.chats;
begin
  -- One addition at a time per chat, so the size limit holds under concurrency.
  select * into group_chat from public.chats c where c.id = chat for update;
  if new_member is null or new_member = auth.uid() then
    perform private.refuse('invalid_member');
  end if;
  perform private.require_may_talk(new_member);
  if exists (select 1 from public.chat_members m where m.chat_id = chat and m.user_id = new_member) then
    perform private.refuse('already_member');
  end if;
  if (select count(*) from public.chat_members m where m.chat_id = chat) >= 200 then
    perform private.refuse('group_full', jsonb_build_object('max', 200));
  end if;
  perform private.throttle('chat.member_add');
  insert into public.chat_members (chat_id, user_id) values (chat, new_member);
  perform private.notify(new_member, 'chat_added',
    jsonb_build_object('chat_id', chat, 'kind', 'group', 'title', group_chat.title, 'by', auth.uid())
    || (private.public_profile(auth.uid()) - 'id'));
end;
$$;
comment on function private.add_member(uuid, uuid) is
  'Adds a friend of the caller to a group (the caller''s right to add is checked by the callers): invalid_member, user_not_found, blocked, not_friends, already_member, group_full, rate_limited; notifies the new member (chat_added).';

-- The caller's membership of a group they manage, or the refusal: chat_not_found, not_a_group.
create function private.my_group_role(chat uuid)
returns public.chat_member_role
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  my_role public.chat_member_role := private.chat_role(chat);
begin
  if my_role is null then
    perform private.refuse('chat_not_found');
  end if;
  if not exists (select 1 from public.chats c where c.id = chat and c.kind = 'group') then
    perform private.refuse('not_a_group');
  end if;
  return my_role;
end;
$$;
comment on function private.my_group_role(uuid) is 'The caller''s role in a group chat; refuses chat_not_found (not a member) or not_a_group (a direct chat).';

create function private.open_direct_chat(other_user uuid)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  me uuid := auth.uid();
  pair text;
  chat uuid;
begin
  perform private.require_active();
  if other_user is null or other_user = me then
    perform private.refuse('invalid_member');
  end if;
  perform private.require_may_talk(other_user);
  pair := least(me, other_user)::text || ':' || greatest(me, other_user)::text;
  insert into public.chats (kind, direct_key, created_by) values ('direct', pair, me)
  on conflict (direct_key) do nothing
  returning id into chat;
  if chat is null then
    select c.id into chat from public.chats c where c.direct_key = pair;
  else
    insert into public.chat_members (chat_id, user_id, role) values (chat, me, 'member'), (chat, other_user, 'member');
    perform private.notify(other_user, 'chat_added',
      jsonb_build_object('chat_id', chat, 'kind', 'direct', 'title', null, 'by', me) || (private.public_profile(me) - 'id'));
  end if;
  return chat;
end;
$$;
comment on function private.open_direct_chat(uuid) is
  'The direct chat with a friend, created once per pair (even when both open it at the same moment). Refuses forbidden, invalid_member, user_not_found, blocked, not_friends.';

create function private.create_group_chat(title text, member_ids uuid[])
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  chat uuid;
  new_member uuid;
begin
  perform private.require_active();
  perform private.throttle('chat.group_create');
  insert into public.chats (kind, title, created_by) values ('group', create_group_chat.title, auth.uid()) returning id into chat;
  insert into public.chat_members (chat_id, user_id, role) values (chat, auth.uid(), 'owner');
  for new_member in select distinct u from unnest(coalesce(member_ids, '{}')) u loop
    perform private.add_member(chat, new_member);
  end loop;
  return chat;
end;
$$;
comment on function private.create_group_chat(text, uuid[]) is
  'A new group owned by the caller with friends as initial members. Refuses forbidden, rate_limited, invalid_title, and per member invalid_member, user_not_found, blocked, not_friends, group_full.';

create function private.add_chat_member(chat_id uuid, user_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.require_active();
  if private.my_group_role(add_chat_member.chat_id) = 'member' then
    perform private.refuse('not_chat_admin');
  end if;
  perform private.add_member(add_chat_member.chat_id, add_chat_member.user_id);
end;
$$;
comment on function private.add_chat_member(uuid, uuid) is
  'Owner or admin adds one of their friends to a group. Refuses forbidden, chat_not_found, not_a_group, not_chat_admin and the refusals of private.add_member.';

create function private.remove_chat_member(chat_id uuid, user_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  my_role public.chat_member_role;
begin
  perform private.require_active();
  my_role := private.my_group_role(remove_chat_member.chat_id);
  if my_role = 'member' then
    perform private.refuse('not_chat_admin');
  end if;
  if remove_chat_member.user_id = auth.uid() then
    perform private.refuse('invalid_member');  -- leave_chat is the way out
  end if;
  delete from public.chat_members m
  where m.chat_id = remove_chat_member.chat_id and m.user_id = remove_chat_member.user_id
    and m.role <> 'owner' and (my_role = 'owner' or m.role = 'member');
  if not found then
    perform private.refuse('member_not_removable');
  end if;
end;
$$;
comment on function private.remove_chat_member(uuid, uuid) is
  'Owner removes anyone but themselves, admins remove plain members; the removed member loses access to the history. Refuses forbidden, chat_not_found, not_a_group, not_chat_admin, invalid_member, member_not_removable.';

create function private.promote_chat_member(chat_id uuid, user_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.require_active();
  if private.my_group_role(promote_chat_member.chat_id) <> 'owner' then
    perform private.refuse('not_chat_owner');
  end if;
  update public.chat_members m set role = 'admin'
  where m.chat_id = promote_chat_member.chat_id and m.user_id = promote_chat_member.user_id and m.role = 'member';
  if not found then
    perform private.refuse('member_not_found');
  end if;
end;
$$;
comment on function private.promote_chat_member(uuid, uuid) is
  'The owner makes a plain member an admin. Refuses forbidden, chat_not_found, not_a_group, not_chat_owner, member_not_found.';

create function private.leave_chat(chat_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.require_active();
  if private.chat_role(leave_chat.chat_id) is null then
    perform private.refuse('chat_not_found');
  end if;
  if exists (select 1 from public.chats c where c.id = leave_chat.chat_id and c.kind = 'direct') then
    perform private.refuse('cannot_leave_direct_chat');
  end if;
  delete from public.chat_members m where m.chat_id = leave_chat.chat_id and m.user_id = auth.uid();
end;
$$;
comment on function private.leave_chat(uuid) is
  'The caller leaves a group (an owner hands it over; the last member leaving deletes it). Refuses forbidden, chat_not_found, cannot_leave_direct_chat.';

grant execute on function private.open_direct_chat(uuid), private.create_group_chat(text, uuid[]), private.add_chat_member(uuid, uuid),
  private.remove_chat_member(uuid, uuid), private.promote_chat_member(uuid, uuid), private.leave_chat(uuid) to authenticated;

create function public.open_direct_chat(other_user uuid) returns uuid
language sql security invoker set search_path = ''
as $$ select private.open_direct_chat(other_user); $$;
comment on function public.open_direct_chat(uuid) is
  'RPC: the id of the direct chat with a friend (created once, even under concurrency). Errors: forbidden, invalid_member, user_not_found, blocked, not_friends.';
create function public.create_group_chat(title text, member_ids uuid[] default '{}') returns uuid
language sql security invoker set search_path = ''
as $$ select private.create_group_chat(title, member_ids); $$;
comment on function public.create_group_chat(text, uuid[]) is
  'RPC: a new group owned by the caller, with friends as initial members; returns its id. Errors: forbidden, rate_limited, invalid_title, invalid_member, user_not_found, blocked, not_friends, group_full.';
create function public.add_chat_member(chat_id uuid, user_id uuid) returns void
language sql security invoker set search_path = ''
as $$ select private.add_chat_member(chat_id, user_id); $$;
comment on function public.add_chat_member(uuid, uuid) is
  'RPC (group owner/admin): add one of your friends. Errors: forbidden, chat_not_found, not_a_group, not_chat_admin, invalid_member, user_not_found, blocked, not_friends, already_member, group_full, rate_limited.';
create function public.remove_chat_member(chat_id uuid, user_id uuid) returns void
language sql security invoker set search_path = ''
as $$ select private.remove_chat_member(chat_id, user_id); $$;
comment on function public.remove_chat_member(uuid, uuid) is
  'RPC (owner: anyone but themselves; admin: plain members): remove a member, who loses access to the history. Errors: forbidden, chat_not_found, not_a_group, not_chat_admin, invalid_member, member_not_removable.';
create function public.promote_chat_member(chat_id uuid, user_id uuid) returns void
language sql security invoker set search_path = ''
as $$ select private.promote_chat_member(chat_id, user_id); $$;
comment on function public.promote_chat_member(uuid, uuid) is
  'RPC (owner): make a plain member an admin. Errors: forbidden, chat_not_found, not_a_group, not_chat_owner, member_not_found.';
create function public.leave_chat(chat_id uuid) returns void
language sql security invoker set search_path = ''
as $$ select private.leave_chat(chat_id); $$;
comment on function public.leave_chat(uuid) is
  'RPC: leave a group (an owner hands it to the longest-standing admin or member; an empty group is deleted). Errors: forbidden, chat_not_found, cannot_leave_direct_chat.';

revoke execute on function public.open_direct_chat(uuid), public.create_group_chat(text, uuid[]), public.add_chat_member(uuid, uuid),
  public.remove_chat_member(uuid, uuid), public.promote_chat_member(uuid, uuid), public.leave_chat(uuid) from public, anon;
grant execute on function public.open_direct_chat(uuid), public.create_group_chat(text, uuid[]), public.add_chat_member(uuid, uuid),
  public.remove_chat_member(uuid, uuid), public.promote_chat_member(uuid, uuid), public.leave_chat(uuid) to authenticated;
