-- Chats: direct (exactly one per pair of users, even when both open it at the same moment: a
-- unique direct_key plus insert … on conflict) and group chats (owner, admins, members). Direct
-- chats are opened between friends only (no stranger spam); a block between the two stops new
-- messages at once. A member removed from a chat (or who leaves) loses access to its whole history
-- from then on: access is membership now, and the server keeps no "what they saw" copy (the app
-- may keep its local cache).

create type public.chat_kind as enum ('direct', 'group');
comment on type public.chat_kind is 'direct: two people; group: a named chat with roles.';
create type public.chat_member_role as enum ('owner', 'admin', 'member');
comment on type public.chat_member_role is 'owner (one per group), admin (manages members), member.';

create table public.chats (
  id uuid primary key default gen_random_uuid(),
  kind public.chat_kind not null,
  title text check (char_length(title) between 1 and 128),
  avatar_path text check (char_length(avatar_path) <= 512),
  direct_key text unique,
  created_by uuid references public.profiles (id) on delete set null,
  last_message_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint chats_direct_key check ((kind = 'direct') = (direct_key is not null)),
  constraint chats_group_title check (kind = 'direct' or title is not null)
);
comment on table public.chats is 'Direct and group chats. Created by open_direct_chat / create_group_chat; groups renamed by owner or admins.';
comment on column public.chats.kind is 'direct or group.';
comment on column public.chats.title is 'Group name (≤ 128); null for direct chats.';
comment on column public.chats.avatar_path is 'Group avatar in bucket chat-attachments, under <chat id>/.';
comment on column public.chats.direct_key is 'For direct chats: "<smaller user id>:<larger user id>", unique: one chat per pair.';
comment on column public.chats.created_by is 'Who created it.';
comment on column public.chats.last_message_at is 'Time of the newest message (kept by a trigger), for sorting the chat list.';
create index chats_created_by_idx on public.chats (created_by);
create trigger touch_updated_at before update on public.chats for each row execute function private.touch_updated_at();

