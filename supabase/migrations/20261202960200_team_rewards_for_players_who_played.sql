-- Team rewards go to members who played (probe of main: a team run paid the quest's reward to every
-- member, so one player with extra accounts in a team was paid once per account while walking the
-- route once, and each account became a "completer" for merch rules and refunds). A member of a
-- team run counts as having completed the quest, and is paid, only if they checked in (accepted)
-- at a point of that run themselves: with N accounts a player now needs N phones checking in, the
-- same as playing alone N times. The team's progress still counts every member's check-in, and
-- members who did not check in see the run in their history with reward 0.

create function private.played_in(run uuid, member uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return exists (select 1 from public.run_checkins c where c.run_id = run and c.attempted_by = member and c.accepted);
end;
$$;
comment on function private.played_in(uuid, uuid) is
  'True when that user checked in (accepted) at a point of that run themselves: what makes a team run''s member a player who completed it.';
revoke execute on function private.played_in(uuid, uuid) from public;

create or replace function private.counted_completion(player uuid, quest uuid, except_run uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
  select exists (select 1 from public.quest_runs r
                 where r.user_id = player and r.quest_id = quest and r.status = 'completed' and r.id is distinct from except_run
                   and private.run_counts(r.status, r.practice, r.review_state))
      or exists (select 1 from public.team_run_members m join public.quest_runs r on r.id = m.run_id
                 where m.user_id = player and r.quest_id = quest and r.status = 'completed' and r.id is distinct from except_run
                   and private.run_counts(r.status, r.practice, r.review_state)
                   and private.played_in(r.id, player)));
end;
$$;
comment on function private.counted_completion(uuid, uuid, uuid) is
  'True when the user has a counting completion of the quest other than except_run: alone, or in a team run where they checked in themselves.';

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
  -- Each player: paid on their first counting completion of the quest (alone or in any team; in a
  -- team, only a member who checked in at a point of this run themselves), under the per-player
  -- lock solo runs use (taken in id order: no deadlock between two teams).
  for player in
    select coalesce(run.user_id, m.user_id) as id
    from (select null::uuid as user_id where run.team_id is null
          union all select m0.user_id from public.team_run_members m0 where m0.run_id = run.id) m
    order by 1
  loop
    perform pg_advisory_xact_lock(hashtextextended('quest-run-settlement/' || player.id::text || '/' || run.quest_id::text, 0));
    if quest.reward_credits > 0 and (run.team_id is null or (private.play_counts(quest, player.id) and private.played_in(run.id, player.id)))
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
  'Settles a completed run: nothing unless it counts (practice when its quest is not published or its author plays it); each player''s first counting completion of the quest (alone, or in a team run where they checked in themselves) pays them the reward, under a per-player lock; solo runs go to the leaderboards. Returns the credits paid.';
