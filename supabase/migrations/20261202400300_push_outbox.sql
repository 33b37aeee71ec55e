-- Push notifications, part 4: the outbox and how it is drained.
-- - Queued in the same transaction as the event, by triggers of this feature on
--   public.notifications (every kind: one row per device of the user, unless the kind is off) and
--   public.messages (one row per device of every other member who has chat pushes on, has not
--   muted the chat and is not blocked either way with the sender). A rolled-back write queues
--   nothing. A newer message of a chat replaces that chat's pushes still waiting (collapsed per
--   chat; the phone also replaces the banner by its tag).
-- - Drained by the `push-send` edge function, which sends through FCM HTTP v1: it claims due rows
--   with `for update skip locked` (two drainers never share a row; a claim expires after 3
--   minutes if a drainer dies), gets them rendered (texts in the device's language, data for the
--   deep link, badge, quiet hours) and reports each outcome: sent (row deleted), retry later
--   (429/5xx: after Retry-After or a growing delay), dead token (device removed) or failed.
-- - Triggered the same way on the platform and locally: at commit of a transaction that queued
--   something, through private.invoke_edge_function (pg_net, once per transaction), and every
--   minute by the `push-send` job when anything is due (retries, missed calls).
-- Pushes not sent within a day are dropped (stale); the `push-outbox-prune` job clears old rows.

create table private.push_outbox (
  id bigint generated always as identity primary key,
  device_id uuid not null references public.push_devices (id) on delete cascade,
  user_id uuid not null,
  kind text not null,
  payload jsonb not null default '{}',
  notification_id uuid,
  message_id uuid,
  collapse_key text,
  created_at timestamptz not null default now(),
  next_attempt_at timestamptz not null default now(),
  attempts integer not null default 0,
  claimed_by uuid,
  claimed_until timestamptz,
  failed_at timestamptz,
  last_error text
);
comment on table private.push_outbox is
  'Pushes waiting for the push-send function, one row per (event, device); deleted once sent. Staff can watch attempts and errors in Studio.';
comment on column private.push_outbox.device_id is 'Where it goes (the device''s token at send time).';
comment on column private.push_outbox.user_id is 'Whom it is for: sent only while the device still belongs to this user.';
comment on column private.push_outbox.kind is 'Kind of push (notification kind or chat_message): texts and data come from push_kinds / push_texts.';
comment on column private.push_outbox.payload is 'The notification''s payload (chat messages: chat_id and message_id; the rest is read when sent).';
comment on column private.push_outbox.notification_id is 'The notification it announces (sent along as data).';
comment on column private.push_outbox.message_id is 'The chat message it announces (not sent if the message is deleted meanwhile).';
comment on column private.push_outbox.collapse_key is 'chat:<chat id> for messages: a newer push replaces an older one.';
comment on column private.push_outbox.next_attempt_at is 'Not claimed before this time (Retry-After, backoff).';
comment on column private.push_outbox.attempts is 'How many times a drainer claimed it.';
comment on column private.push_outbox.claimed_by is 'The claim (one drainer''s batch) that holds it.';
comment on column private.push_outbox.claimed_until is 'The claim expires then (a crashed drainer''s rows are claimed again).';
comment on column private.push_outbox.failed_at is 'Given up (a permanent FCM error, or too many attempts); kept 7 days for inspection.';
comment on column private.push_outbox.last_error is 'What the last attempt returned.';
create index push_outbox_device_id_idx on private.push_outbox (device_id, collapse_key);
create index push_outbox_due_idx on private.push_outbox (next_attempt_at, id) where failed_at is null;
create index push_outbox_waiting_chat_idx on private.push_outbox (collapse_key)
  where collapse_key is not null and claimed_until is null and failed_at is null;
alter table private.push_outbox enable row level security;
revoke all on private.push_outbox from public, anon, authenticated, service_role;

insert into private.error_codes (code, http_status, message_en, message_ru) values
  ('push_not_configured', 503, 'Push notifications are not configured on the server.', 'Push-уведомления на сервере не настроены.');

