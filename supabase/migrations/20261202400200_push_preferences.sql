-- Push notifications, part 3: what a user wants pushed. Defaults (no row yet): every kind on,
-- chat messages on with previews, no quiet hours, no muted chat. A user switches kinds off
-- (push_kinds), mutes a chat until a time (or until unmuted), sets quiet hours in their own time
-- zone (pushes then arrive silently: no sound, no heads-up banner, badge updated) and hides
-- message previews. Read with my_push_preferences(); change with one RPC per setting.
-- Preferences are checked when a push is queued and again when it is sent.

create table public.push_preferences (
  user_id uuid primary key references auth.users (id) on delete cascade,
  disabled_kinds text[] not null default '{}',
  quiet_start time,
  quiet_end time,
  time_zone text,
  message_previews boolean not null default true,
  updated_at timestamptz not null default now(),
  constraint push_preferences_quiet_hours check (
    (quiet_start is null) = (quiet_end is null) and (quiet_start is null) = (time_zone is null) and (quiet_start is null or quiet_start <> quiet_end))
);
comment on table public.push_preferences is
  'A user''s push settings (no row = defaults: everything on, previews shown, no quiet hours). Written only by the push preference RPCs.';
comment on column public.push_preferences.user_id is 'Whose settings.';
comment on column public.push_preferences.disabled_kinds is 'Kinds of push switched off (notification kinds, chat_message).';
comment on column public.push_preferences.quiet_start is 'Quiet hours start (local time in time_zone); pushes then arrive silently.';
comment on column public.push_preferences.quiet_end is 'Quiet hours end (local time; may be earlier than the start: overnight).';
comment on column public.push_preferences.time_zone is 'IANA time zone of the quiet hours (e.g. Europe/Moscow).';
comment on column public.push_preferences.message_previews is 'Show message text in chat pushes (false: "New message" only).';
create trigger touch_updated_at before update on public.push_preferences for each row execute function private.touch_updated_at();

create table public.push_chat_mutes (
  user_id uuid not null references auth.users (id) on delete cascade,
  chat_id uuid not null references public.chats (id) on delete cascade,
  muted_until timestamptz,
  created_at timestamptz not null default now(),
  primary key (user_id, chat_id)
);
comment on table public.push_chat_mutes is 'Chats a user muted for pushes. Written only by mute_chat / unmute_chat.';
comment on column public.push_chat_mutes.user_id is 'Who muted.';
comment on column public.push_chat_mutes.chat_id is 'The muted chat.';
comment on column public.push_chat_mutes.muted_until is 'Muted until then; null = until unmuted.';
create index push_chat_mutes_chat_id_idx on public.push_chat_mutes (chat_id);

alter table public.push_preferences enable row level security;
alter table public.push_chat_mutes enable row level security;
revoke all on public.push_preferences, public.push_chat_mutes from anon;
revoke insert, update, delete, truncate, references, trigger on public.push_preferences, public.push_chat_mutes from authenticated;

create policy push_preferences_select on public.push_preferences for select to authenticated
  using (user_id = (select auth.uid()));
comment on policy push_preferences_select on public.push_preferences is 'A user reads their own push settings.';
create policy push_chat_mutes_select on public.push_chat_mutes for select to authenticated
  using (user_id = (select auth.uid()));
comment on policy push_chat_mutes_select on public.push_chat_mutes is 'A user reads their own chat mutes.';

insert into private.rate_limits (action, max_hits, per, description) values
  ('push.preferences', 120, interval '1 hour', 'Push setting changes per user (kinds, quiet hours, previews, chat mutes).');

