-- "My …" calls return the caller's own rows, whoever calls (staff included), and staff read other
-- people's with separate calls:
-- - public.my_profile: one row (.single()): the profile, roles and permissions, the ban in force
--   (reason and dates), the balance, play statistics and the best city rank: the profile screen
--   and the settings screen in one call;
-- - public.my_roles: the caller's staff roles;
-- - public.my_bans: the caller's bans, reason and dates only: who banned or lifted a ban is not
--   shown to the banned user (user_bans itself is now read by holders of users.ban only);
-- - staff: public.user_bans, public.user_roles, public.active_bans, public.staff_user_overview.

drop policy user_bans_select on public.user_bans;
create policy user_bans_select on public.user_bans
  for select to authenticated
  using ((select private.authorize('users.ban')));
comment on policy user_bans_select on public.user_bans is
  'Holders of users.ban read every ban with who banned and lifted it. Users read their own through my_bans (reason and dates only).';

create function private.my_bans()
returns table (id uuid, reason text, banned_at timestamptz, banned_until timestamptz, lifted_at timestamptz, in_force boolean)
language sql
stable
security definer
set search_path = ''
as $$
  select b.id, b.reason, b.banned_at, b.banned_until, b.lifted_at,
         b.lifted_at is null and (b.banned_until is null or b.banned_until > now())
  from public.user_bans b
  where b.user_id = auth.uid()
  order by b.banned_at desc;
$$;
comment on function private.my_bans() is 'The caller''s bans, reason and dates only (never who banned or lifted them).';
revoke execute on function private.my_bans() from public;
grant execute on function private.my_bans() to authenticated;

create view public.my_bans
with (security_invoker = true)
as
select b.id, b.reason, b.banned_at, b.banned_until, b.lifted_at, b.in_force
from private.my_bans() b;
comment on view public.my_bans is 'The caller''s own bans, newest first: reason and dates (who banned is not shown). Banned users read it too.';
comment on column public.my_bans.reason is 'Why (written by staff for the user).';
comment on column public.my_bans.banned_at is 'Since when.';
comment on column public.my_bans.banned_until is 'Until when (null = for good).';
comment on column public.my_bans.lifted_at is 'When staff lifted it early (null = not lifted).';
comment on column public.my_bans.in_force is 'True while the ban applies.';

create view public.my_roles
with (security_invoker = true)
as
select r.role, r.granted_at
from public.user_roles r
where r.user_id = (select auth.uid());
comment on view public.my_roles is 'The caller''s own staff roles (empty for plain users), whoever calls.';
comment on column public.my_roles.role is 'moderator or admin.';
comment on column public.my_roles.granted_at is 'Since when.';

-- Play statistics as the play feature counts them (private.run_counts) and the best city rank
-- from the one rank function of the leaderboards (private.leaderboard_rank).
create function private.my_play_stats(out runs_completed integer, out quests_completed integer, out total_score integer,
  out best_city text, out best_city_rank integer, out best_city_score integer)
returns record
language sql
stable
security definer
set search_path = ''
as $$
  select
    (select count(*)::integer from public.quest_runs r
     where r.user_id = auth.uid() and private.run_counts(r.status, r.practice, r.review_state)),
    (select count(*)::integer from public.quest_leaderboard l where l.user_id = auth.uid()),
    (select coalesce(sum(l.best_score), 0)::integer from public.quest_leaderboard l where l.user_id = auth.uid()),
    best.city, best.rank, best.total_score
  from (select 1) one
  left join lateral (
    select c.city, c.total_score,
           private.leaderboard_rank('city', c.city, c.total_score, c.total_duration_s, c.user_id) as rank
    from public.city_leaderboard c
    where c.user_id = auth.uid()
    order by 3, c.total_score desc, c.city
    limit 1
  ) best on true;
$$;
comment on function private.my_play_stats() is
  'The caller''s play statistics: counting completed runs, quests on a leaderboard, their total best score, and the city where they rank best (rank by private.leaderboard_rank).';
revoke execute on function private.my_play_stats() from public;
grant execute on function private.my_play_stats() to authenticated;

