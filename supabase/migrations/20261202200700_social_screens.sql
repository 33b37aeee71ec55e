-- One call per screen of the social part of the app, each returning exactly what the screen shows
-- (with the public fields {id, username, display_name, avatar_path} of every person on it):
--   friends_overview()                       friends, incoming and outgoing requests, blocked users
--   user_profile_card(user_id)               another user's public fields, friendship status with
--                                            the caller, public stats (from the leaderboards)
--   chat_list(page_size, after)              the caller's chats by last activity: last-message
--                                            preview (deleted messages never shown), the peer of a
--                                            direct chat, unread count; keyset cursor
--   chat_messages(chat_id, page_size, before) a page of history, newest first, senders and reply
--                                            previews; the chat's header and members on the first page
--   notifications_page(page_size, before)    a page of notifications and the unread count
-- Pages are {items, next_cursor}: pass next_cursor back unchanged for the next page (null on the
-- last). Cursors are keysets ((time, id), never a time alone, so no row is skipped or repeated):
-- "<microseconds since 1970>:<uuid>". They replace the views my_friends and my_chats (one entry
-- point per screen).

drop view public.my_friends;
drop view public.my_chats;

create function private.keyset_cursor(key_time timestamptz, key_id uuid)
returns text
language sql
immutable
set search_path = ''
as $$
  select (extract(epoch from key_time) * 1000000)::bigint::text || ':' || key_id::text;
$$;
comment on function private.keyset_cursor(timestamptz, uuid) is 'The opaque cursor of a (time, id) keyset position: "<microseconds since 1970>:<uuid>".';

create function private.keyset_position(token text, parameter text, out key_time timestamptz, out key_id uuid)
language plpgsql
stable
set search_path = ''
as $$
declare
  parts text[] := regexp_match(token, '^(-?[0-9]{1,16}):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$');
begin
  if token is null then
    return;
  end if;
  if parts is null then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', parameter, 'reason', 'not a cursor of this list'));
  end if;
  key_time := timestamptz 'epoch' + parts[1]::bigint * interval '1 microsecond';
  key_id := parts[2]::uuid;
end;
$$;
comment on function private.keyset_position(text, text) is
  'Decodes a cursor of private.keyset_cursor (null → no position); anything else is refused with invalid_parameter (never a date or cast error).';

create function private.require_page_size(page_size integer, largest integer)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if page_size is null or page_size not between 1 and largest then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'page_size', 'reason', format('between 1 and %s', largest)));
  end if;
end;
$$;
comment on function private.require_page_size(integer, integer) is 'Refuses invalid_parameter unless 1 ≤ page_size ≤ largest.';

create function private.keyset_page(entries jsonb, page_size integer)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select jsonb_build_object(
    'items', coalesce((select jsonb_agg(e.value -> 'item' order by e.n) from jsonb_array_elements(entries) with ordinality e (value, n)
                       where e.n <= page_size), '[]'::jsonb),
    'next_cursor', case when jsonb_array_length(entries) > page_size then entries -> (page_size - 1) ->> 'cursor' end);
$$;
comment on function private.keyset_page(jsonb, integer) is
  'A page {items, next_cursor} from up to page_size + 1 ordered entries {item, cursor}: the extra entry only says that a next page exists.';

create function private.require_signed_in()
returns uuid
language plpgsql
stable
set search_path = ''
as $$
begin
  if auth.uid() is null then
    perform private.refuse('not_signed_in');
  end if;
  return auth.uid();
end;
$$;
comment on function private.require_signed_in() is 'The caller''s user id; refuses not_signed_in without one. Reading calls allow banned users (they read, they do not write).';

-- Friends screen.
create function private.friends_overview()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  me uuid := private.require_signed_in();
begin
  return jsonb_build_object(
    'friends', coalesce((
      select jsonb_agg(jsonb_build_object('user', private.public_profile(p.id), 'since', f.created_at) order by p.username)
      from public.friendships f
      join public.profiles p on p.id = case when f.user_low = me then f.user_high else f.user_low end
      where me in (f.user_low, f.user_high)), '[]'::jsonb),
    'incoming', coalesce((
      select jsonb_agg(jsonb_build_object('request_id', r.id, 'user', private.public_profile(r.sender_id), 'created_at', r.created_at)
                       order by r.created_at desc, r.id desc)
      from public.friend_requests r where r.receiver_id = me and r.status = 'pending'), '[]'::jsonb),
    'outgoing', coalesce((
      select jsonb_agg(jsonb_build_object('request_id', r.id, 'user', private.public_profile(r.receiver_id), 'created_at', r.created_at)
                       order by r.created_at desc, r.id desc)
      from public.friend_requests r where r.sender_id = me and r.status = 'pending'), '[]'::jsonb),
    'blocked', coalesce((
      select jsonb_agg(jsonb_build_object('user', private.public_profile(k.blocked_id), 'since', k.created_at)
                       order by k.created_at desc, k.blocked_id)
      from public.blocks k where k.blocker_id = me), '[]'::jsonb));
