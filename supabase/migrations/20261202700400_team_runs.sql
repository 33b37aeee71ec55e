-- Team runs, stage order modes, conditional points, timed hints, time limits and score rules
-- (issue 14), built into play's one judging path:
--   - A TEAM RUN is one run of a quest shared by a team (quest_runs.team_id; user_id stays null, so a
--     member deleting their account never takes the team's run with them; started_by says who
--     started it). Its players are the team's members when it starts (team_run_members; a member
--     who leaves the team leaves the run). Any player checks in for the team; two checking in at
--     the same point at once count once (the judge locks the run; the second gets
--     point_already_checked_in). Hints taken by one are the team's (run_hints is per run).
--   - The route of a run is kept as the points opened for it (private.run_points: opened_at = the
--     "arrival" at a point, checked_at once checked in). private.open_next_points opens what the
--     stage order allows: linear and qr_start one point at a time, in position order from the
--     start (qr_start: the first check-in, at any qr point, fixes the start and the order wraps
--     around), free mode every point whose condition is met; a conditional point opens only once
--     its condition holds when the route reaches it (else it is skipped for good). A run completes
--     when no point is open. What a player may read of the route follows these rows
--     (20261202700600_linear_route_visibility.sql).
--   - private.judge_attempt(run, point, lat, lng, accuracy_m, answer, qr_payload, attempted_at,
--     attempted_by) stays the one judge (check_in calls it; offline sync calls it per attempt): the
--     point is the given one, or the nearest open point; time order and travel plausibility are
--     judged per phone (the previous attempt of the same player: team members are in different
--     places); answer guessing is limited per run owner (player or team) and point; an attempt past
--     the run's deadline ends the run (refusal time_up).
--   - SCORE RULES are applied in one place, private.apply_score_rule: a point checked in scores the
--     quest's score_per_point, or 0 past the point's time limit; a wrong answer or QR costs
--     wrong_answer_penalty; a hint costs its hint_cost the first time the run takes it (a game
--     master's grant costs nothing); finishing adds time_bonus_per_min per whole minute left before
--     the deadline; a game master's adjustment adds its amount. The score never goes below 0.
--   - TIME LIMITS: quest_runs.deadline_at = the earliest of the quest's time limit, the event's time
--     limit and the event's end; the runs-time-limit job ends runs past it (timed_out: the partial
--     score stands, nothing is paid); the judge ends one itself when an attempt comes too late.
--   - REWARDS of a team run: each player is paid the quest's reward once per quest, exactly as
--     alone: on their first counting completion of it, solo or in any team (settled under the same
--     per-player lock as solo runs, so two teams finishing at once pay a player in both once). A
--     team run in which the quest's author plays is practice (pays nobody); a player without
--     counting access (no grant of a locked quest) is not paid. Team runs do not enter the personal
--     quest and city leaderboards (events rank teams: event_teams).

insert into private.error_codes (code, http_status, message_en, message_ru) values
  ('point_already_checked_in', 409, 'This point is already checked in (point {position}).', 'Эта точка уже отмечена (точка {position}).'),
  ('no_point_here', 422, 'There is no point to start from here: find one of the quest''s QR codes.', 'Здесь нет точки старта: найдите один из QR-кодов квеста.'),
  ('time_up', 422, 'Time is up: the run has ended.', 'Время вышло: прохождение завершено.'),
  ('hint_locked', 409, 'The hint opens in {available_in_s} s.', 'Подсказка откроется через {available_in_s} с.'),
  ('quest_has_no_qr_points', 400, 'This quest starts at a QR code, and it has none yet.', 'Этот квест начинается с QR-кода, а у него их пока нет.'),
  ('event_paused', 409, 'The event is paused: wait for the game master.', 'Событие на паузе: дождитесь ведущего.'),
  ('event_not_running', 409, 'The event is not running ({status}).', 'Событие не идёт ({status}).');

comment on type public.run_status is
  'in_progress → completed (no point left) | abandoned (given up, voided, disqualified) | timed_out (a time limit or the end of the event: the partial score stands).';

-- Runs of teams and events.
alter table public.quest_runs
  alter column user_id drop not null,
  add column team_id uuid references public.teams (id) on delete cascade,
  add column event_id uuid references public.events (id) on delete cascade,
  add column started_by uuid references public.profiles (id) on delete set null,
  add column start_position integer,
  add column points_done integer not null default 0,
  add column deadline_at timestamptz,
  add column time_bonus integer not null default 0,
  add constraint quest_runs_player_or_team check ((user_id is null) <> (team_id is null)),
  add constraint quest_runs_events_are_team_runs check (event_id is null or team_id is not null);
comment on column public.quest_runs.user_id is 'The player of a solo run (null for a team run: see team_id and team_run_members).';
comment on column public.quest_runs.team_id is 'The team of a team run (null for a solo run).';
comment on column public.quest_runs.event_id is 'The event this team run belongs to (null outside events).';
comment on column public.quest_runs.started_by is 'Who started it (the player, a team member, or null when an event started it).';
comment on column public.quest_runs.start_position is 'qr_start quests: the position of the point whose QR code started the run (the order continues from it).';
comment on column public.quest_runs.points_done is 'Points checked in so far.';
comment on column public.quest_runs.deadline_at is 'When the run ends by itself (the earliest of the quest''s time limit, the event''s limit and end), or null.';
comment on column public.quest_runs.time_bonus is 'Score added at the finish for the time left (time_bonus_per_min).';
comment on column public.quest_runs.next_position is 'Position of the next point (linear, qr_start) or of the first open one (free).';
comment on column public.quest_runs.score is 'Score so far, by the quest''s score rules (private.apply_score_rule), never below 0.';
comment on table public.quest_runs is
  'Every run of a quest, by a player or a team (history). Changed only by the play functions (start_run, start_team_run, check_in, take_hint, abandon_run), run reviews, events and the time-limit job.';