create view public.my_profile
with (security_invoker = true)
as
select
  p.id,
  p.username,
  p.display_name,
  p.avatar_path,
  p.bio,
  p.city,
  p.locale,
  p.created_at,
  p.updated_at,
  coalesce((select array_agg(r.role order by r.role) from public.user_roles r where r.user_id = p.id), '{}') as roles,
  coalesce((select array_agg(distinct rp.permission order by rp.permission)
            from public.user_roles r join public.role_permissions rp on rp.role = r.role where r.user_id = p.id), '{}') as permissions,
  ban.id is not null as banned,
  ban.reason as ban_reason,
  ban.banned_until,
  coalesce((select w.balance from public.wallets w where w.user_id = p.id), 0) as balance,
  stats.runs_completed,
  stats.quests_completed,
  stats.total_score,
  stats.best_city,
  stats.best_city_rank,
  stats.best_city_score
from public.profiles p
left join lateral (select b.id, b.reason, b.banned_until from private.my_bans() b where b.in_force limit 1) ban on true
cross join lateral private.my_play_stats() stats
where p.id = (select auth.uid());
comment on view public.my_profile is
  'The caller''s profile screen (and settings) in one row: profile, roles, permissions, ban in force, balance, play statistics, best city rank. One row for a signed-in user: .single() works.';
comment on column public.my_profile.roles is 'Staff roles held (empty for plain users).';
comment on column public.my_profile.permissions is 'Permissions those roles give (show staff screens by these).';
comment on column public.my_profile.banned is 'A ban is in force.';
comment on column public.my_profile.ban_reason is 'Why (while banned).';
comment on column public.my_profile.banned_until is 'Until when (while banned; null with banned = for good).';
comment on column public.my_profile.balance is 'Credits.';
comment on column public.my_profile.runs_completed is 'Completed runs that count (not practice, not flagged or voided), replays included.';
comment on column public.my_profile.quests_completed is 'Distinct quests on a leaderboard (completed for a result).';
comment on column public.my_profile.total_score is 'Sum of the best scores over those quests.';
comment on column public.my_profile.best_city is 'The city where the caller ranks best (null before a first ranked completion).';
comment on column public.my_profile.best_city_rank is 'Their rank there (1 = first): score desc, then time asc.';
comment on column public.my_profile.best_city_score is 'Their total score there.';

-- Staff: every user with roles and the ban in force (who banned included), for holders of
-- users.ban or roles.manage only (empty for everyone else). A user's wallet: public.staff_wallet.
drop view public.staff_user_overview;
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
  b.reason as ban_reason,
  b.banned_by,
  (select count(*)::integer from public.user_bans ub where ub.user_id = p.id) as bans_total
from public.profiles p
left join lateral (
  select ub.id, ub.banned_at, ub.banned_until, ub.reason, ub.banned_by
  from public.user_bans ub
  where ub.user_id = p.id and ub.lifted_at is null and (ub.banned_until is null or ub.banned_until > now())
  order by ub.banned_at desc
  limit 1
) b on true
where (select private.authorize('users.ban')) or (select private.authorize('roles.manage'));
comment on view public.staff_user_overview is
  'Staff users screen (users.ban or roles.manage; empty for others): every user with roles, the ban in force and who banned, bans so far. Filter and page with PostgREST: .ilike(''username'', ''al%'').order(''created_at''). Their wallet: staff_wallet(user_id).';
comment on column public.staff_user_overview.roles is 'Staff roles held (empty = plain user).';
comment on column public.staff_user_overview.ban_id is 'The ban in force, if any.';
comment on column public.staff_user_overview.banned_at is 'When the ban in force started.';
comment on column public.staff_user_overview.banned_until is 'When it ends (null = for good, when ban_id is set).';
comment on column public.staff_user_overview.ban_reason is 'Why.';
comment on column public.staff_user_overview.banned_by is 'Who banned (null once that account was deleted).';
comment on column public.staff_user_overview.bans_total is 'Bans so far, lifted and expired included.';

comment on view public.active_bans is 'Staff queue (users.ban): bans in force with who banned, newest first when ordered by banned_at desc.';

revoke all on public.my_profile, public.my_roles, public.my_bans, public.staff_user_overview from anon;
grant select on public.my_profile, public.my_roles, public.my_bans, public.staff_user_overview to authenticated;