end;
$$;
comment on function private.friends_overview() is
  'The friends screen of the caller: {friends: [{user, since}] by username, incoming / outgoing: [{request_id, user, created_at}] pending, newest first, blocked: [{user, since}] (whom the caller blocked)}.';

-- Another user's profile.
create function private.user_profile_card(user_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  me uuid := private.require_signed_in();
  card jsonb := private.public_profile(user_profile_card.user_id);
  friendship text;
  pending public.friend_requests;
begin
  if card is null then
    perform private.refuse('user_not_found');
  end if;
  select * into pending from public.friend_requests r
  where r.status = 'pending' and least(r.sender_id, r.receiver_id) = least(me, user_profile_card.user_id)
    and greatest(r.sender_id, r.receiver_id) = greatest(me, user_profile_card.user_id);
  friendship := case
    when user_profile_card.user_id = me then 'self'
    when exists (select 1 from public.blocks k where k.blocker_id = me and k.blocked_id = user_profile_card.user_id) then 'blocked'
    when private.are_friends(me, user_profile_card.user_id) then 'friends'
    when pending.sender_id = me then 'request_sent'
    when pending.receiver_id = me then 'request_received'
    else 'none'
  end;
  return card || jsonb_build_object(
    'friendship', friendship,
    'request_id', pending.id,
    'friends_since', (select f.created_at from public.friendships f
                      where f.user_low = least(me, user_profile_card.user_id) and f.user_high = greatest(me, user_profile_card.user_id)),
    'direct_chat_id', (select c.id from public.chats c
                       where c.direct_key = least(me, user_profile_card.user_id)::text || ':' || greatest(me, user_profile_card.user_id)::text
                         and private.is_chat_member(c.id)),
    'stats', (select jsonb_build_object('quests_completed', count(*), 'total_score', coalesce(sum(b.best_score), 0),
                                        'friends_count', (select count(*) from public.friendships f
                                                          where user_profile_card.user_id in (f.user_low, f.user_high)))
              from public.quest_leaderboard b where b.user_id = user_profile_card.user_id));
end;
$$;
comment on function private.user_profile_card(uuid) is
  'Another user''s profile screen: public fields, friendship (self, friends, request_sent, request_received, blocked = the caller blocked them, none), request_id, friends_since, direct_chat_id, stats {quests_completed, total_score (their leaderboard entries), friends_count}. Refuses not_signed_in, user_not_found.';

-- Chats list.
create function private.chat_list(page_size integer, after text)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  me uuid := private.require_signed_in();
  after_at timestamptz;
  after_id uuid;
  entries jsonb;
begin
  perform private.require_page_size(page_size, 100);
  select k.key_time, k.key_id into after_at, after_id from private.keyset_position(after, 'after') k;
  select coalesce(jsonb_agg(jsonb_build_object('item', x.item, 'cursor', private.keyset_cursor(x.activity, x.id))
                            order by x.activity desc, x.id desc), '[]'::jsonb)
  into entries
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
        'last_activity_at', coalesce(c.last_message_at, c.created_at)) as item
    from public.chat_members m
    join public.chats c on c.id = m.chat_id
    where m.user_id = me
      and (after_at is null or (coalesce(c.last_message_at, c.created_at), c.id) < (after_at, after_id))
    order by coalesce(c.last_message_at, c.created_at) desc, c.id desc
    limit page_size + 1
  ) x;
  return private.keyset_page(entries, page_size);
end;
$$;
comment on function private.chat_list(integer, text) is
  'The chats list of the caller, by last activity (newest first): {items: [{id, kind, title, avatar_path, role, peer, last_message (preview of the newest message not deleted), unread_count (messages of others after the read marker, counted up to 1000), last_read_at, last_activity_at}], next_cursor}.';

-- One chat: its header and a page of history.
create function private.chat_header(chat uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', c.id, 'kind', c.kind, 'title', c.title, 'avatar_path', c.avatar_path, 'role', m.role, 'last_read_at', m.last_read_at,
    'post_refusal', private.post_refusal(c.id),
    'members', (select jsonb_agg(private.public_profile(o.user_id) || jsonb_build_object('role', o.role, 'joined_at', o.joined_at)
                                 order by o.joined_at, o.user_id)
                from public.chat_members o where o.chat_id = c.id))
  from public.chats c
  join public.chat_members m on m.chat_id = c.id and m.user_id = auth.uid()
  where c.id = chat;
$$;
comment on function private.chat_header(uuid) is
  'The header of a chat for its member: {id, kind, title, avatar_path, role, last_read_at, post_refusal (null when the caller may write, else the code a message would get), members: [{id, username, display_name, avatar_path, role, joined_at}]}.';

create function private.chat_messages(chat_id uuid, page_size integer, before text)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  before_at timestamptz;
  before_id uuid;
  entries jsonb;
