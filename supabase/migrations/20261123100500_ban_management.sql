-- Banning and unbanning. A holder of users.ban bans another user for a duration or for good, with
-- a reason; the ban bites at once (every write policy calls private.is_active(), which reads
-- public.user_bans) and auth.users.banned_until is set so Supabase Auth refuses new sessions.
-- Nobody bans someone who holds a permission they lack themselves: moderators cannot ban admins.

create function private.ban_user(target uuid, reason text, duration interval)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  ban_id uuid;
  ends timestamptz := now() + duration;
begin
  perform private.require_permission('users.ban');
  reason := private.require_reason(reason);
  if duration is not null and duration <= interval '0' then
    raise exception using errcode = 'PT400', message = 'invalid_duration', detail = 'A ban lasts a positive duration, or null for good.';
  end if;
  if target = auth.uid() then
    raise exception using errcode = 'PT400', message = 'cannot_ban_yourself', detail = 'You cannot ban yourself.';
  end if;
  -- Lock the auth user: two staff banning the same user at once are serialised here.
  perform 1 from auth.users u where u.id = target for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'user_not_found', detail = 'No such user.';
  end if;
  if exists (
    select 1
    from public.user_roles ur
    join public.role_permissions rp on rp.role = ur.role
    where ur.user_id = target
      and not private.has_permission(auth.uid(), rp.permission)
  ) then
    raise exception using errcode = 'PT403', message = 'cannot_ban_higher_staff',
      detail = 'That user holds permissions you do not hold (e.g. a moderator banning an admin).';
  end if;
  if private.is_banned(target) then
    raise exception using errcode = 'PT409', message = 'already_banned', detail = 'A ban on this user is already in force; lift it first.';
  end if;

  insert into public.user_bans (user_id, banned_by, reason, banned_until)
  values (target, auth.uid(), reason, ends)
  returning id into ban_id;

  -- Auth refuses sign-in and refresh while banned_until is in the future; "for good" is 100 years,
  -- as Auth's own admin API does it.
  update auth.users u set banned_until = coalesce(ends, now() + interval '100 years') where u.id = target;

  perform private.audit('user.ban', 'auth.users', target::text, reason, null,
    jsonb_build_object('ban_id', ban_id, 'banned_until', ends));
  return ban_id;
end;
$$;
comment on function private.ban_user(uuid, text, interval) is
  'Bans a user after checking users.ban and rank; sets auth.users.banned_until; audited. Returns the ban id.';

create function private.unban_user(target uuid, reason text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  lifted public.user_bans;
begin
  perform private.require_permission('users.ban');
  reason := private.require_reason(reason);
  update public.user_bans b
  set lifted_at = now(), lifted_by = auth.uid(), lift_reason = unban_user.reason
  where b.user_id = target
    and b.lifted_at is null
    and (b.banned_until is null or b.banned_until > now())
  returning b.* into lifted;
  if lifted.id is null then
    raise exception using errcode = 'PT404', message = 'not_banned', detail = 'No ban on this user is in force.';
  end if;
  update auth.users u set banned_until = null where u.id = target;
  perform private.audit('user.unban', 'auth.users', target::text, reason,
    jsonb_build_object('ban_id', lifted.id, 'banned_until', lifted.banned_until), null);
end;
$$;
comment on function private.unban_user(uuid, text) is
  'Lifts the ban in force on a user after checking users.ban; clears auth.users.banned_until; audited.';

revoke execute on function private.ban_user(uuid, text, interval), private.unban_user(uuid, text) from public;
grant execute on function private.ban_user(uuid, text, interval), private.unban_user(uuid, text) to authenticated;

create function public.ban_user(target_user uuid, reason text, duration interval default null)
returns uuid
language sql
security invoker
set search_path = ''
as $$
  select private.ban_user(target_user, reason, duration);
$$;
comment on function public.ban_user(uuid, text, interval) is
  'RPC: ban a user for `duration` (e.g. ''7 days''), or for good when null. Needs users.ban; not staff holding permissions you lack. Errors: forbidden, reason_required, invalid_duration, cannot_ban_yourself, user_not_found, cannot_ban_higher_staff, already_banned.';

create function public.unban_user(target_user uuid, reason text)
returns void
language sql
security invoker
set search_path = ''
as $$
  select private.unban_user(target_user, reason);
$$;
comment on function public.unban_user(uuid, text) is
  'RPC: lift the ban in force. Needs users.ban. Errors: forbidden, reason_required, not_banned.';

revoke execute on function public.ban_user(uuid, text, interval), public.unban_user(uuid, text) from public, anon;
grant execute on function public.ban_user(uuid, text, interval), public.unban_user(uuid, text) to authenticated;
