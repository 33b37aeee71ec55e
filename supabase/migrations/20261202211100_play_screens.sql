-- One call per screen for play, results and leaderboards, and keyset-paged "my …" lists
-- (issue 12). Each answers the caller's own rows only and shows other people by their public
-- fields only (private.public_profile). None returns a hint's text (take_hint is the only way).
--   play_state(run_id)                   the play screen: run, quest, current point (public fields,
--                                        has_hint/hint_cost/hint_taken, attempts here), progress
--   run_result(run_id)                   the results screen: run (score, time, reward, practice,
--                                        review), best result, quest and city rank
--   quest_ranking(quest_id, after, n)    a quest's leaderboard page with players and my entry
--   city_ranking(city, after, n)         a city's leaderboard page with players and my entry
--   my_runs(after, n, status)            my runs, newest first
--   my_access_grants(after, n)           my access to locked quests, newest first
--   my_unlock_requests(after, n)         my unlock requests, newest first
-- Leaderboard pages are keyset-paged by the ranking order itself (score desc, time asc, user id):
-- the cursor of an entry is {"score", "duration_s", "id"}; an entry's rank is its position in that
-- order (1 + the entries before it).

create function private.run_json(run public.quest_runs)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', run.id, 'quest_id', run.quest_id, 'status', run.status, 'practice', run.practice,
    'review_state', run.review_state, 'review_note', run.review_note, 'score', run.score, 'hints_used', run.hints_used,
    'next_position', run.next_position, 'points_total', run.points_total, 'started_at', run.started_at,
    'finished_at', run.finished_at, 'duration_s', run.duration_s, 'reward_credits', run.reward_credits);
$$;
comment on function private.run_json(public.quest_runs) is 'The fields of a run its player sees, as JSON.';

create function private.my_run(target_run uuid)
returns public.quest_runs
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  run public.quest_runs;
begin
  select * into run from public.quest_runs r where r.id = target_run and r.user_id = auth.uid();
  if run.id is null then
    perform private.refuse('run_not_found');
  end if;
  return run;
end;
$$;
comment on function private.my_run(uuid) is 'The caller''s run (any status), or run_not_found.';

