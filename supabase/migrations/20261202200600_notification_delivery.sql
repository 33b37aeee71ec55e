-- Notifications: private.notify(target, kind, payload) stores the row and sends it through
-- private.broadcast (the one way features broadcast) on user:<user id>, event `notification`, in the
-- same shape as the items of notifications_page(): {id, kind, payload, read_at, created_at}. The
-- signature stays: other features call it. Read markers are the server's time: a user sets
-- read_at to any non-null value to mark a notification read (it becomes now(), and stays as first
-- read), or to null to mark it unread. Kinds and payloads: docs/notifications.md.

create function private.notification_item(note public.notifications)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select jsonb_build_object('id', note.id, 'kind', note.kind, 'payload', note.payload, 'read_at', note.read_at,
                            'created_at', note.created_at);
$$;
comment on function private.notification_item(public.notifications) is
  'A notification as the app receives it (broadcast on user:<id> and in notifications_page): {id, kind, payload, read_at, created_at}.';

create or replace function private.notify(target uuid, kind public.notification_kind, payload jsonb)
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
  perform private.broadcast('user:' || target::text, 'notification', private.notification_item(note));
end;
$$;
comment on function private.notify(uuid, public.notification_kind, jsonb) is
  'Stores a notification and broadcasts it on the database-only topic user:<id> (event notification, payload {id, kind, payload, read_at, created_at}). Called by definer functions only.';

create function private.stamp_notification_read()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.read_at := case when new.read_at is null then null else coalesce(old.read_at, now()) end;
  return new;
end;
$$;
comment on function private.stamp_notification_read() is
  'Trigger: read_at is the server''s time of the first read (any non-null value marks read; null marks unread).';
create trigger stamp_notification_read before update of read_at on public.notifications
  for each row execute function private.stamp_notification_read();
