-- Judging a check-in attempt on the server, in one function (issue 11: 500s on bad numbers, GPS
-- trusted completely). private.judge_attempt(run, point, position, accuracy, answer/QR, time) is
-- the one judge: check_in calls it for online attempts (time = the server's clock), and an offline
-- sync (issue 15) or a team run (issue 14) calls it per attempt with the attempt's own time. It:
--   1. refuses bad input with a code, never a 500: lat/lng/accuracy null, NaN, infinite or out of
--      range (accuracy above 100 km included) → invalid_position; answers over 500 characters, QR
--      payloads over 2000 → invalid_parameter; a point that is not the run's current one →
--      point_not_current; an attempt time in the future, before the run or before the previous
--      attempt → invalid_attempt_time;
--   2. judges PLAUSIBILITY against the run's previous attempt (the latest one not itself refused as
--      implausible): travelling from there to here must not need more than the quest's vehicle
--      allows, i.e. max(0, distance − slack) / max_speed ≤ elapsed, where slack is the GPS tolerance
--      (private.play_settings gps_tolerance_m, 100 m) plus both attempts' reported accuracies
--      (each capped at accuracy_allowance_cap_m, 50 m) and max_speed comes from
--      private.vehicle_speed_limits (by vehicle slug; 'default' for quests without a listed one).
--      An implausible attempt is refused as implausible_travel with retry_after_s, the seconds after
--      which the same move becomes plausible; the implausible_attempts_to_flag-th (3rd) one flags
--      the run for moderators (see 20261202110600_run_review.sql);
--   3. judges the point: within radius + min(accuracy, 50 m), then the answer or QR payload
--      (bcrypt, rate limited per player and point: play.answer);
--   4. keeps every attempt (run_checkins: reported lat/lng/accuracy, the attempt's time, the
--      refusal, the implied travel speed), advances or finishes the run, and settles a finished run
--      (private.settle_run: reward and leaderboards when it counts).
-- Refusals of an attempt are answers, not errors: the app gets {accepted: false, refusal, …}. Their
-- codes are catalogued too (too_far, wrong_answer, wrong_qr, implausible_travel), so the app shows
-- the catalogue's ru/en text with the result's numbers.

