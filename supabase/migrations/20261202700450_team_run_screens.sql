-- The play screens and lists for team runs, stage modes and timed hints (issue 14), on play's calls:
--   play_state(run_id)   any player of the run (alone or in its team): the run (points_done,
--                        deadline_at, team, event), the quest's play rules, the open points (linear
--                        and qr_start: one; free: every open one) with their hint and time windows,
--                        awaiting_start for a qr_start run not started yet, the progress;
--   run_result(run_id)   any player: the run, the caller's reward from it (my_reward_credits: a team
--                        run pays each player), their personal best and city standing;
--   my_runs(...)         the caller's runs and the team runs they play, newest first;
--   flagged_runs / review_run   team runs too (the players, not one player; no player of a run
--                        reviews it; every player is told);
--   team_detail          the team's run in progress and its events.
-- None returns a point that is not open or checked in for the run, nor a hint's text.

create or replace function private.run_json(run public.quest_runs)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', run.id, 'quest_id', run.quest_id, 'status', run.status, 'practice', run.practice,
    'review_state', run.review_state, 'review_note', run.review_note, 'score', run.score, 'hints_used', run.hints_used,
    'next_position', run.next_position, 'points_total', run.points_total, 'points_done', run.points_done,
    'started_at', run.started_at, 'finished_at', run.finished_at, 'duration_s', run.duration_s,
    'deadline_at', run.deadline_at, 'time_bonus', run.time_bonus, 'reward_credits', run.reward_credits,
    'team_id', run.team_id, 'event_id', run.event_id);
$$;
comment on function private.run_json(public.quest_runs) is 'The fields of a run its players see, as JSON.';

create or replace function private.my_run(target_run uuid)
returns public.quest_runs
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  run public.quest_runs;
begin
  select * into run from public.quest_runs r where r.id = target_run;
  if run.id is null or not private.plays_run(run, auth.uid()) then
    perform private.refuse('run_not_found');
  end if;
  return run;
end;
$$;
comment on function private.my_run(uuid) is 'A run the caller plays or played (alone or in its team, any status), or run_not_found.';

-- An open point of a run as the play screen shows it (public fields, no hint text).
create function private.open_point_json(run public.quest_runs, point public.quest_points, opened timestamptz)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', point.id, 'position', point.position, 'title', point.title, 'description', point.description,
    'lat', point.lat, 'lng', point.lng, 'radius_m', point.radius_m, 'task_type', point.task_type, 'media_path', point.media_path,
    'opened_at', opened,
    'scores_until', opened + make_interval(secs => point.time_limit_s),
    'has_hint', private.point_has_hint(point.id), 'hint_cost', point.hint_cost,
    'hint_available_at', opened + make_interval(secs => coalesce(point.hint_delay_s, 0)),
    'hint_taken', exists (select 1 from public.run_hints h where h.run_id = run.id and h.point_id = point.id),
    'attempts', (select count(*) from public.run_checkins c where c.run_id = run.id and c.point_id = point.id),
    'last_refusal', (select c.refusal from public.run_checkins c where c.run_id = run.id and c.point_id = point.id
                     order by c.id desc limit 1));
$$;
comment on function private.open_point_json(public.quest_runs, public.quest_points, timestamptz) is
  'An open point for the play screen: public fields, when it opened, until when a check-in scores, hint availability and cost (never the text), attempts there.';

