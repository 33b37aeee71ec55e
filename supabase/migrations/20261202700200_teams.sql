-- Teams (issue 14): a name, an owner, members (up to the team's max_members, 2 to the configured
-- maximum), joined by a friend's invitation or by a short join code; leave, remove, hand over,
-- disband. One function per operation, one guard per rule:
--   - who: active users only (private.require_active); the owner alone invites, removes, hands over,
--     renews the code, edits and disbands (not_team_owner); a team one is not in is team_not_found
--     (its existence is not revealed);
--   - invitations go to friends only (the social guard private.require_may_talk: user_not_found,
--     blocked, not_friends); nobody joins a team in which someone blocked them or whom they blocked
--     (blocked); a full team refuses (team_full, under the team's row lock, so joins racing at the cap
--     end with exactly max_members); events add their own conflicts (private.team_member_conflict,
--     extended by 20261202700300_events.sql);
--   - the join code is 8 characters from 32 unambiguous ones (2^40 codes); an unknown code is an
--     answer ({joined: false, refusal: 'join_code_not_found'}), not an error, so that every guess is
--     counted by the teams.join rate limit (an error would roll the count back);
--   - the team chat is a group chat of the chats module bound to the team (teams.chat_id): its
--     members are exactly the team's (kept by the team functions; a trigger on chat_members refuses
--     any other change with team_chat_membership), its owner the team's owner; messages, reads,
--     Realtime (chat:<id>, chat-live:<id>) and pushes are the chat module's own;
--   - team events go out on team:<team id> (database-only: see 20261202700800_team_realtime_topics.sql).
-- A disbanded team keeps its row (name, results of its runs and events) without members, code or chat.

insert into private.error_codes (code, http_status, message_en, message_ru) values
  ('team_not_found', 404, 'No such team (or you are not in it).', 'Такой команды нет (или вы в ней не состоите).'),
  ('not_team_owner', 403, 'Only the team''s owner can do this.', 'Это может только владелец команды.'),
  ('team_full', 409, 'This team already has its {max} members.', 'В команде уже {max} участников.'),
  ('already_team_member', 409, 'Already a member of this team.', 'Уже в этой команде.'),
  ('already_invited', 409, 'This user already has an invitation to the team.', 'Этот пользователь уже приглашён в команду.'),
  ('invitation_not_found', 404, 'No such invitation.', 'Такого приглашения нет.'),
  ('join_code_not_found', 404, 'No team or event has this code.', 'Нет команды или события с таким кодом.'),
  ('team_busy', 409, 'The team is playing, or registered for an event that has not ended.', 'Команда играет или записана на незавершённое событие.'),
  ('team_chat_membership', 409, 'The team chat follows the team: join or leave the team instead.', 'Состав чата команды совпадает с командой: вступите в команду или покиньте её.');

insert into private.rate_limits (action, max_hits, per, description) values
  ('teams.create', 10, interval '1 day', 'Teams a user creates (each one creates a group chat).'),
  ('teams.invite', 30, interval '1 hour', 'Team invitations a user sends (each one notifies a friend).'),
  ('teams.join', 10, interval '1 hour', 'Join-code attempts, right or wrong (2^40 codes: no guessing).'),
  ('teams.update', 30, interval '1 hour', 'Changes of a team''s name or size, and new join codes.');

insert into private.play_settings (name, value, description) values
  ('team_max_members', 10, 'Largest max_members a team may have (teams have 2 to this many members).');
comment on table private.play_settings is
  'Numbers of the play rules (check-in tolerances and thresholds, team sizes, position keeping). Tunable in Studio; documented in docs/play-and-credits.md and docs/teams-and-events.md.';

create type public.team_role as enum ('owner', 'member');
comment on type public.team_role is 'owner (one per team: invites, removes, hands over, disbands) or member.';

create table public.teams (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(name) between 1 and 64),
  max_members integer not null default 5 check (max_members between 2 and 100),
  join_code text unique check (join_code ~ '^[A-HJ-NP-Z2-9]{8}$'),
  chat_id uuid references public.chats (id) on delete set null,
  created_by uuid references public.profiles (id) on delete set null,
  disbanded_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.teams is
  'Teams of players. Written only by the team functions (create_team, update_team, …); members read their teams. A disbanded team keeps its row (results) without members, code or chat.';
comment on column public.teams.name is 'Name (1–64 characters, trimmed, no control characters).';
comment on column public.teams.max_members is 'Most members (2 to the play setting team_max_members); events may cap it lower.';
comment on column public.teams.join_code is 'Code to join without an invitation (8 characters, members see it; null once disbanded).';
comment on column public.teams.chat_id is 'The team''s group chat (members = the team''s members).';
comment on column public.teams.created_by is 'Who created it.';
comment on column public.teams.disbanded_at is 'When the owner disbanded it (or its last member left).';
create index teams_chat_id_idx on public.teams (chat_id);
create index teams_created_by_idx on public.teams (created_by);
create trigger touch_updated_at before update on public.teams for each row execute function private.touch_updated_at();

