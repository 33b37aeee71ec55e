-- Notifications: one row per event a user should hear about (friend requests, unlock decisions,
-- order updates, …), also broadcast from the database on the user's private Realtime topic
-- `user:<user id>` (event `notification`), so an open app gets it at once and a closed one finds
-- it in the list. Written only by private.notify() from the definer functions that cause the
-- event; a user reads and marks read their own.

create type public.notification_kind as enum (
  'friend_request', 'friend_accepted', 'chat_added', 'unlock_approved', 'unlock_rejected', 'order_updated'
);
comment on type public.notification_kind is 'What happened; extend with `alter type … add value` as features arrive.';

create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  kind public.notification_kind not null,
  payload jsonb not null default '{}',
  read_at timestamptz,
  created_at timestamptz not null default now()
);
comment on table public.notifications is 'A user''s notifications, newest first; also broadcast on Realtime topic user:<user id>.';
comment on column public.notifications.user_id is 'Who is notified.';
comment on column public.notifications.kind is 'What happened.';
comment on column public.notifications.payload is 'Details for the app (ids, titles, reasons), by kind: see docs.';
comment on column public.notifications.read_at is 'When the user marked it read; null = unread.';
create index notifications_user_id_idx on public.notifications (user_id, created_at desc, id desc);
create index notifications_unread_idx on public.notifications (user_id) where read_at is null;

alter table public.notifications enable row level security;
revoke all on public.notifications from anon;
revoke insert, update, delete, truncate on public.notifications from authenticated;
grant update (read_at) on public.notifications to authenticated;

create policy notifications_select on public.notifications for select to authenticated
  using (user_id = (select auth.uid()));
comment on policy notifications_select on public.notifications is 'A user reads their own notifications (banned users too).';
create policy notifications_update on public.notifications for update to authenticated
  using (user_id = (select auth.uid()) and (select private.is_active())) with check (user_id = (select auth.uid()));
comment on policy notifications_update on public.notifications is 'A user (not banned) marks their own notifications read (read_at only).';

create function private.notify(target uuid, kind public.notification_kind, payload jsonb)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  note public.notifications;
begin
  insert into public.notifications (user_id, kind, payload)
  values (target, kind, coalesce(payload, '{}'))
  returning * into note;
  perform realtime.send(
    jsonb_build_object('id', note.id, 'kind', note.kind, 'payload', note.payload, 'created_at', note.created_at),
    'notification', 'user:' || target::text, true);
end;
$$;
comment on function private.notify(uuid, public.notification_kind, jsonb) is
  'Stores a notification and broadcasts it on the private topic user:<id> (event notification). Called by definer functions only.';
revoke execute on function private.notify(uuid, public.notification_kind, jsonb) from public;

-- Private Realtime channels: Realtime asks these policies when a client joins a private channel
-- (select = may receive, insert = may send). One policy per action, dispatching on the topic in
-- private.can_receive_topic / private.can_send_topic; features add their topics there.
create function private.can_receive_topic(topic text, extension text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when topic like 'user:%' then extension = 'broadcast' and topic = 'user:' || auth.uid()::text
    else false
  end;
$$;
comment on function private.can_receive_topic(text, text) is
  'May the caller receive on this Realtime topic? user:<id>: only that user (broadcast). Unknown topics: no.';

create function private.can_send_topic(topic text, extension text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when topic like 'user:%' then false
    else false
  end;
$$;
comment on function private.can_send_topic(text, text) is
  'May the caller send on this Realtime topic? user:<id>: nobody but the database. Unknown topics: no.';

revoke execute on function private.can_receive_topic(text, text), private.can_send_topic(text, text) from public;
grant execute on function private.can_receive_topic(text, text), private.can_send_topic(text, text) to authenticated;

create policy realtime_receive on realtime.messages for select to authenticated
  using ((select private.can_receive_topic((select realtime.topic()), extension)));
comment on policy realtime_receive on realtime.messages is 'Private channels: who may receive on a topic (private.can_receive_topic).';
create policy realtime_send on realtime.messages for insert to authenticated
  with check ((select private.can_send_topic((select realtime.topic()), extension)) and (select private.is_active()));
comment on policy realtime_send on realtime.messages is 'Private channels: who may send on a topic (private.can_send_topic); never banned users.';
