-- The guards every feature starts with, and the role and ban functions, refuse through the error
-- catalogue (private.refuse) instead of raising statuses of their own: same codes, now with their
-- Russian and English messages and params. Reasons longer than their column holds (1000) are an
-- invalid_parameter (private.require_max_length) instead of a raw check violation.

create or replace function private.require_active()
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if not private.is_active() then
    perform private.refuse('forbidden', jsonb_build_object('reason', 'not signed in, or banned'));
  end if;
end;
$$;
comment on function private.require_active() is 'Refuses 403 forbidden unless the caller is a signed-in user with no ban in force.';

create or replace function private.require_permission(requested public.app_permission)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if not private.authorize(requested) then
    perform private.refuse('forbidden', jsonb_build_object('permission', requested));
  end if;
end;
$$;
comment on function private.require_permission(public.app_permission) is
  'Refuses 403 forbidden (params: permission) unless the caller is active and holds the permission.';

create or replace function private.require_reason(reason text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  if coalesce(btrim(reason), '') = '' then
    perform private.refuse('reason_required');
  end if;
  return btrim(reason);
end;
$$;
comment on function private.require_reason(text) is 'Returns the trimmed reason, or refuses 400 reason_required when it is empty.';

create or replace function private.change_role(target uuid, changed_role public.app_role, grant_it boolean, reason text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  roles_before jsonb;
  changed integer;
begin
  perform private.require_permission('roles.manage');
  reason := private.require_max_length(private.require_reason(reason), 'reason', 1000);
  if target = auth.uid() then
    perform private.refuse('cannot_change_own_role');
  end if;
  if changed_role = 'user' then
    perform private.refuse('invalid_role');
  end if;
  if not exists (select 1 from auth.users u where u.id = target) then
    perform private.refuse('user_not_found');
  end if;

  select coalesce(jsonb_agg(ur.role order by ur.role), '[]') into roles_before
  from public.user_roles ur where ur.user_id = target;

  if grant_it then
    insert into public.user_roles (user_id, role, granted_by)
    values (target, changed_role, auth.uid())
    on conflict (user_id, role) do nothing;
  else
    delete from public.user_roles ur where ur.user_id = target and ur.role = changed_role;
  end if;
  get diagnostics changed = row_count;
  if changed = 0 and grant_it then
    perform private.refuse('role_already_held', jsonb_build_object('role', changed_role));
  elsif changed = 0 then
    perform private.refuse('role_not_held', jsonb_build_object('role', changed_role));
  end if;

  perform private.audit(
    case when grant_it then 'role.grant' else 'role.revoke' end,
    'public.user_roles', target::text, reason,
    jsonb_build_object('roles', roles_before),
    jsonb_build_object('roles', (select coalesce(jsonb_agg(ur.role order by ur.role), '[]')
                                 from public.user_roles ur where ur.user_id = target))
  );
end;
$$;
comment on function private.change_role(uuid, public.app_role, boolean, text) is
  'Grants or revokes a staff role after checking roles.manage, refusing self-changes; writes the audit row.';

create or replace function private.ban_user(target uuid, reason text, duration interval)
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
  reason := private.require_max_length(private.require_reason(reason), 'reason', 1000);
  if duration is not null and duration <= interval '0' then
    perform private.refuse('invalid_duration');
  end if;
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
  'Bans a user after checking users.ban and rank; sets auth.users.banned_until; audited. Returns the ban id.';

create or replace function private.unban_user(target uuid, reason text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  lifted public.user_bans;
begin
  perform private.require_permission('users.ban');
  reason := private.require_max_length(private.require_reason(reason), 'reason', 1000);
  update public.user_bans b
  set lifted_at = now(), lifted_by = auth.uid(), lift_reason = unban_user.reason
  where b.user_id = target
    and b.lifted_at is null
    and (b.banned_until is null or b.banned_until > now())
  returning b.* into lifted;
  if lifted.id is null then
    perform private.refuse('not_banned');
  end if;
  update auth.users u set banned_until = null where u.id = target;
  perform private.audit('user.unban', 'auth.users', target::text, reason,
    jsonb_build_object('ban_id', lifted.id, 'banned_until', lifted.banned_until), null);
end;
$$;
comment on function private.unban_user(uuid, text) is
  'Lifts the ban in force on a user after checking users.ban; clears auth.users.banned_until; audited.';
