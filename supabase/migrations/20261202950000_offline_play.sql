-- Offline play (issue 15): download a quest, play it without a network, sync later, judged as if
-- online. Built on play's one judge (private.judge_attempt), never beside it:
--   - QUEST BUNDLE (public.quest_bundle): one call returns what the app needs to play a quest it may
--     play (published; locked ones with access; drafts never): the quest and its play rules, the
--     points the stage mode lets the caller read (free: every point; linear and qr_start: those
--     opened for the caller's runs, exactly as the quest_points policy), tasks WITHOUT answers (no
--     answer, QR payload, hash or hint text in any form), media as bucket + path (covers: public
--     URL; point media: the private bucket quest-media, signed by the app with one
--     createSignedUrls call for the bundle's lifetime, which Storage checks against the same read
--     policy), the score rules, the caller's runs in progress, and a VERSION.
--   - VERSIONS: a per-quest counter bumped (under the counter's row lock, so versions commit in
--     order) by every change of what a bundle holds: quest fields and rules, points added, changed
--     or removed, hints added or removed. Each change is kept as a row (part, point, change), so
--     public.quest_bundle_changes(quest, since) answers "what changed since V" by one index range.
--   - ANSWERS stay on the server: the phone checks the radius locally (radius + accuracy capped
--     like the judge) and records the attempt; answers and QR payloads are judged at sync.
--   - SYNC (public.sync_run): a batch of attempts (client uuid, device time, position, accuracy,
--     point, answer / QR payload) of one run. The run is locked; ids already synced for the run
--     (by any phone of a team) return their stored result and change nothing; new attempts must
--     pass the batch checks (shape, sizes, positions, device times not in the future beyond the
--     clock skew, not before the run's start, in order within the batch, points of the run's
--     quest) or the whole batch is refused with a code and nothing is written; then each new
--     attempt is judged in order by private.judge_attempt with attempted_at = the device time and
--     attempted_by = the caller, and its result (or its catalogued refusal, caught per attempt) is
--     kept with its client id. Travel plausibility is judge_attempt's own rule (an implausible
--     attempt is refused and the third flags the run for moderators). Attempts at a point removed
--     since the download answer point_removed; moved points are judged where they are now.

insert into private.error_codes (code, http_status, message_en, message_ru) values
  ('point_not_in_quest', 400, 'Attempt {index} names a point of another quest.', 'Попытка {index} указывает точку другого квеста.'),
  ('point_removed', 409, 'This point was removed from the quest after you downloaded it.', 'Эту точку убрали из квеста после того, как вы его скачали.');

insert into private.play_settings (name, value, description) values
  ('bundle_ttl_s', 604800, 'Lifetime of an offline quest bundle (seconds): its expires_at, and the expiry the app asks for its signed media URLs.'),
  ('sync_batch_max', 100, 'Most attempts in one sync_run batch (invalid_parameter beyond).');

insert into private.rate_limits (action, max_hits, per, description) values
  ('play.sync', 120, interval '1 hour', 'Offline sync batches per player (replays included): each judges up to sync_batch_max attempts.');

-- Versions and what changed.
create table private.quest_bundle_versions (
  quest_id uuid primary key references public.quests (id) on delete cascade,
  version bigint not null,
  changed_at timestamptz not null default now()
);
comment on table private.quest_bundle_versions is
  'The bundle version of each quest that changed since offline play exists (absent: version 0). Bumped under this row''s lock by private.record_bundle_change.';
comment on column private.quest_bundle_versions.quest_id is 'The quest.';
comment on column private.quest_bundle_versions.version is 'Its bundle version: 1 + the number of changes of bundle content.';
comment on column private.quest_bundle_versions.changed_at is 'When it last changed.';
alter table private.quest_bundle_versions enable row level security;
revoke all on private.quest_bundle_versions from public, anon, authenticated, service_role;