create or replace function private.play_state(target_run uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  run public.quest_runs := private.my_run(target_run);
  quest public.quests;
  open_points jsonb;
begin
  select * into quest from public.quests q where q.id = run.quest_id;
  select coalesce(jsonb_agg(private.open_point_json(run, p, rp.opened_at)
                            order by private.cycle_key(p.position, run.start_position), p.id), '[]')
  into open_points
  from private.run_points rp join public.quest_points p on p.id = rp.point_id
  where rp.run_id = run.id and rp.checked_at is null and run.status = 'in_progress';
  return jsonb_build_object(
    'run', private.run_json(run),
    'quest', jsonb_build_object('id', quest.id, 'title', quest.title, 'city', quest.city, 'cover_path', quest.cover_path,
                                'vehicle_id', quest.vehicle_id, 'stage_order', quest.stage_order, 'time_limit_s', quest.time_limit_s,
                                'score_per_point', quest.score_per_point, 'wrong_answer_penalty', quest.wrong_answer_penalty,
                                'time_bonus_per_min', quest.time_bonus_per_min),
    'team', (select jsonb_build_object('id', t.id, 'name', t.name, 'chat_id', t.chat_id) from public.teams t where t.id = run.team_id),
    'point', open_points -> 0,
    'open_points', open_points,
    'awaiting_start', run.status = 'in_progress' and quest.stage_order = 'qr_start' and run.start_position is null,
    'progress', (select coalesce(jsonb_agg(jsonb_build_object(
                   'position', p.position, 'point_id', p.id, 'title', p.title, 'checked_in_at', rp.checked_at,
                   'hint_taken', exists (select 1 from public.run_hints h where h.run_id = run.id and h.point_id = p.id))
                   order by rp.checked_at, p.position), '[]')
                 from private.run_points rp join public.quest_points p on p.id = rp.point_id
                 where rp.run_id = run.id and rp.checked_at is not null));
end;
$$;
comment on function private.play_state(uuid) is
  'The play screen of a run the caller plays: run, quest and its play rules, team, the open points (public fields, no hint text), awaiting_start (qr_start), progress.';
comment on function public.play_state(uuid) is
  'RPC: the play screen in one call, {run (…, points_done, deadline_at, team_id, event_id), quest (…, stage_order, time_limit_s, score rules), team | null, point (the current open point) | null, open_points: [{id, position, title, description, lat, lng, radius_m, task_type, media_path, opened_at, scores_until, has_hint, hint_cost, hint_available_at, hint_taken, attempts, last_refusal}], awaiting_start, progress: [{position, point_id, title, checked_in_at, hint_taken}]}. Errors: run_not_found.';

create or replace function private.run_result(target_run uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  run public.quest_runs := private.my_run(target_run);
  quest public.quests;
  best public.quest_leaderboard;
  city_row public.city_leaderboard;
begin
  select * into quest from public.quests q where q.id = run.quest_id;
  select * into best from public.quest_leaderboard l where l.quest_id = run.quest_id and l.user_id = auth.uid();
  select * into city_row from public.city_leaderboard c where c.city = quest.city and c.user_id = auth.uid();
  return jsonb_build_object(
    'run', private.run_json(run),
    'quest', jsonb_build_object('id', quest.id, 'title', quest.title, 'city', quest.city),
    'team', (select jsonb_build_object('id', t.id, 'name', t.name) from public.teams t where t.id = run.team_id),
    'my_reward_credits', case when run.team_id is null then run.reward_credits
                              else coalesce((select m.reward_credits from public.team_run_members m
                                             where m.run_id = run.id and m.user_id = auth.uid()), 0) end,
    'best', case when best.quest_id is not null then jsonb_build_object(
      'score', best.best_score, 'duration_s', best.best_duration_s, 'run_id', best.run_id, 'achieved_at', best.achieved_at,
      'rank', private.leaderboard_rank('quest', best.quest_id::text, best.best_score, best.best_duration_s, best.user_id)) end,
    'quest_players', (select count(*) from public.quest_leaderboard l where l.quest_id = run.quest_id),
    'city', case when city_row.city is not null then jsonb_build_object(
      'city', city_row.city, 'total_score', city_row.total_score, 'total_duration_s', city_row.total_duration_s,
      'quests_completed', city_row.quests_completed,
      'rank', private.leaderboard_rank('city', city_row.city, city_row.total_score, city_row.total_duration_s, city_row.user_id),
      'players', (select count(*) from public.city_leaderboard c where c.city = city_row.city)) end);
end;
$$;
comment on function private.run_result(uuid) is
  'The results screen of a run the caller played (alone or in a team): the run, the team, what it paid them, their personal best on the quest with its rank, their city standing.';
comment on function public.run_result(uuid) is
  'RPC: the results screen in one call, {run (score, time_bonus, duration_s, reward_credits, practice, review_state, …), quest, team | null, my_reward_credits, best: {score, duration_s, run_id, achieved_at, rank} | null, quest_players, city: {city, total_score, total_duration_s, quests_completed, rank, players} | null}. Errors: run_not_found.';

create or replace function private.my_runs(after jsonb, page_size integer, only_status public.run_status)
returns table (
  id uuid, quest_id uuid, quest_title text, quest_cover_path text, city text, status public.run_status, practice boolean,
  review_state public.run_review_state, score integer, hints_used integer, next_position integer, points_total integer,
  started_at timestamptz, finished_at timestamptz, duration_s integer, reward_credits integer, cursor jsonb)
language sql
stable
security definer
set search_path = ''
as $$
  select r.id, r.quest_id, q.title, q.cover_path, q.city, r.status, r.practice, r.review_state, r.score, r.hints_used,
         r.next_position, r.points_total, r.started_at, r.finished_at, r.duration_s,
         case when r.team_id is null then r.reward_credits
              else coalesce((select m.reward_credits from public.team_run_members m where m.run_id = r.id and m.user_id = auth.uid()), 0) end,
         jsonb_build_object('at', r.started_at, 'id', r.id)
  from private.keyset_cursor(after, 'uuid') k
  cross join public.quest_runs r
  join public.quests q on q.id = r.quest_id
  where r.id in (select private.my_run_ids())
    and (only_status is null or r.status = only_status)
    and (k.at is null or (r.started_at, r.id) < (k.at, k.id::uuid))
  order by r.started_at desc, r.id desc
  limit private.require_page_size(page_size);
$$;
comment on function private.my_runs(jsonb, integer, public.run_status) is
  'The caller''s runs and the team runs they play, newest first, keyset-paged by (started_at, id), optionally of one status; reward_credits is what each paid the caller.';

-- Reviews of flagged runs cover team runs: no player of a run reviews it, every player is told.
create or replace function private.review_run(target uuid, clear boolean, reason text)
returns public.quest_runs
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.quest_runs;
  reward integer := 0;
  quest_title text;
  player uuid;
begin
  perform private.require_permission('runs.review');
  if clear is null then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'clear', 'reason', 'true (clear) or false (void)'));
  end if;
  reason := private.require_max_length(private.require_reason(reason), 'reason', 1000);
  select * into run from public.quest_runs r where r.id = target for update;
  if run.id is null then
    perform private.refuse('run_not_found');
  end if;
  if run.review_state is distinct from 'flagged' then
    perform private.refuse('run_not_flagged');
  end if;
  if private.plays_run(run, auth.uid()) then
    perform private.refuse('cannot_review_own_run');
  end if;

  if clear then
    update public.quest_runs r
    set review_state = 'cleared', implausible_attempts = 0, reviewed_at = now(), review_note = reason
    where r.id = run.id;
    reward := private.settle_run(run.id);
  else
    update public.quest_runs r
    set review_state = 'voided', reviewed_at = now(), review_note = reason,
        status = case when r.status = 'in_progress' then 'abandoned'::public.run_status else r.status end,
        finished_at = coalesce(r.finished_at, now())
    where r.id = run.id;
  end if;
  select * into run from public.quest_runs r where r.id = target;

  perform private.audit(case when clear then 'run.clear' else 'run.void' end, 'public.quest_runs', run.id::text, reason,
    jsonb_build_object('review_state', 'flagged'),
    jsonb_build_object('review_state', run.review_state, 'status', run.status, 'reward_credits', reward));
  select q.title into quest_title from public.quests q where q.id = run.quest_id;
  for player in
    select run.user_id where run.user_id is not null
    union all select m.user_id from public.team_run_members m where m.run_id = run.id
  loop
    perform private.notify(player, 'run_reviewed', jsonb_build_object(
      'run_id', run.id, 'quest_id', run.quest_id, 'quest_title', quest_title,
      'decision', case when clear then 'cleared' else 'voided' end,
      'reward_credits', case when run.team_id is null then reward
                             else (select m.reward_credits from public.team_run_members m where m.run_id = run.id and m.user_id = player) end,
      'reason', reason));
  end loop;
  return run;