create function private.my_push_preferences()
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'kinds', (select jsonb_object_agg(k.kind, not coalesce(k.kind = any (p.disabled_kinds), false) order by k.kind) from private.push_kinds k),
    'quiet_hours', case when p.quiet_start is null then null else jsonb_build_object(
      'start', to_char(p.quiet_start, 'HH24:MI'), 'end', to_char(p.quiet_end, 'HH24:MI'), 'time_zone', p.time_zone) end,
    'message_previews', coalesce(p.message_previews, true),
    'muted_chats', coalesce((
      select jsonb_agg(jsonb_build_object('chat_id', u.chat_id, 'muted_until', u.muted_until) order by u.created_at, u.chat_id)
      from public.push_chat_mutes u where u.user_id = auth.uid() and (u.muted_until is null or u.muted_until > now())), '[]'))
  from (select 1) one
  left join public.push_preferences p on p.user_id = auth.uid();
$$;
comment on function private.my_push_preferences() is
  'The caller''s effective push settings: {kinds: {kind: on}, quiet_hours: {start, end, time_zone} | null, message_previews, muted_chats: [{chat_id, muted_until}]}.';

create function private.set_push_kind(kind text, enabled boolean)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.throttle('push.preferences');
  if not exists (select 1 from private.push_kinds k where k.kind = set_push_kind.kind) then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'kind', 'reason', 'not a kind of push'));
  end if;
  if enabled is null then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'enabled', 'reason', 'true or false'));
  end if;
  insert into public.push_preferences as p (user_id, disabled_kinds)
  values (auth.uid(), case when enabled then '{}' else array[kind] end)
  on conflict (user_id) do update
    set disabled_kinds = case when enabled then array_remove(p.disabled_kinds, kind)
                              when kind = any (p.disabled_kinds) then p.disabled_kinds
                              else p.disabled_kinds || kind end;
  return private.my_push_preferences();
end;
$$;
comment on function private.set_push_kind(text, boolean) is 'Switches one kind of push on or off for the caller; returns the settings.';

create function private.set_quiet_hours(starts text, ends text, time_zone text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  clock constant text := '^([01][0-9]|2[0-3]):[0-5][0-9]$';
begin
  perform private.throttle('push.preferences');
  if starts is null and ends is null and time_zone is null then
    update public.push_preferences p set quiet_start = null, quiet_end = null, time_zone = null where p.user_id = auth.uid();
    return private.my_push_preferences();
  end if;
  if starts is null or starts !~ clock then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'starts', 'reason', 'a time HH:MM (00:00 to 23:59)'));
  end if;
  if ends is null or ends !~ clock then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'ends', 'reason', 'a time HH:MM (00:00 to 23:59)'));
  end if;
  if starts = ends then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'ends', 'reason', 'must differ from starts'));
  end if;
  if time_zone is null or char_length(time_zone) > 64 or time_zone !~ '^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$'
     or not exists (select 1 from pg_catalog.pg_timezone_names z where z.name = set_quiet_hours.time_zone) then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'time_zone', 'reason', 'an IANA time zone such as Europe/Moscow'));
  end if;
  insert into public.push_preferences as p (user_id, quiet_start, quiet_end, time_zone)
  values (auth.uid(), starts::time, ends::time, time_zone)
  on conflict (user_id) do update set quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end, time_zone = excluded.time_zone;
  return private.my_push_preferences();
end;
$$;
comment on function private.set_quiet_hours(text, text, text) is
  'Sets the caller''s quiet hours (HH:MM to HH:MM in an IANA time zone; all null = none); returns the settings.';

create function private.set_message_previews(enabled boolean)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.throttle('push.preferences');
  if enabled is null then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'enabled', 'reason', 'true or false'));
  end if;
  insert into public.push_preferences as p (user_id, message_previews) values (auth.uid(), enabled)
  on conflict (user_id) do update set message_previews = excluded.message_previews;
  return private.my_push_preferences();
end;
$$;
comment on function private.set_message_previews(boolean) is 'Shows or hides message text in the caller''s chat pushes; returns the settings.';

create function private.mute_chat(chat uuid, until timestamptz)
returns public.push_chat_mutes
language plpgsql
security definer
set search_path = ''
as $$
declare
  mute public.push_chat_mutes;