create table public.team_members (
  team_id uuid not null references public.teams (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  role public.team_role not null default 'member',
  joined_at timestamptz not null default now(),
  primary key (team_id, user_id)
);
comment on table public.team_members is 'Current members of each team; a member who leaves or is removed loses their row.';
comment on column public.team_members.team_id is 'The team.';
comment on column public.team_members.user_id is 'The member.';
comment on column public.team_members.role is 'owner or member.';
comment on column public.team_members.joined_at is 'When they joined.';
create index team_members_user_id_idx on public.team_members (user_id, joined_at desc, team_id);
create unique index team_members_one_owner_idx on public.team_members (team_id) where role = 'owner';

create table public.team_invitations (
  team_id uuid not null references public.teams (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  invited_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (team_id, user_id)
);
comment on table public.team_invitations is 'Pending invitations to join a team, sent by its owner to a friend; gone once accepted or declined.';
comment on column public.team_invitations.team_id is 'The team.';
comment on column public.team_invitations.user_id is 'Who is invited.';
comment on column public.team_invitations.invited_by is 'The owner who invited them.';
create index team_invitations_user_id_idx on public.team_invitations (user_id, created_at desc, team_id);
create index team_invitations_invited_by_idx on public.team_invitations (invited_by);

alter table public.teams enable row level security;
alter table public.team_members enable row level security;
alter table public.team_invitations enable row level security;
revoke all on public.teams, public.team_members, public.team_invitations from anon;
revoke insert, update, delete, truncate on public.teams, public.team_members, public.team_invitations from authenticated;

-- Membership helpers (policies, Realtime, every team function).
create function private.team_role_of(team uuid, member uuid)
returns public.team_role
language sql
stable
security definer
set search_path = ''
as $$
  select m.role from public.team_members m where m.team_id = team and m.user_id = member;
$$;
comment on function private.team_role_of(uuid, uuid) is 'The role of a user in a team, or null when not a member.';

create function private.is_team_member(team uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.team_members m where m.team_id = team and m.user_id = auth.uid());
$$;
comment on function private.is_team_member(uuid) is 'True when the caller is a current member of the team.';

create function private.my_team_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select m.team_id from public.team_members m where m.user_id = auth.uid();
$$;
comment on function private.my_team_ids() is 'The teams the caller is a member of (evaluated once per statement by the team read policies).';
revoke execute on function private.team_role_of(uuid, uuid), private.is_team_member(uuid), private.my_team_ids() from public;
grant execute on function private.team_role_of(uuid, uuid), private.is_team_member(uuid), private.my_team_ids() to authenticated;

create policy teams_select on public.teams for select to authenticated using (id in (select private.my_team_ids()));
comment on policy teams_select on public.teams is 'Members read their teams (code included).';
create policy team_members_select on public.team_members for select to authenticated using (team_id in (select private.my_team_ids()));
comment on policy team_members_select on public.team_members is 'Members see who else is in their teams.';
create policy team_invitations_select on public.team_invitations for select to authenticated
  using (user_id = (select auth.uid()) or private.team_role_of(team_id, (select auth.uid())) = 'owner');
comment on policy team_invitations_select on public.team_invitations is 'The invitee and the team''s owner see an invitation.';

-- A list page {items, next_cursor} from up to page_size + 1 ordered items, each with its cursor.
create function private.list_page(items jsonb, page_size integer)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select jsonb_build_object(
    'items', coalesce((select jsonb_agg(e.value order by e.n) from jsonb_array_elements(items) with ordinality e (value, n)
                       where e.n <= page_size), '[]'::jsonb),
    'next_cursor', case when jsonb_array_length(items) > page_size then items -> (page_size - 1) -> 'cursor' end);
$$;
comment on function private.list_page(jsonb, integer) is
  'A list page {items, next_cursor} (the list convention of docs/teams-and-events.md) from up to page_size + 1 ordered items that carry their own `cursor`: the extra item only says that a next page exists.';

-- Who the team's owner is, or the refusal.
create function private.require_team_role(team uuid, owner_only boolean)
returns public.team_role
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  found_role public.team_role := private.team_role_of(team, auth.uid());
begin
  perform private.require_active();
  if found_role is null then
    perform private.refuse('team_not_found');
  end if;
  if owner_only and found_role <> 'owner' then
    perform private.refuse('not_team_owner');
  end if;
  return found_role;
end;
$$;
comment on function private.require_team_role(uuid, boolean) is
  'The caller''s role in the team; refuses forbidden (banned), team_not_found (not a member) or, with owner_only, not_team_owner.';

create function private.join_code_taken(code text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.teams t where t.join_code = code);
$$;
comment on function private.join_code_taken(text) is 'True when a team holds this join code (events add theirs: 20261202700300_events.sql).';

create function private.new_join_code()
returns text
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  alphabet constant text := 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  code text;
begin
  loop
    select string_agg(substr(alphabet, get_byte(b.bytes, i) % 32 + 1, 1), '' order by i) into code
    from (select extensions.gen_random_bytes(8) as bytes) b, generate_series(0, 7) i;
    exit when not private.join_code_taken(code);
  end loop;
  return code;
end;
$$;
comment on function private.new_join_code() is
  'A fresh join code: 8 characters from the 32 unambiguous letters and digits (no I, O, 0, 1), unused by any team or event.';

-- The team's topic (members and the game masters of its events receive; the database sends).
create function private.team_broadcast(team uuid, event text, payload jsonb)
returns void
language sql
security definer
set search_path = ''
as $$
  select private.broadcast('team:' || team::text, event, jsonb_build_object('team_id', team) || payload);
$$;
comment on function private.team_broadcast(uuid, text, jsonb) is 'Broadcasts a team event on team:<team id> (database-only), the payload with team_id.';

-- Reasons a user cannot be in this team that other features add (events: game masters, a second
-- team in one event, the quest''s author): null when none. Extended by the events migration.
create function private.team_member_conflict(team uuid, member uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select null::text;
$$;
comment on function private.team_member_conflict(uuid, uuid) is
  'Why this user may not be a member of this team because of what the team takes part in (null: no reason). Replaced by the events migration.';

-- The team chat follows the team.
create function private.guard_team_chat_membership()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  team public.teams;
  member uuid := coalesce(new.user_id, old.user_id);
begin
  select * into team from public.teams t where t.chat_id = coalesce(new.chat_id, old.chat_id);
  if team.id is null then
    return coalesce(new, old);
  end if;
  if tg_op = 'INSERT' then
    if private.team_role_of(team.id, member) is null then
      perform private.refuse('team_chat_membership');
    end if;
  elsif private.team_role_of(team.id, member) is not null
        and exists (select 1 from public.profiles p where p.id = member)
        and exists (select 1 from public.chats c where c.id = old.chat_id) then
    perform private.refuse('team_chat_membership');  -- a member leaves the team, not its chat
  end if;
  return coalesce(new, old);
end;
$$;
comment on function private.guard_team_chat_membership() is
  'Trigger on chat_members: in a team''s chat, only the team''s members join and only people who left the team leave (team_chat_membership); account deletion and chat deletion pass.';
create trigger guard_team_chat_membership before insert or delete on public.chat_members
  for each row execute function private.guard_team_chat_membership();

-- Team chat roles follow the team: its owner owns the chat, everybody else is a member.
create function private.sync_team_chat(team uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  chat uuid := (select t.chat_id from public.teams t where t.id = team);
begin
  if chat is null then
    return;
  end if;
  insert into public.chat_members (chat_id, user_id, role)
  select chat, m.user_id, case m.role when 'owner' then 'owner'::public.chat_member_role else 'member' end
  from public.team_members m
  where m.team_id = team and not exists (select 1 from public.chat_members c where c.chat_id = chat and c.user_id = m.user_id);
  delete from public.chat_members c
  where c.chat_id = chat and not exists (select 1 from public.team_members m where m.team_id = team and m.user_id = c.user_id);
  -- Demote first, then promote: a chat has one owner at a time.
  update public.chat_members c set role = 'member'
  where c.chat_id = chat and c.role <> 'member'
    and private.team_role_of(team, c.user_id) is distinct from 'owner';
  update public.chat_members c set role = 'owner'
  where c.chat_id = chat and c.role <> 'owner' and private.team_role_of(team, c.user_id) = 'owner';
end;
$$;
comment on function private.sync_team_chat(uuid) is 'Makes the team chat''s members and roles those of the team (owner = owner, the rest members).';

-- Adding a member (invitation accepted or code): caps, blocks, conflicts, the chat, the broadcast.
create function private.add_team_member(team uuid, member uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  locked public.teams;
  members integer;
  cap integer;
  conflict text;
begin
  -- One addition at a time per team: the cap holds under concurrency.
  select * into locked from public.teams t where t.id = team and t.disbanded_at is null for update;
  if locked.id is null then
    perform private.refuse('team_not_found');
  end if;
  if private.team_role_of(team, member) is not null then
    perform private.refuse('already_team_member');
  end if;
  if exists (select 1 from public.team_members m where m.team_id = team and private.is_blocked_between(member, m.user_id)) then
    perform private.refuse('blocked');
  end if;
  conflict := private.team_member_conflict(team, member);
  if conflict is not null then
    perform private.refuse(conflict);
  end if;
  select count(*) into members from public.team_members m where m.team_id = team;
  cap := private.team_capacity(team);
  if members >= cap then
    perform private.refuse('team_full', jsonb_build_object('max', cap));
  end if;
  insert into public.team_members (team_id, user_id, role) values (team, member, 'member');
  delete from public.team_invitations i where i.team_id = team and i.user_id = member;
  perform private.sync_team_chat(team);
  perform private.team_broadcast(team, 'member_joined',
    jsonb_build_object('user', private.public_profile(member), 'role', 'member', 'members', members + 1));
end;
$$;
comment on function private.add_team_member(uuid, uuid) is
  'Adds a user to a team under its row lock: team_not_found (disbanded), already_team_member, blocked (with any member), the conflicts of private.team_member_conflict, team_full; joins the team chat; broadcasts member_joined.';

-- The most members the team may have now (events cap it further: replaced by the events migration).
create function private.team_capacity(team uuid)
returns integer
language sql
stable
security definer
set search_path = ''
as $$
  select t.max_members from public.teams t where t.id = team;
$$;
comment on function private.team_capacity(uuid) is 'The most members a team may have now: its max_members (lowered by the events it is registered for).';

-- A member leaves by any path (leave, removal, disband, account deletion): ownership passes to the
-- longest-standing member, the chat follows, the last one out disbands the team.
create function private.team_member_left()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  heir uuid;
begin
  if not exists (select 1 from public.teams t where t.id = old.team_id) then
    return null;  -- the team itself is being deleted
  end if;
  if old.role = 'owner' and not exists (select 1 from public.team_members m where m.team_id = old.team_id and m.role = 'owner') then
    select m.user_id into heir from public.team_members m where m.team_id = old.team_id order by m.joined_at, m.user_id limit 1;
    if heir is not null then
      update public.team_members m set role = 'owner' where m.team_id = old.team_id and m.user_id = heir;
      perform private.team_broadcast(old.team_id, 'owner_changed', jsonb_build_object('owner', private.public_profile(heir)));
    end if;
  end if;
  perform private.sync_team_chat(old.team_id);
  perform private.team_broadcast(old.team_id, 'member_left', jsonb_build_object('user_id', old.user_id));
  if not exists (select 1 from public.team_members m where m.team_id = old.team_id) then
    update public.teams t set disbanded_at = now(), join_code = null where t.id = old.team_id;
    delete from public.team_invitations i where i.team_id = old.team_id;
  end if;
  return null;
end;
$$;
comment on function private.team_member_left() is
  'Trigger: a member left (leave, removal, disband, account deletion): the longest-standing member becomes owner if the owner went, the chat follows, member_left is broadcast on team:<id>; the last one out disbands the team.';
create trigger team_member_left after delete on public.team_members for each row execute function private.team_member_left();

create function private.drop_team_member(team uuid, member uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.team_members m where m.team_id = team and m.user_id = member;
  if not found then
    perform private.refuse('member_not_found');
  end if;
end;
$$;
comment on function private.drop_team_member(uuid, uuid) is 'Removes a member of a team (private.team_member_left does the rest), or member_not_found.';

create function private.check_team_name(name text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  trimmed text := nullif(btrim(name), '');
begin
  perform private.check_length('name', trimmed, 1, 64);
  if trimmed ~ '[[:cntrl:]]' then
    perform private.refuse('invalid_characters', jsonb_build_object('field', 'name'));
  end if;
  return trimmed;
end;
$$;
comment on function private.check_team_name(text) is 'A team name trimmed, 1–64 characters without control characters (field_required, invalid_length, invalid_characters).';

create function private.check_team_size(max_members integer)
returns integer
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.check_range('max_members', max_members, 2, private.play_setting('team_max_members'));
  return max_members;
end;
$$;
comment on function private.check_team_size(integer) is 'max_members between 2 and the team_max_members setting (field_required, out_of_range).';

-- The operations.
create function private.create_team(name text, max_members integer)
returns public.teams
language plpgsql
security definer
set search_path = ''
as $$
declare
  team public.teams;
  chat uuid;
begin
  perform private.require_active();
  name := private.check_team_name(name);
  max_members := private.check_team_size(max_members);
  perform private.throttle('teams.create');
  insert into public.chats (kind, title, created_by) values ('group', name, auth.uid()) returning id into chat;
  insert into public.teams (name, max_members, join_code, chat_id, created_by)
  values (name, max_members, private.new_join_code(), chat, auth.uid())
  returning * into team;
  insert into public.team_members (team_id, user_id, role) values (team.id, auth.uid(), 'owner');
  perform private.sync_team_chat(team.id);
  return team;
end;
$$;
comment on function private.create_team(text, integer) is
  'A new team owned by the caller, with its join code and its group chat. Refuses forbidden, field_required, invalid_length, invalid_characters, out_of_range, rate_limited.';

create function private.update_team(team uuid, name text, max_members integer)
returns public.teams
language plpgsql
security definer
set search_path = ''
as $$
declare
  updated public.teams;
  members integer;
begin
  perform private.require_team_role(team, true);
  select * into updated from public.teams t where t.id = team for update;
  if name is not null then
    name := private.check_team_name(name);
  end if;
  if max_members is not null then
    max_members := private.check_team_size(max_members);
    select count(*) into members from public.team_members m where m.team_id = team;
    if max_members < members then
      perform private.refuse('out_of_range', jsonb_build_object('field', 'max_members', 'min', members, 'max', private.play_setting('team_max_members')));
    end if;
  end if;
  perform private.throttle('teams.update');
  update public.teams t set name = coalesce(update_team.name, t.name), max_members = coalesce(update_team.max_members, t.max_members)
  where t.id = team
  returning * into updated;
  if update_team.name is not null then
    update public.chats c set title = updated.name where c.id = updated.chat_id and c.title is distinct from updated.name;
  end if;
  perform private.team_broadcast(team, 'team_updated', jsonb_build_object('name', updated.name, 'max_members', updated.max_members));
  return updated;
end;
$$;
comment on function private.update_team(uuid, text, integer) is
  'The owner renames the team (its chat follows) and/or changes max_members (not below the current members). Refuses forbidden, team_not_found, not_team_owner, the field codes, rate_limited.';

create function private.renew_team_code(team uuid)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  code text;
begin
  perform private.require_team_role(team, true);
  perform private.throttle('teams.update');
  update public.teams t set join_code = private.new_join_code() where t.id = team returning t.join_code into code;
  return code;
end;
$$;
comment on function private.renew_team_code(uuid) is 'The owner replaces the join code (the old one stops working at once).';

create function private.invite_to_team(team uuid, invitee uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  members integer;
  cap integer;
  team_name text;
begin
  perform private.require_team_role(team, true);
  if invitee is null or invitee = auth.uid() then
    perform private.refuse('invalid_member');
  end if;
  perform private.require_may_talk(invitee);
  if private.team_role_of(team, invitee) is not null then
    perform private.refuse('already_team_member');
  end if;
  if exists (select 1 from public.team_invitations i where i.team_id = team and i.user_id = invitee) then
    perform private.refuse('already_invited');
  end if;
  select count(*) into members from public.team_members m where m.team_id = team;
  cap := private.team_capacity(team);
  if members >= cap then
    perform private.refuse('team_full', jsonb_build_object('max', cap));
  end if;
  perform private.throttle('teams.invite');
  insert into public.team_invitations (team_id, user_id, invited_by) values (team, invitee, auth.uid());
  select t.name into team_name from public.teams t where t.id = team;
  perform private.notify(invitee, 'team_invite',
    jsonb_build_object('team_id', team, 'team_name', team_name, 'by', auth.uid()) || (private.public_profile(auth.uid()) - 'id'));
end;
$$;
comment on function private.invite_to_team(uuid, uuid) is
  'The owner invites a friend (notified: team_invite). Refuses forbidden, team_not_found, not_team_owner, invalid_member, user_not_found, blocked, not_friends, already_team_member, already_invited, team_full, rate_limited.';

create function private.accept_team_invite(team uuid)
returns public.teams
language plpgsql
security definer
set search_path = ''
as $$
declare
  accepted public.teams;
begin
  perform private.require_active();
  if not exists (select 1 from public.team_invitations i where i.team_id = team and i.user_id = auth.uid()) then
    perform private.refuse('invitation_not_found');
  end if;
  perform private.add_team_member(team, auth.uid());
  select * into accepted from public.teams t where t.id = team;
  return accepted;
end;
$$;
comment on function private.accept_team_invite(uuid) is
  'The invitee joins the team (the refusals of private.add_team_member apply). Refuses forbidden, invitation_not_found, team_not_found, already_team_member, blocked, team_full, event conflicts.';

create function private.decline_team_invite(team uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.team_invitations i where i.team_id = team and i.user_id = auth.uid();
  if not found then
    perform private.refuse('invitation_not_found');
  end if;
end;
$$;
comment on function private.decline_team_invite(uuid) is 'The invitee declines (the invitation is deleted; the owner is not told). Refuses invitation_not_found.';

create function private.join_team(join_code text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  team public.teams;
begin
  perform private.require_active();
  perform private.require_max_length(join_code, 'join_code', 32);
  perform private.throttle('teams.join');
  select * into team from public.teams t
  where t.join_code = upper(btrim(join_team.join_code)) and t.disbanded_at is null;
  if team.id is null then
    -- An answer, not an error: the rate limit keeps counting the guess.
    return jsonb_build_object('joined', false, 'refusal', 'join_code_not_found', 'team', null);
  end if;
  perform private.add_team_member(team.id, auth.uid());
  return jsonb_build_object('joined', true, 'refusal', null, 'team', private.team_card(team.id));
end;
$$;
comment on function private.join_team(text) is
  'Joins the team with this code: {joined, refusal, team}. An unknown code is an answer (joined false, refusal join_code_not_found) so the teams.join rate limit counts it; the refusals of private.add_team_member are errors.';

create function private.leave_team(team uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.require_team_role(team, false);
  perform 1 from public.teams t where t.id = team for update;
  perform private.drop_team_member(team, auth.uid());
end;
$$;
comment on function private.leave_team(uuid) is
  'The caller leaves the team (an owner hands it to the longest-standing member; the last one out disbands it). Refuses forbidden, team_not_found.';

create function private.remove_team_member(team uuid, member uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  team_name text;
begin
  perform private.require_team_role(team, true);
  if member is null or member = auth.uid() then
    perform private.refuse('invalid_member');  -- leave_team is the way out
  end if;
  select t.name into team_name from public.teams t where t.id = team for update;
  perform private.drop_team_member(team, member);
  perform private.notify(member, 'team_removed', jsonb_build_object('team_id', team, 'team_name', team_name, 'by', auth.uid()));
end;
$$;
comment on function private.remove_team_member(uuid, uuid) is
  'The owner removes a member (notified: team_removed). Refuses forbidden, team_not_found, not_team_owner, invalid_member, member_not_found.';

create function private.transfer_team_ownership(team uuid, member uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.require_team_role(team, true);
  if member is null or member = auth.uid() then
    perform private.refuse('invalid_member');
  end if;
  perform 1 from public.teams t where t.id = team for update;
  if private.team_role_of(team, member) is null then
    perform private.refuse('member_not_found');
  end if;
  update public.team_members m set role = 'member' where m.team_id = team and m.user_id = auth.uid();
  update public.team_members m set role = 'owner' where m.team_id = team and m.user_id = member;
  perform private.sync_team_chat(team);
  perform private.team_broadcast(team, 'owner_changed', jsonb_build_object('owner', private.public_profile(member)));
end;
$$;
comment on function private.transfer_team_ownership(uuid, uuid) is
  'The owner hands the team (and its chat) to another member. Refuses forbidden, team_not_found, not_team_owner, invalid_member, member_not_found.';

-- Whether the team is playing or signed up for something that has not ended (replaced by the
-- team runs and events migrations).
create function private.team_is_busy(team uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select false;
$$;
comment on function private.team_is_busy(uuid) is 'True while the team has a run in progress or is registered for an event that has not ended (then it cannot be disbanded).';

create function private.disband_team(team uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  member uuid;
begin
  perform private.require_team_role(team, true);
  perform 1 from public.teams t where t.id = team for update;
  if private.team_is_busy(team) then
    perform private.refuse('team_busy');
  end if;
  perform private.team_broadcast(team, 'team_disbanded', '{}'::jsonb);
  for member in select m.user_id from public.team_members m where m.team_id = team and m.role = 'member' loop
    perform private.drop_team_member(team, member);
  end loop;
  perform private.drop_team_member(team, auth.uid());
end;
$$;
comment on function private.disband_team(uuid) is
  'The owner disbands the team: members, invitations, code and chat go; the row and its results stay. Refuses forbidden, team_not_found, not_team_owner, team_busy.';

-- Screens.
create function private.team_card(team uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object('id', t.id, 'name', t.name, 'max_members', t.max_members,
    'member_count', (select count(*) from public.team_members m where m.team_id = t.id),
    'chat_id', t.chat_id, 'join_code', t.join_code, 'disbanded_at', t.disbanded_at)
  from public.teams t where t.id = team;
$$;
comment on function private.team_card(uuid) is 'A team as its members see it in lists: {id, name, max_members, member_count, chat_id, join_code, disbanded_at}.';

create function private.my_teams(after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  size integer := private.require_page_size(page_size);
  items jsonb;
begin
  select coalesce(jsonb_agg(x.item order by x.joined_at desc, x.team_id desc), '[]') into items
  from (
    select m.joined_at, m.team_id,
           private.team_card(m.team_id) || jsonb_build_object('my_role', m.role, 'joined_at', m.joined_at,
             'cursor', jsonb_build_object('at', m.joined_at, 'id', m.team_id)) as item
    from private.keyset_cursor(after, 'uuid') k
    cross join public.team_members m
    where m.user_id = auth.uid()
      and (k.at is null or (m.joined_at, m.team_id) < (k.at, k.id::uuid))
    order by m.joined_at desc, m.team_id desc
    limit size + 1
  ) x;
  return private.list_page(items, size);
end;
$$;
comment on function private.my_teams(jsonb, integer) is 'The caller''s teams, newest membership first, keyset (joined_at, team_id).';

create function private.my_team_invitations(after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  size integer := private.require_page_size(page_size);
  items jsonb;
begin
  select coalesce(jsonb_agg(x.item order by x.created_at desc, x.team_id desc), '[]') into items
  from (
    select i.created_at, i.team_id,
           jsonb_build_object('team_id', t.id, 'team_name', t.name, 'member_count',
             (select count(*) from public.team_members m where m.team_id = t.id), 'max_members', t.max_members,
             'invited_by', private.public_profile(i.invited_by), 'created_at', i.created_at,
             'cursor', jsonb_build_object('at', i.created_at, 'id', i.team_id)) as item
    from private.keyset_cursor(after, 'uuid') k
    cross join public.team_invitations i
    join public.teams t on t.id = i.team_id
    where i.user_id = auth.uid()
      and (k.at is null or (i.created_at, i.team_id) < (k.at, k.id::uuid))
    order by i.created_at desc, i.team_id desc
    limit size + 1
  ) x;
  return private.list_page(items, size);
end;
$$;
comment on function private.my_team_invitations(jsonb, integer) is 'Invitations to the caller, newest first, keyset (created_at, team_id).';

-- The team screen: extended by later migrations (current run, events) through private.team_extras.
create function private.team_extras(team uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select '{}'::jsonb;
$$;
comment on function private.team_extras(uuid) is 'What other features add to the team screen (its run in progress, its events). Replaced by later migrations.';

create function private.team_detail(team uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  my_role public.team_role := private.team_role_of(team, auth.uid());
begin
  if my_role is null then
    perform private.refuse('team_not_found');
  end if;
  return jsonb_build_object(
    'team', private.team_card(team) || jsonb_build_object('my_role', my_role),
    'members', (select coalesce(jsonb_agg(private.public_profile(m.user_id)
                  || jsonb_build_object('role', m.role, 'joined_at', m.joined_at) order by m.joined_at, m.user_id), '[]')
                from public.team_members m where m.team_id = team),
    'invitations', case when my_role = 'owner' then
                  (select coalesce(jsonb_agg(private.public_profile(i.user_id) || jsonb_build_object('invited_at', i.created_at)
                     order by i.created_at, i.user_id), '[]')
                   from public.team_invitations i where i.team_id = team) end)
    || private.team_extras(team);
end;
$$;
comment on function private.team_detail(uuid) is
  'The team screen for a member: team (with join_code and my_role), members with roles, pending invitations (owner only), and what later features add (run, events).';

grant execute on function private.create_team(text, integer), private.update_team(uuid, text, integer), private.renew_team_code(uuid),
  private.invite_to_team(uuid, uuid), private.accept_team_invite(uuid), private.decline_team_invite(uuid), private.join_team(text),
  private.leave_team(uuid), private.remove_team_member(uuid, uuid), private.transfer_team_ownership(uuid, uuid),
  private.disband_team(uuid), private.my_teams(jsonb, integer), private.my_team_invitations(jsonb, integer), private.team_detail(uuid)
  to authenticated;
revoke execute on function private.list_page(jsonb, integer), private.require_team_role(uuid, boolean), private.new_join_code(),
  private.join_code_taken(text), private.team_broadcast(uuid, text, jsonb), private.team_member_conflict(uuid, uuid),
  private.guard_team_chat_membership(), private.sync_team_chat(uuid), private.add_team_member(uuid, uuid), private.team_capacity(uuid),
  private.drop_team_member(uuid, uuid), private.team_member_left(), private.check_team_name(text), private.check_team_size(integer), private.team_is_busy(uuid),
  private.team_card(uuid), private.team_extras(uuid) from public;

-- The RPCs (security invoker; the private functions check everything).
create function public.create_team(name text, max_members integer default 5) returns public.teams
language sql security invoker set search_path = '' as $$ select * from private.create_team(name, max_members); $$;
comment on function public.create_team(text, integer) is
  'RPC: a new team owned by the caller (max_members 2–10, default 5), with its join code and group chat. Errors: forbidden, field_required, invalid_length, invalid_characters, out_of_range, rate_limited.';
create function public.update_team(team_id uuid, name text default null, max_members integer default null) returns public.teams
language sql security invoker set search_path = '' as $$ select * from private.update_team(team_id, name, max_members); $$;
comment on function public.update_team(uuid, text, integer) is
  'RPC (owner): rename the team and/or change max_members (null keeps a field). Errors: forbidden, team_not_found, not_team_owner, invalid_length, invalid_characters, out_of_range, rate_limited.';
create function public.renew_team_code(team_id uuid) returns text
language sql security invoker set search_path = '' as $$ select private.renew_team_code(team_id); $$;
comment on function public.renew_team_code(uuid) is 'RPC (owner): a new join code (the old one stops working). Errors: forbidden, team_not_found, not_team_owner, rate_limited.';
create function public.invite_to_team(team_id uuid, user_id uuid) returns void
language sql security invoker set search_path = '' as $$ select private.invite_to_team(team_id, user_id); $$;
comment on function public.invite_to_team(uuid, uuid) is
  'RPC (owner): invite a friend (notified: team_invite). Errors: forbidden, team_not_found, not_team_owner, invalid_member, user_not_found, blocked, not_friends, already_team_member, already_invited, team_full, rate_limited.';
create function public.accept_team_invite(team_id uuid) returns public.teams
language sql security invoker set search_path = '' as $$ select * from private.accept_team_invite(team_id); $$;
comment on function public.accept_team_invite(uuid) is
  'RPC: accept an invitation and join the team. Errors: forbidden, invitation_not_found, team_not_found, already_team_member, blocked, team_full, game_master_cannot_play, already_in_event, cannot_play_own_quest.';
create function public.decline_team_invite(team_id uuid) returns void
language sql security invoker set search_path = '' as $$ select private.decline_team_invite(team_id); $$;
comment on function public.decline_team_invite(uuid) is 'RPC: decline an invitation. Errors: invitation_not_found.';
create function public.join_team(join_code text) returns jsonb
language sql security invoker set search_path = '' as $$ select private.join_team(join_code); $$;
comment on function public.join_team(text) is
  'RPC: join a team by its code: {joined, refusal (join_code_not_found), team}. An unknown code is an answer (counted by teams.join). Errors: forbidden, invalid_parameter, rate_limited, team_not_found, already_team_member, blocked, team_full, game_master_cannot_play, already_in_event, cannot_play_own_quest.';
create function public.leave_team(team_id uuid) returns void
language sql security invoker set search_path = '' as $$ select private.leave_team(team_id); $$;
comment on function public.leave_team(uuid) is 'RPC: leave a team (the owner''s role passes on; the last one out disbands it). Errors: forbidden, team_not_found.';
create function public.remove_team_member(team_id uuid, user_id uuid) returns void
language sql security invoker set search_path = '' as $$ select private.remove_team_member(team_id, user_id); $$;
comment on function public.remove_team_member(uuid, uuid) is
  'RPC (owner): remove a member (notified: team_removed). Errors: forbidden, team_not_found, not_team_owner, invalid_member, member_not_found.';
create function public.transfer_team_ownership(team_id uuid, user_id uuid) returns void
language sql security invoker set search_path = '' as $$ select private.transfer_team_ownership(team_id, user_id); $$;
comment on function public.transfer_team_ownership(uuid, uuid) is
  'RPC (owner): hand the team to another member. Errors: forbidden, team_not_found, not_team_owner, invalid_member, member_not_found.';
create function public.disband_team(team_id uuid) returns void
language sql security invoker set search_path = '' as $$ select private.disband_team(team_id); $$;
comment on function public.disband_team(uuid) is 'RPC (owner): disband the team. Errors: forbidden, team_not_found, not_team_owner, team_busy.';
create function public.my_teams(after jsonb default null, page_size integer default 20) returns jsonb
language sql stable security invoker set search_path = '' as $$ select private.my_teams(after, page_size); $$;
comment on function public.my_teams(jsonb, integer) is
  'RPC: my teams, {items: [{id, name, max_members, member_count, chat_id, join_code, disbanded_at, my_role, joined_at, cursor}], next_cursor}. Errors: invalid_cursor, invalid_parameter.';
create function public.my_team_invitations(after jsonb default null, page_size integer default 20) returns jsonb
language sql stable security invoker set search_path = '' as $$ select private.my_team_invitations(after, page_size); $$;
comment on function public.my_team_invitations(jsonb, integer) is
  'RPC: invitations to me, {items: [{team_id, team_name, member_count, max_members, invited_by, created_at, cursor}], next_cursor}. Errors: invalid_cursor, invalid_parameter.';
create function public.team_detail(team_id uuid) returns jsonb
language sql stable security invoker set search_path = '' as $$ select private.team_detail(team_id); $$;
comment on function public.team_detail(uuid) is
  'RPC (member): the team screen, {team, members, invitations (owner), run, events}. Errors: team_not_found.';

revoke execute on function public.create_team(text, integer), public.update_team(uuid, text, integer), public.renew_team_code(uuid),
  public.invite_to_team(uuid, uuid), public.accept_team_invite(uuid), public.decline_team_invite(uuid), public.join_team(text),
  public.leave_team(uuid), public.remove_team_member(uuid, uuid), public.transfer_team_ownership(uuid, uuid), public.disband_team(uuid),
  public.my_teams(jsonb, integer), public.my_team_invitations(jsonb, integer), public.team_detail(uuid) from public, anon;
grant execute on function public.create_team(text, integer), public.update_team(uuid, text, integer), public.renew_team_code(uuid),
  public.invite_to_team(uuid, uuid), public.accept_team_invite(uuid), public.decline_team_invite(uuid), public.join_team(text),
  public.leave_team(uuid), public.remove_team_member(uuid, uuid), public.transfer_team_ownership(uuid, uuid), public.disband_team(uuid),
  public.my_teams(jsonb, integer), public.my_team_invitations(jsonb, integer), public.team_detail(uuid) to authenticated;
