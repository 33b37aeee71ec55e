-- Friends: one function per operation (send, accept, decline, cancel, remove, block, unblock)
-- instead of the private.friend_action dispatcher keyed by an action string. Each public RPC is a
-- security invoker shell over the private definer function of the same name, which checks the
-- caller (private.require_active), the friends/blocked rule (private.talk_refusal, the one guard)
-- and the rate limits, and refuses with catalogued codes only (private.refuse). Cheap repeats are
-- limited: sending (each request notifies the receiver; at most 3 a day to the same person, so a
-- send/cancel loop cannot flood one inbox), cancelling, blocking and unblocking.

drop function public.send_friend_request(uuid), public.accept_friend_request(uuid), public.decline_friend_request(uuid),
  public.cancel_friend_request(uuid), public.remove_friend(uuid), public.block_user(uuid), public.unblock_user(uuid);
drop function private.friend_action(text, uuid, uuid);

insert into private.rate_limits (action, max_hits, per, description) values
  ('friends.request', 20, interval '1 hour', 'Friend requests a user sends (each one notifies its receiver).'),
  ('friends.request_pair', 3, interval '1 day', 'Friend requests from one user to the same person (send/cancel loops flooding one inbox).'),
  ('friends.cancel', 20, interval '1 hour', 'Friend requests a user withdraws.'),
  ('friends.block', 30, interval '1 hour', 'Blocks a user sets.'),
  ('friends.unblock', 30, interval '1 hour', 'Blocks a user lifts.');

create function private.send_friend_request(to_user uuid)
returns public.friend_requests
language plpgsql
security definer
set search_path = ''
as $$
declare
  me uuid := auth.uid();
  refusal text;
  request public.friend_requests;
begin
  perform private.require_active();
  if to_user = me then
    perform private.refuse('cannot_befriend_yourself');
  end if;
  refusal := private.talk_refusal(me, to_user);
  if refusal is null then
    perform private.refuse('already_friends');
  elsif refusal <> 'not_friends' then
    perform private.refuse(refusal);  -- user_not_found, blocked
  end if;
  perform private.throttle('friends.request');
  perform private.throttle('friends.request_pair', 'user:' || me::text || ':to:' || to_user::text);
  insert into public.friend_requests (sender_id, receiver_id) values (me, to_user)
  on conflict (least(sender_id, receiver_id), greatest(sender_id, receiver_id)) where status = 'pending' do nothing
  returning * into request;
  if request.id is null then
    perform private.refuse('request_pending');
  end if;
  perform private.notify(to_user, 'friend_request',
    jsonb_build_object('request_id', request.id, 'from', me) || (private.public_profile(me) - 'id'));
  return request;
end;
$$;
comment on function private.send_friend_request(uuid) is
  'Sends a friend request (rate-limited, also per receiver) and notifies the receiver. Refuses forbidden, cannot_befriend_yourself, user_not_found, blocked, already_friends, request_pending, rate_limited.';

-- A pending request ends one way: accepted or declined by its receiver, cancelled by its sender.
create function private.close_friend_request(request_id uuid, outcome public.friend_request_status)
returns public.friend_requests
language plpgsql
security definer
set search_path = ''
as $$
declare
  request public.friend_requests;
begin
  update public.friend_requests r set status = outcome, responded_at = now()
  where r.id = close_friend_request.request_id and r.status = 'pending'
    and auth.uid() = case when outcome = 'cancelled' then r.sender_id else r.receiver_id end
  returning r.* into request;
  if request.id is null then
    perform private.refuse('request_not_found');
  end if;
  return request;
end;
$$;
comment on function private.close_friend_request(uuid, public.friend_request_status) is
  'Ends a pending request with outcome accepted / declined (the caller must be its receiver) or cancelled (its sender); refuses request_not_found otherwise.';

create function private.accept_friend_request(request_id uuid)
returns public.friend_requests
language plpgsql
security definer
set search_path = ''
as $$
declare
  request public.friend_requests;
begin
  perform private.require_active();
  request := private.close_friend_request(accept_friend_request.request_id, 'accepted');
  insert into public.friendships (user_low, user_high)
  values (least(request.sender_id, request.receiver_id), greatest(request.sender_id, request.receiver_id)) on conflict do nothing;
  perform private.notify(request.sender_id, 'friend_accepted',
    jsonb_build_object('request_id', request.id, 'by', request.receiver_id) || (private.public_profile(request.receiver_id) - 'id'));
  return request;
end;
$$;
comment on function private.accept_friend_request(uuid) is
  'The receiver accepts a pending request: the friendship is created and the sender notified. Refuses forbidden, request_not_found.';

create function private.decline_friend_request(request_id uuid)
returns public.friend_requests
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.require_active();
  return private.close_friend_request(decline_friend_request.request_id, 'declined');
end;
$$;
comment on function private.decline_friend_request(uuid) is
  'The receiver declines a pending request (the sender is not notified). Refuses forbidden, request_not_found.';

create function private.cancel_friend_request(request_id uuid)
returns public.friend_requests
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.require_active();
  perform private.throttle('friends.cancel');
  return private.close_friend_request(cancel_friend_request.request_id, 'cancelled');
