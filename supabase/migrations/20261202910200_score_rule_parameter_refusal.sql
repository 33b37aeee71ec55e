-- One parameter refusal (docs/conventions.md, "Helpers"): private.apply_score_rule
-- (20261202700400_team_runs.sql) built invalid_parameter {parameter, reason} inline for an unknown
-- rule, as the functions 20261202900800_one_parameter_refusal.sql converted did; it calls
-- private.refuse_parameter now. Body otherwise unchanged.

create or replace function private.apply_score_rule(run_id uuid, rule text, point public.quest_points, at timestamptz, amount integer)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.quest_runs;
  quest public.quests;
  opened timestamptz;
  delta integer;
  new_score integer;
begin
  select * into run from public.quest_runs r where r.id = apply_score_rule.run_id;
  select * into quest from public.quests q where q.id = run.quest_id;
  if rule = 'checkin' then
    select rp.opened_at into opened from private.run_points rp where rp.run_id = run.id and rp.point_id = point.id;
    delta := case when point.time_limit_s is not null and at > opened + make_interval(secs => point.time_limit_s) then 0
                  else quest.score_per_point end;
  elsif rule = 'wrong_answer' then
    delta := -quest.wrong_answer_penalty;
  elsif rule = 'hint' then
    delta := -point.hint_cost;
  elsif rule = 'finish' then
    delta := case when run.deadline_at is null then 0
                  else quest.time_bonus_per_min * floor(greatest(extract(epoch from run.deadline_at - at), 0) / 60)::integer end;
  elsif rule = 'adjustment' then
    delta := amount;
  else
    perform private.refuse_parameter('rule', 'not a score rule');
  end if;
  new_score := greatest(run.score + delta, 0);
  update public.quest_runs r
  set score = new_score,
      time_bonus = r.time_bonus + case when rule = 'finish' then new_score - run.score else 0 end
  where r.id = run.id;
  return new_score - run.score;
end;
$$;
comment on function private.apply_score_rule(uuid, text, public.quest_points, timestamptz, integer) is
  'The score rules of docs/teams-and-events.md, applied in one place: checkin (score_per_point, 0 past the point''s time limit), wrong_answer (−wrong_answer_penalty), hint (−hint_cost), finish (time_bonus_per_min × whole minutes left before the deadline), adjustment (amount). Updates the run''s score (never below 0) and returns the change applied.';
