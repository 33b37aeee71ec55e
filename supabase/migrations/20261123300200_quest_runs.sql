-- Playing a quest. A run is one attempt of one user at one quest; every run is kept (history:
-- latest, by status, by date). Check-ins are judged on the server only: the reported position must
-- lie within the point's radius plus a GPS-accuracy allowance (the reported accuracy, capped at
-- 50 m), and answer / QR points must match their stored hash. Every check-in attempt is kept,
-- accepted or not. Hints cost score. Finishing records score and time; a user's first completion
-- of a quest earns its reward credits, and the best results feed the leaderboards.

create type public.run_status as enum ('in_progress', 'completed', 'abandoned');
comment on type public.run_status is 'in_progress → completed (last point checked in) | abandoned (by the player).';

create table public.quest_runs (
  id uuid primary key default gen_random_uuid(),
  quest_id uuid not null references public.quests (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  status public.run_status not null default 'in_progress',
  next_position integer not null default 1,
  points_total integer not null,
  score integer not null default 0,
  hints_used integer not null default 0,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  duration_s integer generated always as (extract(epoch from (finished_at - started_at))::integer) stored,
  reward_credits integer not null default 0
);
comment on table public.quest_runs is 'Every attempt of a user at a quest (history). Changed only by start_run, check_in, take_hint, abandon_run.';
comment on column public.quest_runs.quest_id is 'The quest played.';
comment on column public.quest_runs.user_id is 'The player.';
comment on column public.quest_runs.status is 'in_progress, completed or abandoned.';
comment on column public.quest_runs.next_position is 'Position of the next point to check in.';
comment on column public.quest_runs.points_total is 'Number of points of the quest when the run started.';
comment on column public.quest_runs.score is 'Score so far: 100 per point checked in, minus hint costs (never below 0).';
comment on column public.quest_runs.hints_used is 'Hints taken.';
comment on column public.quest_runs.started_at is 'When the run started.';
comment on column public.quest_runs.finished_at is 'When it was completed or abandoned.';
comment on column public.quest_runs.duration_s is 'Seconds from start to finish (null while in progress).';
comment on column public.quest_runs.reward_credits is 'Credits earned by this run (first completion only).';
create index quest_runs_user_id_idx on public.quest_runs (user_id, started_at desc);
create index quest_runs_user_status_idx on public.quest_runs (user_id, status, started_at desc);
create index quest_runs_quest_id_idx on public.quest_runs (quest_id);
create unique index quest_runs_one_active_idx on public.quest_runs (user_id, quest_id) where status = 'in_progress';

create table public.run_checkins (
  id bigint generated always as identity primary key,
  run_id uuid not null references public.quest_runs (id) on delete cascade,
  point_id uuid not null references public.quest_points (id) on delete cascade,
  position integer not null,
  accepted boolean not null,
  refusal text check (refusal in ('too_far', 'wrong_answer', 'wrong_qr')),
  distance_m numeric(10, 1) not null,
  accuracy_m numeric(8, 1) not null,
  created_at timestamptz not null default now()
);
comment on table public.run_checkins is 'Every check-in attempt of a run, accepted or refused, with the measured distance.';
comment on column public.run_checkins.run_id is 'The run.';
comment on column public.run_checkins.point_id is 'The point aimed at.';
comment on column public.run_checkins.position is 'Its position in the route.';
comment on column public.run_checkins.accepted is 'Whether the check-in counted.';
comment on column public.run_checkins.refusal is 'Why not: too_far, wrong_answer or wrong_qr.';
comment on column public.run_checkins.distance_m is 'Distance from the reported position to the point (metres).';
comment on column public.run_checkins.accuracy_m is 'GPS accuracy the device reported (metres).';
create index run_checkins_run_id_idx on public.run_checkins (run_id, id);
create index run_checkins_point_id_idx on public.run_checkins (point_id);

create table public.run_hints (
  run_id uuid not null references public.quest_runs (id) on delete cascade,
  point_id uuid not null references public.quest_points (id) on delete cascade,
  cost integer not null,
  taken_at timestamptz not null default now(),
  primary key (run_id, point_id)
);
comment on table public.run_hints is 'Hints taken during a run (one per point at most).';
comment on column public.run_hints.run_id is 'The run.';
comment on column public.run_hints.point_id is 'The point whose hint was taken.';
comment on column public.run_hints.cost is 'Score the hint cost.';
comment on column public.run_hints.taken_at is 'When.';
create index run_hints_point_id_idx on public.run_hints (point_id);

alter table public.quest_runs enable row level security;
alter table public.run_checkins enable row level security;
alter table public.run_hints enable row level security;
revoke all on public.quest_runs, public.run_checkins, public.run_hints from anon;
revoke insert, update, delete, truncate on public.quest_runs, public.run_checkins, public.run_hints from authenticated;

create policy quest_runs_select on public.quest_runs for select to authenticated using (user_id = (select auth.uid()));
comment on policy quest_runs_select on public.quest_runs is 'A player reads their own runs.';
create policy run_checkins_select on public.run_checkins for select to authenticated
  using (exists (select 1 from public.quest_runs r where r.id = run_id and r.user_id = (select auth.uid())));
comment on policy run_checkins_select on public.run_checkins is 'A player reads the check-ins of their own runs.';
create policy run_hints_select on public.run_hints for select to authenticated
  using (exists (select 1 from public.quest_runs r where r.id = run_id and r.user_id = (select auth.uid())));
comment on policy run_hints_select on public.run_hints is 'A player reads the hints of their own runs.';

-- Leaderboards: the best result of each player per quest, and per city the sum of the players'
-- best scores, kept in the same transaction as each completion (fast at any number of runs).
create table public.quest_leaderboard (
  quest_id uuid not null references public.quests (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  best_score integer not null,
  best_duration_s integer not null,
  run_id uuid not null references public.quest_runs (id) on delete cascade,
  achieved_at timestamptz not null,
  primary key (quest_id, user_id)
);
comment on table public.quest_leaderboard is 'Best completed run of each player per quest (score desc, then time asc). Kept by check_in.';
comment on column public.quest_leaderboard.quest_id is 'The quest.';
comment on column public.quest_leaderboard.user_id is 'The player (a profile, so the app can embed username and avatar).';
comment on column public.quest_leaderboard.best_score is 'Best score.';
comment on column public.quest_leaderboard.best_duration_s is 'Time of that best run, seconds.';
comment on column public.quest_leaderboard.run_id is 'The run that set it.';
comment on column public.quest_leaderboard.achieved_at is 'When.';
create index quest_leaderboard_rank_idx on public.quest_leaderboard (quest_id, best_score desc, best_duration_s, user_id);
create index quest_leaderboard_user_id_idx on public.quest_leaderboard (user_id);
create index quest_leaderboard_run_id_idx on public.quest_leaderboard (run_id);

create table public.city_leaderboard (
  city text not null,
  user_id uuid not null references public.profiles (id) on delete cascade,
  total_score integer not null,
  total_duration_s integer not null,
  quests_completed integer not null,
  primary key (city, user_id)
);
comment on table public.city_leaderboard is 'Per city: the sum of each player''s best scores (and times) over the city''s quests. Kept by check_in.';
comment on column public.city_leaderboard.city is 'The city.';
comment on column public.city_leaderboard.user_id is 'The player (a profile, so the app can embed username and avatar).';
comment on column public.city_leaderboard.total_score is 'Sum of best scores over quests of the city.';
comment on column public.city_leaderboard.total_duration_s is 'Sum of the times of those best runs.';
comment on column public.city_leaderboard.quests_completed is 'Distinct quests of the city completed.';
create index city_leaderboard_rank_idx on public.city_leaderboard (city, total_score desc, total_duration_s, user_id);
create index city_leaderboard_user_id_idx on public.city_leaderboard (user_id);

alter table public.quest_leaderboard enable row level security;
alter table public.city_leaderboard enable row level security;
revoke all on public.quest_leaderboard, public.city_leaderboard from anon;
revoke insert, update, delete, truncate on public.quest_leaderboard, public.city_leaderboard from authenticated;
create policy quest_leaderboard_select on public.quest_leaderboard for select to authenticated using (true);
comment on policy quest_leaderboard_select on public.quest_leaderboard is 'Leaderboards are public to signed-in users.';
create policy city_leaderboard_select on public.city_leaderboard for select to authenticated using (true);
comment on policy city_leaderboard_select on public.city_leaderboard is 'Leaderboards are public to signed-in users.';