create index quest_runs_team_id_idx on public.quest_runs (team_id, started_at desc);
create unique index quest_runs_one_active_team_run_idx on public.quest_runs (team_id) where status = 'in_progress' and team_id is not null;
create unique index quest_runs_event_team_idx on public.quest_runs (event_id, team_id) where event_id is not null;
create index quest_runs_started_by_idx on public.quest_runs (started_by);
create index quest_runs_deadline_idx on public.quest_runs (deadline_at) where status = 'in_progress' and deadline_at is not null;

alter table public.run_checkins
  add column attempted_by uuid references public.profiles (id) on delete set null,
  add column score_delta integer not null default 0;
update public.run_checkins c set attempted_by = r.user_id, score_delta = case when c.accepted then 100 else 0 end
from public.quest_runs r where r.id = c.run_id;
comment on column public.run_checkins.attempted_by is 'The player whose phone made the attempt (in a team run, any member).';
comment on column public.run_checkins.score_delta is 'Score this attempt changed (a point''s score, 0 when late, minus the wrong-answer penalty).';
create index run_checkins_attempted_by_idx on public.run_checkins (attempted_by);
create index run_checkins_player_idx on public.run_checkins (run_id, attempted_by, id desc);

alter table public.run_hints add column taken_by uuid references public.profiles (id) on delete set null;
comment on column public.run_hints.taken_by is 'Who took it (a member, or the game master who granted it).';
comment on column public.run_hints.cost is 'Score the hint cost (0 when a game master granted it).';
create index run_hints_taken_by_idx on public.run_hints (taken_by);

