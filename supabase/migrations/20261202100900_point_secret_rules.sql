-- Answers and QR payloads of route points: catalogued refusals, bounded input, and a rate limit
-- (every call computes bcrypt hashes, which is deliberately slow).

-- point_not_found is catalogued by the hints migration of play (20261202210400_point_hints.sql).

insert into private.rate_limits (action, max_hits, per, description) values
  ('quests.point_secret', 120, interval '1 hour', 'Setting answers / QR payloads (two bcrypt hashes each): enough for a long route, no hashing flood.');

create or replace function private.set_point_secret(point uuid, answer text, qr_payload text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  quest uuid;
begin
  perform private.require_active();
  select p.quest_id into quest from public.quest_points p where p.id = point;
  if quest is null or not private.can_view_quest(quest) then
    perform private.refuse('point_not_found');
  end if;
  perform private.require_editable_quest(quest);
  perform private.check_length('answer', answer, 0, 200);
  perform private.check_length('qr_payload', qr_payload, 0, 500);
  perform private.throttle('quests.point_secret');
  insert into private.point_secrets (point_id, answer_hash, qr_hash)
  values (
    point,
    case when nullif(private.normalize_answer(answer), '') is not null
         then extensions.crypt(private.normalize_answer(answer), extensions.gen_salt('bf', 8)) end,
    case when nullif(qr_payload, '') is not null then extensions.crypt(qr_payload, extensions.gen_salt('bf', 8)) end
  )
  on conflict (point_id) do update set answer_hash = excluded.answer_hash, qr_hash = excluded.qr_hash;
end;
$$;
comment on function private.set_point_secret(uuid, text, text) is
  'Stores the bcrypt hashes of a point''s answer and QR payload after checking edit rights (codes), lengths and the rate limit.';

comment on function public.set_point_secret(uuid, text, text) is
  'RPC (whoever edits the quest): set the expected answer (≤ 200, compared case- and space-insensitively) and/or QR payload (≤ 500) of a point; stored hashed, never readable. Errors: forbidden, point_not_found, quest_not_editable, invalid_length, rate_limited.';