-- Calls push-send once per transaction that queued pushes (sent by pg_net after commit).
create function private.kick_push_drain()
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if coalesce(current_setting('questcity.push_kicked', true), '') <> 'on' then
    perform set_config('questcity.push_kicked', 'on', true);
    perform private.invoke_edge_function('push-send');
  end if;
end;
$$;
comment on function private.kick_push_drain() is
  'Asks push-send to drain, at most once per transaction (pg_net sends the call after commit; nothing for a rolled-back one).';

-- The one rule of who wants a push (checked when it is queued and again when it is sent): the kind
-- is not switched off, the chat (if any) is not muted, and no block stands between recipient and
-- sender (if any). A plain SQL expression, so the planner inlines it into the queries using it.
create function private.wants_push(recipient uuid, kind text, chat uuid, sender uuid)
returns boolean
language sql
stable
set search_path = ''
as $$
  select not exists (select 1 from public.push_preferences p where p.user_id = recipient and kind = any (p.disabled_kinds))
     and (chat is null or not exists (select 1 from public.push_chat_mutes u
                                      where u.user_id = recipient and u.chat_id = chat and (u.muted_until is null or u.muted_until > now())))
     and (sender is null or not private.is_blocked_between(recipient, sender));
$$;
comment on function private.wants_push(uuid, text, uuid, uuid) is
  'True when the recipient wants this push: kind on, chat not muted, no block with the sender (chat and sender may be null).';

create function private.queue_notification_push()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into private.push_outbox (device_id, user_id, kind, payload, notification_id)
  select d.id, d.user_id, new.kind::text, new.payload, new.id
  from public.push_devices d
  where d.user_id = new.user_id and private.wants_push(new.user_id, new.kind::text, null, null);
  if found then
    perform private.kick_push_drain();
  end if;
  return null;
end;
$$;
comment on function private.queue_notification_push() is
  'Trigger on notifications: queues a push per device of the user unless the kind is switched off. Any kind works, known or not.';
create trigger queue_push after insert on public.notifications for each row execute function private.queue_notification_push();

create function private.queue_message_push()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  chat_key text := 'chat:' || new.chat_id::text;
begin
  -- A newer message replaces this chat's pushes that are still waiting (collapsed per chat).
  delete from private.push_outbox o where o.collapse_key = chat_key and o.claimed_until is null and o.failed_at is null;
  insert into private.push_outbox (device_id, user_id, kind, payload, message_id, collapse_key)
  select d.id, d.user_id, 'chat_message', jsonb_build_object('chat_id', new.chat_id, 'message_id', new.id), new.id, chat_key
  from public.chat_members m
  join public.push_devices d on d.user_id = m.user_id
  where m.chat_id = new.chat_id and m.user_id is distinct from new.sender_id
    and private.wants_push(m.user_id, 'chat_message', new.chat_id, new.sender_id);
  if found then
    perform private.kick_push_drain();
  end if;
  return null;
end;
$$;
comment on function private.queue_message_push() is
  'Trigger on messages: queues a push per device of every other member with chat pushes on, the chat not muted and no block with the sender; replaces the chat''s waiting pushes.';
create trigger queue_push after insert on public.messages for each row execute function private.queue_message_push();

-- A token that moves to another account (register_push_device) takes nothing of its previous
-- owner's along: their waiting pushes are dropped at once (the claim checks the owner as well).
create function private.drop_pushes_of_previous_owner()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from private.push_outbox o where o.device_id = new.id and o.user_id <> new.user_id;
  return null;
end;
$$;
comment on function private.drop_pushes_of_previous_owner() is
  'Trigger on push_devices: when a token moves to another account, the pushes still waiting for its previous owner are dropped.';
create trigger drop_pushes_of_previous_owner after update of user_id on public.push_devices
  for each row when (old.user_id is distinct from new.user_id) execute function private.drop_pushes_of_previous_owner();

create function private.in_quiet_hours(starts time, ends time, tz text, moment timestamptz)
returns boolean
language sql
stable
set search_path = ''
as $$
  select case when starts is null or ends is null or tz is null then false
              when starts < ends then t.local >= starts and t.local < ends
              else t.local >= starts or t.local < ends end
  from (select (moment at time zone tz)::time as local) t;
