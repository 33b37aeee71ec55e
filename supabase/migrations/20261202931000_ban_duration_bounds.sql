-- A ban's duration is bounded (probe of main: `ban_user(..., '178000000 years')` overflowed
-- timestamptz and answered a raw 22008 before any check). A duration is positive and at most 100
-- years (a longer one is a ban for good: duration null), else invalid_duration; the end is
-- computed only after that check. On Postgres 17, where intervals may be infinite, 'infinity' is
-- refused the same way.

create or replace function private.ban_user(target uuid, reason text, duration interval)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  ban_id uuid;
  ends timestamptz;
begin
  perform private.require_permission('users.ban');
  reason := private.require_max_length(private.require_reason(reason), 'reason', 1000);
  if duration is not null and (duration <= interval '0' or duration > interval '100 years') then
    perform private.refuse('invalid_duration');
  end if;
  ends := now() + duration;
  if target = auth.uid() then
    perform private.refuse('cannot_ban_yourself');
  end if;
  -- Lock the auth user: two staff banning the same user at once are serialised here.
  perform 1 from auth.users u where u.id = target for update;
  if not found then
    perform private.refuse('user_not_found');
  end if;
  if exists (
    select 1
    from public.user_roles ur
    join public.role_permissions rp on rp.role = ur.role
    where ur.user_id = target
      and not private.has_permission(auth.uid(), rp.permission)
  ) then
    perform private.refuse('cannot_ban_higher_staff');
  end if;
  if private.is_banned(target) then
    perform private.refuse('already_banned');
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
  'Bans a user after checking users.ban and rank (duration positive and at most 100 years, or null for good); sets auth.users.banned_until; audited. Returns the ban id.';

update private.error_codes
set message_en = 'A ban lasts a positive duration of at most 100 years, or for good.',
    message_ru = 'Бан длится положительный срок не более 100 лет или бессрочно.'
where code = 'invalid_duration';
