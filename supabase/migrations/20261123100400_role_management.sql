-- Granting and revoking staff roles: only holders of roles.manage, never on themselves ("nobody
-- raises their own role"), always with a reason, always audited. The app calls the public
-- functions over RPC; they are security invoker and delegate to definer functions in `private`
-- that check the permission themselves.

create function private.change_role(target uuid, changed_role public.app_role, grant_it boolean, reason text)
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
  reason := private.require_reason(reason);
  if target = auth.uid() then
    raise exception using errcode = 'PT403', message = 'cannot_change_own_role', detail = 'Nobody changes their own roles.';
  end if;
  if changed_role = 'user' then
    raise exception using errcode = 'PT400', message = 'invalid_role', detail = 'Everyone is a user; grant moderator or admin.';
  end if;
  if not exists (select 1 from auth.users u where u.id = target) then
    raise exception using errcode = 'PT404', message = 'user_not_found', detail = 'No such user.';
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
  if changed = 0 then
    raise exception using errcode = 'PT409',
      message = case when grant_it then 'role_already_held' else 'role_not_held' end,
      detail = format('The user %s holds %s.', case when grant_it then 'already' else 'no longer' end, changed_role);
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
revoke execute on function private.change_role(uuid, public.app_role, boolean, text) from public;
grant execute on function private.change_role(uuid, public.app_role, boolean, text) to authenticated;

create function public.grant_role(target_user uuid, role public.app_role, reason text)
returns void
language sql
security invoker
set search_path = ''
as $$
  select private.change_role(target_user, role, true, reason);
$$;
comment on function public.grant_role(uuid, public.app_role, text) is
  'RPC: give a user a staff role (moderator or admin). Needs roles.manage; not on yourself; audited. Errors: forbidden, cannot_change_own_role, invalid_role, reason_required, user_not_found, role_already_held.';

create function public.revoke_role(target_user uuid, role public.app_role, reason text)
returns void
language sql
security invoker
set search_path = ''
as $$
  select private.change_role(target_user, role, false, reason);
$$;
comment on function public.revoke_role(uuid, public.app_role, text) is
  'RPC: take a staff role away. Needs roles.manage; not on yourself; audited. Errors: forbidden, cannot_change_own_role, invalid_role, reason_required, user_not_found, role_not_held.';

revoke execute on function public.grant_role(uuid, public.app_role, text), public.revoke_role(uuid, public.app_role, text)
  from public, anon;
grant execute on function public.grant_role(uuid, public.app_role, text), public.revoke_role(uuid, public.app_role, text)
  to authenticated;
