-- Hot-path helpers in PL/pgSQL (issue 13). Postgres before 18 plans the body of a SQL-language
-- function that is not inlined again in every statement that calls it, and a function with
-- `security definer` or `set search_path` is never inlined: so each chat message insert, each
-- check-in and each Realtime join re-planned a dozen small helper queries (the policy checks,
-- is_active, is_chat_member, the broadcast payload, the play settings, authorize in the policies
-- of merch orders, the account lock of a purchase…). PL/pgSQL keeps the plans
-- of its statements for the session. The helpers on those paths are rewritten in PL/pgSQL with
-- the same queries, arguments, results and attributes (the same refusals, the same NULL when
-- nothing matches); their comments and grants are unchanged (create or replace). Measured by
-- bench/suites/chat.mjs (insert path against a plain insert, Realtime join check) and
-- bench/suites/checkin.mjs and bench/suites/merch-purchases.mjs.

create or replace function private.is_active()
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
  select auth.uid() is not null
     and exists (select 1 from auth.users u where u.id = auth.uid())
     and not private.is_banned(auth.uid()));
end;
$$;

create or replace function private.is_banned(target uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
  select exists (
    select 1
    from public.user_bans b
    where b.user_id = target
      and b.lifted_at is null
      and (b.banned_until is null or b.banned_until > now())
  ));
end;
$$;

create or replace function private.is_chat_member(chat uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
  select exists (select 1 from public.chat_members m where m.chat_id = chat and m.user_id = auth.uid()));
end;
$$;

create or replace function private.post_refusal(chat uuid)
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
  select case
    when not private.is_active() then 'forbidden'
    when chat is null or not private.is_chat_member(chat) then 'chat_not_found'
    when (select c.kind from public.chats c where c.id = chat) = 'direct' then
      private.talk_refusal(auth.uid(),
        (select m.user_id from public.chat_members m where m.chat_id = chat and m.user_id <> auth.uid()))
  end);
end;
$$;

create or replace function private.can_post_in(chat uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
  select private.post_refusal(chat) is null);
end;
$$;

create or replace function private.talk_refusal(me uuid, other uuid)
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
  select case
    when other is null or not exists (select 1 from public.profiles p where p.id = other) then 'user_not_found'
    when private.is_blocked_between(me, other) then 'blocked'
    when not private.are_friends(me, other) then 'not_friends'
  end);
end;
$$;

create or replace function private.request_subject()
returns text
language plpgsql
stable
set search_path = ''
as $$
begin
  return (
  select case
    when auth.uid() is not null then 'user:' || auth.uid()::text
    else 'ip:' || coalesce(
      nullif(btrim(current_setting('request.headers', true)::jsonb ->> 'cf-connecting-ip'), ''),
      nullif(btrim(current_setting('request.headers', true)::jsonb ->> 'x-real-ip'), ''),
      nullif(btrim(split_part(current_setting('request.headers', true)::jsonb ->> 'x-forwarded-for', ',', 1)), ''),
      'unknown')
  end);
end;
$$;

create or replace function private.public_profile(user_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
  select jsonb_build_object('id', p.id, 'username', p.username, 'display_name', p.display_name, 'avatar_path', p.avatar_path)
  from public.profiles p
  where p.id = public_profile.user_id);
end;
$$;

create or replace function private.message_item(m public.messages)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
  select jsonb_build_object('id', m.id, 'chat_id', m.chat_id, 'sender_id', m.sender_id, 'sender', private.public_profile(m.sender_id),
    'body', m.body, 'attachment_path', m.attachment_path, 'reply_to_id', m.reply_to_id,
    'reply_to', case when m.reply_to_id is not null then private.message_preview(m.reply_to_id) end,
    'created_at', m.created_at, 'edited_at', m.edited_at, 'deleted_at', m.deleted_at));
end;
$$;

create or replace function private.message_preview(message_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
  select jsonb_build_object('id', m.id, 'sender_id', m.sender_id,
    'sender_username', (select p.username from public.profiles p where p.id = m.sender_id),
    'body', left(m.body, 200), 'has_attachment', m.attachment_path is not null, 'deleted', m.deleted_at is not null,
    'created_at', m.created_at)
  from public.messages m
  where m.id = message_id);
end;
$$;

create or replace function private.broadcast(topic text, event text, payload jsonb)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform realtime.send(payload, event, topic, true);
end;
$$;

create or replace function private.my_chat_ids()
returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query
  select m.chat_id from public.chat_members m where m.user_id = auth.uid();
end;
$$;

create or replace function private.chat_id_of_key(key text)
returns uuid
language plpgsql
immutable
set search_path = ''
as $$
begin
  return (
  select case when key ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then key::uuid end);
end;
$$;

create or replace function private.chat_topic_can_receive(key text, extension text)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
  select extension = 'broadcast' and private.is_chat_member(private.chat_id_of_key(key)));
end;
$$;

create or replace function private.chat_live_can_receive(key text, extension text)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
  select extension in ('broadcast', 'presence') and private.is_chat_member(private.chat_id_of_key(key)));