end;
$$;
comment on function private.review_run(uuid, boolean, text) is
  'runs.review clears (settles a finished run) or voids (ends an unfinished one) a flagged run, solo or team, with a reason; never one the reviewer plays; audited; notifies every player.';

create or replace function private.flagged_runs(after jsonb, page_size integer)
returns table (
  run_id uuid, quest_id uuid, quest_title text, status public.run_status, score integer, points_total integer,
  next_position integer, started_at timestamptz, finished_at timestamptz, flagged_at timestamptz, flag_reason text,
  implausible_attempts integer, player jsonb, attempts jsonb, cursor jsonb)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_permission('runs.review');
  return query
    select r.id, r.quest_id, q.title, r.status, r.score, r.points_total, r.next_position, r.started_at, r.finished_at,
           r.flagged_at, r.flag_reason, r.implausible_attempts,
           coalesce(private.public_profile(r.user_id), jsonb_build_object(
             'team', (select jsonb_build_object('id', t.id, 'name', t.name) from public.teams t where t.id = r.team_id),
             'players', (select coalesce(jsonb_agg(private.public_profile(m.user_id) order by m.joined_at, m.user_id), '[]')
                         from public.team_run_members m where m.run_id = r.id))),
           (select coalesce(jsonb_agg(jsonb_build_object(
                      'id', c.id, 'position', c.position, 'accepted', c.accepted, 'refusal', c.refusal,
                      'lat', c.lat, 'lng', c.lng, 'accuracy_m', c.accuracy_m, 'distance_m', c.distance_m,
                      'travel_speed_kmh', c.travel_speed_kmh, 'attempted_at', c.attempted_at, 'attempted_by', c.attempted_by)
                      order by c.id), '[]')
            from (select * from public.run_checkins c0 where c0.run_id = r.id order by c0.id desc limit 100) c),
           jsonb_build_object('at', r.flagged_at, 'id', r.id)
    from private.keyset_cursor(after, 'uuid') k
    cross join public.quest_runs r
    join public.quests q on q.id = r.quest_id
    where r.review_state = 'flagged'
      and (k.at is null or (r.flagged_at, r.id) > (k.at, k.id::uuid))
    order by r.flagged_at, r.id
    limit private.require_page_size(page_size);
end;
$$;
comment on function private.flagged_runs(jsonb, integer) is
  'The flagged-runs queue for runs.review, oldest flag first, keyset-paged by (flagged_at, id): the run, its quest, the player''s public fields (a team run: {team, players}) and its last 100 attempts (with who made them).';

-- The team screen: its run in progress and its events.
create or replace function private.team_extras(team uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'run', (select private.run_json(r) || jsonb_build_object('quest_title', q.title)
            from public.quest_runs r join public.quests q on q.id = r.quest_id
            where r.team_id = team and r.status = 'in_progress'),
    'events', (select coalesce(jsonb_agg(jsonb_build_object('id', e.id, 'title', e.title, 'status', e.status,
                                                           'starts_at', e.starts_at, 'ends_at', e.ends_at, 'start_mode', e.start_mode,
                                                           'disqualified_at', s.disqualified_at)
                                         order by e.starts_at, e.id), '[]')
               from public.event_teams s join public.events e on e.id = s.event_id
               where s.team_id = team and e.status <> 'ended'));
$$;
comment on function private.team_extras(uuid) is 'The team screen''s run in progress (with the quest title) and the events it is registered for that have not ended.';

revoke execute on function private.open_point_json(public.quest_runs, public.quest_points, timestamptz) from public;
