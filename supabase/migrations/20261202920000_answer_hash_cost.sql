-- Check-in performance (issue 13): the bcrypt cost of point answers and QR payloads goes from 8 to
-- 4, deliberately. A point's answer is a word or two an author expects players to find on site
-- ("oak", "1887"): a handful of bits. bcrypt's cost only slows an offline guess at a leaked hash,
-- and at any cost a dictionary of plausible answers falls in seconds; online guessing is what
-- matters and is stopped by the play.answer rate limit (6 tries per player and point per 10
-- minutes), not by the hash. The hashes stay in private.point_secrets, unreadable through the API.
-- So the cost buys nothing here, while every answer check pays it inside the check-in
-- transaction (holding the run's row lock): cost 8 is ~15 ms a check on one core, cost 4 ~1 ms
-- (bench/suites/checkin.mjs measures both). Hashes stored before keep their own cost (crypt
-- reads it from the hash) until the author saves the answer again.

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
         then extensions.crypt(private.normalize_answer(answer), extensions.gen_salt('bf', 4)) end,
    case when nullif(qr_payload, '') is not null then extensions.crypt(qr_payload, extensions.gen_salt('bf', 4)) end
  )
  on conflict (point_id) do update set answer_hash = excluded.answer_hash, qr_hash = excluded.qr_hash;
end;
$$;
comment on function private.set_point_secret(uuid, text, text) is
  'Stores the bcrypt hashes (cost 4: low-entropy answers, guessing stopped by the play.answer rate limit) of a point''s answer and QR payload after checking edit rights (codes), lengths and the rate limit.';
