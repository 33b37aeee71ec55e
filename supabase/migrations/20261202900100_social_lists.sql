-- The social lists in the list convention (docs/conventions.md): chat_list, chat_messages and
-- notifications_page take (after jsonb, page_size integer default 20), every item carries its
-- "cursor", and a foreign or malformed cursor is invalid_cursor. Before: text cursors, `before` as
-- the parameter name of two of them, other defaults, and invalid_parameter for a bad cursor.
-- The public signatures change, so the old functions are dropped and the new ones created.

drop function public.chat_list(integer, text);
drop function public.chat_messages(uuid, integer, text);
drop function public.notifications_page(integer, text);
drop function private.chat_list(integer, text);
drop function private.chat_messages(uuid, integer, text);
drop function private.notifications_page(integer, text);

create function private.chat_list(after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  me uuid := private.require_signed_in();
  size integer := private.require_page_size(page_size);
  k record;
  items jsonb;
begin
  select * into k from private.read_cursor(after, 'chat_list', null::timestamptz, null::uuid);
  select coalesce(jsonb_agg(x.item order by x.activity desc, x.id desc), '[]'::jsonb)
  into items
  from (
    select c.id, coalesce(c.last_message_at, c.created_at) as activity,
      jsonb_build_object(
        'id', c.id, 'kind', c.kind, 'title', c.title, 'avatar_path', c.avatar_path, 'role', m.role,
        'peer', case when c.kind = 'direct' then
                  private.public_profile((select o.user_id from public.chat_members o where o.chat_id = c.id and o.user_id <> me)) end,
        'last_message', (select private.message_preview(lm.id) from public.messages lm
                         where lm.chat_id = c.id and lm.deleted_at is null order by lm.created_at desc, lm.id desc limit 1),
        'unread_count', (select count(*) from (select 1 from public.messages um
                                               where um.chat_id = c.id and um.created_at > m.last_read_at and um.deleted_at is null
                                                 and um.sender_id is distinct from me
                                               limit 1000) u),
        'last_read_at', m.last_read_at,
        'last_activity_at', coalesce(c.last_message_at, c.created_at),
        'cursor', private.make_cursor('chat_list', coalesce(c.last_message_at, c.created_at), c.id)) as item
    from public.chat_members m
    join public.chats c on c.id = m.chat_id
    where m.user_id = me
      and (k.id is null or (coalesce(c.last_message_at, c.created_at), c.id) < (k.sort_key, k.id))
    order by coalesce(c.last_message_at, c.created_at) desc, c.id desc
    limit size + 1
  ) x;
  return private.list_page(items, size);
end;
$$;
comment on function private.chat_list(jsonb, integer) is
  'A page of the caller''s chats, newest activity first: {items: [{id, kind, title, avatar_path, role, peer, last_message, unread_count, last_read_at, last_activity_at, cursor}], next_cursor}.';

create function private.chat_messages(chat_id uuid, after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  size integer;
  k record;
  items jsonb;
begin
  perform private.require_signed_in();
  if not private.is_chat_member(chat_messages.chat_id) then
    perform private.refuse('chat_not_found');
  end if;
  size := private.require_page_size(page_size);
  select * into k from private.read_cursor(after, 'chat_messages', null::timestamptz, null::uuid);
  select coalesce(jsonb_agg(private.message_item(x.m) || jsonb_build_object('cursor', private.make_cursor('chat_messages', (x.m).created_at, (x.m).id))
                            order by (x.m).created_at desc, (x.m).id desc), '[]'::jsonb)
  into items
  from (select m from public.messages m
        where m.chat_id = chat_messages.chat_id
          and (k.id is null or (m.created_at, m.id) < (k.sort_key, k.id))
        order by m.created_at desc, m.id desc
        limit size + 1) x;
  return private.list_page(items, size)
      || jsonb_build_object('chat', case when k.id is null then private.chat_header(chat_messages.chat_id) end);
end;
$$;
comment on function private.chat_messages(uuid, jsonb, integer) is
  'A page of one chat''s history, newest first, for a member: {chat (the header, first page only), items: [message item + cursor], next_cursor}.';

create function private.notifications_page(after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  me uuid := private.require_signed_in();
  size integer := private.require_page_size(page_size);
  k record;
  items jsonb;
begin
  select * into k from private.read_cursor(after, 'notifications_page', null::timestamptz, null::uuid);
  select coalesce(jsonb_agg(private.notification_item(x.n) || jsonb_build_object('cursor', private.make_cursor('notifications_page', (x.n).created_at, (x.n).id))
                            order by (x.n).created_at desc, (x.n).id desc), '[]'::jsonb)
  into items
  from (select n from public.notifications n
        where n.user_id = me and (k.id is null or (n.created_at, n.id) < (k.sort_key, k.id))
        order by n.created_at desc, n.id desc
        limit size + 1) x;
  return private.list_page(items, size)
      || jsonb_build_object('unread_count', (select count(*) from public.notifications n where n.user_id = me and n.read_at is null));
end;
$$;
comment on function private.notifications_page(jsonb, integer) is
  'A page of the caller''s notifications, newest first, with the unread count: {items: [{id, kind, payload, read_at, created_at, cursor}], unread_count, next_cursor}.';

grant execute on function private.chat_list(jsonb, integer), private.chat_messages(uuid, jsonb, integer),
  private.notifications_page(jsonb, integer) to authenticated;

create function public.chat_list(after jsonb default null, page_size integer default 20) returns jsonb
language sql stable security invoker set search_path = ''
as $$ select private.chat_list(after, page_size); $$;
comment on function public.chat_list(jsonb, integer) is
  'RPC, chats list: {items, next_cursor}, by last activity, with previews, peers and unread counts. Errors: not_signed_in, invalid_parameter, invalid_cursor.';
create function public.chat_messages(chat_id uuid, after jsonb default null, page_size integer default 20) returns jsonb
language sql stable security invoker set search_path = ''
as $$ select private.chat_messages(chat_id, after, page_size); $$;
comment on function public.chat_messages(uuid, jsonb, integer) is
  'RPC, one chat: {chat (first page), items newest first, next_cursor}. Errors: not_signed_in, chat_not_found, invalid_parameter, invalid_cursor.';
create function public.notifications_page(after jsonb default null, page_size integer default 20) returns jsonb
language sql stable security invoker set search_path = ''
as $$ select private.notifications_page(after, page_size); $$;
comment on function public.notifications_page(jsonb, integer) is
  'RPC, notifications: {items, unread_count, next_cursor}. Mark read with an update of read_at. Errors: not_signed_in, invalid_parameter, invalid_cursor.';

revoke execute on function public.chat_list(jsonb, integer), public.chat_messages(uuid, jsonb, integer),
  public.notifications_page(jsonb, integer) from public, anon;
grant execute on function public.chat_list(jsonb, integer), public.chat_messages(uuid, jsonb, integer),
  public.notifications_page(jsonb, integer) to authenticated;