create table public.team_run_members (
  run_id uuid not null references public.quest_runs (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  joined_at timestamptz not null default now(),
  reward_credits integer not null default 0,
  primary key (run_id, user_id)
);
comment on table public.team_run_members is
  'The players of a team run: the team''s members when it started (a member who leaves the team leaves the run). Each is paid the quest''s reward once per quest (reward_credits).';
comment on column public.team_run_members.run_id is 'The team run.';
comment on column public.team_run_members.user_id is 'A player.';
comment on column public.team_run_members.joined_at is 'When they joined the run.';
comment on column public.team_run_members.reward_credits is 'Credits this run paid them (their first counting completion of the quest), else 0.';
create index team_run_members_user_id_idx on public.team_run_members (user_id, run_id);
alter table public.team_run_members enable row level security;
revoke all on public.team_run_members from anon;
revoke insert, update, delete, truncate on public.team_run_members from authenticated;

create table private.run_points (
  run_id uuid not null references public.quest_runs (id) on delete cascade,
  point_id uuid not null references public.quest_points (id) on delete cascade,
  opened_at timestamptz not null,
  checked_at timestamptz,
  primary key (run_id, point_id)
);
comment on table private.run_points is
  'The points opened for a run (opened_at: the arrival at the point, from which hint delays and point time limits count) and checked in (checked_at). Written by the play functions only; decides what a player may read of a linear route.';
comment on column private.run_points.run_id is 'The run.';
comment on column private.run_points.point_id is 'A point opened for it.';
comment on column private.run_points.opened_at is 'When it opened (the previous check-in, or the start).';
comment on column private.run_points.checked_at is 'When it was checked in (null while open).';
create index run_points_point_id_idx on private.run_points (point_id);
alter table private.run_points enable row level security;
revoke all on private.run_points from public, anon, authenticated, service_role;

-- Who plays a run.
create function private.plays_run(run public.quest_runs, member uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select member is not null and (run.user_id is not distinct from member
    or (run.team_id is not null and exists (select 1 from public.team_run_members m where m.run_id = run.id and m.user_id = member)));
$$;
comment on function private.plays_run(public.quest_runs, uuid) is 'True when the user plays the run: its player, or one of the players of a team run.';

create function private.my_run_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select r.id from public.quest_runs r where r.user_id = auth.uid()
  union all
  select m.run_id from public.team_run_members m where m.user_id = auth.uid();
$$;
comment on function private.my_run_ids() is 'The runs the caller plays or played: their own and their team runs (evaluated once per statement by the read policies).';
revoke execute on function private.plays_run(public.quest_runs, uuid), private.my_run_ids() from public;
grant execute on function private.my_run_ids() to authenticated;

drop policy quest_runs_select on public.quest_runs;
create policy quest_runs_select on public.quest_runs for select to authenticated
  using (user_id = (select auth.uid()) or (team_id is not null and id in (select private.my_run_ids())));
comment on policy quest_runs_select on public.quest_runs is 'A player reads their own runs and the team runs they play.';
drop policy run_checkins_select on public.run_checkins;
create policy run_checkins_select on public.run_checkins for select to authenticated using (run_id in (select private.my_run_ids()));
comment on policy run_checkins_select on public.run_checkins is 'A player reads the attempts of the runs they play (a team''s, whoever made them).';
drop policy run_hints_select on public.run_hints;
create policy run_hints_select on public.run_hints for select to authenticated using (run_id in (select private.my_run_ids()));
comment on policy run_hints_select on public.run_hints is 'A player reads the hints taken in the runs they play.';
create policy team_run_members_select on public.team_run_members for select to authenticated using (run_id in (select private.my_run_ids()));
comment on policy team_run_members_select on public.team_run_members is 'The players of a team run see each other.';

-- The route of a run.
create function private.cycle_key(point_position integer, start_position integer)
returns integer
language sql
immutable
set search_path = ''
as $$
  select case when start_position is null or point_position >= start_position then point_position else point_position + 1000 end;
$$;
comment on function private.cycle_key(integer, integer) is
  'Order of a point in a run: its position, or for qr_start runs its place in the loop from the start position (earlier positions come after the last one).';

create function private.condition_met(run uuid, point public.quest_points)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select point.requires_point_id is null or (
    exists (select 1 from private.run_points rp where rp.run_id = run and rp.point_id = point.requires_point_id and rp.checked_at is not null)
    and (not point.requires_first_try or not exists (
      select 1 from public.run_checkins c
      where c.run_id = run and c.point_id = point.requires_point_id and c.refusal in ('wrong_answer', 'wrong_qr'))));
$$;
comment on function private.condition_met(uuid, public.quest_points) is
  'True when a point''s condition holds in the run: no condition, or the required point is checked in (with requires_first_try: without a wrong answer or QR there).';

create function private.open_next_points(run public.quest_runs, at timestamptz)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  mode public.stage_order := (select q.stage_order from public.quests q where q.id = run.quest_id);
  last_key integer;
begin
  if mode = 'free' then
    insert into private.run_points (run_id, point_id, opened_at)
    select run.id, p.id, at from public.quest_points p
    where p.quest_id = run.quest_id and private.condition_met(run.id, p)
    on conflict do nothing;
    return;
  end if;
  if mode = 'qr_start' and run.start_position is null then
    return;  -- not started: the first check-in at any qr point opens the route
  end if;
  if exists (select 1 from private.run_points rp where rp.run_id = run.id and rp.checked_at is null) then
    return;  -- one point at a time
  end if;
  select max(private.cycle_key(p.position, run.start_position)) into last_key
  from private.run_points rp join public.quest_points p on p.id = rp.point_id
  where rp.run_id = run.id;
  insert into private.run_points (run_id, point_id, opened_at)
  select run.id, p.id, at from public.quest_points p
  where p.quest_id = run.quest_id and private.cycle_key(p.position, run.start_position) > coalesce(last_key, -1)
    and not exists (select 1 from private.run_points rp where rp.run_id = run.id and rp.point_id = p.id)
    and private.condition_met(run.id, p)
  order by private.cycle_key(p.position, run.start_position)
  limit 1;
end;
$$;
comment on function private.open_next_points(public.quest_runs, timestamptz) is
  'Opens the points the stage order allows now: free mode every point whose condition is met; linear and qr_start (once started) the next point after the last one reached whose condition is met (unmet ones are skipped for good).';

create or replace function private.next_point(run public.quest_runs)
returns public.quest_points
language sql
stable
security definer
set search_path = ''
as $$
  select p.* from private.run_points rp join public.quest_points p on p.id = rp.point_id
  where rp.run_id = run.id and rp.checked_at is null
  order by private.cycle_key(p.position, run.start_position), p.id
  limit 1;
$$;
comment on function private.next_point(public.quest_runs) is 'The run''s current point: its open point (linear, qr_start), the first open one in position order (free), or null.';

-- Deadline and first points of every new run, whoever inserts it.
create function private.run_deadline(quest uuid, event uuid, started timestamptz)
returns timestamptz
language sql
stable
security definer
set search_path = ''
as $$
  select least(started + make_interval(secs => (select q.time_limit_s from public.quests q where q.id = quest)),
               (select started + make_interval(mins => e.time_limit_min) from public.events e where e.id = event),
               (select e.ends_at from public.events e where e.id = event));
$$;
comment on function private.run_deadline(uuid, uuid, timestamptz) is 'When a run started then ends by itself: the earliest of the quest''s time limit, the event''s time limit and the event''s end (null: never).';

create function private.prepare_run()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_when = 'BEFORE' then
    new.deadline_at := coalesce(new.deadline_at, private.run_deadline(new.quest_id, new.event_id, new.started_at));
    return new;
  end if;
  if new.status = 'in_progress' then
    perform private.open_next_points(new, new.started_at);
    update public.quest_runs r
    set next_position = coalesce((private.next_point(new)).position, r.next_position)
    where r.id = new.id;
  end if;
  return null;
end;
$$;
comment on function private.prepare_run() is
  'Triggers on quest_runs: before insert, the deadline (private.run_deadline); after insert, the first points the stage order opens.';
create trigger prepare_run before insert on public.quest_runs for each row execute function private.prepare_run();
create trigger open_first_points after insert on public.quest_runs for each row execute function private.prepare_run();

-- Runs in progress before this migration: their route so far becomes rows.
insert into private.run_points (run_id, point_id, opened_at, checked_at)
select distinct on (c.run_id, c.point_id) c.run_id, c.point_id, c.attempted_at, c.attempted_at
from public.run_checkins c where c.accepted
order by c.run_id, c.point_id, c.id;
update public.quest_runs r set points_done = (select count(*) from private.run_points rp where rp.run_id = r.id);
insert into private.run_points (run_id, point_id, opened_at)
select r.id, p.id, coalesce((select max(c.attempted_at) from public.run_checkins c where c.run_id = r.id and c.accepted), r.started_at)
from public.quest_runs r
join lateral (select p0.id from public.quest_points p0 where p0.quest_id = r.quest_id and p0.position >= r.next_position
              order by p0.position limit 1) p on true
where r.status = 'in_progress'
on conflict do nothing;

-- Score rules: the one place they are applied.
create function private.apply_score_rule(run_id uuid, rule text, point public.quest_points, at timestamptz, amount integer)
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
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'rule', 'reason', 'not a score rule'));
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

-- Ending a run without completing it (time limits, the end of an event).
create function private.end_run(run_id uuid, status public.run_status, at timestamptz)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  ended public.quest_runs;
begin
  update public.quest_runs r set status = end_run.status, finished_at = least(at, greatest(clock_timestamp(), r.started_at))
  where r.id = end_run.run_id and r.status = 'in_progress'
  returning * into ended;
  if ended.id is not null then
    perform private.announce_run(ended, 'run_ended', jsonb_build_object('status', ended.status, 'score', ended.score,
      'points_done', ended.points_done));
  end if;
end;
$$;
comment on function private.end_run(uuid, public.run_status, timestamptz) is
  'Ends a run in progress as timed_out or abandoned at that time (its score stands, nothing is paid) and announces it.';

-- What a team and the game masters hear of a run.
create function private.announce_run(run public.quest_runs, kind text, payload jsonb)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if run.team_id is null then
    return;
  end if;
  perform private.team_broadcast(run.team_id, kind, jsonb_build_object('run_id', run.id, 'by', auth.uid()) || payload);
  if run.event_id is not null then
    perform private.event_log(run.event_id, run.team_id, kind::public.event_activity_kind, payload - 'attempted_by');  -- actor_id says who
  end if;
