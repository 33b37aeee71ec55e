-- The play API: start_run, check_in, take_hint, abandon_run. Each locks the run row, so two
-- devices checking in at once are judged one after the other. Refused check-ins are not errors:
-- they are kept as attempts and answered with the reason, so the app can say "37 m too far".

create function private.next_point(run public.quest_runs)
returns public.quest_points
language sql
stable
security definer
set search_path = ''
as $$
  select p.* from public.quest_points p
  where p.quest_id = run.quest_id and p.position >= run.next_position
  order by p.position
  limit 1;
$$;
comment on function private.next_point(public.quest_runs) is 'The next point a run must check in at (null when none is left).';
revoke execute on function private.next_point(public.quest_runs) from public;

create function private.locked_run(target uuid)
returns public.quest_runs
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.quest_runs;
begin
  perform private.require_active();
  select * into run from public.quest_runs r where r.id = target and r.user_id = auth.uid() for update;
  if run.id is null then
    raise exception using errcode = 'PT404', message = 'run_not_found', detail = 'No such run of yours.';
  end if;
  if run.status <> 'in_progress' then
    raise exception using errcode = 'PT409', message = 'run_not_in_progress', detail = format('This run is %s.', run.status);
  end if;
  return run;
end;
$$;
comment on function private.locked_run(uuid) is 'The caller''s in-progress run, locked for update; raises forbidden, run_not_found or run_not_in_progress.';
revoke execute on function private.locked_run(uuid) from public;

create function private.start_run(target_quest uuid)
returns public.quest_runs
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.quest_runs;
  total integer;
begin
  perform private.require_active();
  if not private.can_view_quest(target_quest) then
    raise exception using errcode = 'PT404', message = 'quest_not_found', detail = 'No such quest.';
  end if;
  if not private.has_quest_access(target_quest, auth.uid()) then
    raise exception using errcode = 'PT403', message = 'no_access', detail = 'This quest is locked: request an unlock first.';
  end if;
  select count(*) into total from public.quest_points p where p.quest_id = target_quest;
  if total = 0 then
    raise exception using errcode = 'PT400', message = 'quest_has_no_points', detail = 'This quest has no route yet.';
  end if;
  insert into public.quest_runs (quest_id, user_id, points_total)
  values (target_quest, auth.uid(), total)
  on conflict (user_id, quest_id) where status = 'in_progress' do nothing
  returning * into run;
  if run.id is null then
    select * into run from public.quest_runs r
    where r.user_id = auth.uid() and r.quest_id = target_quest and r.status = 'in_progress';
  end if;
  return run;
end;
$$;
comment on function private.start_run(uuid) is 'Starts a run of a quest the caller may play, or returns the run already in progress.';

create function private.record_best_result(run public.quest_runs)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  previous public.quest_leaderboard;
  quest_city text;
begin
  select q.city into quest_city from public.quests q where q.id = run.quest_id;
  select * into previous from public.quest_leaderboard l
  where l.quest_id = run.quest_id and l.user_id = run.user_id for update;
  if previous.quest_id is null then
    insert into public.quest_leaderboard (quest_id, user_id, best_score, best_duration_s, run_id, achieved_at)
    values (run.quest_id, run.user_id, run.score, run.duration_s, run.id, run.finished_at);
    insert into public.city_leaderboard (city, user_id, total_score, total_duration_s, quests_completed)
    values (quest_city, run.user_id, run.score, run.duration_s, 1)
    on conflict (city, user_id) do update
    set total_score = public.city_leaderboard.total_score + excluded.total_score,
        total_duration_s = public.city_leaderboard.total_duration_s + excluded.total_duration_s,
        quests_completed = public.city_leaderboard.quests_completed + 1;
  elsif run.score > previous.best_score or (run.score = previous.best_score and run.duration_s < previous.best_duration_s) then
    update public.quest_leaderboard l
    set best_score = run.score, best_duration_s = run.duration_s, run_id = run.id, achieved_at = run.finished_at
    where l.quest_id = run.quest_id and l.user_id = run.user_id;
    update public.city_leaderboard c
    set total_score = c.total_score + run.score - previous.best_score,
        total_duration_s = c.total_duration_s + run.duration_s - previous.best_duration_s
    where c.city = quest_city and c.user_id = run.user_id;
  end if;
end;
$$;
comment on function private.record_best_result(public.quest_runs) is 'Updates both leaderboards with a completed run when it beats the player''s best for that quest.';
revoke execute on function private.record_best_result(public.quest_runs) from public;

