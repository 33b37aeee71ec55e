-- Friends. A request goes from sender to receiver (pending → accepted | declined | cancelled); an
-- accepted request creates the friendship. A friendship is stored ONCE per pair, as (user_low,
-- user_high) with user_low < user_high: one row cannot drift out of sync with a mirror row, the
-- primary key makes the pair unique, and "my friends" is one index lookup per side. Blocking
-- removes the friendship and pending requests and stops new ones (and direct messages) both ways.

create type public.friend_request_status as enum ('pending', 'accepted', 'declined', 'cancelled');
comment on type public.friend_request_status is 'pending → accepted | declined (receiver) | cancelled (sender, or a block).';

create table public.friend_requests (
  id uuid primary key default gen_random_uuid(),
  sender_id uuid not null references public.profiles (id) on delete cascade,
  receiver_id uuid not null references public.profiles (id) on delete cascade,
  status public.friend_request_status not null default 'pending',
  created_at timestamptz not null default now(),
  responded_at timestamptz,
  constraint friend_requests_not_self check (sender_id <> receiver_id)
);
comment on table public.friend_requests is 'Friend requests and their answers. Written only by the friend RPCs.';
comment on column public.friend_requests.sender_id is 'Who asks.';
comment on column public.friend_requests.receiver_id is 'Who is asked.';
comment on column public.friend_requests.status is 'pending, accepted, declined or cancelled.';
comment on column public.friend_requests.responded_at is 'When it stopped being pending.';
create unique index friend_requests_one_pending_idx on public.friend_requests
  (least(sender_id, receiver_id), greatest(sender_id, receiver_id)) where status = 'pending';
create index friend_requests_receiver_idx on public.friend_requests (receiver_id, created_at desc);
create index friend_requests_sender_idx on public.friend_requests (sender_id, created_at desc);