end;
$$;

create or replace function private.chat_live_can_send(key text, extension text)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
  select extension in ('broadcast', 'presence') and private.can_post_in(private.chat_id_of_key(key)));
end;
$$;

create or replace function private.plays_run(run public.quest_runs, member uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
  select member is not null and (run.user_id is not distinct from member
    or (run.team_id is not null and exists (select 1 from public.team_run_members m where m.run_id = run.id and m.user_id = member))));
end;
$$;

create or replace function private.cycle_key(point_position integer, start_position integer)
returns integer
language plpgsql
immutable
set search_path = ''
as $$
begin
  return (
  select case when start_position is null or point_position >= start_position then point_position else point_position + 1000 end);
end;
$$;

create or replace function private.condition_met(run uuid, point public.quest_points)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
  select point.requires_point_id is null or (
    exists (select 1 from private.run_points rp where rp.run_id = run and rp.point_id = point.requires_point_id and rp.checked_at is not null)
    and (not point.requires_first_try or not exists (
      select 1 from public.run_checkins c
      where c.run_id = run and c.point_id = point.requires_point_id and c.refusal in ('wrong_answer', 'wrong_qr')))));
end;
$$;

create or replace function private.max_speed_mps(target_quest uuid)
returns numeric
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
  select coalesce(
    (select l.max_speed_kmh from public.quests q
     join public.vehicles v on v.id = q.vehicle_id
     join private.vehicle_speed_limits l on l.vehicle_slug = v.slug
     where q.id = target_quest),
    (select l.max_speed_kmh from private.vehicle_speed_limits l where l.vehicle_slug = 'default'),
    150) / 3.6);
end;
$$;

create or replace function private.play_setting(setting text)
returns numeric
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
  select s.value from private.play_settings s where s.name = setting);
end;
$$;

create or replace function private.next_point(run public.quest_runs)
returns public.quest_points
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  point public.quest_points;
begin
  select p.* into point from private.run_points rp join public.quest_points p on p.id = rp.point_id
  where rp.run_id = run.id and rp.checked_at is null
  order by private.cycle_key(p.position, run.start_position), p.id
  limit 1;
  if not found then
    return null;
  end if;
  return point;
end;
$$;

create or replace function private.normalize_answer(answer text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  return (
  select regexp_replace(lower(coalesce(answer, '')), '\s+', '', 'g'));
end;
$$;

create or replace function private.check_point_answer(point uuid, answer text, qr_payload text DEFAULT NULL::text)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
  select case p.task_type
    when 'gps' then true
    when 'answer' then s.answer_hash is not null and answer is not null
      and s.answer_hash = extensions.crypt(private.normalize_answer(answer), s.answer_hash)
    when 'qr' then s.qr_hash is not null and qr_payload is not null
      and s.qr_hash = extensions.crypt(qr_payload, s.qr_hash)
  end
  from public.quest_points p
  left join private.point_secrets s on s.point_id = p.id
  where p.id = point);
end;
$$;

create or replace function private.has_permission(target uuid, permission public.app_permission)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
  select exists (
    select 1
    from public.user_roles ur
    join public.role_permissions rp on rp.role = ur.role
    where ur.user_id = target
      and rp.permission = has_permission.permission
  ));
end;
$$;

create or replace function private.authorize(requested public.app_permission)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
  select private.is_active() and private.has_permission(auth.uid(), requested));
end;
$$;

create or replace function private.has_completed_quest(target_user uuid, target_quest uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
  select private.counted_completion(target_user, target_quest, null));
end;
$$;

create or replace function private.counted_completion(player uuid, quest uuid, except_run uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
  select exists (select 1 from public.quest_runs r
                 where r.user_id = player and r.quest_id = quest and r.status = 'completed' and r.id is distinct from except_run
                   and private.run_counts(r.status, r.practice, r.review_state))
      or exists (select 1 from public.team_run_members m join public.quest_runs r on r.id = m.run_id
                 where m.user_id = player and r.quest_id = quest and r.status = 'completed' and r.id is distinct from except_run
                   and private.run_counts(r.status, r.practice, r.review_state)));
end;
$$;

create or replace function private.is_clean_text(value jsonb)
returns boolean
language plpgsql
immutable
set search_path = ''
as $$
begin
  return (
  select coalesce(jsonb_typeof(value) = 'string'
                  and position(chr(65535) in value #>> '{}') = 0
                  and (value #>> '{}') !~ '[[:cntrl:]]', false));
end;
$$;

create or replace function private.lock_account(target uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform 1 from public.wallets w where w.user_id = target for update;
end;
$$;

create or replace function private.merch_units_held(item uuid)
returns integer
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
  select coalesce(sum(oi.quantity), 0)::integer
  from public.merch_order_items oi join public.merch_orders o on o.id = oi.order_id
  where oi.item_id = item and o.user_id = auth.uid() and o.status <> 'cancelled');
end;
$$;