end;
$$;
comment on function private.announce_run(public.quest_runs, text, jsonb) is
  'Broadcasts a team run''s event (run_started, checkin, hint_taken, hint_granted, run_ended, score_adjusted) on team:<team id>, and for an event run adds it to the event''s activity feed.';

-- Counting completions (solo or team) and settling.
create function private.counted_completion(player uuid, quest uuid, except_run uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.quest_runs r
                 where r.user_id = player and r.quest_id = quest and r.status = 'completed' and r.id is distinct from except_run
                   and private.run_counts(r.status, r.practice, r.review_state))
      or exists (select 1 from public.team_run_members m join public.quest_runs r on r.id = m.run_id
                 where m.user_id = player and r.quest_id = quest and r.status = 'completed' and r.id is distinct from except_run
                   and private.run_counts(r.status, r.practice, r.review_state));
$$;
comment on function private.counted_completion(uuid, uuid, uuid) is
  'True when the user has a counting completion of the quest, alone or in a team, other than except_run.';

create or replace function private.has_completed_quest(target_user uuid, target_quest uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.counted_completion(target_user, target_quest, null);
$$;
comment on function private.has_completed_quest(uuid, uuid) is
  'True when the user has a counting completion of the quest, alone or in a team (completed, not practice, not flagged or voided). Merch rules and refunds ask it.';

create or replace function private.settle_run(target uuid)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.quest_runs;
  quest public.quests;
  player record;
  paid integer := 0;
begin
  select * into run from public.quest_runs r where r.id = target;
  if not private.run_counts(run.status, run.practice, run.review_state) then
    return 0;
  end if;
  select * into quest from public.quests q where q.id = run.quest_id;
  if quest.status is distinct from 'published' or quest.author_id = run.user_id
     or exists (select 1 from public.team_run_members m where m.run_id = run.id and m.user_id = quest.author_id) then
    update public.quest_runs r set practice = true where r.id = run.id;
    return 0;
  end if;
  -- Each player: paid on their first counting completion of the quest (alone or in any team), under
  -- the per-player lock solo runs use (taken in id order: no deadlock between two teams).
  for player in
    select coalesce(run.user_id, m.user_id) as id
    from (select null::uuid as user_id where run.team_id is null
          union all select m0.user_id from public.team_run_members m0 where m0.run_id = run.id) m
    order by 1
  loop
    perform pg_advisory_xact_lock(hashtextextended('quest-run-settlement/' || player.id::text || '/' || run.quest_id::text, 0));
    if quest.reward_credits > 0 and (run.team_id is null or private.play_counts(quest, player.id))
       and not private.counted_completion(player.id, run.quest_id, run.id) then
      perform private.post_credits(player.id, quest.reward_credits, 'quest_reward', run.quest_id, run.id, null);
      paid := paid + quest.reward_credits;
      if run.team_id is null then
        update public.quest_runs r set reward_credits = quest.reward_credits where r.id = run.id;
      else
        update public.team_run_members m set reward_credits = quest.reward_credits where m.run_id = run.id and m.user_id = player.id;
      end if;
    end if;
  end loop;
  if run.team_id is not null then
    update public.quest_runs r set reward_credits = paid where r.id = run.id;
  end if;
  perform private.record_best_result(run);
  return paid;
end;
$$;
comment on function private.settle_run(uuid) is
  'Settles a completed run: nothing unless it counts (practice when its quest is not published or its author plays it); each player''s first counting completion of the quest (alone or in a team) pays them the reward, under a per-player lock; solo runs go to the leaderboards. Returns the credits paid.';

create or replace function private.record_best_result(run public.quest_runs)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  previous public.quest_leaderboard;
  quest_city text;
begin
  select q.city into quest_city from public.quests q where q.id = run.quest_id and q.status = 'published';
  if run.user_id is null or quest_city is null or not private.run_counts(run.status, run.practice, run.review_state) then
    return;  -- only counting solo runs of published quests rank (teams rank in their events)
  end if;
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
comment on function private.record_best_result(public.quest_runs) is
  'Adds a counting solo run of a published quest to both leaderboards when it beats the player''s best for that quest (team runs rank in their events).';

create or replace function private.refresh_quest_rankings(target_quest uuid, cities text[], ranked boolean)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  players uuid[];
begin
  with dropped as (delete from public.quest_leaderboard l where l.quest_id = target_quest returning l.user_id)
  select coalesce(array_agg(d.user_id), '{}') into players from dropped d;
  if ranked then
    with best as (
      insert into public.quest_leaderboard (quest_id, user_id, best_score, best_duration_s, run_id, achieved_at)
      select distinct on (r.user_id) r.quest_id, r.user_id, r.score, r.duration_s, r.id, r.finished_at
      from public.quest_runs r
      where r.quest_id = target_quest and r.user_id is not null and r.status = 'completed'
        and private.run_counts(r.status, r.practice, r.review_state)
      order by r.user_id, r.score desc, r.duration_s, r.finished_at, r.id
      returning user_id)
    select players || coalesce(array_agg(b.user_id), '{}') into players from best b;
  end if;
  perform private.recompute_city_rankings(cities, players);
end;
$$;
comment on function private.refresh_quest_rankings(uuid, text[], boolean) is
  'Rebuilds a quest''s leaderboard from its counting solo runs (or empties it when ranked is false) and the city rows of everyone concerned in the given cities.';

-- The one judge.
drop function private.check_in(uuid, double precision, double precision, double precision, text, text);
drop function public.check_in(uuid, double precision, double precision, double precision, text, text);
drop function private.judge_attempt(uuid, uuid, double precision, double precision, double precision, text, text, timestamptz);

create function private.judge_attempt(
  target_run uuid,
  target_point uuid,
  lat double precision,
  lng double precision,
  accuracy_m double precision,
  answer text,
  qr_payload text,
  attempted_at timestamptz,
  attempted_by uuid default null
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.quest_runs;
  quest public.quests;
  event_status public.event_status;
  who uuid;
  point public.quest_points;
  latest public.run_checkins;
  previous public.run_checkins;
  here extensions.geography;
  cap numeric := private.play_setting('accuracy_allowance_cap_m');
  skew interval := make_interval(secs => private.play_setting('clock_skew_s'));
  starting boolean;
  stamp timestamptz;
  distance numeric;
  allowance numeric;
  travel numeric;
  elapsed numeric;
  needed numeric;
  speed numeric;
  refusal text;
  retry_after integer;
  delta integer := 0;
  finished boolean := false;
  reward integer := 0;
  attempt bigint;
  result jsonb;
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
  who := coalesce(judge_attempt.attempted_by, run.user_id, auth.uid());
  if not private.plays_run(run, who) then
    perform private.refuse('run_not_found');
  end if;
  if run.event_id is not null then
    select e.status into event_status from public.events e where e.id = run.event_id;
    if event_status = 'paused' then
      perform private.refuse('event_paused');
    elsif event_status <> 'running' then
      perform private.refuse('event_not_running', jsonb_build_object('status', event_status));
    end if;
  end if;
  select * into quest from public.quests q where q.id = run.quest_id;

  -- The attempt's time: the server's clock online, else the phone's, in order per phone.
  select * into latest from public.run_checkins c where c.run_id = run.id and c.attempted_by = who order by c.id desc limit 1;
  if judge_attempt.attempted_at is null then
    stamp := greatest(clock_timestamp(), latest.attempted_at);
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
  if run.deadline_at is not null and stamp > run.deadline_at then
    perform private.end_run(run.id, 'timed_out', run.deadline_at);
    select * into run from public.quest_runs r where r.id = run.id;
    return jsonb_build_object(
      'attempt_id', null, 'run_id', run.id, 'accepted', false, 'refusal', 'time_up', 'point_id', null, 'position', null,
      'distance_m', null, 'allowed_m', null, 'retry_after_s', null, 'attempted_at', stamp, 'next_position', null,
      'finished', true, 'status', run.status, 'score', run.score, 'score_delta', 0, 'points_done', run.points_done,
      'duration_s', run.duration_s, 'reward_credits', 0, 'practice', run.practice, 'review_state', run.review_state);
  end if;

  -- 2. The point: the one named, else the nearest open one (a qr_start run not started yet: the
  -- nearest qr point, which must be within reach: nothing is kept or revealed otherwise).
  here := extensions.st_setsrid(extensions.st_makepoint(lng, lat), 4326)::extensions.geography;
  allowance := least(accuracy_m::numeric, cap);
  starting := quest.stage_order = 'qr_start' and run.start_position is null;
  if starting then
    select p.* into point from public.quest_points p
    where p.quest_id = run.quest_id and p.task_type = 'qr' and (target_point is null or p.id = target_point)
    order by extensions.st_distance(p.location, here), p.id
    limit 1;
    if point.id is null or extensions.st_distance(point.location, here) > point.radius_m + allowance then
      perform private.refuse('no_point_here');
    end if;
  elsif target_point is not null then
    select p.* into point from private.run_points rp join public.quest_points p on p.id = rp.point_id
    where rp.run_id = run.id and rp.point_id = target_point and rp.checked_at is null;
    if point.id is null then
      if exists (select 1 from private.run_points rp where rp.run_id = run.id and rp.point_id = target_point and rp.checked_at is not null) then
        perform private.refuse('point_already_checked_in', jsonb_build_object('point_id', target_point,
          'position', (select p.position from public.quest_points p where p.id = target_point)));
      end if;
      point := private.next_point(run);
      perform private.refuse('point_not_current', jsonb_build_object('position', point.position, 'point_id', point.id));
    end if;
  else
    select p.* into point from private.run_points rp join public.quest_points p on p.id = rp.point_id
    where rp.run_id = run.id and rp.checked_at is null
    order by extensions.st_distance(p.location, here), p.id
    limit 1;
    if point.id is null then
      perform private.refuse('point_not_found');
    end if;
  end if;

  -- 3. Plausibility of this phone's travel since its previous plausible attempt.
  select * into previous from public.run_checkins c
  where c.run_id = run.id and c.attempted_by = who and c.refusal is distinct from 'implausible_travel' and c.lat is not null
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

  -- 4. Distance, then the answer or QR payload (guesses limited per run owner and point).
  distance := round(extensions.st_distance(point.location, here)::numeric, 1);
  if refusal is null then
    if distance > point.radius_m + allowance then
      refusal := 'too_far';
    elsif point.task_type in ('answer', 'qr') then
      perform private.throttle('play.answer', case when run.team_id is null then format('user:%s:point:%s', run.user_id, point.id)
                                                   else format('team:%s:point:%s', run.team_id, point.id) end);
      if not private.check_point_answer(point.id, answer, qr_payload) then
        refusal := case point.task_type when 'answer' then 'wrong_answer' else 'wrong_qr' end;
      end if;
    end if;
  end if;
  if starting and refusal is null then
    run.start_position := point.position;
    update public.quest_runs r set start_position = point.position where r.id = run.id;
    insert into private.run_points (run_id, point_id, opened_at) values (run.id, point.id, stamp);
  end if;

  -- 5. Keep the attempt; score it; advance, finish or flag.
  insert into public.run_checkins (run_id, point_id, position, accepted, refusal, distance_m, accuracy_m, lat, lng, attempted_at,
                                   travel_speed_kmh, attempted_by)
  values (run.id, point.id, point.position, refusal is null, refusal, distance, round(accuracy_m::numeric, 1),
          judge_attempt.lat, judge_attempt.lng, stamp, speed, who)
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
    where r.id = run.id;
  elsif refusal in ('wrong_answer', 'wrong_qr') then
    delta := private.apply_score_rule(run.id, 'wrong_answer', point, stamp, null);
  elsif refusal is null then
    delta := private.apply_score_rule(run.id, 'checkin', point, stamp, null);
    update private.run_points rp set checked_at = stamp where rp.run_id = run.id and rp.point_id = point.id;
    select * into run from public.quest_runs r where r.id = run.id;
    perform private.open_next_points(run, stamp);
    finished := private.next_point(run) is null;
    update public.quest_runs r
    set points_done = r.points_done + 1,
        next_position = coalesce((private.next_point(run)).position, point.position + 1),
        status = case when finished then 'completed'::public.run_status else r.status end,
        finished_at = case when finished then stamp else r.finished_at end
    where r.id = run.id;
    if finished then
      delta := delta + private.apply_score_rule(run.id, 'finish', point, stamp, null);
      reward := private.settle_run(run.id);
    end if;
  end if;
  if delta <> 0 then
    update public.run_checkins c set score_delta = delta where c.id = attempt;
  end if;
  select * into run from public.quest_runs r where r.id = target_run;

  result := jsonb_build_object(
    'attempt_id', attempt, 'run_id', run.id, 'accepted', refusal is null, 'refusal', refusal,
    'point_id', point.id, 'position', point.position, 'distance_m', distance, 'allowed_m', point.radius_m + allowance,
    'retry_after_s', retry_after, 'attempted_at', stamp,
    'next_position', case when finished then null else run.next_position end,
    'finished', finished, 'status', run.status, 'score', run.score, 'score_delta', delta, 'points_done', run.points_done,
    'duration_s', run.duration_s, 'reward_credits', reward, 'practice', run.practice, 'review_state', run.review_state);
  perform private.announce_run(run, 'checkin', jsonb_build_object(
    'attempt_id', attempt, 'accepted', refusal is null, 'refusal', refusal, 'point_id', point.id, 'position', point.position,
    'score', run.score, 'score_delta', delta, 'points_done', run.points_done, 'points_total', run.points_total,
    'finished', finished, 'attempted_by', who, 'attempted_at', stamp));
  return result;
end;
$$;
comment on function private.judge_attempt(uuid, uuid, double precision, double precision, double precision, text, text, timestamptz, uuid) is
  'The one judge of a check-in attempt: (run, point or null = the nearest open point, lat, lng, accuracy_m, answer, qr_payload, attempted_at or null = now, attempted_by or null = the run''s player / the caller). Validates, ends a run past its deadline (time_up), checks the phone''s travel plausibility, distance and answer, keeps the attempt, scores it (private.apply_score_rule), opens the next points, finishes/flags and settles the run, announces it to the team and the event. Returns the check_in result. The caller checks who may act on the run.';

-- The caller's run in progress (their own or their team's), locked.
create or replace function private.locked_run(target uuid)
returns public.quest_runs
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.quest_runs;
begin
  perform private.require_active();
  select * into run from public.quest_runs r where r.id = target for update;
  if run.id is null or not private.plays_run(run, auth.uid()) then
    perform private.refuse('run_not_found');
  end if;
  if run.status <> 'in_progress' then
    perform private.refuse('run_not_in_progress', jsonb_build_object('status', run.status));
  end if;
  return run;
end;
$$;
comment on function private.locked_run(uuid) is
  'The in-progress run the caller plays (alone or in its team), locked for update; refuses forbidden (banned), run_not_found or run_not_in_progress (params status).';

create function private.check_in(target_run uuid, lat double precision, lng double precision,
  accuracy_m double precision, answer text, qr_payload text, target_point uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.locked_run(target_run);
  return private.judge_attempt(target_run, target_point, lat, lng, accuracy_m, answer, qr_payload, null, auth.uid());
end;
$$;
comment on function private.check_in(uuid, double precision, double precision, double precision, text, text, uuid) is
  'An online check-in of the caller (alone or for their team) at an open point of the run, judged now by private.judge_attempt.';

create function public.check_in(run_id uuid, lat double precision, lng double precision, accuracy_m double precision,
  answer text default null, qr_payload text default null, point_id uuid default null)
returns jsonb
language sql
security invoker
set search_path = ''
as $$
  select private.check_in(run_id, lat, lng, accuracy_m, answer, qr_payload, point_id);
$$;
comment on function public.check_in(uuid, double precision, double precision, double precision, text, text, uuid) is
  'RPC: check in at an open point (point_id, or null: the nearest open point). Returns {attempt_id, run_id, accepted, refusal (too_far|wrong_answer|wrong_qr|implausible_travel|time_up), point_id, position, distance_m, allowed_m, retry_after_s, attempted_at, next_position, finished, status, score, score_delta, points_done, duration_s, reward_credits, practice, review_state}. Errors: forbidden, run_not_found, run_not_in_progress, invalid_position, invalid_parameter, point_not_current, point_already_checked_in, point_not_found, no_point_here, event_paused, event_not_running, rate_limited.';
revoke execute on function public.check_in(uuid, double precision, double precision, double precision, text, text, uuid) from public, anon;
grant execute on function public.check_in(uuid, double precision, double precision, double precision, text, text, uuid) to authenticated;
grant execute on function private.check_in(uuid, double precision, double precision, double precision, text, text, uuid) to authenticated;

-- Hints: per run (a team's are the team's), after their delay, at their cost.
drop function public.take_hint(uuid);
drop function private.take_hint(uuid);

create function private.take_hint(target_run uuid, target_point uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.quest_runs := private.locked_run(target_run);
  point public.quest_points;
  event_status public.event_status;
  opened timestamptz;
  hint_text text;
  charged integer;
  wait_s integer;
begin
  if run.event_id is not null then
    select e.status into event_status from public.events e where e.id = run.event_id;
    if event_status = 'paused' then
      perform private.refuse('event_paused');
    elsif event_status <> 'running' then
      perform private.refuse('event_not_running', jsonb_build_object('status', event_status));
    end if;
  end if;
  if run.deadline_at is not null and clock_timestamp() > run.deadline_at then
    perform private.refuse('time_up');
  end if;
  if target_point is null then
    point := private.next_point(run);
  else
    select p.* into point from private.run_points rp join public.quest_points p on p.id = rp.point_id
    where rp.run_id = run.id and rp.point_id = target_point and rp.checked_at is null;
  end if;
  if point.id is null then
    perform private.refuse('point_not_current', jsonb_build_object('position', (private.next_point(run)).position,
                                                                   'point_id', (private.next_point(run)).id));
  end if;
  select h.hint into hint_text from private.point_hints h where h.point_id = point.id;
  if hint_text is null then
    perform private.refuse('no_hint');
  end if;
  if not exists (select 1 from public.run_hints h where h.run_id = run.id and h.point_id = point.id) then
    select rp.opened_at into opened from private.run_points rp where rp.run_id = run.id and rp.point_id = point.id;
    wait_s := ceil(extract(epoch from opened + make_interval(secs => coalesce(point.hint_delay_s, 0)) - clock_timestamp()))::integer;
    if wait_s > 0 then
      perform private.refuse('hint_locked', jsonb_build_object('available_in_s', wait_s));
    end if;
  end if;
  insert into public.run_hints (run_id, point_id, cost, taken_by) values (run.id, point.id, point.hint_cost, auth.uid())
  on conflict (run_id, point_id) do nothing
  returning cost into charged;
  if charged is not null then
    perform private.apply_score_rule(run.id, 'hint', point, clock_timestamp(), null);
    update public.quest_runs r set hints_used = r.hints_used + 1 where r.id = run.id returning * into run;
    perform private.announce_run(run, 'hint_taken', jsonb_build_object('point_id', point.id, 'position', point.position,
      'cost', charged, 'score', run.score));
  end if;
  return jsonb_build_object('point_id', point.id, 'position', point.position, 'hint', hint_text,
                            'cost', coalesce(charged, 0), 'score', run.score);
end;
$$;
comment on function private.take_hint(uuid, uuid) is
  'Reveals the hint of an open point of the run (null: the current one) once its delay has passed; the first take (by any player of the run) costs its hint_cost in score; again: free, same text.';
grant execute on function private.take_hint(uuid, uuid) to authenticated;

create function public.take_hint(run_id uuid, point_id uuid default null)
returns jsonb
language sql
security invoker
set search_path = ''
as $$
  select private.take_hint(run_id, point_id);
$$;
comment on function public.take_hint(uuid, uuid) is
  'RPC: the hint of an open point (point_id, or null: the current one), {point_id, position, hint, cost, score}; the first take costs hint_cost score. Errors: forbidden, run_not_found, run_not_in_progress, point_not_current, no_hint, hint_locked, time_up, event_paused, event_not_running.';
revoke execute on function public.take_hint(uuid, uuid) from public, anon;
grant execute on function public.take_hint(uuid, uuid) to authenticated;

-- Solo runs: unchanged rules, plus qr_start quests need a qr point.
create or replace function private.start_run(target_quest uuid)
returns public.quest_runs
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.quest_runs;
  quest public.quests;
  total integer;
begin
  perform private.require_active();
  select * into quest from public.quests q where q.id = target_quest;
  if quest.id is null or not private.can_view_quest(target_quest) then
    perform private.refuse('quest_not_found');
  end if;
  if not private.has_quest_access(target_quest, auth.uid()) then
    perform private.refuse('no_access');
  end if;
  select * into run from public.quest_runs r
  where r.user_id = auth.uid() and r.quest_id = target_quest and r.status = 'in_progress';
  if run.id is not null then
    return run;  -- resuming is free
  end if;
  perform private.throttle('play.start_run');
  select count(*) into total from public.quest_points p where p.quest_id = target_quest;
  if total = 0 then
    perform private.refuse('quest_has_no_points');
  end if;
  if quest.stage_order = 'qr_start' and not exists (select 1 from public.quest_points p where p.quest_id = target_quest and p.task_type = 'qr') then
    perform private.refuse('quest_has_no_qr_points');
  end if;
  insert into public.quest_runs (quest_id, user_id, points_total, practice, started_by)
  values (target_quest, auth.uid(), total, not private.play_counts(quest, auth.uid()), auth.uid())
  on conflict (user_id, quest_id) where status = 'in_progress' do nothing
  returning * into run;
  if run.id is null then  -- another device of the same player started it a moment ago
    select * into run from public.quest_runs r
    where r.user_id = auth.uid() and r.quest_id = target_quest and r.status = 'in_progress';
  end if;
  select * into run from public.quest_runs r where r.id = run.id;
  return run;
end;
$$;
comment on function private.start_run(uuid) is
  'Starts a solo run of a quest the caller may play (practice when it cannot count: own quest, staff-only access, not published), or returns the run in progress. New runs are rate limited (play.start_run); a qr_start quest needs a qr point.';

-- Team runs.
create function private.create_team_run(team uuid, quest_id uuid, event uuid, started timestamptz)
returns public.quest_runs
language plpgsql
security definer
set search_path = ''
as $$
declare
  quest public.quests;
  run public.quest_runs;
  total integer;
begin
  select * into quest from public.quests q where q.id = create_team_run.quest_id;
  select count(*) into total from public.quest_points p where p.quest_id = quest.id;
  -- A team plays one run at a time: another one in progress ends (an event takes over).
  perform private.end_run(r.id, 'abandoned', started) from public.quest_runs r
  where r.team_id = team and r.status = 'in_progress' and (r.quest_id <> quest.id or r.event_id is distinct from event);
  insert into public.quest_runs (quest_id, team_id, event_id, points_total, started_at, started_by, practice)
  values (quest.id, team, event, total, started, auth.uid(),
          quest.status <> 'published' or exists (select 1 from public.team_members m where m.team_id = team and m.user_id = quest.author_id))
  returning * into run;
  insert into public.team_run_members (run_id, user_id) select run.id, m.user_id from public.team_members m where m.team_id = team;
  select * into run from public.quest_runs r where r.id = run.id;
  perform private.announce_run(run, 'run_started', jsonb_build_object('quest_id', quest.id, 'event_id', event,
    'started_at', run.started_at, 'deadline_at', run.deadline_at, 'points_total', total));
  return run;
end;
$$;
comment on function private.create_team_run(uuid, uuid, uuid, timestamptz) is
  'Creates a team''s run of a quest (of an event, or not) with the team''s members as its players, ending the team''s other run in progress; practice when the quest''s author is in the team. Callers check who may start it.';

create function private.start_team_run(team uuid, target_quest uuid)
returns public.quest_runs
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.quest_runs;
  quest public.quests;
  missing uuid;
begin
  perform private.require_team_role(team, false);
  select * into quest from public.quests q where q.id = target_quest;
  if quest.id is null or quest.status <> 'published' or not private.can_view_quest(target_quest) then
    perform private.refuse('quest_not_found');
  end if;
  perform 1 from public.teams t where t.id = team for update;  -- one start at a time per team
  select * into run from public.quest_runs r where r.team_id = team and r.status = 'in_progress';
  if run.id is not null then
    if run.quest_id = target_quest and run.event_id is null then
      return run;  -- resuming is free
    end if;
    perform private.refuse('team_busy');
  end if;
  if exists (select 1 from public.event_teams r join public.events e on e.id = r.event_id
             where r.team_id = team and e.status in ('running', 'paused') and r.disqualified_at is null) then
    perform private.refuse('team_busy');  -- its event's run is started by the event
  end if;
  select m.user_id into missing from public.team_members m
  where m.team_id = team and not private.has_quest_access(target_quest, m.user_id) limit 1;
  if missing is not null then
    perform private.refuse('member_no_access', jsonb_build_object('user', private.public_profile(missing)));
  end if;
  if not exists (select 1 from public.quest_points p where p.quest_id = target_quest) then
    perform private.refuse('quest_has_no_points');
  end if;
  if quest.stage_order = 'qr_start' and not exists (select 1 from public.quest_points p where p.quest_id = target_quest and p.task_type = 'qr') then
    perform private.refuse('quest_has_no_qr_points');
  end if;
  perform private.throttle('play.start_run');
  return private.create_team_run(team, target_quest, null, now());
end;
$$;
comment on function private.start_team_run(uuid, uuid) is
  'A member starts (or resumes) the team''s run of a published quest every member may play. Refuses forbidden, team_not_found, quest_not_found, team_busy, member_no_access, quest_has_no_points, quest_has_no_qr_points, rate_limited.';
grant execute on function private.start_team_run(uuid, uuid) to authenticated;

create function public.start_team_run(team_id uuid, quest_id uuid)
returns public.quest_runs
language sql
security invoker
set search_path = ''
as $$
  select * from private.start_team_run(team_id, quest_id);
$$;
comment on function public.start_team_run(uuid, uuid) is
  'RPC (team member): start or resume the team''s run of a quest; every member plays it from their phone (check_in, take_hint, play_state with its id). Errors: forbidden, team_not_found, quest_not_found, team_busy, member_no_access, quest_has_no_points, quest_has_no_qr_points, rate_limited.';
revoke execute on function public.start_team_run(uuid, uuid) from public, anon;
grant execute on function public.start_team_run(uuid, uuid) to authenticated;

-- Abandoning: a solo player, or the owner of a team.
create or replace function private.abandon_run(target_run uuid)
returns public.quest_runs
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.quest_runs;
begin
  perform private.throttle('play.abandon_run');
  run := private.locked_run(target_run);
  if run.team_id is not null and private.team_role_of(run.team_id, auth.uid()) is distinct from 'owner' then
    perform private.refuse('not_team_owner');
  end if;
  perform private.end_run(run.id, 'abandoned', now());
  select * into run from public.quest_runs r where r.id = run.id;
  return run;
end;
$$;
comment on function private.abandon_run(uuid) is
  'Gives up an in-progress run (kept in the history as abandoned): a solo player, or the owner of the team; rate limited (play.abandon_run).';
comment on function public.abandon_run(uuid) is 'RPC: give up a run (a team run: its owner). Errors: forbidden, run_not_found, run_not_in_progress, not_team_owner, rate_limited.';

-- A member who leaves the team leaves its run in progress.
create function private.leave_team_runs()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.team_run_members m
  using public.quest_runs r
  where r.id = m.run_id and r.team_id = old.team_id and r.status = 'in_progress' and m.user_id = old.user_id;
  return null;
end;
$$;
comment on function private.leave_team_runs() is 'Trigger: a member leaving a team leaves the team''s run in progress (no more check-ins, no reward).';
create trigger leave_team_runs after delete on public.team_members for each row execute function private.leave_team_runs();

create or replace function private.team_is_busy(team uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.quest_runs r where r.team_id = team and r.status = 'in_progress')
      or exists (select 1 from public.event_teams r join public.events e on e.id = r.event_id
                 where r.team_id = team and e.status <> 'ended');
$$;
comment on function private.team_is_busy(uuid) is 'True while the team has a run in progress or is registered for an event that has not ended (then it cannot be disbanded).';

-- Event standings follow the team's run, in the same transaction.
create function private.sync_event_standing()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.event_teams s
  set score = new.score, points_done = new.points_done, run_status = new.status,
      score_at = case when tg_op = 'INSERT' or new.score is distinct from old.score then clock_timestamp() else s.score_at end,
      finished_at = new.finished_at
  where s.event_id = new.event_id and s.team_id = new.team_id;
  return null;
end;
$$;
comment on function private.sync_event_standing() is
  'Trigger: an event run''s score, progress and status go to its team''s standing (event_teams) in the same transaction: the event leaderboard is always current.';
create trigger sync_event_standing after insert or update of score, points_done, status, finished_at on public.quest_runs
  for each row when (new.event_id is not null) execute function private.sync_event_standing();

revoke execute on function private.cycle_key(integer, integer), private.condition_met(uuid, public.quest_points),
  private.open_next_points(public.quest_runs, timestamptz), private.run_deadline(uuid, uuid, timestamptz), private.prepare_run(),
  private.apply_score_rule(uuid, text, public.quest_points, timestamptz, integer), private.end_run(uuid, public.run_status, timestamptz),
  private.announce_run(public.quest_runs, text, jsonb), private.counted_completion(uuid, uuid, uuid),
  private.create_team_run(uuid, uuid, uuid, timestamptz), private.leave_team_runs(), private.sync_event_standing(),
  private.judge_attempt(uuid, uuid, double precision, double precision, double precision, text, text, timestamptz, uuid) from public;