create function private.check_in(target_run uuid, lat double precision, lng double precision,
  accuracy_m double precision, answer text, qr_payload text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.quest_runs := private.locked_run(target_run);
  point public.quest_points;
  distance numeric;
  allowance numeric;
  refusal text;
  finished boolean := false;
  reward integer := 0;
begin
  if lat is null or lng is null or lat not between -90 and 90 or lng not between -180 and 180
     or accuracy_m is null or accuracy_m < 0 then
    raise exception using errcode = 'PT400', message = 'invalid_position',
      detail = 'lat must be in [-90, 90], lng in [-180, 180], accuracy_m ≥ 0.';
  end if;
  point := private.next_point(run);
  distance := round(extensions.st_distance(point.location,
    extensions.st_setsrid(extensions.st_makepoint(lng, lat), 4326)::extensions.geography)::numeric, 1);
  allowance := least(accuracy_m, 50);
  refusal := case
    when distance > point.radius_m + allowance then 'too_far'
    when point.task_type = 'answer' and not private.check_point_answer(point.id, answer, null) then 'wrong_answer'
    when point.task_type = 'qr' and not private.check_point_answer(point.id, null, qr_payload) then 'wrong_qr'
  end;
  insert into public.run_checkins (run_id, point_id, position, accepted, refusal, distance_m, accuracy_m)
  values (run.id, point.id, point.position, refusal is null, refusal, distance, accuracy_m);

  if refusal is null then
    run.score := run.score + 100;
    run.next_position := point.position + 1;
    finished := private.next_point(run) is null;
    if finished then
      if not exists (select 1 from public.quest_runs r
                     where r.user_id = run.user_id and r.quest_id = run.quest_id and r.status = 'completed') then
        select q.reward_credits into reward from public.quests q where q.id = run.quest_id;
        if reward > 0 then
          perform private.post_credits(run.user_id, reward, 'quest_reward', run.quest_id, run.id, null);
        end if;
      end if;
      update public.quest_runs r
      set score = run.score, next_position = run.next_position, status = 'completed', finished_at = now(), reward_credits = reward
      where r.id = run.id
      returning * into run;
      perform private.record_best_result(run);
    else
      update public.quest_runs r set score = run.score, next_position = run.next_position where r.id = run.id;
    end if;
  end if;

  return jsonb_build_object(
    'accepted', refusal is null, 'refusal', refusal, 'position', point.position,
    'distance_m', distance, 'allowed_m', point.radius_m + allowance,
    'next_position', case when finished then null else run.next_position end,
    'finished', finished, 'score', run.score, 'duration_s', run.duration_s, 'reward_credits', reward);
end;
$$;
comment on function private.check_in(uuid, double precision, double precision, double precision, text, text) is
  'Judges a check-in at the run''s next point on the server (distance ≤ radius + min(accuracy, 50 m); answer/QR hash), keeps the attempt, advances or finishes the run; first completion pays the reward.';

create function private.take_hint(target_run uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.quest_runs := private.locked_run(target_run);
  point public.quest_points := private.next_point(run);
  charged integer;
begin
  if point.hint is null then
    raise exception using errcode = 'PT404', message = 'no_hint', detail = 'This point has no hint.';
  end if;
  insert into public.run_hints (run_id, point_id, cost) values (run.id, point.id, point.hint_cost)
  on conflict (run_id, point_id) do nothing
  returning cost into charged;
  if charged is not null then
    update public.quest_runs r set score = greatest(0, r.score - charged), hints_used = r.hints_used + 1
    where r.id = run.id
    returning * into run;
  end if;
  return jsonb_build_object('position', point.position, 'hint', point.hint, 'cost', coalesce(charged, 0), 'score', run.score);
end;
$$;
comment on function private.take_hint(uuid) is 'Reveals the hint of the run''s next point; the first time costs its hint_cost in score.';

create function private.abandon_run(target_run uuid)
returns public.quest_runs
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.quest_runs := private.locked_run(target_run);
begin
  update public.quest_runs r set status = 'abandoned', finished_at = now() where r.id = run.id returning * into run;
  return run;
end;
$$;
comment on function private.abandon_run(uuid) is 'Gives up an in-progress run (kept in the history as abandoned).';

revoke execute on function private.start_run(uuid), private.check_in(uuid, double precision, double precision, double precision, text, text),
  private.take_hint(uuid), private.abandon_run(uuid) from public;
grant execute on function private.start_run(uuid), private.check_in(uuid, double precision, double precision, double precision, text, text),
  private.take_hint(uuid), private.abandon_run(uuid) to authenticated;

create function public.start_run(quest_id uuid)
returns public.quest_runs
language sql
security invoker
set search_path = ''
as $$
  select * from private.start_run(quest_id);
$$;
comment on function public.start_run(uuid) is 'RPC: start (or resume) a run. Errors: forbidden, quest_not_found, no_access, quest_has_no_points.';

create function public.check_in(run_id uuid, lat double precision, lng double precision, accuracy_m double precision,
  answer text default null, qr_payload text default null)
returns jsonb
language sql
security invoker
set search_path = ''
as $$
  select private.check_in(run_id, lat, lng, accuracy_m, answer, qr_payload);
$$;
comment on function public.check_in(uuid, double precision, double precision, double precision, text, text) is
  'RPC: check in at the next point. Returns {accepted, refusal (too_far|wrong_answer|wrong_qr), position, distance_m, allowed_m, next_position, finished, score, duration_s, reward_credits}. Errors: forbidden, run_not_found, run_not_in_progress, invalid_position.';

create function public.take_hint(run_id uuid)
returns jsonb
language sql
security invoker
set search_path = ''
as $$
  select private.take_hint(run_id);
$$;
comment on function public.take_hint(uuid) is 'RPC: the hint of the next point, {position, hint, cost, score}. Errors: forbidden, run_not_found, run_not_in_progress, no_hint.';

create function public.abandon_run(run_id uuid)
returns public.quest_runs
language sql
security invoker
set search_path = ''
as $$
  select * from private.abandon_run(run_id);
$$;
comment on function public.abandon_run(uuid) is 'RPC: give up a run. Errors: forbidden, run_not_found, run_not_in_progress.';

revoke execute on function public.start_run(uuid), public.check_in(uuid, double precision, double precision, double precision, text, text),
  public.take_hint(uuid), public.abandon_run(uuid) from public, anon;
grant execute on function public.start_run(uuid), public.check_in(uuid, double precision, double precision, double precision, text, text),
  public.take_hint(uuid), public.abandon_run(uuid) to authenticated;