$$;
comment on function private.in_quiet_hours(time, time, text, timestamptz) is
  'True when the moment falls in the quiet hours [starts, ends) of time zone tz (overnight when ends < starts).';

-- What a chat push says, read when it is sent: the message may have been edited since.
create function private.chat_push_payload(message uuid, previews boolean)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'chat_id', m.chat_id, 'message_id', m.id, 'sender_id', m.sender_id, 'chat_kind', c.kind, 'chat_title', c.title,
    'sender', coalesce(nullif(btrim(s.display_name), ''), s.username),
    'text', case when m.body is null then '📎' else private.cut_push_text(regexp_replace(btrim(m.body), '\s+', ' ', 'g'), 120) end,
    'previews', previews)
  from public.messages m
  join public.chats c on c.id = m.chat_id
  left join public.profiles s on s.id = m.sender_id
  where m.id = message;
$$;
comment on function private.chat_push_payload(uuid, boolean) is
  'Payload for a chat push: chat_id, message_id, sender_id, chat_kind, chat_title, sender (display name or username), text (first 120 characters, 📎 for an attachment), previews.';

create function private.claim_push_outbox(max_items integer default 100)
returns table (id bigint, claim uuid, kind text, token text, platform public.push_platform, collapse_key text,
               title text, body text, data jsonb, badge integer, quiet boolean)
language plpgsql
security definer
set search_path = ''
as $$
declare
  claim_id uuid := gen_random_uuid();
  ids bigint[];
begin
  with claimed as (
    update private.push_outbox o
    set claimed_by = claim_id, claimed_until = now() + interval '3 minutes', attempts = o.attempts + 1
    where o.id in (select q.id from private.push_outbox q
                   where q.failed_at is null and q.next_attempt_at <= now()
                     and (q.claimed_until is null or q.claimed_until < now())
                   order by q.next_attempt_at, q.id
                   limit least(greatest(coalesce(max_items, 100), 1), 1000)
                   for update skip locked)
    returning o.id)
  select coalesce(array_agg(c.id), '{}') into ids from claimed c;

  -- What must no longer go out is dropped: the device is gone or belongs to someone else now, the
  -- kind was switched off, the push is older than a day, a newer push of the same chat waits for
  -- the device, or the message was deleted, its chat muted or left, or a block came between.
  delete from private.push_outbox o
  where o.id = any (ids) and (
    not exists (select 1 from public.push_devices d where d.id = o.device_id and d.user_id = o.user_id)
    or o.created_at < now() - interval '1 day'
    or (o.collapse_key is not null and exists (
      select 1 from private.push_outbox n
      where n.device_id = o.device_id and n.collapse_key = o.collapse_key and n.id > o.id and n.failed_at is null))
    or (o.message_id is null and not private.wants_push(o.user_id, o.kind, null, null))
    or (o.message_id is not null and not exists (
      select 1 from public.messages m
      join public.chat_members cm on cm.chat_id = m.chat_id and cm.user_id = o.user_id
      where m.id = o.message_id and m.deleted_at is null and private.wants_push(o.user_id, o.kind, m.chat_id, m.sender_id))));

  return query
  with mine as (
    select o.* from private.push_outbox o where o.id = any (ids)
  ), badges as (
    -- Badge: unread notifications plus unread chat messages (each part counted up to 999).
    select u.user_id, (
      (select count(*) from (select 1 from public.notifications n where n.user_id = u.user_id and n.read_at is null limit 999) a)
      + (select count(*) from (
          select 1 from public.chat_members cm
          join public.messages x on x.chat_id = cm.chat_id and x.created_at > cm.last_read_at
                                and x.deleted_at is null and x.sender_id is distinct from cm.user_id
          where cm.user_id = u.user_id limit 999) b))::integer as unread
    from (select distinct mi.user_id from mine mi) u
  )
  select mi.id, claim_id, mi.kind, d.token, d.platform, mi.collapse_key, r.rendered ->> 'title', r.rendered ->> 'body',
         (r.rendered -> 'data')
           || case when mi.notification_id is null then '{}'::jsonb else jsonb_build_object('notification_id', mi.notification_id::text) end,
         least(b.unread, 999),
         coalesce(private.in_quiet_hours(p.quiet_start, p.quiet_end, p.time_zone, now()), false)
  from mine mi
  join public.push_devices d on d.id = mi.device_id
  join badges b on b.user_id = mi.user_id
  left join public.push_preferences p on p.user_id = mi.user_id
  cross join lateral (
    select private.render_push(mi.kind, d.locale, case when mi.message_id is null then mi.payload
                                                      else private.chat_push_payload(mi.message_id, coalesce(p.message_previews, true)) end) as rendered
  ) r
  order by mi.id;