create function private.play_state(target_run uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  run public.quest_runs := private.my_run(target_run);
  quest public.quests;
  point public.quest_points;
begin
  select * into quest from public.quests q where q.id = run.quest_id;
  if run.status = 'in_progress' then
    point := private.next_point(run);
  end if;
  return jsonb_build_object(
    'run', private.run_json(run),
    'quest', jsonb_build_object('id', quest.id, 'title', quest.title, 'city', quest.city, 'cover_path', quest.cover_path,
                                'vehicle_id', quest.vehicle_id),
    'point', case when point.id is not null then jsonb_build_object(
      'id', point.id, 'position', point.position, 'title', point.title, 'description', point.description,
      'lat', extensions.st_y(point.location::extensions.geometry), 'lng', extensions.st_x(point.location::extensions.geometry),
      'radius_m', point.radius_m, 'task_type', point.task_type, 'media_path', point.media_path,
      'has_hint', private.point_has_hint(point.id), 'hint_cost', point.hint_cost,
      'hint_taken', exists (select 1 from public.run_hints h where h.run_id = run.id and h.point_id = point.id),
      'attempts', (select count(*) from public.run_checkins c where c.run_id = run.id and c.point_id = point.id),
      'last_refusal', (select c.refusal from public.run_checkins c where c.run_id = run.id and c.point_id = point.id
                       order by c.id desc limit 1)) end,
    'progress', (select coalesce(jsonb_agg(jsonb_build_object(
                   'position', c.position, 'point_id', c.point_id, 'title', p.title, 'checked_in_at', c.attempted_at,
                   'hint_taken', exists (select 1 from public.run_hints h where h.run_id = run.id and h.point_id = c.point_id))
                   order by c.position), '[]')
                 from public.run_checkins c join public.quest_points p on p.id = c.point_id
                 where c.run_id = run.id and c.accepted));
end;
$$;
comment on function private.play_state(uuid) is
  'The play screen of the caller''s run: run fields, quest, the current point''s public fields (no hint text), progress.';
grant execute on function private.play_state(uuid) to authenticated;

create function public.play_state(run_id uuid)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select private.play_state(run_id);
$$;
comment on function public.play_state(uuid) is
  'RPC: the play screen in one call, {run, quest: {id, title, city, cover_path, vehicle_id}, point: {id, position, title, description, lat, lng, radius_m, task_type, media_path, has_hint, hint_cost, hint_taken, attempts, last_refusal} | null, progress: [{position, point_id, title, checked_in_at, hint_taken}]}. Errors: run_not_found.';

-- The two leaderboards share one shape (a key, a player, a score, a time): one description of each,
-- one rank function and one page function, index-friendly (dynamic SQL on the board's own table).
create function private.leaderboard_board(board text, out source text, out key_column text, out key_type text,
  out score_column text, out duration_column text)
returns record
language sql
immutable
set search_path = ''
as $$
  select b.source, b.key_column, b.key_type, b.score_column, b.duration_column
  from (values ('quest', 'public.quest_leaderboard', 'quest_id', 'uuid', 'best_score', 'best_duration_s'),
               ('city', 'public.city_leaderboard', 'city', 'text', 'total_score', 'total_duration_s'))
       as b (name, source, key_column, key_type, score_column, duration_column)
  where b.name = board;
$$;
comment on function private.leaderboard_board(text, out text, out text, out text, out text, out text) is
  'The table and columns of a leaderboard: quest (quest_leaderboard by quest_id) or city (city_leaderboard by city).';

create function private.leaderboard_rank(board text, board_key text, score integer, duration_s integer, player uuid)
returns integer
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  b record := private.leaderboard_board(board);
  ranked integer;
begin
  execute format($q$
    select 1 + count(*)::integer from %1$s l
    where l.%2$I = $1::%3$s
      and (l.%4$I > $2 or (l.%4$I = $2 and (l.%5$I < $3 or (l.%5$I = $3 and l.user_id < $4))))$q$,
    b.source, b.key_column, b.key_type, b.score_column, b.duration_column)
  into ranked using board_key, score, duration_s, player;
  return ranked;
end;
$$;
comment on function private.leaderboard_rank(text, text, integer, integer, uuid) is
  'Position of an entry (score, time, player) in a leaderboard: 1 + the entries ranked before it (score desc, time asc, user id).';

create function private.run_result(target_run uuid)
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
  select * into best from public.quest_leaderboard l where l.quest_id = run.quest_id and l.user_id = run.user_id;
  select * into city_row from public.city_leaderboard c where c.city = quest.city and c.user_id = run.user_id;
  return jsonb_build_object(
    'run', private.run_json(run),
    'quest', jsonb_build_object('id', quest.id, 'title', quest.title, 'city', quest.city),
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
comment on function private.run_result(uuid) is 'The results screen of the caller''s run: the run, their best on the quest with its rank, their city standing.';
grant execute on function private.run_result(uuid) to authenticated;

create function public.run_result(run_id uuid)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select private.run_result(run_id);
$$;
comment on function public.run_result(uuid) is
  'RPC: the results screen in one call, {run (score, duration_s, reward_credits, practice, review_state, …), quest, best: {score, duration_s, run_id, achieved_at, rank} | null, quest_players, city: {city, total_score, total_duration_s, quests_completed, rank, players} | null}. Errors: run_not_found.';

-- Leaderboard pages.
create function private.ranking_cursor(after jsonb, out score integer, out duration_s integer, out id uuid)
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
    duration_s := (after ->> 'duration_s')::integer;
    id := (after ->> 'id')::uuid;
    bad := jsonb_typeof(after) <> 'object' or score is null or duration_s is null or id is null;
  exception when others then
    bad := true;
  end;
  if bad then
    perform private.refuse('invalid_cursor');
  end if;
end;
$$;
comment on function private.ranking_cursor(jsonb, out integer, out integer, out uuid) is
  'Parses a leaderboard cursor {"score", "duration_s", "id"}; null → first page; anything else → invalid_cursor.';

create function private.leaderboard_page(board text, board_key text, after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  b record := private.leaderboard_board(board);
  size integer := private.require_page_size(page_size);
  k record;
  first_rank integer := 1;
  entries jsonb;
  mine jsonb;
  players integer;
begin
  select * into k from private.ranking_cursor(after) c;
  if k.id is not null then
    first_rank := private.leaderboard_rank(board, board_key, k.score, k.duration_s, k.id) + 1;
  end if;
  -- One entry: the board's own columns (not its key, player or run) + rank, player, cursor.
  execute format($q$
    select coalesce(jsonb_agg(e.entry order by e.n), '[]') from (
      select row_number() over (order by l.%4$I desc, l.%5$I, l.user_id) as n,
             (to_jsonb(l) - %2$L - 'user_id' - 'run_id') || jsonb_build_object(
               'rank', $6 + row_number() over (order by l.%4$I desc, l.%5$I, l.user_id) - 1,
               'player', private.public_profile(l.user_id),
               'cursor', jsonb_build_object('score', l.%4$I, 'duration_s', l.%5$I, 'id', l.user_id)) as entry
      from %1$s l
      where l.%2$I = $1::%3$s
        and ($4 is null or l.%4$I < $2 or (l.%4$I = $2 and (l.%5$I > $3 or (l.%5$I = $3 and l.user_id > $4))))
      order by l.%4$I desc, l.%5$I, l.user_id
      limit $5) e$q$, b.source, b.key_column, b.key_type, b.score_column, b.duration_column)
  into entries using board_key, k.score, k.duration_s, k.id, size, first_rank;
  execute format($q$
    select (select count(*)::integer from %1$s a where a.%2$I = $1::%3$s),
           (select (to_jsonb(l) - %2$L - 'user_id' - 'run_id') || jsonb_build_object('rank', private.leaderboard_rank($3, $1, l.%4$I, l.%5$I, l.user_id))
            from %1$s l where l.%2$I = $1::%3$s and l.user_id = $2)$q$,
    b.source, b.key_column, b.key_type, b.score_column, b.duration_column)
  into players, mine using board_key, auth.uid(), board;
  return jsonb_build_object(
    'players', players, 'entries', entries, 'me', mine,
    'next_cursor', case when jsonb_array_length(entries) = size then entries -> (size - 1) -> 'cursor' end);
end;
$$;
comment on function private.leaderboard_page(text, text, jsonb, integer) is
  'A page of a leaderboard (quest or city) in ranking order after the cursor: each entry with the board''s own columns, rank, the player''s public fields and a cursor; the number of players and the caller''s own entry with its rank.';

create function private.quest_ranking(target_quest uuid, after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.can_view_quest(target_quest) then
    perform private.refuse('quest_not_found');
  end if;
  return jsonb_build_object('quest_id', target_quest) || private.leaderboard_page('quest', target_quest::text, after, page_size);
end;
$$;
comment on function private.quest_ranking(uuid, jsonb, integer) is 'A quest''s leaderboard page for someone who can see the quest.';
grant execute on function private.quest_ranking(uuid, jsonb, integer) to authenticated;

create function public.quest_ranking(quest_id uuid, after jsonb default null, page_size integer default 50)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select private.quest_ranking(quest_id, after, page_size);
$$;
comment on function public.quest_ranking(uuid, jsonb, integer) is
  'RPC: a quest''s leaderboard screen, {quest_id, players, entries: [{rank, player: {id, username, display_name, avatar_path}, best_score, best_duration_s, achieved_at, cursor}], me: {rank, best_score, best_duration_s, achieved_at} | null, next_cursor}. Errors: quest_not_found, invalid_cursor, invalid_parameter.';

create function private.city_ranking(target_city text, after jsonb, page_size integer)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object('city', target_city) || private.leaderboard_page('city', target_city, after, page_size);
$$;
comment on function private.city_ranking(text, jsonb, integer) is 'A city''s leaderboard page.';
grant execute on function private.city_ranking(text, jsonb, integer) to authenticated;

create function public.city_ranking(city text, after jsonb default null, page_size integer default 50)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select private.city_ranking(city, after, page_size);
$$;
comment on function public.city_ranking(text, jsonb, integer) is
  'RPC: a city''s leaderboard screen, {city, players, entries: [{rank, player: {id, username, display_name, avatar_path}, total_score, total_duration_s, quests_completed, cursor}], me: {rank, total_score, total_duration_s, quests_completed} | null, next_cursor}. Errors: invalid_cursor, invalid_parameter.';

-- "My" lists.
create function private.my_runs(after jsonb, page_size integer, only_status public.run_status)
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
         r.next_position, r.points_total, r.started_at, r.finished_at, r.duration_s, r.reward_credits,
         jsonb_build_object('at', r.started_at, 'id', r.id)
  from private.keyset_cursor(after, 'uuid') k
  cross join public.quest_runs r
  join public.quests q on q.id = r.quest_id
  where r.user_id = auth.uid()
    and (only_status is null or r.status = only_status)
    and (k.at is null or (r.started_at, r.id) < (k.at, k.id::uuid))
  order by r.started_at desc, r.id desc
  limit private.require_page_size(page_size);
$$;
comment on function private.my_runs(jsonb, integer, public.run_status) is 'The caller''s runs, newest first, keyset-paged by (started_at, id), optionally of one status.';
grant execute on function private.my_runs(jsonb, integer, public.run_status) to authenticated;

create function public.my_runs(after jsonb default null, page_size integer default 20, status_filter public.run_status default null)
returns table (
  id uuid, quest_id uuid, quest_title text, quest_cover_path text, city text, status public.run_status, practice boolean,
  review_state public.run_review_state, score integer, hints_used integer, next_position integer, points_total integer,
  started_at timestamptz, finished_at timestamptz, duration_s integer, reward_credits integer, cursor jsonb)
language sql
stable
security invoker
set search_path = ''
as $$
  select * from private.my_runs(after, page_size, status_filter);
$$;
comment on function public.my_runs(jsonb, integer, public.run_status) is
  'RPC: my runs (the caller''s only, staff included), newest first, with the quest''s title, cover and city; status_filter keeps one status; next page: after = the last item''s cursor. Errors: invalid_cursor, invalid_parameter.';

create function private.my_access_grants(after jsonb, page_size integer)
returns table (quest_id uuid, quest_title text, quest_status public.quest_status, source public.quest_access_source,
  paid_credits integer, granted_at timestamptz, cursor jsonb)
language sql
stable
security definer
set search_path = ''
as $$
  select g.quest_id, q.title, q.status, g.source, g.paid_credits, g.granted_at, jsonb_build_object('at', g.granted_at, 'id', g.quest_id)
  from private.keyset_cursor(after, 'uuid') k
  cross join public.quest_access_grants g
  join public.quests q on q.id = g.quest_id
  where g.user_id = auth.uid()
    and (k.at is null or (g.granted_at, g.quest_id) < (k.at, k.id::uuid))
  order by g.granted_at desc, g.quest_id desc
  limit private.require_page_size(page_size);
$$;
comment on function private.my_access_grants(jsonb, integer) is 'The caller''s access grants, newest first, keyset-paged by (granted_at, quest_id).';
grant execute on function private.my_access_grants(jsonb, integer) to authenticated;

create function public.my_access_grants(after jsonb default null, page_size integer default 20)
returns table (quest_id uuid, quest_title text, quest_status public.quest_status, source public.quest_access_source,
  paid_credits integer, granted_at timestamptz, cursor jsonb)
language sql
stable
security invoker
set search_path = ''
as $$
  select * from private.my_access_grants(after, page_size);
$$;
comment on function public.my_access_grants(jsonb, integer) is
  'RPC: my access to locked quests (the caller''s only), newest first: quest_id, quest_title, quest_status, source (unlock_request | purchase | staff), paid_credits, granted_at, cursor. Errors: invalid_cursor, invalid_parameter.';

create function private.my_unlock_requests(after jsonb, page_size integer)
returns table (id uuid, quest_id uuid, quest_title text, status public.unlock_request_status, message text, price_credits integer,
  decision_reason text, decided_at timestamptz, created_at timestamptz, cursor jsonb)
language sql
stable
security definer
set search_path = ''
as $$
  select r.id, r.quest_id, q.title, r.status, r.message, r.price_credits, r.decision_reason, r.decided_at, r.created_at,
         jsonb_build_object('at', r.created_at, 'id', r.id)
  from private.keyset_cursor(after, 'uuid') k
  cross join public.unlock_requests r
  join public.quests q on q.id = r.quest_id
  where r.user_id = auth.uid()
    and (k.at is null or (r.created_at, r.id) < (k.at, k.id::uuid))
  order by r.created_at desc, r.id desc
  limit private.require_page_size(page_size);
$$;
comment on function private.my_unlock_requests(jsonb, integer) is 'The caller''s unlock requests, newest first, keyset-paged by (created_at, id).';
grant execute on function private.my_unlock_requests(jsonb, integer) to authenticated;

create function public.my_unlock_requests(after jsonb default null, page_size integer default 20)
returns table (id uuid, quest_id uuid, quest_title text, status public.unlock_request_status, message text, price_credits integer,
  decision_reason text, decided_at timestamptz, created_at timestamptz, cursor jsonb)
language sql
stable
security invoker
set search_path = ''
as $$
  select * from private.my_unlock_requests(after, page_size);
$$;
comment on function public.my_unlock_requests(jsonb, integer) is
  'RPC: my unlock requests (the caller''s only), newest first, with the quest title, decision and reason. Errors: invalid_cursor, invalid_parameter.';

revoke execute on function private.run_json(public.quest_runs), private.my_run(uuid), private.leaderboard_board(text),
  private.leaderboard_rank(text, text, integer, integer, uuid), private.leaderboard_page(text, text, jsonb, integer),
  private.ranking_cursor(jsonb) from public;
revoke execute on function public.play_state(uuid), public.run_result(uuid), public.quest_ranking(uuid, jsonb, integer),
  public.city_ranking(text, jsonb, integer), public.my_runs(jsonb, integer, public.run_status), public.my_access_grants(jsonb, integer),
  public.my_unlock_requests(jsonb, integer) from public, anon;
grant execute on function public.play_state(uuid), public.run_result(uuid), public.quest_ranking(uuid, jsonb, integer),
  public.city_ranking(text, jsonb, integer), public.my_runs(jsonb, integer, public.run_status), public.my_access_grants(jsonb, integer),
  public.my_unlock_requests(jsonb, integer) to authenticated;