begin
  perform private.throttle('push.preferences');
  if chat is null or not private.is_chat_member(chat) then
    perform private.refuse('chat_not_found');
  end if;
  if until is not null and until <= now() then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'until', 'reason', 'a time in the future, or null for until unmuted'));
  end if;
  insert into public.push_chat_mutes as u (user_id, chat_id, muted_until) values (auth.uid(), chat, until)
  on conflict (user_id, chat_id) do update set muted_until = excluded.muted_until
  returning u.* into mute;
  return mute;
end;
$$;
comment on function private.mute_chat(uuid, timestamptz) is 'Mutes pushes of one of the caller''s chats until a time (null: until unmuted).';

create function private.unmute_chat(chat uuid)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.throttle('push.preferences');
  delete from public.push_chat_mutes u where u.user_id = auth.uid() and u.chat_id = chat;
  return found;
end;
$$;
comment on function private.unmute_chat(uuid) is 'Unmutes one of the caller''s chats; true when it was muted.';

grant execute on function private.my_push_preferences(), private.set_push_kind(text, boolean), private.set_quiet_hours(text, text, text),
  private.set_message_previews(boolean), private.mute_chat(uuid, timestamptz), private.unmute_chat(uuid) to authenticated;

create function public.my_push_preferences() returns jsonb language sql stable security invoker set search_path = ''
as $$ select private.my_push_preferences(); $$;
comment on function public.my_push_preferences() is
  'RPC: the caller''s push settings with defaults filled in: {kinds: {kind: on}, quiet_hours: {start, end, time_zone} | null, message_previews, muted_chats: [{chat_id, muted_until}]}.';
create function public.set_push_kind(kind text, enabled boolean) returns jsonb language sql security invoker set search_path = ''
as $$ select private.set_push_kind(kind, enabled); $$;
comment on function public.set_push_kind(text, boolean) is
  'RPC: switch one kind of push (friend_request, …, chat_message) on or off; returns the settings. Errors: invalid_parameter, rate_limited.';
create function public.set_quiet_hours(starts text, ends text, time_zone text) returns jsonb language sql security invoker set search_path = ''
as $$ select private.set_quiet_hours(starts, ends, time_zone); $$;
comment on function public.set_quiet_hours(text, text, text) is
  'RPC: quiet hours "22:00" to "08:00" in an IANA time zone (all three null: none); pushes then arrive silently. Returns the settings. Errors: invalid_parameter, rate_limited.';
create function public.set_message_previews(enabled boolean) returns jsonb language sql security invoker set search_path = ''
as $$ select private.set_message_previews(enabled); $$;
comment on function public.set_message_previews(boolean) is
  'RPC: show (true) or hide (false) message text in chat pushes; returns the settings. Errors: invalid_parameter, rate_limited.';
create function public.mute_chat(chat_id uuid, until timestamptz default null) returns public.push_chat_mutes language sql security invoker set search_path = ''
as $$ select * from private.mute_chat(chat_id, until); $$;
comment on function public.mute_chat(uuid, timestamptz) is
  'RPC: no pushes for this chat until `until` (null: until unmuted). Errors: chat_not_found, invalid_parameter, rate_limited.';
create function public.unmute_chat(chat_id uuid) returns boolean language sql security invoker set search_path = ''
as $$ select private.unmute_chat(chat_id); $$;
comment on function public.unmute_chat(uuid) is 'RPC: pushes for this chat again; true when it was muted. Errors: rate_limited.';

revoke execute on function public.my_push_preferences(), public.set_push_kind(text, boolean), public.set_quiet_hours(text, text, text),
  public.set_message_previews(boolean), public.mute_chat(uuid, timestamptz), public.unmute_chat(uuid) from public, anon;
grant execute on function public.my_push_preferences(), public.set_push_kind(text, boolean), public.set_quiet_hours(text, text, text),
  public.set_message_previews(boolean), public.mute_chat(uuid, timestamptz), public.unmute_chat(uuid) to authenticated;