create table public.friendships (
  user_low uuid not null references public.profiles (id) on delete cascade,
  user_high uuid not null references public.profiles (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (user_low, user_high),
  constraint friendships_ordered check (user_low < user_high)
);
comment on table public.friendships is 'One row per pair of friends, the smaller id first.';
comment on column public.friendships.user_low is 'The friend with the smaller id.';
comment on column public.friendships.user_high is 'The friend with the larger id.';
create index friendships_user_high_idx on public.friendships (user_high);

create table public.blocks (
  blocker_id uuid not null references public.profiles (id) on delete cascade,
  blocked_id uuid not null references public.profiles (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (blocker_id, blocked_id),
  constraint blocks_not_self check (blocker_id <> blocked_id)
);
comment on table public.blocks is 'Who blocked whom. Visible to the blocker only.';
comment on column public.blocks.blocker_id is 'Who blocked.';
comment on column public.blocks.blocked_id is 'Who is blocked.';
create index blocks_blocked_id_idx on public.blocks (blocked_id);

alter table public.friend_requests enable row level security;
alter table public.friendships enable row level security;
alter table public.blocks enable row level security;
revoke all on public.friend_requests, public.friendships, public.blocks from anon;
revoke insert, update, delete, truncate on public.friend_requests, public.friendships, public.blocks from authenticated;

create policy friend_requests_select on public.friend_requests for select to authenticated
  using (sender_id = (select auth.uid()) or receiver_id = (select auth.uid()));
comment on policy friend_requests_select on public.friend_requests is 'Sender and receiver see a request.';
create policy friendships_select on public.friendships for select to authenticated
  using (user_low = (select auth.uid()) or user_high = (select auth.uid()));
comment on policy friendships_select on public.friendships is 'Each friend sees the friendship.';
create policy blocks_select on public.blocks for select to authenticated using (blocker_id = (select auth.uid()));
comment on policy blocks_select on public.blocks is 'A user sees whom they blocked (not who blocked them).';

create function private.are_friends(a uuid, b uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.friendships f where f.user_low = least(a, b) and f.user_high = greatest(a, b));
$$;
comment on function private.are_friends(uuid, uuid) is 'True when the two users are friends.';

create function private.is_blocked_between(a uuid, b uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.blocks k where (k.blocker_id = a and k.blocked_id = b) or (k.blocker_id = b and k.blocked_id = a));
$$;
comment on function private.is_blocked_between(uuid, uuid) is 'True when either user blocked the other.';
-- Only definer functions call these (they run as the owner): no API role needs execute.
revoke execute on function private.are_friends(uuid, uuid), private.is_blocked_between(uuid, uuid) from public;

create function private.friend_action(action text, other uuid, request uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  me uuid := auth.uid();
  row public.friend_requests;
begin
  perform private.require_active();
  case action
  when 'send' then
    if other = me then
      raise exception using errcode = 'PT400', message = 'cannot_befriend_yourself', detail = 'You cannot send a request to yourself.';
    end if;
    if not exists (select 1 from public.profiles p where p.id = other) then
      raise exception using errcode = 'PT404', message = 'user_not_found', detail = 'No such user.';
    end if;
    if private.is_blocked_between(me, other) then
      raise exception using errcode = 'PT403', message = 'blocked', detail = 'One of you blocked the other.';
    end if;
    if private.are_friends(me, other) then
      raise exception using errcode = 'PT409', message = 'already_friends', detail = 'You are friends already.';
    end if;
    insert into public.friend_requests (sender_id, receiver_id) values (me, other)
    on conflict (least(sender_id, receiver_id), greatest(sender_id, receiver_id)) where status = 'pending' do nothing
    returning * into row;
    if row.id is null then
      raise exception using errcode = 'PT409', message = 'request_pending', detail = 'A request between you is already pending.';
    end if;
    perform private.notify(other, 'friend_request', jsonb_build_object('request_id', row.id, 'from', me,
      'username', (select p.username from public.profiles p where p.id = me)));
  when 'accept', 'decline' then
    update public.friend_requests r
    set status = case when action = 'accept' then 'accepted'::public.friend_request_status else 'declined' end, responded_at = now()
    where r.id = request and r.receiver_id = me and r.status = 'pending'
    returning * into row;
    if row.id is null then
      raise exception using errcode = 'PT404', message = 'request_not_found', detail = 'No pending request to you with this id.';
    end if;
    if action = 'accept' then
      insert into public.friendships (user_low, user_high)
      values (least(row.sender_id, me), greatest(row.sender_id, me)) on conflict do nothing;
      perform private.notify(row.sender_id, 'friend_accepted', jsonb_build_object('request_id', row.id, 'by', me,
        'username', (select p.username from public.profiles p where p.id = me)));
    end if;
  when 'cancel' then
    update public.friend_requests r set status = 'cancelled', responded_at = now()
    where r.id = request and r.sender_id = me and r.status = 'pending'
    returning * into row;
    if row.id is null then
      raise exception using errcode = 'PT404', message = 'request_not_found', detail = 'No pending request from you with this id.';
    end if;
  when 'remove' then
    delete from public.friendships f where f.user_low = least(me, other) and f.user_high = greatest(me, other);
    if not found then
      raise exception using errcode = 'PT404', message = 'not_friends', detail = 'You are not friends.';
    end if;
  when 'block' then
    if other = me then
      raise exception using errcode = 'PT400', message = 'cannot_block_yourself', detail = 'You cannot block yourself.';
    end if;
    if not exists (select 1 from public.profiles p where p.id = other) then
      raise exception using errcode = 'PT404', message = 'user_not_found', detail = 'No such user.';
    end if;
    insert into public.blocks (blocker_id, blocked_id) values (me, other) on conflict do nothing;
    delete from public.friendships f where f.user_low = least(me, other) and f.user_high = greatest(me, other);
    update public.friend_requests r set status = 'cancelled', responded_at = now()
    where r.status = 'pending' and least(r.sender_id, r.receiver_id) = least(me, other)
      and greatest(r.sender_id, r.receiver_id) = greatest(me, other);
  when 'unblock' then
    delete from public.blocks k where k.blocker_id = me and k.blocked_id = other;
    if not found then
      raise exception using errcode = 'PT404', message = 'not_blocked', detail = 'You have not blocked this user.';
    end if;
  end case;
  return to_jsonb(row);
end;
$$;
comment on function private.friend_action(text, uuid, uuid) is
  'All friend operations (send, accept, decline, cancel, remove, block, unblock) with their rules; notifies on requests and acceptances.';
revoke execute on function private.friend_action(text, uuid, uuid) from public;
grant execute on function private.friend_action(text, uuid, uuid) to authenticated;

create function public.send_friend_request(to_user uuid) returns jsonb language sql security invoker set search_path = ''
as $$ select private.friend_action('send', to_user, null); $$;
comment on function public.send_friend_request(uuid) is
  'RPC: ask someone to be friends. Errors: forbidden, cannot_befriend_yourself, user_not_found, blocked, already_friends, request_pending.';
create function public.accept_friend_request(request_id uuid) returns jsonb language sql security invoker set search_path = ''
as $$ select private.friend_action('accept', null, request_id); $$;
comment on function public.accept_friend_request(uuid) is 'RPC: accept a pending request sent to you. Errors: forbidden, request_not_found.';
create function public.decline_friend_request(request_id uuid) returns jsonb language sql security invoker set search_path = ''
as $$ select private.friend_action('decline', null, request_id); $$;
comment on function public.decline_friend_request(uuid) is 'RPC: decline a pending request sent to you. Errors: forbidden, request_not_found.';
create function public.cancel_friend_request(request_id uuid) returns jsonb language sql security invoker set search_path = ''
as $$ select private.friend_action('cancel', null, request_id); $$;
comment on function public.cancel_friend_request(uuid) is 'RPC: withdraw a pending request you sent. Errors: forbidden, request_not_found.';
create function public.remove_friend(friend_id uuid) returns jsonb language sql security invoker set search_path = ''
as $$ select private.friend_action('remove', friend_id, null); $$;
comment on function public.remove_friend(uuid) is 'RPC: end a friendship. Errors: forbidden, not_friends.';
create function public.block_user(user_id uuid) returns jsonb language sql security invoker set search_path = ''
as $$ select private.friend_action('block', user_id, null); $$;
comment on function public.block_user(uuid) is 'RPC: block a user (ends the friendship and pending requests; no requests or direct messages either way). Errors: forbidden, cannot_block_yourself, user_not_found.';
create function public.unblock_user(user_id uuid) returns jsonb language sql security invoker set search_path = ''
as $$ select private.friend_action('unblock', user_id, null); $$;
comment on function public.unblock_user(uuid) is 'RPC: lift your block. Errors: forbidden, not_blocked.';

revoke execute on function public.send_friend_request(uuid), public.accept_friend_request(uuid), public.decline_friend_request(uuid),
  public.cancel_friend_request(uuid), public.remove_friend(uuid), public.block_user(uuid), public.unblock_user(uuid) from public, anon;
grant execute on function public.send_friend_request(uuid), public.accept_friend_request(uuid), public.decline_friend_request(uuid),
  public.cancel_friend_request(uuid), public.remove_friend(uuid), public.block_user(uuid), public.unblock_user(uuid) to authenticated;

create view public.my_friends
with (security_invoker = true)
as
select p.id, p.username, p.display_name, p.avatar_path, p.city, f.created_at as friends_since
from public.friendships f
join public.profiles p on p.id = case when f.user_low = (select auth.uid()) then f.user_high else f.user_low end
where (select auth.uid()) in (f.user_low, f.user_high);
comment on view public.my_friends is 'The caller''s friends with their public profile fields.';
comment on column public.my_friends.friends_since is 'When the friendship started.';
revoke all on public.my_friends from anon;