create table private.quest_bundle_changes (
  quest_id uuid not null references private.quest_bundle_versions (quest_id) on delete cascade,
  version bigint not null,
  part text not null check (part in ('quest', 'score_rules', 'point')),
  point_id uuid,
  change text not null check (change in ('added', 'changed', 'removed')),
  changed_at timestamptz not null default now(),
  primary key (quest_id, version)
);
comment on table private.quest_bundle_changes is
  'One row per change of a quest''s bundle content (its version), read by public.quest_bundle_changes.';
comment on column private.quest_bundle_changes.quest_id is 'The quest.';
comment on column private.quest_bundle_changes.version is 'The version this change made.';
comment on column private.quest_bundle_changes.part is 'quest (texts, cover, vehicle, status, access), score_rules (stage order, limits, scores, reward) or point.';
comment on column private.quest_bundle_changes.point_id is 'The point (part point); no foreign key: a removed point stays named.';
comment on column private.quest_bundle_changes.change is 'added, changed or removed.';
comment on column private.quest_bundle_changes.changed_at is 'When.';
alter table private.quest_bundle_changes enable row level security;
revoke all on private.quest_bundle_changes from public, anon, authenticated, service_role;

create function private.record_bundle_change(quest uuid, part text, point uuid, change text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  next_version bigint;
begin
  if not exists (select 1 from public.quests q where q.id = quest) then
    return;  -- the quest itself is being deleted
  end if;
  insert into private.quest_bundle_versions as v (quest_id, version, changed_at) values (quest, 1, now())
  on conflict (quest_id) do update set version = v.version + 1, changed_at = now()
  returning v.version into next_version;
  insert into private.quest_bundle_changes (quest_id, version, part, point_id, change)
  values (quest, next_version, part, point, change);
end;
$$;
comment on function private.record_bundle_change(uuid, text, uuid, text) is
  'Bumps the quest''s bundle version (row lock: versions of one quest commit in order) and keeps what changed.';

create function private.track_quest_bundle()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if (old.title, old.summary, old.description, old.cover_path, old.city, old.vehicle_id, old.status, old.access)
     is distinct from (new.title, new.summary, new.description, new.cover_path, new.city, new.vehicle_id, new.status, new.access) then
    perform private.record_bundle_change(new.id, 'quest', null, 'changed');
  end if;
  if (old.stage_order, old.time_limit_s, old.score_per_point, old.wrong_answer_penalty, old.time_bonus_per_min, old.reward_credits)
     is distinct from (new.stage_order, new.time_limit_s, new.score_per_point, new.wrong_answer_penalty, new.time_bonus_per_min, new.reward_credits) then
    perform private.record_bundle_change(new.id, 'score_rules', null, 'changed');
  end if;
  return null;
end;
$$;
comment on function private.track_quest_bundle() is 'Trigger: a change of a quest''s bundle fields or play rules bumps its bundle version.';
create trigger track_quest_bundle after update on public.quests for each row execute function private.track_quest_bundle();

create function private.track_point_bundle()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    perform private.record_bundle_change(new.quest_id, 'point', new.id, 'added');
  elsif tg_op = 'DELETE' then
    perform private.record_bundle_change(old.quest_id, 'point', old.id, 'removed');
  elsif (old.position, old.title, old.description, old.lat, old.lng, old.radius_m, old.task_type, old.media_path, old.hint_cost,
         old.hint_delay_s, old.time_limit_s, old.requires_point_id, old.requires_first_try)
        is distinct from (new.position, new.title, new.description, new.lat, new.lng, new.radius_m, new.task_type, new.media_path,
                          new.hint_cost, new.hint_delay_s, new.time_limit_s, new.requires_point_id, new.requires_first_try) then
    perform private.record_bundle_change(new.quest_id, 'point', new.id, 'changed');
  end if;
  return null;
end;
$$;
comment on function private.track_point_bundle() is 'Trigger: a point added, removed or changed (fields a bundle holds) bumps its quest''s bundle version.';
create trigger track_point_bundle after insert or update or delete on public.quest_points
  for each row execute function private.track_point_bundle();

create function private.track_hint_bundle()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  point uuid := case when tg_op = 'DELETE' then old.point_id else new.point_id end;
begin
  perform private.record_bundle_change(p.quest_id, 'point', p.id, 'changed') from public.quest_points p where p.id = point;
  return null;
end;
$$;
comment on function private.track_hint_bundle() is 'Trigger: a hint added or removed changes the point''s has_hint in bundles.';
create trigger track_hint_bundle after insert or delete on private.point_hints
  for each row execute function private.track_hint_bundle();

create function private.bundle_version(quest uuid)
returns bigint
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce((select v.version from private.quest_bundle_versions v where v.quest_id = quest), 0);
$$;
comment on function private.bundle_version(uuid) is 'The quest''s bundle version (0 until its bundle content first changes).';

-- What a bundle says of a point: public fields only (never an answer, QR payload, hash or hint text).
create function private.bundle_point(p public.quest_points, has_hint boolean)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select jsonb_build_object('id', p.id, 'position', p.position, 'title', p.title, 'description', p.description, 'lat', p.lat,
    'lng', p.lng, 'radius_m', p.radius_m, 'task_type', p.task_type, 'media_path', p.media_path,
    'has_hint', has_hint, 'hint_cost', p.hint_cost, 'hint_delay_s', p.hint_delay_s,
    'time_limit_s', p.time_limit_s, 'requires_point_id', p.requires_point_id, 'requires_first_try', p.requires_first_try);
$$;
comment on function private.bundle_point(public.quest_points, boolean) is
  'A point as bundles and sync answers show it: public fields and whether it has a hint (never answers or hint text).';

-- The quest the caller may download: published, visible, with access.
create function private.bundle_quest(target uuid)
returns public.quests
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  quest public.quests;
begin
  perform private.require_active();
  select * into quest from public.quests q where q.id = target;
  if quest.id is null or quest.status <> 'published' or not private.can_view_quest(quest.id) then
    perform private.refuse('quest_not_found');
  end if;
  if not private.has_quest_access(quest.id, auth.uid()) then
    perform private.refuse('no_access');
  end if;
  return quest;
end;
$$;
comment on function private.bundle_quest(uuid) is
  'The quest the caller may take offline: a published quest they see and may play; refuses forbidden, quest_not_found (drafts, unknown), no_access (locked without access).';

create function private.quest_bundle(target uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  quest public.quests := private.bundle_quest(target);
  built timestamptz := now();
  whole_route boolean := private.whole_route_visible(quest.id);
  points jsonb;
begin
  -- The caller has access (bundle_quest): the whole route, or the points opened for their runs
  -- (the quest_points policy, private.can_read_point, decided once for the quest).
  select coalesce(jsonb_agg(private.bundle_point(p, private.point_has_hint(p.id)) order by p.position), '[]') into points
  from public.quest_points p
  where p.quest_id = quest.id
    and (whole_route or p.id in (select rp.point_id from private.run_points rp where rp.run_id in (select private.my_run_ids())));
  return jsonb_build_object(
    'version', private.bundle_version(quest.id),
    'built_at', built,
    'expires_at', built + make_interval(secs => private.play_setting('bundle_ttl_s')),
    'quest', jsonb_build_object('id', quest.id, 'slug', quest.slug, 'title', quest.title, 'summary', quest.summary,
      'description', quest.description, 'city', quest.city, 'cover_path', quest.cover_path, 'access', quest.access,
      'stage_order', quest.stage_order, 'reward_credits', quest.reward_credits,
      'vehicle', (select v.slug from public.vehicles v where v.id = quest.vehicle_id)),
    'score_rules', jsonb_build_object('score_per_point', quest.score_per_point, 'wrong_answer_penalty', quest.wrong_answer_penalty,
      'time_bonus_per_min', quest.time_bonus_per_min, 'time_limit_s', quest.time_limit_s),
    'point_count', (select count(*) from public.quest_points p where p.quest_id = quest.id),
    'route_complete', whole_route,
    'points', points,
    'media', coalesce((select jsonb_agg(m.item order by m.item ->> 'path') from (
        select jsonb_build_object('bucket', 'quest-covers', 'path', quest.cover_path, 'public', true) as item where quest.cover_path is not null
        union all
        select distinct jsonb_build_object('bucket', 'quest-media', 'path', x ->> 'media_path', 'public', false)
        from jsonb_array_elements(points) x where x ->> 'media_path' is not null) m), '[]'),
    'judging', jsonb_build_object('accuracy_allowance_cap_m', private.play_setting('accuracy_allowance_cap_m'),
      'clock_skew_s', private.play_setting('clock_skew_s'), 'sync_batch_max', private.play_setting('sync_batch_max')),
    'runs', coalesce((select jsonb_agg(jsonb_build_object('id', r.id, 'team_id', r.team_id, 'event_id', r.event_id,
        'started_at', r.started_at, 'deadline_at', r.deadline_at) order by r.started_at)
      from public.quest_runs r where r.quest_id = quest.id and r.status = 'in_progress' and r.id in (select private.my_run_ids())), '[]'));
end;
$$;
comment on function private.quest_bundle(uuid) is
  'The offline bundle of a quest for the caller (see public.quest_bundle).';

create function public.quest_bundle(quest_id uuid)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select private.quest_bundle(quest_id);
$$;
comment on function public.quest_bundle(uuid) is
  'RPC: everything to play a quest offline: {version, built_at, expires_at, quest, score_rules, point_count, route_complete, points (those the stage mode lets the caller read; no answers, QR payloads or hint texts), media [{bucket, path, public}], judging {accuracy_allowance_cap_m, clock_skew_s, sync_batch_max}, runs (the caller''s in progress)}. Errors: forbidden, quest_not_found (drafts too), no_access.';

create function private.quest_bundle_changes(target uuid, since_version bigint)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  quest public.quests := private.bundle_quest(target);
  current_version bigint := private.bundle_version(target);
  changes record;
begin
  if since_version is null or since_version < 0 or since_version > current_version then
    perform private.refuse_parameter('since_version', 'a version this quest''s bundle had');
  end if;
  select coalesce(array_agg(distinct c.part) filter (where c.part <> 'point'), '{}') as parts,
         coalesce(jsonb_agg(distinct c.point_id) filter (where c.part = 'point'), '[]') as points,
         coalesce(jsonb_agg(distinct c.point_id) filter (where c.part = 'point' and c.change = 'removed'), '[]') as removed
  into changes
  from private.quest_bundle_changes c where c.quest_id = quest.id and c.version > since_version;
  return jsonb_build_object('quest_id', quest.id, 'version', current_version, 'changed', current_version > since_version,
    'parts', to_jsonb(changes.parts), 'points', changes.points, 'removed_points', changes.removed);
end;
$$;
comment on function private.quest_bundle_changes(uuid, bigint) is 'What changed in a quest''s bundle since a version (see public.quest_bundle_changes).';

create function public.quest_bundle_changes(quest_id uuid, since_version bigint)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select private.quest_bundle_changes(quest_id, since_version);
$$;
comment on function public.quest_bundle_changes(uuid, bigint) is
  'RPC: has the quest''s bundle changed since since_version? {quest_id, version, changed, parts (quest, score_rules), points (ids added, changed or removed), removed_points}. Errors: forbidden, quest_not_found, no_access (access lost: drop the bundle), invalid_parameter (since_version).';

-- Synced attempts: one row per client id and run, with the result it was judged to.
create table private.offline_attempts (
  run_id uuid not null references public.quest_runs (id) on delete cascade,
  client_id uuid not null,
  attempted_by uuid references public.profiles (id) on delete set null,
  device_time timestamptz not null,
  checkin_id bigint references public.run_checkins (id) on delete set null,
  result jsonb not null,
  synced_at timestamptz not null default now(),
  primary key (run_id, client_id)
);
comment on table private.offline_attempts is
  'Attempts synced by public.sync_run, keyed by the phone''s id per run: the same id again (a replayed batch, or a teammate''s overlapping one) returns result and changes nothing.';
comment on column private.offline_attempts.run_id is 'The run.';
comment on column private.offline_attempts.client_id is 'The id the phone gave the attempt (uuid).';
comment on column private.offline_attempts.attempted_by is 'The player whose phone synced it.';
comment on column private.offline_attempts.device_time is 'The phone''s time of the attempt.';
comment on column private.offline_attempts.checkin_id is 'The attempt kept in run_checkins, when the judge kept one.';
comment on column private.offline_attempts.result is 'What sync_run answered for it (the judge''s result, or the catalogued refusal).';
comment on column private.offline_attempts.synced_at is 'When it was judged.';
create index offline_attempts_attempted_by_idx on private.offline_attempts (attempted_by);
create index offline_attempts_checkin_id_idx on private.offline_attempts (checkin_id);
alter table private.offline_attempts enable row level security;
revoke all on private.offline_attempts from public, anon, authenticated, service_role;

create function private.offline_run_state(target uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object('id', r.id, 'quest_id', r.quest_id, 'team_id', r.team_id, 'status', r.status, 'score', r.score,
    'points_done', r.points_done, 'points_total', r.points_total, 'next_position', r.next_position, 'started_at', r.started_at,
    'finished_at', r.finished_at, 'duration_s', r.duration_s, 'deadline_at', r.deadline_at, 'time_bonus', r.time_bonus,
    'reward_credits', coalesce((select m.reward_credits from public.team_run_members m where m.run_id = r.id and m.user_id = auth.uid()),
                               r.reward_credits),
    'practice', r.practice, 'review_state', r.review_state,
    'open_points', coalesce((select jsonb_agg(private.bundle_point(p, private.point_has_hint(p.id)) order by p.position)
                             from private.run_points rp join public.quest_points p on p.id = rp.point_id
                             where rp.run_id = r.id and rp.checked_at is null and r.status = 'in_progress'), '[]'))
  from public.quest_runs r where r.id = target;
$$;
comment on function private.offline_run_state(uuid) is
  'A run as sync_run answers it: status, score, progress, what it paid the caller, and its open points (bundle form: linear routes continue from here).';

create function private.sync_run(target_run uuid, attempts jsonb, bundle_version bigint)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.quest_runs;
  skew interval := make_interval(secs => private.play_setting('clock_skew_s'));
  max_accuracy numeric := private.play_setting('max_reported_accuracy_m');
  item jsonb;
  batch jsonb := '[]';
  judged jsonb := '[]';
  seen uuid[] := '{}';
  known uuid[];
  i integer := 0;
  batch_size integer;
  client uuid;
  stamp timestamptz;
  previous_stamp timestamptz;
  point_quest uuid;
  stored jsonb;
  outcome jsonb;
  code text;
  params text;
  results jsonb := '[]';
  uuid_re constant text := '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
begin
  perform private.require_active();
  perform private.throttle('play.sync');
  if attempts is null or jsonb_typeof(attempts) <> 'array' then
    perform private.refuse_parameter('attempts', 'an array of attempts');
  end if;
  batch_size := jsonb_array_length(attempts);
  if batch_size not between 1 and private.play_setting('sync_batch_max') then
    perform private.refuse_parameter('attempts', format('1 to %s attempts', private.play_setting('sync_batch_max')));
  end if;
  select * into run from public.quest_runs r where r.id = target_run for update;
  if run.id is null or not private.plays_run(run, auth.uid()) then
    perform private.refuse('run_not_found');
  end if;

  -- 1. The batch as a whole: shape, then the new attempts' times and points. Nothing is written
  -- before every attempt passes.
  for item in select value from jsonb_array_elements(attempts) loop
    if jsonb_typeof(item) <> 'object' or jsonb_typeof(item -> 'id') is distinct from 'string' or (item ->> 'id') !~ uuid_re then
      perform private.refuse_parameter(format('attempts[%s].id', i), 'a uuid');
    end if;
    client := (item ->> 'id')::uuid;
    if client = any (seen) then
      perform private.refuse_parameter(format('attempts[%s].id', i), 'each id once per batch');
    end if;
    seen := seen || client;
    i := i + 1;
  end loop;
  known := array(select o.client_id from private.offline_attempts o where o.run_id = run.id and o.client_id = any (seen));
  i := 0;
  for item in select value from jsonb_array_elements(attempts) loop
    client := (item ->> 'id')::uuid;
    if client = any (known) then
      batch := batch || jsonb_build_array(jsonb_build_object('client_id', client, 'known', true));
      i := i + 1;
      continue;  -- synced before: its stored result stands
    end if;
    if coalesce(jsonb_typeof(item -> 'point_id'), 'null') not in ('null', 'string') or (item ->> 'point_id') !~ uuid_re then
      perform private.refuse_parameter(format('attempts[%s].point_id', i), 'a uuid or null');
    end if;
    if jsonb_typeof(item -> 'lat') is distinct from 'number' or jsonb_typeof(item -> 'lng') is distinct from 'number'
       or jsonb_typeof(item -> 'accuracy_m') is distinct from 'number'
       or not ((item ->> 'lat')::numeric between -90 and 90) or not ((item ->> 'lng')::numeric between -180 and 180)
       or not ((item ->> 'accuracy_m')::numeric between 0 and max_accuracy) then
      perform private.refuse('invalid_position', jsonb_build_object('index', i));
    end if;
    if coalesce(jsonb_typeof(item -> 'answer'), 'null') not in ('null', 'string') then
      perform private.refuse_parameter(format('attempts[%s].answer', i), 'a string or null');
    end if;
    if coalesce(jsonb_typeof(item -> 'qr_payload'), 'null') not in ('null', 'string') then
      perform private.refuse_parameter(format('attempts[%s].qr_payload', i), 'a string or null');
    end if;
    perform private.require_max_length(item ->> 'answer', format('attempts[%s].answer', i), 500);
    perform private.require_max_length(item ->> 'qr_payload', format('attempts[%s].qr_payload', i), 2000);
    if jsonb_typeof(item -> 'attempted_at') is distinct from 'string'
       or (item ->> 'attempted_at') !~ '^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)$' then
      perform private.refuse_parameter(format('attempts[%s].attempted_at', i), 'an ISO 8601 time with its offset');
    end if;
    begin
      stamp := (item ->> 'attempted_at')::timestamptz;
    exception when others then
      perform private.refuse_parameter(format('attempts[%s].attempted_at', i), 'an ISO 8601 time with its offset');
    end;
    if stamp > clock_timestamp() + skew then
      perform private.refuse('invalid_attempt_time', jsonb_build_object('index', i, 'reason', 'in the future'));
    elsif stamp < run.started_at - skew then
      perform private.refuse('invalid_attempt_time', jsonb_build_object('index', i, 'reason', 'before the run started'));
    elsif stamp < previous_stamp then
      perform private.refuse('invalid_attempt_time', jsonb_build_object('index', i, 'reason', 'out of order in the batch'));
    end if;
    previous_stamp := stamp;
    if item ->> 'point_id' is not null then
      select p.quest_id into point_quest from public.quest_points p where p.id = (item ->> 'point_id')::uuid;
      if point_quest is not null and point_quest <> run.quest_id then
        perform private.refuse('point_not_in_quest', jsonb_build_object('index', i));
      end if;
    end if;
    batch := batch || jsonb_build_array(jsonb_build_object('client_id', client, 'known', false, 'point_id', item -> 'point_id',
      'lat', item -> 'lat', 'lng', item -> 'lng', 'accuracy_m', item -> 'accuracy_m', 'attempted_at', stamp,
      'answer', item -> 'answer', 'qr_payload', item -> 'qr_payload'));
    i := i + 1;
  end loop;

  -- 2. Each new attempt, in order, by the one judge; a refusal of one attempt is its result.
  for item in select value from jsonb_array_elements(batch) loop
    if (item ->> 'known')::boolean then
      select o.result into stored from private.offline_attempts o where o.run_id = run.id and o.client_id = (item ->> 'client_id')::uuid;
      results := results || jsonb_build_array(stored || jsonb_build_object('replayed', true));
      continue;
    end if;
    if item ->> 'point_id' is not null
       and not exists (select 1 from public.quest_points p where p.id = (item ->> 'point_id')::uuid) then
      outcome := jsonb_build_object('accepted', false, 'refusal', null, 'error', 'point_removed', 'error_params', '{}'::jsonb,
                                    'attempt_id', null, 'point_id', item ->> 'point_id');
    else
      begin
        outcome := private.judge_attempt(run.id, (item ->> 'point_id')::uuid, (item ->> 'lat')::double precision,
          (item ->> 'lng')::double precision, (item ->> 'accuracy_m')::double precision, item ->> 'answer', item ->> 'qr_payload',
          (item ->> 'attempted_at')::timestamptz, auth.uid()) || jsonb_build_object('error', null, 'error_params', null);
      exception when others then
        get stacked diagnostics code = message_text, params = pg_exception_hint;
        if sqlstate not like 'PT4%' then
          raise;
        end if;
        outcome := jsonb_build_object('accepted', false, 'refusal', null, 'error', code, 'error_params', coalesce(params, '{}')::jsonb,
                                      'attempt_id', null, 'point_id', item ->> 'point_id');
      end;
    end if;
    outcome := outcome || jsonb_build_object('id', item ->> 'client_id');
    judged := judged || jsonb_build_array(jsonb_build_object('device_time', item -> 'attempted_at', 'result', outcome));
    results := results || jsonb_build_array(outcome || jsonb_build_object('replayed', false));
  end loop;
  insert into private.offline_attempts (run_id, client_id, attempted_by, device_time, checkin_id, result)
  select run.id, (j #>> '{result,id}')::uuid, auth.uid(), (j ->> 'device_time')::timestamptz, (j #>> '{result,attempt_id}')::bigint, j -> 'result'
  from jsonb_array_elements(judged) j;

  return jsonb_build_object('run', private.offline_run_state(run.id), 'results', results,
    'bundle_version', private.bundle_version(run.quest_id),
    'bundle_changed', bundle_version is not null and bundle_version <> private.bundle_version(run.quest_id));
end;
$$;
comment on function private.sync_run(uuid, jsonb, bigint) is
  'Offline sync of one run (see public.sync_run): batch checks (all or nothing), then each new attempt judged in order by private.judge_attempt at its device time as the caller''s, its result kept per client id; ids synced before return their stored result.';

create function public.sync_run(run_id uuid, attempts jsonb, bundle_version bigint default null)
returns jsonb
language sql
security invoker
set search_path = ''
as $$
  select private.sync_run(run_id, attempts, bundle_version);
$$;
comment on function public.sync_run(uuid, jsonb, bigint) is
  'RPC: sync attempts made offline: attempts = [{id (uuid, the phone''s), attempted_at (ISO time of the phone), lat, lng, accuracy_m, point_id (or null: the nearest open point), answer, qr_payload}], in the order they were made. Returns {run: {…, open_points}, results: [{id, replayed, accepted, refusal, error, error_params, attempt_id, point_id, position, score, score_delta, …}], bundle_version, bundle_changed}. Errors (nothing written): forbidden, rate_limited, run_not_found, invalid_parameter, invalid_position, invalid_attempt_time, point_not_in_quest.';

revoke execute on function private.record_bundle_change(uuid, text, uuid, text), private.track_quest_bundle(), private.track_point_bundle(),
  private.track_hint_bundle(), private.bundle_version(uuid), private.bundle_point(public.quest_points, boolean), private.bundle_quest(uuid),
  private.quest_bundle(uuid), private.quest_bundle_changes(uuid, bigint), private.offline_run_state(uuid),
  private.sync_run(uuid, jsonb, bigint) from public;
grant execute on function private.quest_bundle(uuid), private.quest_bundle_changes(uuid, bigint), private.sync_run(uuid, jsonb, bigint)
  to authenticated;
revoke execute on function public.quest_bundle(uuid), public.quest_bundle_changes(uuid, bigint), public.sync_run(uuid, jsonb, bigint)
  from public, anon;
grant execute on function public.quest_bundle(uuid), public.quest_bundle_changes(uuid, bigint), public.sync_run(uuid, jsonb, bigint)
  to authenticated;
