-- Game masters' steering and team hand-overs are rate limited (found by the probe of main: class
-- "unbounded repetition"). pause_event / resume_event and adjust_team_score had no limit: a game
-- master (any user an organiser appoints) could loop them, each call writing an append-only audit
-- row, an activity item and a broadcast to every team, without end. transfer_team_ownership had
-- none either: two members handing the team back and forth sent three broadcasts a turn to the
-- whole team. Now:
--   - events.steer (300 an hour per game master): pauses, resumes and score adjustments;
--   - teams.update (the existing rule for renames, resizes and new codes) also counts hand-overs.
-- Starting and ending an event, hints (one per point) and disqualifications (one per team) are
-- bounded by the event itself.
insert into private.rate_limits (action, max_hits, per, description) values
  ('events.steer', 300, interval '1 hour', 'Pauses, resumes and score adjustments a game master makes (each audited and broadcast to the teams).');
update private.rate_limits set description = 'Changes of a team''s name or size, new join codes and hand-overs of the team.'
where action = 'teams.update';

create or replace function private.pause_event(event uuid, pausing boolean)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  found_event public.events := private.require_event_game_master(event);
  paused_for interval;
begin
  perform private.throttle('events.steer');
  select * into found_event from public.events e where e.id = event for update;
  if pausing and found_event.status = 'running' then
    update public.events e set status = 'paused', paused_at = now() where e.id = event returning * into found_event;
  elsif not pausing and found_event.status = 'paused' then
    paused_for := now() - found_event.paused_at;
    update public.events e set status = 'running', paused_at = null where e.id = event returning * into found_event;
    update public.quest_runs r set deadline_at = least(r.deadline_at + paused_for, found_event.ends_at)
    where r.event_id = event and r.status = 'in_progress' and r.deadline_at is not null;
    update private.run_points rp set opened_at = rp.opened_at + paused_for
    from public.quest_runs r where r.id = rp.run_id and r.event_id = event and r.status = 'in_progress' and rp.checked_at is null;
  else
    found_event := null;
  end if;
  if found_event.id is null then
    perform private.refuse('invalid_transition', jsonb_build_object(
      'from', (select e.status from public.events e where e.id = event), 'to', case when pausing then 'paused' else 'running' end));
  end if;
  perform private.team_broadcast(r.team_id, case when pausing then 'event_paused' else 'event_resumed' end,
    jsonb_build_object('event_id', event))
  from public.event_teams r where r.event_id = event;
  perform private.event_log(event, null, case when pausing then 'event_paused' else 'event_resumed' end::public.event_activity_kind,
    jsonb_build_object('paused_for_s', extract(epoch from paused_for)::integer));
  perform private.audit(case when pausing then 'event.pause' else 'event.resume' end, 'public.events', event::text, null,
    null, jsonb_build_object('status', found_event.status));
  return private.event_card(event);
end;
$$;

create or replace function private.adjust_team_score(event uuid, team uuid, amount integer, reason text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.quest_runs;
  applied integer;
begin
  perform private.require_event_game_master(event);
  reason := private.require_max_length(private.require_reason(reason), 'reason', 1000);
  if amount is null or amount = 0 or amount not between -10000 and 10000 then
    perform private.refuse('invalid_amount', jsonb_build_object('min', -10000, 'max', 10000));
  end if;
  perform private.throttle('events.steer');
  run := private.event_team_run(event, team);
  applied := private.apply_score_rule(run.id, 'adjustment', null, now(), amount);
  select * into run from public.quest_runs r where r.id = run.id;
  perform private.audit('event.score_adjust', 'public.quest_runs', run.id::text, reason,
    jsonb_build_object('score', run.score - applied),
    jsonb_build_object('score', run.score, 'amount', amount, 'applied', applied, 'event_id', event, 'team_id', team));
  perform private.announce_run(run, 'score_adjusted', jsonb_build_object('amount', amount, 'applied', applied, 'score', run.score,
    'reason', reason));
  return jsonb_build_object('run_id', run.id, 'score', run.score, 'applied', applied);
end;
$$;

create or replace function private.transfer_team_ownership(team uuid, member uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.require_team_role(team, true);
  if member is null or member = auth.uid() then
    perform private.refuse('invalid_member');
  end if;
  perform private.throttle('teams.update');
  perform 1 from public.teams t where t.id = team for update;
  if private.team_role_of(team, member) is null then
    perform private.refuse('member_not_found');
  end if;
  update public.team_members m set role = 'member' where m.team_id = team and m.user_id = auth.uid();
  update public.team_members m set role = 'owner' where m.team_id = team and m.user_id = member;
  perform private.sync_team_chat(team);
  perform private.team_broadcast(team, 'owner_changed', jsonb_build_object('owner', private.public_profile(member)));
end;
$$;

comment on function private.pause_event(uuid, boolean) is
  'A game master pauses a running event (true) or resumes a paused one (false): on resume, deadlines and open points'' clocks move on by the pause (never past ends_at). Audited. Refuses forbidden, event_not_found, rate_limited (events.steer), invalid_transition.';
comment on function private.adjust_team_score(uuid, uuid, integer, text) is
  'A game master adds or removes score (±1–10,000) from a team''s event run with a reason, through the score rules (never below 0). Audited, in the feed, on the team topic. Refuses forbidden, event_not_found, reason_required, invalid_parameter, invalid_amount, rate_limited (events.steer), not_registered, run_not_found.';
comment on function private.transfer_team_ownership(uuid, uuid) is
  'The owner hands the team (and its chat) to another member. Refuses forbidden, team_not_found, not_team_owner, invalid_member, rate_limited (teams.update), member_not_found.';
comment on function public.pause_event(uuid) is
  'RPC (game master): pause a running event. Errors: forbidden, event_not_found, invalid_transition, rate_limited.';
comment on function public.resume_event(uuid) is
  'RPC (game master): resume a paused event (deadlines move on by the pause). Errors: forbidden, event_not_found, invalid_transition, rate_limited.';
comment on function public.adjust_team_score(uuid, uuid, integer, text) is
  'RPC (game master): add (or with a negative amount remove) score with a reason; audited. Returns {run_id, score, applied}. Errors: forbidden, event_not_found, reason_required, invalid_parameter, invalid_amount, not_registered, run_not_found, rate_limited.';
comment on function public.transfer_team_ownership(uuid, uuid) is
  'RPC (owner): hand the team to another member. Errors: forbidden, team_not_found, not_team_owner, invalid_member, member_not_found, rate_limited.';
