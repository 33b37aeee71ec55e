-- Views for staff queues in Studio (and for the app's staff screens). security_invoker: they run
-- with the reader's rights, so RLS on the underlying tables decides what each reader sees
-- (lint 0010). No view reads auth.users (lint 0002).

create view public.staff_user_overview
with (security_invoker = true)
as
select
  p.id,
  p.username,
  p.display_name,
  p.city,
  p.created_at,
  coalesce((select array_agg(ur.role order by ur.role) from public.user_roles ur where ur.user_id = p.id),
           '{}'::public.app_role[]) as roles,
  b.id as ban_id,
  b.banned_at,
  b.banned_until,
  b.reason as ban_reason
from public.profiles p
left join lateral (
  select ub.id, ub.banned_at, ub.banned_until, ub.reason
  from public.user_bans ub
  where ub.user_id = p.id and ub.lifted_at is null and (ub.banned_until is null or ub.banned_until > now())
  order by ub.banned_at desc
  limit 1
) b on true;
comment on view public.staff_user_overview is
  'Staff queue: every user with their roles and the ban in force. Roles and bans show only to readers allowed to see them (users.ban / roles.manage); others see their own.';
comment on column public.staff_user_overview.roles is 'Staff roles held (empty = plain user), as visible to the reader.';
comment on column public.staff_user_overview.ban_id is 'The ban in force, if any.';
comment on column public.staff_user_overview.banned_at is 'When the ban in force started.';
comment on column public.staff_user_overview.banned_until is 'When it ends (null = for good, when ban_id is set).';
comment on column public.staff_user_overview.ban_reason is 'Why.';

create view public.active_bans
with (security_invoker = true)
as
select ub.id, ub.user_id, p.username, ub.reason, ub.banned_by, ub.banned_at, ub.banned_until
from public.user_bans ub
join public.profiles p on p.id = ub.user_id
where ub.lifted_at is null and (ub.banned_until is null or ub.banned_until > now());
comment on view public.active_bans is 'Staff queue: bans in force, newest first when ordered by banned_at desc. Visible to holders of users.ban (and to the banned user, their own).';
comment on column public.active_bans.user_id is 'The banned user.';
comment on column public.active_bans.username is 'Their username.';
comment on column public.active_bans.reason is 'Why.';
comment on column public.active_bans.banned_by is 'Who banned.';
comment on column public.active_bans.banned_at is 'Since when.';
comment on column public.active_bans.banned_until is 'Until when (null = for good).';

revoke all on public.staff_user_overview, public.active_bans from anon;
revoke insert, update, delete on public.staff_user_overview, public.active_bans from authenticated;