begin
  perform private.require_signed_in();
  if not private.is_chat_member(chat_messages.chat_id) then
    perform private.refuse('chat_not_found');
  end if;
  perform private.require_page_size(page_size, 100);
  select k.key_time, k.key_id into before_at, before_id from private.keyset_position(before, 'before') k;
  select coalesce(jsonb_agg(jsonb_build_object('item', private.message_item(x.m), 'cursor', private.keyset_cursor((x.m).created_at, (x.m).id))
                            order by (x.m).created_at desc, (x.m).id desc), '[]'::jsonb)
  into entries
  from (select m from public.messages m
        where m.chat_id = chat_messages.chat_id
          and (before_at is null or (m.created_at, m.id) < (before_at, before_id))
        order by m.created_at desc, m.id desc
        limit page_size + 1) x;
  return private.keyset_page(entries, page_size)
      || jsonb_build_object('chat', case when before is null then private.chat_header(chat_messages.chat_id) end);
end;
$$;
comment on function private.chat_messages(uuid, integer, text) is
  'A page of a chat''s history for a member, newest first: {chat (the header, first page only), items (message_item shape), next_cursor}. Refuses not_signed_in, chat_not_found, invalid_parameter.';

-- Notifications.
create function private.notifications_page(page_size integer, before text)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  me uuid := private.require_signed_in();
  before_at timestamptz;
  before_id uuid;
  entries jsonb;
begin
  perform private.require_page_size(page_size, 100);
  select k.key_time, k.key_id into before_at, before_id from private.keyset_position(before, 'before') k;
  select coalesce(jsonb_agg(jsonb_build_object('item', private.notification_item(x.n), 'cursor', private.keyset_cursor((x.n).created_at, (x.n).id))
                            order by (x.n).created_at desc, (x.n).id desc), '[]'::jsonb)
  into entries
  from (select n from public.notifications n
        where n.user_id = me and (before_at is null or (n.created_at, n.id) < (before_at, before_id))
        order by n.created_at desc, n.id desc
        limit page_size + 1) x;
  return private.keyset_page(entries, page_size)
      || jsonb_build_object('unread_count', (select count(*) from public.notifications n where n.user_id = me and n.read_at is null));
end;
$$;
comment on function private.notifications_page(integer, text) is
  'A page of the caller''s notifications, newest first, with the unread count: {items: [{id, kind, payload, read_at, created_at}], unread_count, next_cursor}.';

grant execute on function private.friends_overview(), private.user_profile_card(uuid), private.chat_list(integer, text),
  private.chat_messages(uuid, integer, text), private.notifications_page(integer, text) to authenticated;

create function public.friends_overview() returns jsonb
language sql stable security invoker set search_path = ''
as $$ select private.friends_overview(); $$;
comment on function public.friends_overview() is
  'RPC, friends screen: {friends: [{user, since}], incoming: [{request_id, user, created_at}], outgoing: [...], blocked: [{user, since}]}. Errors: not_signed_in.';
create function public.user_profile_card(user_id uuid) returns jsonb
language sql stable security invoker set search_path = ''
as $$ select private.user_profile_card(user_id); $$;
comment on function public.user_profile_card(uuid) is
  'RPC, another user''s profile: public fields, friendship status with you, request_id, friends_since, direct_chat_id, stats. Errors: not_signed_in, user_not_found.';
create function public.chat_list(page_size integer default 30, after text default null) returns jsonb
language sql stable security invoker set search_path = ''
as $$ select private.chat_list(page_size, after); $$;
comment on function public.chat_list(integer, text) is
  'RPC, chats list: {items, next_cursor}, by last activity, with previews, peers and unread counts. Errors: not_signed_in, invalid_parameter.';
create function public.chat_messages(chat_id uuid, page_size integer default 50, before text default null) returns jsonb
language sql stable security invoker set search_path = ''
as $$ select private.chat_messages(chat_id, page_size, before); $$;
comment on function public.chat_messages(uuid, integer, text) is
  'RPC, one chat: {chat (first page), items newest first, next_cursor}. Errors: not_signed_in, chat_not_found, invalid_parameter.';
create function public.notifications_page(page_size integer default 30, before text default null) returns jsonb
language sql stable security invoker set search_path = ''
as $$ select private.notifications_page(page_size, before); $$;
comment on function public.notifications_page(integer, text) is
  'RPC, notifications: {items, unread_count, next_cursor}. Mark read with an update of read_at. Errors: not_signed_in, invalid_parameter.';

revoke execute on function public.friends_overview(), public.user_profile_card(uuid), public.chat_list(integer, text),
  public.chat_messages(uuid, integer, text), public.notifications_page(integer, text) from public, anon;
grant execute on function public.friends_overview(), public.user_profile_card(uuid), public.chat_list(integer, text),
  public.chat_messages(uuid, integer, text), public.notifications_page(integer, text) to authenticated;
