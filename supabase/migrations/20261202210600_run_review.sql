-- Reviewing flagged runs. A run flagged by the check-in plausibility rules pays nothing and ranks
-- nowhere until a holder of the new permission runs.review (moderators and admins) decides:
--   clear → the run counts again (its implausible count restarts); a finished run is settled at
--           once (reward if it is the player's first counting completion, leaderboards);
--   void  → the run never counts; a run still in progress ends (abandoned).
-- One conditional decision under the run's row lock (a second decision gets run_not_flagged), a
-- reason always (shown to the player), nobody reviews their own run, every decision audited
-- (run.clear / run.void) and notified to the player (run_reviewed). The queue is one call,
-- public.flagged_runs, oldest flag first, with the player's public fields and the attempts.

insert into public.role_permissions (role, permission) values
  ('moderator', 'runs.review'),
  ('admin', 'runs.review');

insert into private.error_codes (code, http_status, message_en, message_ru) values
  ('run_not_flagged', 409, 'This run is not waiting for a review.', 'Это прохождение не ждёт проверки.'),
  ('cannot_review_own_run', 403, 'Another staff member reviews your own run.', 'Ваше собственное прохождение проверяет другой сотрудник.');

create function private.review_run(target uuid, clear boolean, reason text)
returns public.quest_runs
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.quest_runs;
  reward integer := 0;
  quest_title text;
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
  if run.user_id = auth.uid() then
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
  perform private.notify(run.user_id, 'run_reviewed', jsonb_build_object(
    'run_id', run.id, 'quest_id', run.quest_id, 'quest_title', quest_title,
    'decision', case when clear then 'cleared' else 'voided' end, 'reward_credits', reward, 'reason', reason));
  return run;
end;
$$;
comment on function private.review_run(uuid, boolean, text) is
  'runs.review clears (settles a finished run) or voids (ends an unfinished one) a flagged run, with a reason; never one''s own; audited; notifies the player.';
grant execute on function private.review_run(uuid, boolean, text) to authenticated;

create function public.review_run(run_id uuid, clear boolean, reason text)
returns public.quest_runs
language sql
security invoker
set search_path = ''
as $$
  select * from private.review_run(run_id, clear, reason);
$$;
comment on function public.review_run(uuid, boolean, text) is
  'RPC (runs.review): clear (true: the run counts, a finished one is paid and ranked now) or void (false) a flagged run, with a reason. Audited; the player is notified (run_reviewed). Errors: forbidden, reason_required, run_not_found, run_not_flagged, cannot_review_own_run.';
revoke execute on function public.review_run(uuid, boolean, text) from public, anon;
grant execute on function public.review_run(uuid, boolean, text) to authenticated;

create function private.flagged_runs(after jsonb, page_size integer)
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
           r.flagged_at, r.flag_reason, r.implausible_attempts, private.public_profile(r.user_id),
           (select coalesce(jsonb_agg(jsonb_build_object(
                      'id', c.id, 'position', c.position, 'accepted', c.accepted, 'refusal', c.refusal,
                      'lat', c.lat, 'lng', c.lng, 'accuracy_m', c.accuracy_m, 'distance_m', c.distance_m,
                      'travel_speed_kmh', c.travel_speed_kmh, 'attempted_at', c.attempted_at) order by c.id), '[]')
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
  'The flagged-runs queue for runs.review, oldest flag first, keyset-paged by (flagged_at, id): the run, its quest, the player''s public fields and its last 100 attempts.';
grant execute on function private.flagged_runs(jsonb, integer) to authenticated;

create function public.flagged_runs(after jsonb default null, page_size integer default 20)
returns table (
  run_id uuid, quest_id uuid, quest_title text, status public.run_status, score integer, points_total integer,
  next_position integer, started_at timestamptz, finished_at timestamptz, flagged_at timestamptz, flag_reason text,
  implausible_attempts integer, player jsonb, attempts jsonb, cursor jsonb)
language sql
stable
security invoker
set search_path = ''
as $$
  select * from private.flagged_runs(after, page_size);
$$;
comment on function public.flagged_runs(jsonb, integer) is
  'RPC (runs.review): the staff queue of flagged runs, oldest first; after = the cursor of the last item, page_size 1–100. Each item: run fields, quest_title, player {id, username, display_name, avatar_path}, attempts [{position, accepted, refusal, lat, lng, accuracy_m, distance_m, travel_speed_kmh, attempted_at}], cursor. Errors: forbidden, invalid_cursor, invalid_parameter.';
revoke execute on function public.flagged_runs(jsonb, integer) from public, anon;
grant execute on function public.flagged_runs(jsonb, integer) to authenticated;