create table private.vehicle_speed_limits (
  vehicle_slug text primary key check (vehicle_slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  max_speed_kmh numeric(6, 1) not null check (max_speed_kmh between 1 and 1000),
  description text not null
);
comment on table private.vehicle_speed_limits is
  'Fastest plausible travel between two check-ins, per vehicle (public.vehicles.slug); the row ''default'' applies to quests without a listed vehicle. Tunable in Studio.';
comment on column private.vehicle_speed_limits.vehicle_slug is 'public.vehicles.slug, or default.';
comment on column private.vehicle_speed_limits.max_speed_kmh is 'Highest average speed accepted between two attempts, km/h (generous on purpose: a refusal costs an honest player).';
comment on column private.vehicle_speed_limits.description is 'Why this value.';
alter table private.vehicle_speed_limits enable row level security;
revoke all on private.vehicle_speed_limits from public, anon, authenticated, service_role;
insert into private.vehicle_speed_limits (vehicle_slug, max_speed_kmh, description) values
  ('default', 150, 'No vehicle, or one not listed: a car on a motorway.'),
  ('on-foot', 20, 'Running, with a margin.'),
  ('bike', 45, 'A fast cyclist downhill.'),
  ('scooter', 45, 'An electric scooter at full speed.'),
  ('public-transport', 120, 'Suburban trains and express buses.'),
  ('car', 150, 'Motorways.'),
  ('boat', 60, 'A motor boat.');

create table private.play_settings (
  name text primary key check (name ~ '^[a-z_]+$'),
  value numeric not null,
  description text not null
);
comment on table private.play_settings is 'Numbers of the check-in rules (tolerances, thresholds). Tunable in Studio; documented in docs/play-and-credits.md.';
comment on column private.play_settings.name is 'Setting name, as read by private.play_setting().';
comment on column private.play_settings.value is 'Its value.';
comment on column private.play_settings.description is 'What it does.';
alter table private.play_settings enable row level security;
revoke all on private.play_settings from public, anon, authenticated, service_role;
insert into private.play_settings (name, value, description) values
  ('gps_tolerance_m', 100, 'Metres of travel always allowed between two attempts, whatever the time (GPS noise), on top of both reported accuracies.'),
  ('accuracy_allowance_cap_m', 50, 'A reported accuracy counts for at most this many metres, in the check-in radius and in the travel slack.'),
  ('max_reported_accuracy_m', 100000, 'Reported accuracies above this are not a position: invalid_position.'),
  ('implausible_attempts_to_flag', 3, 'Implausible attempts (since the start or the last clearing) that flag the run for moderators.'),
  ('clock_skew_s', 60, 'Seconds an attempt time given by a device may lie in the future, or before the run''s start.');

create function private.play_setting(setting text)
returns numeric
language sql
stable
security definer
set search_path = ''
as $$
  select s.value from private.play_settings s where s.name = setting;
$$;
comment on function private.play_setting(text) is 'The value of a check-in setting (private.play_settings).';

create function private.max_speed_mps(target_quest uuid)
returns numeric
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(
    (select l.max_speed_kmh from public.quests q
     join public.vehicles v on v.id = q.vehicle_id
     join private.vehicle_speed_limits l on l.vehicle_slug = v.slug
     where q.id = target_quest),
    (select l.max_speed_kmh from private.vehicle_speed_limits l where l.vehicle_slug = 'default'),
    150) / 3.6;
$$;
comment on function private.max_speed_mps(uuid) is 'Fastest plausible travel for a quest, in metres per second (its vehicle''s limit, else the default).';

alter table public.run_checkins
  add column lat double precision check (lat between -90 and 90),
  add column lng double precision check (lng between -180 and 180),
  add column attempted_at timestamptz not null default now(),
  add column travel_speed_kmh numeric(10, 1);
update public.run_checkins set attempted_at = created_at;
alter table public.run_checkins drop constraint run_checkins_refusal_check;
alter table public.run_checkins add constraint run_checkins_refusal_check
  check (refusal in ('too_far', 'wrong_answer', 'wrong_qr', 'implausible_travel'));
comment on column public.run_checkins.lat is 'Reported latitude (null for attempts recorded before positions were kept).';
comment on column public.run_checkins.lng is 'Reported longitude.';
comment on column public.run_checkins.attempted_at is 'When the attempt happened: the server''s clock for online check-ins (never the phone''s).';
comment on column public.run_checkins.travel_speed_kmh is 'Average speed implied from the previous plausible attempt, km/h (null for the first).';
comment on column public.run_checkins.refusal is 'Why not: too_far, wrong_answer, wrong_qr or implausible_travel.';
comment on column public.run_checkins.created_at is 'When the attempt was recorded by the server.';
comment on table public.run_checkins is
  'Every check-in attempt of a run, accepted or refused, with the reported position and accuracy and the measured distance. Written only by private.judge_attempt.';

insert into private.error_codes (code, http_status, message_en, message_ru) values
  ('point_not_current', 409, 'This is not the point the run is at (point {position} is next).', 'Прохождение сейчас не на этой точке (следующая — точка {position}).'),
  ('invalid_attempt_time', 400, 'The time of the attempt is not possible ({reason}).', 'Время попытки невозможно ({reason}).'),
  -- Refusals of a check-in attempt: they come in check_in's result (HTTP 200, accepted = false), with
  -- these params; catalogued so that the app shows them in the user's language.
  ('too_far', 422, 'You are {distance_m} m from the point: come within {allowed_m} m.', 'До точки {distance_m} м: подойдите ближе чем на {allowed_m} м.'),
  ('wrong_answer', 422, 'That is not the answer.', 'Ответ неверный.'),
  ('wrong_qr', 422, 'This is not the code of this point.', 'Это не QR-код этой точки.'),
  ('implausible_travel', 422, 'Nobody gets here that fast: check in again in {retry_after_s} s.', 'Так быстро сюда не добраться: отметьтесь снова через {retry_after_s} с.');

insert into private.rate_limits (action, max_hits, per, description) values
  ('play.answer', 6, interval '10 minutes', 'Answer or QR checks per player and point (bcrypt each; a new run does not reset it): stops guessing.');

create or replace function private.check_point_answer(point uuid, answer text, qr_payload text default null)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select case p.task_type
    when 'gps' then true
    when 'answer' then s.answer_hash is not null and answer is not null
      and s.answer_hash = extensions.crypt(private.normalize_answer(answer), s.answer_hash)
    when 'qr' then s.qr_hash is not null and qr_payload is not null
      and s.qr_hash = extensions.crypt(qr_payload, s.qr_hash)
  end
  from public.quest_points p
  left join private.point_secrets s on s.point_id = p.id
  where p.id = point;
$$;
comment on function private.check_point_answer(uuid, text, text) is
  'True when the answer (answer points) or the QR payload (qr points) matches the stored hash; gps points need none. Called by private.judge_attempt only (rate limited there).';

create function private.judge_attempt(
  target_run uuid,
  target_point uuid,
  lat double precision,
  lng double precision,
  accuracy_m double precision,
  answer text,
  qr_payload text,
  attempted_at timestamptz
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.quest_runs;
  point public.quest_points;
  latest public.run_checkins;
  previous public.run_checkins;
  here extensions.geography;
  cap numeric := private.play_setting('accuracy_allowance_cap_m');
  skew interval := make_interval(secs => private.play_setting('clock_skew_s'));
  stamp timestamptz;
  distance numeric;
  allowance numeric;
  travel numeric;
  elapsed numeric;
  needed numeric;
  speed numeric;
  refusal text;
  retry_after integer;
  finished boolean := false;
  reward integer := 0;
  attempt bigint;
begin
  -- 1. Input.
  if lat is null or lng is null or accuracy_m is null
     or not (lat between -90 and 90) or not (lng between -180 and 180)
     or not (accuracy_m between 0 and private.play_setting('max_reported_accuracy_m')) then
    perform private.refuse('invalid_position');
  end if;
  perform private.require_max_length(answer, 'answer', 500);
  perform private.require_max_length(qr_payload, 'qr_payload', 2000);
  select * into run from public.quest_runs r where r.id = target_run for update;
  if run.id is null then
    perform private.refuse('run_not_found');
  end if;
  if run.status <> 'in_progress' then
    perform private.refuse('run_not_in_progress', jsonb_build_object('status', run.status));
  end if;
  point := private.next_point(run);
  if point.id is null then
    perform private.refuse('point_not_found');
  end if;
  if target_point is not null and target_point <> point.id then
    perform private.refuse('point_not_current', jsonb_build_object('position', point.position, 'point_id', point.id));
  end if;
  select * into latest from public.run_checkins c where c.run_id = run.id order by c.id desc limit 1;
  if judge_attempt.attempted_at is null then
    stamp := greatest(clock_timestamp(), latest.attempted_at);  -- online: the server's clock
  else
    stamp := judge_attempt.attempted_at;
    if stamp > clock_timestamp() + skew then
      perform private.refuse('invalid_attempt_time', jsonb_build_object('reason', 'in the future'));
    elsif stamp < run.started_at - skew then
      perform private.refuse('invalid_attempt_time', jsonb_build_object('reason', 'before the run started'));
    elsif stamp < latest.attempted_at then
      perform private.refuse('invalid_attempt_time', jsonb_build_object('reason', 'before the previous attempt'));
    end if;
  end if;

  -- 2. Plausibility of the travel since the previous plausible attempt.
  here := extensions.st_setsrid(extensions.st_makepoint(lng, lat), 4326)::extensions.geography;
  allowance := least(accuracy_m::numeric, cap);
  select * into previous from public.run_checkins c
  where c.run_id = run.id and c.refusal is distinct from 'implausible_travel' and c.lat is not null
  order by c.id desc limit 1;
  if previous.id is not null then
    travel := extensions.st_distance(
      extensions.st_setsrid(extensions.st_makepoint(previous.lng, previous.lat), 4326)::extensions.geography, here)::numeric;
    elapsed := greatest(extract(epoch from stamp - previous.attempted_at), 0);
    speed := round(travel / greatest(elapsed, 1) * 3.6, 1);
    needed := greatest(travel - private.play_setting('gps_tolerance_m') - least(previous.accuracy_m, cap) - allowance, 0)
              / private.max_speed_mps(run.quest_id);
    if needed > elapsed then
      refusal := 'implausible_travel';
      retry_after := ceil(needed - elapsed)::integer;
    end if;
  end if;

  -- 3. The point: distance, then the answer or QR payload.
  distance := round(extensions.st_distance(point.location, here)::numeric, 1);
  if refusal is null then
    if distance > point.radius_m + allowance then
      refusal := 'too_far';
    elsif point.task_type in ('answer', 'qr') then
      perform private.throttle('play.answer', format('user:%s:point:%s', run.user_id, point.id));
      if not private.check_point_answer(point.id, answer, qr_payload) then
        refusal := case point.task_type when 'answer' then 'wrong_answer' else 'wrong_qr' end;
      end if;
    end if;
  end if;

  -- 4. Keep the attempt; advance, finish, flag.
  insert into public.run_checkins (run_id, point_id, position, accepted, refusal, distance_m, accuracy_m, lat, lng, attempted_at, travel_speed_kmh)
  values (run.id, point.id, point.position, refusal is null, refusal, distance, round(accuracy_m::numeric, 1),
          judge_attempt.lat, judge_attempt.lng, stamp, speed)
  returning id into attempt;

  if refusal = 'implausible_travel' then
    update public.quest_runs r
    set implausible_attempts = r.implausible_attempts + 1,
        review_state = case when r.implausible_attempts + 1 >= private.play_setting('implausible_attempts_to_flag')
                             and r.review_state is distinct from 'flagged' then 'flagged' else r.review_state end,
        flagged_at = case when r.implausible_attempts + 1 >= private.play_setting('implausible_attempts_to_flag')
                           and r.review_state is distinct from 'flagged' then now() else r.flagged_at end,
        flag_reason = case when r.implausible_attempts + 1 >= private.play_setting('implausible_attempts_to_flag')
                            and r.review_state is distinct from 'flagged' then 'implausible_travel' else r.flag_reason end
    where r.id = run.id
    returning * into run;
  elsif refusal is null then
    run.score := run.score + 100;
    run.next_position := point.position + 1;
    finished := private.next_point(run) is null;
    if finished then
      update public.quest_runs r
      set score = run.score, next_position = run.next_position, status = 'completed', finished_at = stamp
      where r.id = run.id;
      reward := private.settle_run(run.id);
      select * into run from public.quest_runs r where r.id = target_run;
    else
      update public.quest_runs r set score = run.score, next_position = run.next_position where r.id = run.id;
    end if;
  end if;

  return jsonb_build_object(
    'attempt_id', attempt, 'run_id', run.id, 'accepted', refusal is null, 'refusal', refusal,
    'point_id', point.id, 'position', point.position, 'distance_m', distance, 'allowed_m', point.radius_m + allowance,
    'retry_after_s', retry_after, 'attempted_at', stamp,
    'next_position', case when finished then null else run.next_position end,
    'finished', finished, 'score', run.score, 'duration_s', run.duration_s, 'reward_credits', reward,
    'practice', run.practice, 'review_state', run.review_state);
end;
$$;
comment on function private.judge_attempt(uuid, uuid, double precision, double precision, double precision, text, text, timestamptz) is
  'The one judge of a check-in attempt: (run, point or null = the current one, lat, lng, accuracy_m, answer, qr_payload, attempted_at or null = now). Validates, checks travel plausibility, distance and answer, keeps the attempt, advances/finishes/flags the run, settles it. Returns the check_in result. The caller checks who may act on the run.';

create or replace function private.check_in(target_run uuid, lat double precision, lng double precision,
  accuracy_m double precision, answer text, qr_payload text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.locked_run(target_run);  -- the caller's own run, in progress, account active
  return private.judge_attempt(target_run, null, lat, lng, accuracy_m, answer, qr_payload, null);
end;
$$;
comment on function private.check_in(uuid, double precision, double precision, double precision, text, text) is
  'An online check-in of the caller at their run''s current point, judged now by private.judge_attempt.';
comment on function public.check_in(uuid, double precision, double precision, double precision, text, text) is
  'RPC: check in at the next point. Returns {attempt_id, run_id, accepted, refusal (too_far|wrong_answer|wrong_qr|implausible_travel), point_id, position, distance_m, allowed_m, retry_after_s, attempted_at, next_position, finished, score, duration_s, reward_credits, practice, review_state}. Errors: forbidden, run_not_found, run_not_in_progress, invalid_position, invalid_parameter, point_not_found, rate_limited.';

revoke execute on function private.play_setting(text), private.max_speed_mps(uuid),
  private.judge_attempt(uuid, uuid, double precision, double precision, double precision, text, text, timestamptz) from public;