create table public.chat_members (
  chat_id uuid not null references public.chats (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  role public.chat_member_role not null default 'member',
  joined_at timestamptz not null default now(),
  last_read_at timestamptz not null default now(),
  primary key (chat_id, user_id)
);
comment on table public.chat_members is 'Current members of each chat; a removed member''s row is deleted (and with it their access).';
comment on column public.chat_members.chat_id is 'The chat.';
comment on column public.chat_members.user_id is 'The member.';
comment on column public.chat_members.role is 'owner, admin or member.';
comment on column public.chat_members.joined_at is 'When they joined.';
comment on column public.chat_members.last_read_at is 'Read marker: messages after it count as unread. The member moves it.';
create index chat_members_user_id_idx on public.chat_members (user_id, chat_id);

create function private.is_chat_member(chat uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.chat_members m where m.chat_id = chat and m.user_id = auth.uid());
$$;
comment on function private.is_chat_member(uuid) is 'True when the caller is a current member of the chat.';

create function private.chat_role(chat uuid)
returns public.chat_member_role
language sql
stable
security definer
set search_path = ''
as $$
  select m.role from public.chat_members m where m.chat_id = chat and m.user_id = auth.uid();
$$;
comment on function private.chat_role(uuid) is 'The caller''s role in the chat, or null when not a member.';
revoke execute on function private.is_chat_member(uuid), private.chat_role(uuid) from public;
grant execute on function private.is_chat_member(uuid), private.chat_role(uuid) to authenticated;

alter table public.chats enable row level security;
alter table public.chat_members enable row level security;
revoke all on public.chats, public.chat_members from anon;
revoke insert, update, delete, truncate on public.chats, public.chat_members from authenticated;
grant update (title, avatar_path) on public.chats to authenticated;
grant update (last_read_at) on public.chat_members to authenticated;

create policy chats_select on public.chats for select to authenticated using ((select private.is_chat_member(id)));
comment on policy chats_select on public.chats is 'Members see their chats.';
create policy chats_update on public.chats for update to authenticated
  using (kind = 'group' and (select private.chat_role(id)) in ('owner', 'admin') and (select private.is_active()))
  with check (kind = 'group');
comment on policy chats_update on public.chats is 'Owner and admins rename a group or change its avatar.';

create policy chat_members_select on public.chat_members for select to authenticated using ((select private.is_chat_member(chat_id)));
comment on policy chat_members_select on public.chat_members is 'Members see who else is in their chats.';
create policy chat_members_update on public.chat_members for update to authenticated
  using (user_id = (select auth.uid()) and (select private.is_active())) with check (user_id = (select auth.uid()));
comment on policy chat_members_update on public.chat_members is 'A member (not banned) moves their own read marker (last_read_at only).';

create function private.chat_action(action text, chat uuid, users uuid[], title text)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  me uuid := auth.uid();
  other uuid;
  created uuid;
  my_role public.chat_member_role;
begin
  perform private.require_active();
  case action
  when 'open_direct' then
    other := users[1];
    if other is null or other = me then
      raise exception using errcode = 'PT400', message = 'invalid_member', detail = 'Open a direct chat with someone else.';
    end if;
    if private.is_blocked_between(me, other) then
      raise exception using errcode = 'PT403', message = 'blocked', detail = 'One of you blocked the other.';
    end if;
    if not private.are_friends(me, other) then
      raise exception using errcode = 'PT403', message = 'not_friends', detail = 'Direct chats are between friends.';
    end if;
    insert into public.chats (kind, direct_key, created_by)
    values ('direct', least(me, other)::text || ':' || greatest(me, other)::text, me)
    on conflict (direct_key) do nothing
    returning id into created;
    if created is null then
      select c.id into created from public.chats c where c.direct_key = least(me, other)::text || ':' || greatest(me, other)::text;
    else
      insert into public.chat_members (chat_id, user_id, role) values (created, me, 'member'), (created, other, 'member');
      perform private.notify(other, 'chat_added', jsonb_build_object('chat_id', created, 'kind', 'direct', 'by', me));
    end if;
    return created;
  when 'create_group' then
    insert into public.chats (kind, title, created_by) values ('group', btrim(title), me) returning id into created;
    insert into public.chat_members (chat_id, user_id, role) values (created, me, 'owner');
    foreach other in array coalesce(users, '{}') loop
      perform private.chat_action('add', created, array[other], null);
    end loop;
    return created;
  when 'add' then
    my_role := private.chat_role(chat);
    other := users[1];
    if my_role is null or my_role = 'member' then
      raise exception using errcode = 'PT403', message = 'not_chat_admin', detail = 'Only the owner and admins add members.';
    end if;
    if not exists (select 1 from public.chats c where c.id = chat and c.kind = 'group') then
      raise exception using errcode = 'PT400', message = 'not_a_group', detail = 'Members are added to group chats only.';
    end if;
    if not exists (select 1 from public.profiles p where p.id = other) then
      raise exception using errcode = 'PT404', message = 'user_not_found', detail = 'No such user.';
    end if;
    if private.is_blocked_between(me, other) then
      raise exception using errcode = 'PT403', message = 'blocked', detail = 'One of you blocked the other.';
    end if;
    if not private.are_friends(me, other) then
      raise exception using errcode = 'PT403', message = 'not_friends', detail = 'Add your friends only: no messages from strangers.';
    end if;
    insert into public.chat_members (chat_id, user_id) values (chat, other) on conflict do nothing;
    if found then
      perform private.notify(other, 'chat_added', jsonb_build_object('chat_id', chat, 'kind', 'group', 'by', me));
    end if;
    return chat;
  when 'remove' then
    my_role := private.chat_role(chat);
    other := users[1];
    if my_role is null or my_role = 'member' then
      raise exception using errcode = 'PT403', message = 'not_chat_admin', detail = 'Only the owner and admins remove members.';
    end if;
    delete from public.chat_members m
    where m.chat_id = chat and m.user_id = other and m.role <> 'owner' and (my_role = 'owner' or m.role = 'member');
    if not found then
      raise exception using errcode = 'PT404', message = 'member_not_removable', detail = 'No such member, or not one you may remove.';
    end if;
    return chat;
  when 'promote' then
    if private.chat_role(chat) is distinct from 'owner' then
      raise exception using errcode = 'PT403', message = 'not_chat_owner', detail = 'Only the owner appoints admins.';
    end if;
    update public.chat_members m set role = 'admin' where m.chat_id = chat and m.user_id = users[1] and m.role = 'member';
    if not found then
      raise exception using errcode = 'PT404', message = 'member_not_found', detail = 'No such plain member.';
    end if;
    return chat;
  when 'leave' then
    if exists (select 1 from public.chats c where c.id = chat and c.kind = 'direct') then
      raise exception using errcode = 'PT400', message = 'cannot_leave_direct_chat',
        detail = 'A direct chat cannot be left (block the person to stop messages).';
    end if;
    delete from public.chat_members m where m.chat_id = chat and m.user_id = me;
    if not found then
      raise exception using errcode = 'PT404', message = 'chat_not_found', detail = 'You are not in this chat.';
    end if;
    return chat;
  end case;
end;
$$;
comment on function private.chat_action(text, uuid, uuid[], text) is
  'Chat membership operations (open_direct, create_group, add, remove, promote, leave) with their rules; notifies added users.';
revoke execute on function private.chat_action(text, uuid, uuid[], text) from public;
grant execute on function private.chat_action(text, uuid, uuid[], text) to authenticated;

create function public.open_direct_chat(other_user uuid) returns uuid language sql security invoker set search_path = ''
as $$ select private.chat_action('open_direct', null, array[other_user], null); $$;
comment on function public.open_direct_chat(uuid) is 'RPC: the direct chat with a friend (created once, even under concurrency). Errors: forbidden, invalid_member, blocked, not_friends.';
create function public.create_group_chat(title text, member_ids uuid[] default '{}') returns uuid language sql security invoker set search_path = ''
as $$ select private.chat_action('create_group', null, member_ids, title); $$;
comment on function public.create_group_chat(text, uuid[]) is 'RPC: a new group owned by the caller, with friends as initial members. Errors: forbidden, user_not_found, blocked, not_friends.';
create function public.add_chat_member(chat_id uuid, user_id uuid) returns uuid language sql security invoker set search_path = ''
as $$ select private.chat_action('add', chat_id, array[user_id], null); $$;
comment on function public.add_chat_member(uuid, uuid) is 'RPC (group owner/admin): add one of your friends. Errors: forbidden, not_chat_admin, not_a_group, user_not_found, blocked, not_friends.';
create function public.remove_chat_member(chat_id uuid, user_id uuid) returns uuid language sql security invoker set search_path = ''
as $$ select private.chat_action('remove', chat_id, array[user_id], null); $$;
comment on function public.remove_chat_member(uuid, uuid) is 'RPC (owner: anyone but themselves; admin: members): remove a member, who loses access to the history. Errors: forbidden, not_chat_admin, member_not_removable.';
create function public.promote_chat_member(chat_id uuid, user_id uuid) returns uuid language sql security invoker set search_path = ''
as $$ select private.chat_action('promote', chat_id, array[user_id], null); $$;
comment on function public.promote_chat_member(uuid, uuid) is 'RPC (owner): make a member an admin. Errors: forbidden, not_chat_owner, member_not_found.';
create function public.leave_chat(chat_id uuid) returns uuid language sql security invoker set search_path = ''
as $$ select private.chat_action('leave', chat_id, null, null); $$;
comment on function public.leave_chat(uuid) is 'RPC: leave a group (an owner hands the group to the longest-standing admin or member; an empty group is deleted). Errors: forbidden, cannot_leave_direct_chat, chat_not_found.';

revoke execute on function public.open_direct_chat(uuid), public.create_group_chat(text, uuid[]), public.add_chat_member(uuid, uuid),
  public.remove_chat_member(uuid, uuid), public.promote_chat_member(uuid, uuid), public.leave_chat(uuid) from public, anon;
grant execute on function public.open_direct_chat(uuid), public.create_group_chat(text, uuid[]), public.add_chat_member(uuid, uuid),
  public.remove_chat_member(uuid, uuid), public.promote_chat_member(uuid, uuid), public.leave_chat(uuid) to authenticated;

-- A group never stays without an owner: when the owner leaves, is removed with their account, or
-- goes any other way, the longest-standing admin (else member) inherits it; an empty group is deleted.
create function private.hand_over_group()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.chat_members m set role = 'owner'
  where (m.chat_id, m.user_id) = (select n.chat_id, n.user_id from public.chat_members n where n.chat_id = old.chat_id
                                  order by n.role = 'admin' desc, n.joined_at limit 1);
  if not found then
    delete from public.chats c where c.id = old.chat_id and c.kind = 'group';
  end if;
  return null;
end;
$$;
comment on function private.hand_over_group() is 'Trigger: hands a group to its longest-standing admin (else member) when its owner goes; deletes an empty group.';
revoke execute on function private.hand_over_group() from public;
create trigger hand_over_group
  after delete on public.chat_members
  for each row when (old.role = 'owner') execute function private.hand_over_group();
