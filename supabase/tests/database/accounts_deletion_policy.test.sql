-- The deletion policy as a list: every foreign key to an account (auth.users or public.profiles,
-- which cascades from it) with its ON DELETE rule. A new table that stores a user cannot silently
-- block account deletion (NO ACTION / RESTRICT) or wrongly cascade (deleting shared records): it
-- fails here until its rule is added to this list and to docs/auth-and-profiles.md on purpose.
-- Rules: `cascade` for the person's own rows; `set null` for shared records that stay without them.
-- The referenced table is not part of a line (a column may move from auth.users to profiles).
begin;
select plan(4);

create temporary table expected_account_keys (key text) on commit drop;
insert into expected_account_keys values
  ('private.former_game_masters.user_id: cascade'),
  ('private.credit_pack_terms.set_by: set null'),
  ('private.offline_attempts.attempted_by: set null'),
  ('public.audit_log.actor_id: set null'),
  ('public.blocks.blocked_id: cascade'),
  ('public.blocks.blocker_id: cascade'),
  ('public.chat_members.user_id: cascade'),
  ('public.chats.created_by: set null'),
  ('public.city_leaderboard.user_id: cascade'),
  ('public.credit_ledger.created_by: set null'),
  ('public.credit_ledger.user_id: set null'),
  ('public.event_activity.actor_id: set null'),
  ('public.event_game_masters.added_by: set null'),
  ('public.event_game_masters.user_id: cascade'),
  ('public.event_teams.registered_by: set null'),
  ('public.events.organiser_id: set null'),
  ('public.favourites.user_id: cascade'),
  ('public.friend_requests.receiver_id: cascade'),
  ('public.friend_requests.sender_id: cascade'),
  ('public.friendships.user_high: cascade'),
  ('public.friendships.user_low: cascade'),
  ('public.merch_orders.user_id: set null'),
  ('public.messages.sender_id: set null'),
  ('public.notifications.user_id: cascade'),
  ('public.payments.user_id: set null'),
  ('public.profiles.id: cascade'),
  ('public.push_chat_mutes.user_id: cascade'),
  ('public.push_devices.user_id: cascade'),
  ('public.push_preferences.user_id: cascade'),
  ('public.quest_access_grants.user_id: cascade'),
  ('public.quest_leaderboard.user_id: cascade'),
  ('public.quest_runs.started_by: set null'),
  ('public.quest_runs.user_id: cascade'),
  ('public.quests.author_id: set null'),
  ('public.reviews.author_id: set null'),
  ('public.run_checkins.attempted_by: set null'),
  ('public.run_hints.taken_by: set null'),
  ('public.team_invitations.invited_by: set null'),
  ('public.team_invitations.user_id: cascade'),
  ('public.team_members.user_id: cascade'),
  ('public.team_positions.reported_by: set null'),
  ('public.team_run_members.user_id: cascade'),
  ('public.teams.created_by: set null'),
  ('public.unlock_requests.user_id: cascade'),
  ('public.user_bans.banned_by: set null'),
  ('public.user_bans.lifted_by: set null'),
  ('public.user_bans.user_id: cascade'),
  ('public.user_roles.granted_by: set null'),
  ('public.user_roles.user_id: cascade'),
  ('public.wallets.user_id: cascade');

create temporary table actual_account_keys on commit drop as
select format('%s.%s.%s: %s', n.nspname, c.relname, a.attname,
              case con.confdeltype when 'c' then 'cascade' when 'n' then 'set null' when 'd' then 'set default'
                                   when 'r' then 'restrict' else 'no action' end) as key,
       con.confdeltype, a.attnotnull
from pg_constraint con
join pg_class c on c.oid = con.conrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_attribute a on a.attrelid = c.oid and a.attnum = con.conkey[1]
where con.contype = 'f' and con.confrelid in ('auth.users'::regclass, 'public.profiles'::regclass)
  and n.nspname not in ('auth', 'storage');

select is(array(select key from actual_account_keys except select key from expected_account_keys order by 1), '{}',
  'every foreign key to an account is on the deletion policy list with its ON DELETE rule');
select is(array(select key from expected_account_keys except select key from actual_account_keys order by 1), '{}',
  'every foreign key on the list exists with that rule (the list is current)');
select is(array(select key from actual_account_keys where confdeltype = 'n' and attnotnull order by 1), '{}',
  'every `set null` column is nullable (otherwise deleting an account fails)');

-- A column that names a user must say what happens to it: a foreign key to an account.
select is(
  array(
    select format('%s.%s', c.relname, a.attname)
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.atttypid = 'uuid'::regtype
    where c.relkind in ('r', 'p')
      and a.attname ~ '^(user_id|user_low|user_high|author_id|sender_id|receiver_id|owner_id|actor_id|responder_id|blocker_id|blocked_id|buyer_id|member_id|[a-z]+_by)$'
      and not exists (select 1 from pg_constraint con
                      where con.conrelid = c.oid and con.contype = 'f' and con.conkey = array[a.attnum]
                        and con.confrelid in ('auth.users'::regclass, 'public.profiles'::regclass))
    order by 1),
  '{}', 'every column naming a user is a foreign key to an account (so the deletion policy covers it)');

select * from finish();
rollback;
