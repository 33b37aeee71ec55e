-- Running an event (issue 14): its lifecycle and the game master's calls, one each.
-- Lifecycle (one conditional UPDATE of public.events per transition, so the scheduler and a game
-- master racing on the same event change it once; the loser gets invalid_transition):
--   scheduled → running   at starts_at (the events-schedule job) or start_event (a game master):
--                         together: every registered team's run starts now; per_team: each team
--                         starts its own run with start_event_run while the event runs;
--   running ⇄ paused      pause_event / resume_event: check-ins and hints wait; on resume, every
--                         deadline and every open point's clock (hint delays, point time limits)
--                         moves on by the length of the pause (never past ends_at);
--   → ended               at ends_at (the job) or end_event: runs still in progress end
--                         (timed_out, their score stands).
-- The game master's calls (a game master of THIS event: its organiser or a co-game master; others
-- get event_not_found or forbidden), each one call:
--   event_overview    every team: progress, score, last known position, last activity (a page);
--   event_leaderboard the ranking (also for the event's players, without positions), kept in the
--                     transaction of every check-in (event_teams, 20261202700400_team_runs.sql);
--   event_activity    the feed, newest first;
--   message_teams     a message to one team or all (notification event_message, team:<id>);
--   grant_hint        a team's current hint, free (audited);
--   adjust_team_score an amount with a reason (audited, through the score rules' one place);
--   disqualify_team   with a reason (audited; the run ends, the team leaves the ranking);
--   pause_event, resume_event, end_event (audited).

insert into private.error_codes (code, http_status, message_en, message_ru) values
  ('team_disqualified', 409, 'This team was disqualified from the event.', 'Команда дисквалифицирована с события.'),
  ('hint_already_taken', 409, 'The team already has this hint.', 'У команды уже есть эта подсказка.');

insert into private.rate_limits (action, max_hits, per, description) values
  ('events.message', 60, interval '1 hour', 'Messages a game master sends to teams (each one notifies every member of the teams).');

create function private.require_event_game_master(event uuid)
returns public.events
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  found_event public.events;
begin
  perform private.require_active();
  select * into found_event from public.events e where e.id = event;
  if found_event.id is null or not (found_event.visibility = 'public' or private.is_event_game_master(event)
                                    or private.is_event_participant(event)) then
    perform private.refuse('event_not_found');
  end if;
  if not private.is_event_game_master(event) then
    perform private.refuse('forbidden');
  end if;
  return found_event;
end;
$$;
comment on function private.require_event_game_master(uuid) is
  'The event when the caller is one of its game masters (active): else event_not_found (cannot see it) or forbidden.';

create function private.require_registered(event uuid, team uuid)
returns public.event_teams
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  standing public.event_teams;
begin
  select * into standing from public.event_teams r where r.event_id = event and r.team_id = team;
  if standing.team_id is null then
    perform private.refuse('not_registered');
  end if;
  return standing;
end;
$$;
comment on function private.require_registered(uuid, uuid) is 'The team''s registration for the event, or not_registered.';

-- Lifecycle.
create function private.begin_event(event uuid)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  started public.events;
  team uuid;
  member uuid;
  teams integer := 0;
begin
  update public.events e set status = 'running', started_at = now()
  where e.id = event and e.status = 'scheduled'
  returning * into started;
  if started.id is null then
    return false;
  end if;
  for team in select r.team_id from public.event_teams r join public.teams t on t.id = r.team_id
              where r.event_id = event and r.disqualified_at is null and t.disbanded_at is null
              order by r.registered_at, r.team_id loop
    if started.start_mode = 'together' then
      perform private.create_team_run(team, started.quest_id, event, started.started_at);
    end if;
    perform private.team_broadcast(team, 'event_started', jsonb_build_object('event_id', event, 'start_mode', started.start_mode));
    for member in select m.user_id from public.team_members m where m.team_id = team loop
      perform private.notify(member, 'event_started', jsonb_build_object('event_id', event, 'event_title', started.title,
        'team_id', team, 'start_mode', started.start_mode));
    end loop;
    teams := teams + 1;
  end loop;
  perform private.event_log(event, null, 'event_started', jsonb_build_object('start_mode', started.start_mode, 'teams', teams));
  return true;
end;
$$;
comment on function private.begin_event(uuid) is
  'Starts a scheduled event once (a conditional update): together, the run of every registered team (not disqualified, not disbanded) starts now; each team''s members are notified (event_started). False when it had already started.';

create function private.finish_event(event uuid)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  ended public.events;
  run uuid;
begin
  update public.events e set status = 'ended', ended_at = now(), paused_at = null
  where e.id = event and e.status in ('running', 'paused')
  returning * into ended;
  if ended.id is null then
    return false;
  end if;
  for run in select r.id from public.quest_runs r where r.event_id = event and r.status = 'in_progress' order by r.id for update loop
    perform private.end_run(run, 'timed_out', now());
  end loop;
  perform private.team_broadcast(r.team_id, 'event_ended', jsonb_build_object('event_id', event))
  from public.event_teams r where r.event_id = event;
  perform private.event_log(event, null, 'event_ended', '{}'::jsonb);
  return true;
end;
$$;
comment on function private.finish_event(uuid) is
  'Ends a running or paused event once: runs still in progress end as timed_out (their score stands); teams hear event_ended. False when it was not running.';

create function private.run_event_schedule()
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  event uuid;
  changed integer := 0;
begin
  for event in select e.id from public.events e where e.status = 'scheduled' and e.starts_at <= now()
               order by e.starts_at, e.id limit 100 for update skip locked loop
    if private.begin_event(event) then
      changed := changed + 1;
    end if;
  end loop;
  for event in select e.id from public.events e where e.status in ('running', 'paused') and e.ends_at <= now()
               order by e.ends_at, e.id limit 100 for update skip locked loop
    if private.finish_event(event) then
      changed := changed + 1;
    end if;
  end loop;
  return changed;
end;
$$;
comment on function private.run_event_schedule() is
  'The events-schedule job: starts scheduled events whose start has come and ends events whose window is over (100 of each per run, skipping events another transaction holds). Returns how many changed.';

create function private.end_overdue_runs()
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  overdue public.quest_runs;
  ended integer := 0;
begin
  for overdue in select * from public.quest_runs r where r.status = 'in_progress' and r.deadline_at <= now()
                   and not exists (select 1 from public.events e where e.id = r.event_id and e.status = 'paused')
                 order by r.deadline_at, r.id limit 500 for update skip locked loop
    perform private.end_run(overdue.id, 'timed_out', overdue.deadline_at);
    ended := ended + 1;
  end loop;
  return ended;
end;
$$;
comment on function private.end_overdue_runs() is
  'The runs-time-limit job: ends runs past their deadline as timed_out at the deadline (500 per run, skipping runs another transaction holds and runs of paused events, whose deadlines move on at the resume). Returns how many.';

create function private.start_event(event uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.require_event_game_master(event);
  perform 1 from public.events e where e.id = event for update;
  if not private.begin_event(event) then
    perform private.refuse('invalid_transition', jsonb_build_object('from', (select e.status from public.events e where e.id = event),
                                                                    'to', 'running'));
  end if;
  perform private.audit('event.start', 'public.events', event::text, null, jsonb_build_object('status', 'scheduled'),
    jsonb_build_object('status', 'running'));
  return private.event_card(event);
end;
$$;
comment on function private.start_event(uuid) is 'A game master starts a scheduled event now (audited). Refuses forbidden, event_not_found, invalid_transition.';

create function private.start_event_run(event uuid, team uuid)
returns public.quest_runs
language plpgsql
security definer
set search_path = ''
as $$
declare
  found_event public.events;
  standing public.event_teams;
  run public.quest_runs;
begin
  perform private.require_team_role(team, false);
  found_event := private.visible_event(event, null);
  standing := private.require_registered(event, team);
  if standing.disqualified_at is not null then
    perform private.refuse('team_disqualified');
  end if;
  perform 1 from public.teams t where t.id = team for update;  -- one start per team at a time
  select * into run from public.quest_runs r where r.event_id = event and r.team_id = team;
  if run.id is not null then
    return run;  -- a team plays an event once: its run, whatever its state
  end if;
  select * into found_event from public.events e where e.id = event;
  if found_event.status = 'paused' then
    perform private.refuse('event_paused');
  end if;
  if found_event.status <> 'running' or found_event.start_mode <> 'per_team' then
    perform private.refuse('event_not_running', jsonb_build_object('status', found_event.status));
  end if;
  perform private.throttle('play.start_run');
  return private.create_team_run(team, found_event.quest_id, event, now());
end;
$$;
comment on function private.start_event_run(uuid, uuid) is
  'A member starts their team''s run of a running per_team event, or gets the run it already has (together events start every run themselves). Refuses forbidden, team_not_found, event_not_found, not_registered, team_disqualified, event_paused, event_not_running, rate_limited.';

create function private.pause_event(event uuid, pausing boolean)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  found_event public.events := private.require_event_game_master(event);
  paused_for interval;
begin
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
comment on function private.pause_event(uuid, boolean) is
  'A game master pauses a running event (true) or resumes a paused one (false): on resume, deadlines and open points'' clocks move on by the pause (never past ends_at). Audited. Refuses forbidden, event_not_found, invalid_transition.';

create function private.end_event(event uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.require_event_game_master(event);
  if not private.finish_event(event) then
    perform private.refuse('invalid_transition', jsonb_build_object('from', (select e.status from public.events e where e.id = event),
                                                                    'to', 'ended'));
  end if;
  perform private.audit('event.end', 'public.events', event::text, null, null, jsonb_build_object('status', 'ended'));
  return private.event_card(event);
end;
$$;
comment on function private.end_event(uuid) is 'A game master ends a running or paused event now (runs in progress end as timed_out). Audited. Refuses forbidden, event_not_found, invalid_transition.';

-- The game master's views.
create function private.event_overview(event uuid, after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  found_event public.events := private.require_event_game_master(event);
  size integer := private.require_page_size(page_size);
  items jsonb;
begin
  select coalesce(jsonb_agg(x.item order by x.registered_at, x.team_id), '[]') into items
  from (
    select s.registered_at, s.team_id, jsonb_build_object(
             'team', jsonb_build_object('id', t.id, 'name', t.name),
             'members', (select coalesce(jsonb_agg(to_jsonb(pp) || jsonb_build_object('role', m.role) order by m.joined_at, m.user_id), '[]')
                         from public.team_members m join public.public_profiles pp on pp.id = m.user_id where m.team_id = t.id),
             'run', case when r.id is not null then jsonb_build_object(
                      'id', r.id, 'status', r.status, 'score', r.score, 'points_done', r.points_done, 'points_total', r.points_total,
                      'next_position', r.next_position, 'hints_used', r.hints_used, 'started_at', r.started_at,
                      'deadline_at', r.deadline_at, 'finished_at', r.finished_at, 'review_state', r.review_state) end,
             'score', s.score, 'points_done', s.points_done,
             'last_position', case when s.last_position_at is not null then jsonb_build_object(
                                'lat', s.last_lat, 'lng', s.last_lng, 'accuracy_m', s.last_accuracy_m, 'at', s.last_position_at) end,
             'last_activity_at', s.last_activity_at,
             'disqualified_at', s.disqualified_at, 'disqualify_reason', s.disqualify_reason,
             'cursor', jsonb_build_object('at', s.registered_at, 'id', s.team_id)) as item
    from private.keyset_cursor(after, 'uuid') k
    cross join public.event_teams s
    join public.teams t on t.id = s.team_id
    left join public.quest_runs r on r.event_id = s.event_id and r.team_id = s.team_id
    where s.event_id = event
      and (k.at is null or (s.registered_at, s.team_id) > (k.at, k.id::uuid))
    order by s.registered_at, s.team_id
    limit size + 1
  ) x;
  return jsonb_build_object('event', private.event_card(event), 'server_time', now()) || private.list_page(items, size);
end;
$$;
comment on function private.event_overview(uuid, jsonb, integer) is
  'The game master''s overview of an event: the event, and a page of its teams (registration order) with members, run progress, score, last known position and last activity.';

create function private.event_ranking_cursor(after jsonb, out score integer, out at timestamptz, out id uuid)
returns record
language plpgsql
stable
set search_path = ''
as $$
declare
  bad boolean := false;
begin
  if after is null then
    return;
  end if;
  begin
    score := (after ->> 'score')::integer;
    at := (after ->> 'at')::timestamptz;
    id := (after ->> 'id')::uuid;
    bad := jsonb_typeof(after) <> 'object' or score is null or at is null or id is null or at in ('infinity', '-infinity');
  exception when others then
    bad := true;
  end;
  if bad then
    perform private.refuse('invalid_cursor');
  end if;
end;
$$;
comment on function private.event_ranking_cursor(jsonb, out integer, out timestamptz, out uuid) is
  'Parses an event leaderboard cursor {"score", "at", "id"}; null → first page; anything else → invalid_cursor.';

create function private.event_leaderboard(event uuid, after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  found_event public.events := private.visible_event(event, null);
  size integer := private.require_page_size(page_size);
  k record;
  my_team uuid := private.event_team_of(event, auth.uid());
  items jsonb;
begin
  if not (private.is_event_game_master(event) or my_team is not null) then
    perform private.refuse('forbidden');
  end if;
  select * into k from private.event_ranking_cursor(after) c;
  select coalesce(jsonb_agg(x.item order by x.rank), '[]') into items
  from (
    select ranked.rank, jsonb_build_object(
             'rank', ranked.rank, 'team', jsonb_build_object('id', t.id, 'name', t.name),
             'score', ranked.score, 'points_done', ranked.points_done, 'run_status', ranked.run_status,
             'finished_at', ranked.finished_at, 'is_mine', ranked.team_id = my_team,
             'cursor', jsonb_build_object('score', ranked.score, 'at', ranked.score_at, 'id', ranked.team_id)) as item
    from (select s.*, rank() over (order by s.score desc, s.score_at) as rank
          from public.event_teams s where s.event_id = event and s.disqualified_at is null) ranked
    join public.teams t on t.id = ranked.team_id
    where k.id is null or ranked.score < k.score
          or (ranked.score = k.score and (ranked.score_at > k.at or (ranked.score_at = k.at and ranked.team_id > k.id)))
    order by ranked.score desc, ranked.score_at, ranked.team_id
    limit size + 1
  ) x;
  return jsonb_build_object('event_id', event, 'status', found_event.status,
    'teams', (select count(*) from public.event_teams s where s.event_id = event and s.disqualified_at is null))
    || private.list_page(items, size);
end;
$$;
comment on function private.event_leaderboard(uuid, jsonb, integer) is
  'The event leaderboard for its game masters and players: teams not disqualified by score (desc), then who reached it first; rank shared on a full tie; keyset (score, score_at, team).';

create function private.event_activity_page(event uuid, after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  size integer := private.require_page_size(page_size);
  before_id bigint;
  items jsonb;
begin
  perform private.require_event_game_master(event);
  if after is not null then
    begin
      before_id := (after ->> 'id')::bigint;
    exception when others then
      before_id := null;
    end;
    if before_id is null or jsonb_typeof(after) <> 'object' then
      perform private.refuse('invalid_cursor');
    end if;
  end if;
  select coalesce(jsonb_agg(private.event_activity_item(a) order by a.id desc), '[]') into items
  from (select * from public.event_activity a0
        where a0.event_id = event and (before_id is null or a0.id < before_id)
        order by a0.id desc limit size + 1) a;
  return private.list_page(items, size);
end;
$$;
comment on function private.event_activity_page(uuid, jsonb, integer) is 'A page of an event''s activity feed, newest first (keyset id), for its game masters.';

-- The game master's actions.
create function private.message_teams(event uuid, team uuid, body text)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  found_event public.events := private.require_event_game_master(event);
  target uuid;
  member uuid;
  teams integer := 0;
begin
  body := btrim(body);
  perform private.check_length('body', body, 1, 1000);
  if team is not null then
    perform private.require_registered(event, team);
  end if;
  perform private.throttle('events.message');
  for target in select r.team_id from public.event_teams r where r.event_id = event and (team is null or r.team_id = team) loop
    perform private.team_broadcast(target, 'message', jsonb_build_object('event_id', event, 'body', body,
      'by', private.public_profile(auth.uid()), 'to_all', team is null));
    for member in select m.user_id from public.team_members m where m.team_id = target loop
      perform private.notify(member, 'event_message', jsonb_build_object('event_id', event, 'event_title', found_event.title,
        'team_id', target, 'body', body, 'by', auth.uid(), 'to_all', team is null));
    end loop;
    teams := teams + 1;
  end loop;
  perform private.event_log(event, team, 'message', jsonb_build_object('body', body, 'to_all', team is null, 'teams', teams));
  return teams;
end;
$$;
comment on function private.message_teams(uuid, uuid, text) is
  'A game master messages one team (team) or every team (null): each member is notified (event_message) and the team topic carries it; logged in the feed. Returns the number of teams. Refuses forbidden, event_not_found, field_required, invalid_length, not_registered, rate_limited.';

create function private.event_team_run(event uuid, team uuid)
returns public.quest_runs
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.quest_runs;
begin
  perform private.require_registered(event, team);
  select * into run from public.quest_runs r where r.event_id = event and r.team_id = team for update;
  if run.id is null then
    perform private.refuse('run_not_found');
  end if;
  return run;
end;
$$;
comment on function private.event_team_run(uuid, uuid) is 'The team''s run of the event, locked: not_registered, run_not_found (not started).';

create function private.grant_hint(event uuid, team uuid, target_point uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.quest_runs;
  point public.quest_points;
  granted integer;
begin
  perform private.require_event_game_master(event);
  run := private.event_team_run(event, team);
  if run.status <> 'in_progress' then
    perform private.refuse('run_not_in_progress', jsonb_build_object('status', run.status));
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
  if not private.point_has_hint(point.id) then
    perform private.refuse('no_hint');
  end if;
  insert into public.run_hints (run_id, point_id, cost, taken_by) values (run.id, point.id, 0, auth.uid())
  on conflict (run_id, point_id) do nothing
  returning cost into granted;
  if granted is null then
    perform private.refuse('hint_already_taken');
  end if;
  update public.quest_runs r set hints_used = r.hints_used + 1 where r.id = run.id returning * into run;
  perform private.announce_run(run, 'hint_granted', jsonb_build_object('point_id', point.id, 'position', point.position));
  perform private.audit('event.grant_hint', 'public.quest_runs', run.id::text, null, null,
    jsonb_build_object('event_id', event, 'team_id', team, 'point_id', point.id));
  return jsonb_build_object('run_id', run.id, 'point_id', point.id, 'position', point.position);
end;
$$;
comment on function private.grant_hint(uuid, uuid, uuid) is
  'A game master gives a team the hint of an open point (null: its current one) for free, whatever its delay: the team reads it with take_hint at no cost. Audited. Refuses forbidden, event_not_found, not_registered, run_not_found, run_not_in_progress, point_not_current, no_hint, hint_already_taken.';

create function private.adjust_team_score(event uuid, team uuid, amount integer, reason text)
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
comment on function private.adjust_team_score(uuid, uuid, integer, text) is
  'A game master adds or removes score (±1–10,000) from a team''s event run with a reason, through the score rules (never below 0). Audited, in the feed, on the team topic. Refuses forbidden, event_not_found, reason_required, invalid_parameter, invalid_amount, not_registered, run_not_found.';

create function private.disqualify_team(event uuid, team uuid, reason text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  found_event public.events := private.require_event_game_master(event);
  standing public.event_teams;
  run uuid;
  member uuid;
begin
  reason := private.require_max_length(private.require_reason(reason), 'reason', 1000);
  standing := private.require_registered(event, team);
  update public.event_teams r set disqualified_at = now(), disqualify_reason = reason
  where r.event_id = event and r.team_id = team and r.disqualified_at is null;
  if not found then
    perform private.refuse('team_disqualified');
  end if;
  select r.id into run from public.quest_runs r where r.event_id = event and r.team_id = team and r.status = 'in_progress' for update;
  if run is not null then
    perform private.end_run(run, 'abandoned', now());
  end if;
  perform private.team_broadcast(team, 'disqualified', jsonb_build_object('event_id', event, 'reason', reason));
  for member in select m.user_id from public.team_members m where m.team_id = team loop
    perform private.notify(member, 'team_disqualified', jsonb_build_object('event_id', event, 'event_title', found_event.title,
      'team_id', team, 'reason', reason));
  end loop;
  perform private.event_log(event, team, 'team_disqualified', jsonb_build_object('reason', reason));
  perform private.audit('event.disqualify', 'public.event_teams', team::text, reason,
    jsonb_build_object('score', standing.score), jsonb_build_object('event_id', event, 'disqualified', true));
end;
$$;
comment on function private.disqualify_team(uuid, uuid, text) is
  'A game master disqualifies a team with a reason: its run ends (abandoned), it leaves the ranking, its members are notified (team_disqualified). Audited. Refuses forbidden, event_not_found, reason_required, invalid_parameter, not_registered, team_disqualified.';

grant execute on function private.start_event(uuid), private.start_event_run(uuid, uuid), private.pause_event(uuid, boolean),
  private.end_event(uuid), private.event_overview(uuid, jsonb, integer), private.event_leaderboard(uuid, jsonb, integer),
  private.event_activity_page(uuid, jsonb, integer), private.message_teams(uuid, uuid, text), private.grant_hint(uuid, uuid, uuid),
  private.adjust_team_score(uuid, uuid, integer, text), private.disqualify_team(uuid, uuid, text) to authenticated;
revoke execute on function private.require_event_game_master(uuid), private.require_registered(uuid, uuid), private.begin_event(uuid),
  private.finish_event(uuid), private.run_event_schedule(), private.end_overdue_runs(), private.event_ranking_cursor(jsonb),
  private.event_team_run(uuid, uuid) from public;

create function public.start_event(event_id uuid) returns jsonb
language sql security invoker set search_path = '' as $$ select private.start_event(event_id); $$;
comment on function public.start_event(uuid) is 'RPC (game master): start a scheduled event now. Errors: forbidden, event_not_found, invalid_transition.';
create function public.start_event_run(event_id uuid, team_id uuid) returns public.quest_runs
language sql security invoker set search_path = '' as $$ select * from private.start_event_run(event_id, team_id); $$;
comment on function public.start_event_run(uuid, uuid) is
  'RPC (team member): start the team''s run of a per_team event, or get the run it has. Errors: forbidden, team_not_found, event_not_found, not_registered, team_disqualified, event_paused, event_not_running, rate_limited.';
create function public.pause_event(event_id uuid) returns jsonb
language sql security invoker set search_path = '' as $$ select private.pause_event(event_id, true); $$;
comment on function public.pause_event(uuid) is 'RPC (game master): pause a running event. Errors: forbidden, event_not_found, invalid_transition.';
create function public.resume_event(event_id uuid) returns jsonb
language sql security invoker set search_path = '' as $$ select private.pause_event(event_id, false); $$;
comment on function public.resume_event(uuid) is 'RPC (game master): resume a paused event (deadlines move on by the pause). Errors: forbidden, event_not_found, invalid_transition.';
create function public.end_event(event_id uuid) returns jsonb
language sql security invoker set search_path = '' as $$ select private.end_event(event_id); $$;
comment on function public.end_event(uuid) is 'RPC (game master): end the event now. Errors: forbidden, event_not_found, invalid_transition.';
create function public.event_overview(event_id uuid, after jsonb default null, page_size integer default 100) returns jsonb
language sql stable security invoker set search_path = '' as $$ select private.event_overview(event_id, after, page_size); $$;
comment on function public.event_overview(uuid, jsonb, integer) is
  'RPC (game master): {event, server_time, items: [{team, members, run, score, points_done, last_position {lat, lng, accuracy_m, at}, last_activity_at, disqualified_at, disqualify_reason, cursor}], next_cursor}. Errors: forbidden, event_not_found, invalid_cursor, invalid_parameter.';
create function public.event_leaderboard(event_id uuid, after jsonb default null, page_size integer default 50) returns jsonb
language sql stable security invoker set search_path = '' as $$ select private.event_leaderboard(event_id, after, page_size); $$;
comment on function public.event_leaderboard(uuid, jsonb, integer) is
  'RPC (game masters and the event''s players): {event_id, status, teams, items: [{rank, team, score, points_done, run_status, finished_at, is_mine, cursor}], next_cursor}. Errors: forbidden, event_not_found, invalid_cursor, invalid_parameter.';
create function public.event_activity(event_id uuid, after jsonb default null, page_size integer default 50) returns jsonb
language sql stable security invoker set search_path = '' as $$ select private.event_activity_page(event_id, after, page_size); $$;
comment on function public.event_activity(uuid, jsonb, integer) is
  'RPC (game master): the activity feed, newest first, {items: [{id, kind, created_at, payload, team, actor, cursor}], next_cursor}. Errors: forbidden, event_not_found, invalid_cursor, invalid_parameter.';
create function public.message_teams(event_id uuid, body text, team_id uuid default null) returns integer
language sql security invoker set search_path = '' as $$ select private.message_teams(event_id, team_id, body); $$;
comment on function public.message_teams(uuid, text, uuid) is
  'RPC (game master): message one team (team_id) or all (null); returns the number of teams. Errors: forbidden, event_not_found, field_required, invalid_length, not_registered, rate_limited.';
create function public.grant_hint(event_id uuid, team_id uuid, point_id uuid default null) returns jsonb
language sql security invoker set search_path = '' as $$ select private.grant_hint(event_id, team_id, point_id); $$;
comment on function public.grant_hint(uuid, uuid, uuid) is
  'RPC (game master): give a team the hint of its current (or a named open) point for free. Errors: forbidden, event_not_found, not_registered, run_not_found, run_not_in_progress, point_not_current, no_hint, hint_already_taken.';
create function public.adjust_team_score(event_id uuid, team_id uuid, amount integer, reason text) returns jsonb
language sql security invoker set search_path = '' as $$ select private.adjust_team_score(event_id, team_id, amount, reason); $$;
comment on function public.adjust_team_score(uuid, uuid, integer, text) is
  'RPC (game master): add (or with a negative amount remove) score with a reason; audited. Returns {run_id, score, applied}. Errors: forbidden, event_not_found, reason_required, invalid_parameter, invalid_amount, not_registered, run_not_found.';
create function public.disqualify_team(event_id uuid, team_id uuid, reason text) returns void
language sql security invoker set search_path = '' as $$ select private.disqualify_team(event_id, team_id, reason); $$;
comment on function public.disqualify_team(uuid, uuid, text) is
  'RPC (game master): disqualify a team with a reason; audited. Errors: forbidden, event_not_found, reason_required, invalid_parameter, not_registered, team_disqualified.';

revoke execute on function public.start_event(uuid), public.start_event_run(uuid, uuid), public.pause_event(uuid), public.resume_event(uuid),
  public.end_event(uuid), public.event_overview(uuid, jsonb, integer), public.event_leaderboard(uuid, jsonb, integer),
  public.event_activity(uuid, jsonb, integer), public.message_teams(uuid, text, uuid), public.grant_hint(uuid, uuid, uuid),
  public.adjust_team_score(uuid, uuid, integer, text), public.disqualify_team(uuid, uuid, text) from public, anon;
grant execute on function public.start_event(uuid), public.start_event_run(uuid, uuid), public.pause_event(uuid), public.resume_event(uuid),
  public.end_event(uuid), public.event_overview(uuid, jsonb, integer), public.event_leaderboard(uuid, jsonb, integer),
  public.event_activity(uuid, jsonb, integer), public.message_teams(uuid, text, uuid), public.grant_hint(uuid, uuid, uuid),
  public.adjust_team_score(uuid, uuid, integer, text), public.disqualify_team(uuid, uuid, text) to authenticated;
