-- What a run counts for (issue 11, hole 1: credits and leaderboard places were minted by playing
-- one's own drafts). From here:
--   - a run is a PRACTICE run when the player is the quest's author, or may play it only through a
--     staff permission (a draft, a quest under review, a locked quest without a grant), or the
--     quest is not published when the run is settled: it pays nothing and ranks nowhere. Authors
--     and staff still test-play freely;
--   - a run FLAGGED by the check-in plausibility rules (review_state 'flagged') pays nothing and
--     ranks nowhere until a holder of runs.review clears it ('cleared': then it is settled) or
--     voids it ('voided'); see 20261202110500 and 20261202110600;
--   - a run COUNTS when it is completed, not practice, and not flagged or voided. It is settled once
--     (private.settle_run): the quest's reward is paid when it is the player's first counting
--     completion of that quest, and its result goes to the leaderboards;
--   - the leaderboards keep one invariant, maintained by settle_run and by triggers on
--     public.quests (a delete, a change of status, a change of city):
--       quest_leaderboard(q, u) exists iff q is published and u has a counting run of q; it holds
--         u's best counting run of q (score desc, then time asc, the earliest on a tie);
--       city_leaderboard(c, u) is the sum of u's quest_leaderboard rows over the published quests
--         of city c (scores, times, count), and exists only when that count is above 0.
--     (The catalogue keeps every status change a single UPDATE of public.quests, so the triggers
--     see them all.)
-- Starting and abandoning runs is rate limited (play.start_run, play.abandon_run), and the play
-- functions of this file refuse only through private.refuse.

create type public.run_review_state as enum ('flagged', 'cleared', 'voided');
comment on type public.run_review_state is
  'Moderation of a run: flagged (implausible check-ins, waiting for runs.review) → cleared (counts) | voided (never counts). Null: never flagged.';

alter table public.quest_runs
  add column practice boolean not null default false,
  add column review_state public.run_review_state,
  add column implausible_attempts integer not null default 0,
  add column flagged_at timestamptz,
  add column flag_reason text check (char_length(flag_reason) <= 200),
  add column reviewed_at timestamptz,
  add column review_note text check (char_length(review_note) <= 1000);
comment on column public.quest_runs.practice is
  'A practice run pays nothing and ranks nowhere: the player authored the quest, played it only through a staff permission, or it was not published when the run was settled.';
comment on column public.quest_runs.review_state is 'Null (never flagged), flagged (waits for a moderator: pays and ranks nothing meanwhile), cleared or voided.';
comment on column public.quest_runs.implausible_attempts is 'Check-ins refused as implausible travel since the run started or was last cleared.';
comment on column public.quest_runs.flagged_at is 'When the run was (last) flagged.';
comment on column public.quest_runs.flag_reason is 'Why it was flagged (implausible_travel).';
comment on column public.quest_runs.reviewed_at is 'When it was cleared or voided (who decided is in the audit log, not shown to the player).';
comment on column public.quest_runs.review_note is 'The reason the moderator gave (shown to the player).';
comment on column public.quest_runs.reward_credits is 'Credits this run paid: the quest''s reward on the player''s first counting completion of it, else 0.';
comment on table public.quest_runs is
  'Every attempt of a user at a quest (history). Changed only by the play functions (start_run, check_in, take_hint, abandon_run) and run reviews.';

create index quest_runs_flagged_idx on public.quest_runs (flagged_at, id) where review_state = 'flagged';
create index quest_runs_completed_idx on public.quest_runs (quest_id, user_id) where status = 'completed';
-- "My runs", newest first, paged by (started_at, id).
drop index public.quest_runs_user_id_idx;
create index quest_runs_user_id_idx on public.quest_runs (user_id, started_at desc, id desc);

insert into private.rate_limits (action, max_hits, per, description) values
  ('play.start_run', 20, interval '1 hour', 'New runs started by a player (resuming a run in progress is not counted): stops start/abandon loops.'),
  ('play.abandon_run', 20, interval '1 hour', 'Runs abandoned by a player.');

-- Who may play: reviewers (quests.publish) may also test-play a quest under review.
create or replace function private.has_quest_access(target_quest uuid, target_user uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.quests q
    where q.id = target_quest
      and (
        (q.status = 'published' and q.access = 'open')
        or q.author_id = target_user
        or private.has_permission(target_user, 'quests.manage')
        or (q.status = 'in_review' and private.has_permission(target_user, 'quests.publish'))
        or (q.status = 'published' and exists (
              select 1 from public.quest_access_grants g
              where g.quest_id = q.id and g.user_id = target_user))
      )
  );
$$;
comment on function private.has_quest_access(uuid, uuid) is
  'True when that user may play the quest and see all its points: open and published, their own, quests.manage, quests.publish while it is under review, or a grant for a published locked quest. Whether a run counts is private.play_counts.';

create function private.play_counts(quest public.quests, player uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select quest.status = 'published'
     and quest.author_id is distinct from player
     and (quest.access = 'open'
          or exists (select 1 from public.quest_access_grants g where g.quest_id = quest.id and g.user_id = player));
$$;
comment on function private.play_counts(public.quests, uuid) is
  'True when a run of this player on this quest may count (reward, leaderboards): the quest is published, not theirs, and open or granted to them. Otherwise the run is practice.';

create function private.run_counts(status public.run_status, practice boolean, review_state public.run_review_state)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select status = 'completed' and not practice and (review_state is null or review_state = 'cleared');
$$;
comment on function private.run_counts(public.run_status, boolean, public.run_review_state) is
  'A run counts (reward once, leaderboards) when it is completed, not practice, and not flagged or voided.';

create or replace function private.has_completed_quest(target_user uuid, target_quest uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.quest_runs r
                 where r.user_id = target_user and r.quest_id = target_quest and r.status = 'completed'
                   and private.run_counts(r.status, r.practice, r.review_state));
$$;
comment on function private.has_completed_quest(uuid, uuid) is
  'True when the user has a counting completion of the quest (completed, not practice, not flagged or voided). Merch rules and refunds ask it.';

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
  select * into run from public.quest_runs r where r.id = target and r.user_id = auth.uid() for update;
  if run.id is null then
    perform private.refuse('run_not_found');
  end if;
  if run.status <> 'in_progress' then
    perform private.refuse('run_not_in_progress', jsonb_build_object('status', run.status));
  end if;
  return run;
end;
$$;
comment on function private.locked_run(uuid) is
  'The caller''s in-progress run, locked for update; refuses forbidden (banned), run_not_found or run_not_in_progress (params status).';

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
  insert into public.quest_runs (quest_id, user_id, points_total, practice)
  values (target_quest, auth.uid(), total, not private.play_counts(quest, auth.uid()))
  on conflict (user_id, quest_id) where status = 'in_progress' do nothing
  returning * into run;
  if run.id is null then  -- another device of the same player started it a moment ago
    select * into run from public.quest_runs r
    where r.user_id = auth.uid() and r.quest_id = target_quest and r.status = 'in_progress';
  end if;
  return run;
end;
$$;
comment on function private.start_run(uuid) is
  'Starts a run of a quest the caller may play (practice when it cannot count: own quest, staff-only access, not published), or returns the run in progress. New runs are rate limited (play.start_run).';

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
  update public.quest_runs r set status = 'abandoned', finished_at = now() where r.id = run.id returning * into run;
  return run;
end;
$$;
comment on function private.abandon_run(uuid) is 'Gives up an in-progress run (kept in the history as abandoned); rate limited (play.abandon_run).';

-- The leaderboards.
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
  if quest_city is null or not private.run_counts(run.status, run.practice, run.review_state) then
    return;  -- only counting runs of published quests rank
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
  'Adds a counting run of a published quest to both leaderboards when it beats the player''s best for that quest (incremental, in the transaction of the completion).';

create function private.recompute_city_rankings(cities text[], players uuid[])
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.city_leaderboard c where c.city = any (cities) and c.user_id = any (players);
  insert into public.city_leaderboard (city, user_id, total_score, total_duration_s, quests_completed)
  select q.city, l.user_id, sum(l.best_score), sum(l.best_duration_s), count(*)
  from public.quest_leaderboard l
  join public.quests q on q.id = l.quest_id and q.status = 'published'
  where q.city = any (cities) and l.user_id = any (players)
  group by q.city, l.user_id;
end;
$$;
comment on function private.recompute_city_rankings(text[], uuid[]) is
  'Rebuilds the city_leaderboard rows of these players in these cities from quest_leaderboard (the invariant''s definition).';

create function private.refresh_quest_rankings(target_quest uuid, cities text[], ranked boolean)
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
      where r.quest_id = target_quest and r.status = 'completed' and private.run_counts(r.status, r.practice, r.review_state)
      order by r.user_id, r.score desc, r.duration_s, r.finished_at, r.id
      returning user_id)
    select players || coalesce(array_agg(b.user_id), '{}') into players from best b;
  end if;
  perform private.recompute_city_rankings(cities, players);
end;
$$;
comment on function private.refresh_quest_rankings(uuid, text[], boolean) is
  'Rebuilds a quest''s leaderboard from its counting runs (or empties it when ranked is false) and the city rows of everyone concerned in the given cities.';

create function private.quest_rankings_follow_quest()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    perform private.refresh_quest_rankings(old.id, array[old.city], false);
    return old;
  end if;
  if (old.status = 'published') <> (new.status = 'published')
     or (new.status = 'published' and old.city is distinct from new.city) then
    perform private.refresh_quest_rankings(new.id, array[old.city, new.city], new.status = 'published');
  end if;
  return null;
end;
$$;
comment on function private.quest_rankings_follow_quest() is
  'Trigger on public.quests: a quest entering or leaving the published state, changing city while published, or being deleted rebuilds its leaderboard rows and the city rows concerned.';

create trigger rankings_follow_quest
  after update of status, city on public.quests
  for each row execute function private.quest_rankings_follow_quest();
comment on trigger rankings_follow_quest on public.quests is 'Keeps the leaderboard invariant when a quest is published, withdrawn or moves city.';
create trigger rankings_forget_quest
  before delete on public.quests
  for each row execute function private.quest_rankings_follow_quest();
comment on trigger rankings_forget_quest on public.quests is 'Takes a deleted quest out of the leaderboards (before its rows cascade away, while its city is known).';

-- Settling: the one place where a finished run pays and ranks.
create function private.settle_run(target uuid)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.quest_runs;
  quest public.quests;
  reward integer := 0;
begin
  select * into run from public.quest_runs r where r.id = target;
  if not private.run_counts(run.status, run.practice, run.review_state) then
    return 0;
  end if;
  select * into quest from public.quests q where q.id = run.quest_id;
  if quest.status is distinct from 'published' or quest.author_id = run.user_id then
    update public.quest_runs r set practice = true where r.id = run.id;
    return 0;
  end if;
  -- One player's settlements of one quest happen one at a time (a completion and the clearing of
  -- an older flagged run cannot both pay).
  perform pg_advisory_xact_lock(hashtextextended('quest-run-settlement/' || run.user_id::text || '/' || run.quest_id::text, 0));
  if quest.reward_credits > 0 and not exists (
       select 1 from public.quest_runs r
       where r.user_id = run.user_id and r.quest_id = run.quest_id and r.id <> run.id and r.status = 'completed'
         and private.run_counts(r.status, r.practice, r.review_state)) then
    reward := quest.reward_credits;
    perform private.post_credits(run.user_id, reward, 'quest_reward', run.quest_id, run.id, null);
    update public.quest_runs r set reward_credits = reward where r.id = run.id;
  end if;
  perform private.record_best_result(run);
  return reward;