end;
$$;
comment on function private.cancel_friend_request(uuid) is 'The sender withdraws a pending request (rate-limited). Refuses forbidden, request_not_found, rate_limited.';

create function private.remove_friend(friend_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  me uuid := auth.uid();
begin
  perform private.require_active();
  delete from public.friendships f where f.user_low = least(me, friend_id) and f.user_high = greatest(me, friend_id);
  if not found then
    perform private.refuse('not_friends');
  end if;
end;
$$;
comment on function private.remove_friend(uuid) is
  'Ends a friendship; their direct chat refuses new messages until they are friends again. Refuses forbidden, not_friends.';

create function private.block_user(user_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  me uuid := auth.uid();
begin
  perform private.require_active();
  if block_user.user_id = me then
    perform private.refuse('cannot_block_yourself');
  end if;
  if block_user.user_id is null or not exists (select 1 from public.profiles p where p.id = block_user.user_id) then
    perform private.refuse('user_not_found');
  end if;
  perform private.throttle('friends.block');
  insert into public.blocks (blocker_id, blocked_id) values (me, block_user.user_id) on conflict do nothing;
  delete from public.friendships f where f.user_low = least(me, block_user.user_id) and f.user_high = greatest(me, block_user.user_id);
  update public.friend_requests r set status = 'cancelled', responded_at = now()
  where r.status = 'pending' and least(r.sender_id, r.receiver_id) = least(me, block_user.user_id)
    and greatest(r.sender_id, r.receiver_id) = greatest(me, block_user.user_id);
end;
$$;
comment on function private.block_user(uuid) is
  'Blocks a user (idempotent): ends the friendship, cancels pending requests both ways; no requests or direct messages either way. Refuses forbidden, cannot_block_yourself, user_not_found, rate_limited.';

create function private.unblock_user(user_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.require_active();
  perform private.throttle('friends.unblock');
  delete from public.blocks k where k.blocker_id = auth.uid() and k.blocked_id = unblock_user.user_id;
  if not found then
    perform private.refuse('not_blocked');
  end if;
end;
$$;
comment on function private.unblock_user(uuid) is
  'Lifts the caller''s block; they are not friends again (a new request is needed). Refuses forbidden, not_blocked, rate_limited.';

grant execute on function private.send_friend_request(uuid), private.accept_friend_request(uuid), private.decline_friend_request(uuid),
  private.cancel_friend_request(uuid), private.remove_friend(uuid), private.block_user(uuid), private.unblock_user(uuid) to authenticated;

create function public.send_friend_request(to_user uuid) returns public.friend_requests
language sql security invoker set search_path = ''
as $$ select * from private.send_friend_request(to_user); $$;
comment on function public.send_friend_request(uuid) is
  'RPC: ask someone to be friends; returns the request. Errors: forbidden, cannot_befriend_yourself, user_not_found, blocked, already_friends, request_pending, rate_limited.';
create function public.accept_friend_request(request_id uuid) returns public.friend_requests
language sql security invoker set search_path = ''
as $$ select * from private.accept_friend_request(request_id); $$;
comment on function public.accept_friend_request(uuid) is 'RPC: accept a pending request sent to you; returns it. Errors: forbidden, request_not_found.';
create function public.decline_friend_request(request_id uuid) returns public.friend_requests
language sql security invoker set search_path = ''
as $$ select * from private.decline_friend_request(request_id); $$;
comment on function public.decline_friend_request(uuid) is 'RPC: decline a pending request sent to you; returns it. Errors: forbidden, request_not_found.';
create function public.cancel_friend_request(request_id uuid) returns public.friend_requests
language sql security invoker set search_path = ''
as $$ select * from private.cancel_friend_request(request_id); $$;
comment on function public.cancel_friend_request(uuid) is 'RPC: withdraw a pending request you sent; returns it. Errors: forbidden, request_not_found, rate_limited.';
create function public.remove_friend(friend_id uuid) returns void
language sql security invoker set search_path = ''
as $$ select private.remove_friend(friend_id); $$;
comment on function public.remove_friend(uuid) is 'RPC: end a friendship. Errors: forbidden, not_friends.';
create function public.block_user(user_id uuid) returns void
language sql security invoker set search_path = ''
as $$ select private.block_user(user_id); $$;
comment on function public.block_user(uuid) is
  'RPC: block a user (ends the friendship and pending requests; no requests or direct messages either way). Errors: forbidden, cannot_block_yourself, user_not_found, rate_limited.';
create function public.unblock_user(user_id uuid) returns void
language sql security invoker set search_path = ''
as $$ select private.unblock_user(user_id); $$;
comment on function public.unblock_user(uuid) is 'RPC: lift your block (you are not friends again). Errors: forbidden, not_blocked, rate_limited.';

revoke execute on function public.send_friend_request(uuid), public.accept_friend_request(uuid), public.decline_friend_request(uuid),
  public.cancel_friend_request(uuid), public.remove_friend(uuid), public.block_user(uuid), public.unblock_user(uuid) from public, anon;
grant execute on function public.send_friend_request(uuid), public.accept_friend_request(uuid), public.decline_friend_request(uuid),
  public.cancel_friend_request(uuid), public.remove_friend(uuid), public.block_user(uuid), public.unblock_user(uuid) to authenticated;