end;
$$;
comment on function private.claim_push_outbox(integer) is
  'For push-send: claims up to max_items due pushes (skip locked: concurrent drainers get disjoint sets), drops those that must no longer go out, and returns the rest rendered: token, title, body, data, badge, quiet (silent delivery).';

create function private.settle_push_outbox(claim uuid, outcomes jsonb)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- outcomes: [{"id": …, "result": "sent" | "retry" | "dead_token" | "failed", "retry_after_s"?: n, "error"?: text}]
  delete from private.push_outbox o
  using jsonb_array_elements(outcomes) e
  where o.claimed_by = claim and o.id = (e ->> 'id')::bigint and e ->> 'result' = 'sent';
  -- A dead token's device goes, with everything queued for it.
  delete from public.push_devices d
  where d.id in (select o.device_id from private.push_outbox o join jsonb_array_elements(outcomes) e on o.id = (e ->> 'id')::bigint
                 where o.claimed_by = claim and e ->> 'result' = 'dead_token');
  update private.push_outbox o
  set failed_at = now(), claimed_by = null, claimed_until = null, last_error = left(e ->> 'error', 1000)
  from jsonb_array_elements(outcomes) e
  where o.claimed_by = claim and o.id = (e ->> 'id')::bigint
    and (e ->> 'result' = 'failed' or (e ->> 'result' = 'retry' and o.attempts >= 10));
  -- Retried after Retry-After, and at least 15 s × 2^(attempts − 1) (capped at an hour).
  update private.push_outbox o
  set claimed_by = null, claimed_until = null, last_error = left(e ->> 'error', 1000),
      next_attempt_at = now() + greatest(make_interval(secs => greatest(coalesce((e ->> 'retry_after_s')::double precision, 0), 0)),
                                         least(interval '1 hour', interval '15 seconds' * power(2, least(o.attempts, 12) - 1)))
  from jsonb_array_elements(outcomes) e
  where o.claimed_by = claim and o.id = (e ->> 'id')::bigint and e ->> 'result' = 'retry';
end;
$$;
comment on function private.settle_push_outbox(uuid, jsonb) is
  'For push-send: records the outcome of a claim: sent rows leave, dead tokens remove their device, failures are kept as failed, retries wait (Retry-After, backoff; failed after 10 attempts). Rows of another claim are untouched.';

create function private.push_drain_if_due()
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (select 1 from private.push_outbox o
             where o.failed_at is null and o.next_attempt_at <= now() and (o.claimed_until is null or o.claimed_until < now())) then
    perform private.invoke_edge_function('push-send');
    return true;
  end if;
  return false;
end;
$$;
comment on function private.push_drain_if_due() is 'The push-send job: calls push-send when any push is due (retries, calls missed). True when it called.';

create function private.prune_push_outbox()
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  pruned integer;
begin
  delete from private.push_outbox o
  where (o.failed_at is not null and o.failed_at < now() - interval '7 days')
     or (o.failed_at is null and o.created_at < now() - interval '1 day' and (o.claimed_until is null or o.claimed_until < now()));
  get diagnostics pruned = row_count;
  delete from public.push_devices d where d.last_seen_at < now() - interval '270 days';
  return pruned;
end;
$$;
comment on function private.prune_push_outbox() is
  'The push-outbox-prune job: deletes failed pushes after 7 days, unsent ones after a day, and devices unseen for 270 days. Returns how many pushes.';

select cron.schedule('push-send', '* * * * *', 'select private.push_drain_if_due()');
select cron.schedule('push-outbox-prune', '17 * * * *', 'select private.prune_push_outbox()');