end;
$$;
comment on function private.settle_run(uuid) is
  'Settles a completed run: nothing unless it counts (practice when its quest is not published or is the player''s own); the quest''s reward on the player''s first counting completion; the leaderboards. Returns the credits paid. Called by the check-in judge and by run reviews.';

revoke execute on function private.play_counts(public.quests, uuid), private.run_counts(public.run_status, boolean, public.run_review_state),
  private.recompute_city_rankings(text[], uuid[]), private.refresh_quest_rankings(uuid, text[], boolean),
  private.quest_rankings_follow_quest(), private.settle_run(uuid) from public;

-- Existing data under the new rules: authors' runs of their own quests and runs of quests that were
-- never published are practice; both leaderboards are rebuilt from the counting runs. (Credits
-- already paid stay in the append-only ledger; staff correct them with grant_credits if needed.)
update public.quest_runs r set practice = true
from public.quests q
where q.id = r.quest_id and (q.author_id = r.user_id or q.status in ('draft', 'in_review'));
delete from public.city_leaderboard;
delete from public.quest_leaderboard;
insert into public.quest_leaderboard (quest_id, user_id, best_score, best_duration_s, run_id, achieved_at)
select distinct on (r.quest_id, r.user_id) r.quest_id, r.user_id, r.score, r.duration_s, r.id, r.finished_at
from public.quest_runs r
join public.quests q on q.id = r.quest_id and q.status = 'published'
join public.profiles p on p.id = r.user_id
where private.run_counts(r.status, r.practice, r.review_state)
order by r.quest_id, r.user_id, r.score desc, r.duration_s, r.finished_at, r.id;
insert into public.city_leaderboard (city, user_id, total_score, total_duration_s, quests_completed)
select q.city, l.user_id, sum(l.best_score), sum(l.best_duration_s), count(*)
from public.quest_leaderboard l join public.quests q on q.id = l.quest_id
group by q.city, l.user_id;

comment on table public.quest_leaderboard is
  'Best counting run of each player per published quest (score desc, then time asc). Kept by private.settle_run and by triggers on public.quests.';
comment on table public.city_leaderboard is
  'Per city: the sum of each player''s quest_leaderboard rows over the city''s published quests. Kept with quest_leaderboard.';
