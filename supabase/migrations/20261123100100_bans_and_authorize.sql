-- The two questions every policy asks: is the caller an active (not banned) user, and does the
-- caller hold a permission? Both read tables, not token claims, so a ban or a revoked role bites
-- on the very next statement, whatever token the caller still holds.

create table public.user_bans (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  banned_by uuid references auth.users (id) on delete set null,
  reason text not null check (char_length(reason) between 1 and 1000),
  banned_at timestamptz not null default now(),
  banned_until timestamptz,
  lifted_at timestamptz,
  lifted_by uuid references auth.users (id) on delete set null,
  lift_reason text check (char_length(lift_reason) <= 1000),
  constraint user_bans_until_after_start check (banned_until is null or banned_until > banned_at)
);
comment on table public.user_bans is
  'Bans, current and past. A ban is in force while lifted_at is null and banned_until is null (for good) or in the future. Written only by public.ban_user / public.unban_user.';
comment on column public.user_bans.user_id is 'The banned user.';
comment on column public.user_bans.banned_by is 'The staff member who banned.';
comment on column public.user_bans.reason is 'Why, shown to the user.';
comment on column public.user_bans.banned_at is 'When the ban started.';
comment on column public.user_bans.banned_until is 'When it ends by itself; null = for good.';
comment on column public.user_bans.lifted_at is 'When staff lifted it early (unban); null while not lifted.';
comment on column public.user_bans.lifted_by is 'Who lifted it.';
comment on column public.user_bans.lift_reason is 'Why it was lifted.';

create index user_bans_in_force_idx on public.user_bans (user_id) where lifted_at is null;
create index user_bans_user_id_idx on public.user_bans (user_id, banned_at desc);
create index user_bans_banned_by_idx on public.user_bans (banned_by);
create index user_bans_lifted_by_idx on public.user_bans (lifted_by);

alter table public.user_bans enable row level security;
revoke all on public.user_bans from anon;
revoke insert, update, delete, truncate on public.user_bans from authenticated;

create function private.is_banned(target uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.user_bans b
    where b.user_id = target
      and b.lifted_at is null
      and (b.banned_until is null or b.banned_until > now())
  );
$$;
comment on function private.is_banned(uuid) is 'True while a ban on this user is in force.';

create function private.is_active()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select auth.uid() is not null and not private.is_banned(auth.uid());
$$;
comment on function private.is_active() is
  'True when the caller is a signed-in user with no ban in force. Every write policy calls it: a ban bites at once, even with an older token.';

create function private.has_permission(target uuid, permission public.app_permission)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.user_roles ur
    join public.role_permissions rp on rp.role = ur.role
    where ur.user_id = target
      and rp.permission = has_permission.permission
  );
$$;
comment on function private.has_permission(uuid, public.app_permission) is
  'True when that user holds the permission through one of their roles (ban state not considered).';

create function private.authorize(requested public.app_permission)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.is_active() and private.has_permission(auth.uid(), requested);
$$;
comment on function private.authorize(public.app_permission) is
  'True when the caller is active and holds the permission. Policies call it as (select private.authorize(''…'')).';

revoke execute on function private.is_banned(uuid), private.is_active(), private.has_permission(uuid, public.app_permission),
  private.authorize(public.app_permission) from public;
grant execute on function private.is_active(), private.authorize(public.app_permission)
  to anon, authenticated, service_role;

-- Who reads roles and bans. Nobody writes them through the API: see public.grant_role,
-- public.revoke_role, public.ban_user, public.unban_user.
create policy role_permissions_select on public.role_permissions
  for select to authenticated
  using (true);
comment on policy role_permissions_select on public.role_permissions is
  'The role × permission matrix is not a secret: the app shows staff what they may do.';

create policy user_roles_select on public.user_roles
  for select to authenticated
  using (
    user_id = (select auth.uid())
    or (select private.authorize('roles.manage'))
    or (select private.authorize('users.ban'))
  );
comment on policy user_roles_select on public.user_roles is
  'A user sees their own roles; staff who manage roles or ban users see everyone''s.';

create policy user_bans_select on public.user_bans
  for select to authenticated
  using (user_id = (select auth.uid()) or (select private.authorize('users.ban')));
comment on policy user_bans_select on public.user_bans is
  'A user (banned or not) sees their own bans and reasons; holders of users.ban see all.';

-- Guards the functions start with, so that refusals read the same everywhere.
create function private.require_active()
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if not private.is_active() then
    raise exception using errcode = 'PT403', message = 'forbidden', detail = 'Sign in with an account that is not banned.';
  end if;
end;
$$;
comment on function private.require_active() is 'Raises PT403 forbidden unless the caller is a signed-in user with no ban in force.';

create function private.require_permission(requested public.app_permission)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if not private.authorize(requested) then
    raise exception using errcode = 'PT403', message = 'forbidden',
      detail = format('This needs the %s permission (and an account that is not banned).', requested);
  end if;
end;
$$;
comment on function private.require_permission(public.app_permission) is
  'Raises PT403 forbidden unless the caller is active and holds the permission.';

create function private.require_reason(reason text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  if coalesce(btrim(reason), '') = '' then
    raise exception using errcode = 'PT400', message = 'reason_required', detail = 'Give a reason: it is recorded.';
  end if;
  return btrim(reason);
end;
$$;
comment on function private.require_reason(text) is 'Returns the trimmed reason, or raises PT400 reason_required when it is empty.';

revoke execute on function private.require_active(), private.require_permission(public.app_permission), private.require_reason(text) from public;
grant execute on function private.require_active(), private.require_permission(public.app_permission), private.require_reason(text)
  to authenticated, service_role;
