-- Play's lists and screens for solo and team runs alike, in the list convention (issue 12) and with
-- the team runs and route visibility of issue 14. Two migrations redefined these four functions:
-- 20261202700450_team_run_screens.sql / 20261202700600_linear_route_visibility.sql (team runs,
-- linear routes hidden ahead) and then 20261202900200_play_lists.sql /
-- 20261202900300_catalogue_lists.sql / 20261202900800_one_parameter_refusal.sql (the list
-- convention, private.public_profile, private.refuse_parameter), whose bodies knew nothing of
-- teams. Each is defined here once more with both:
--   my_runs        {items, next_cursor} (make_cursor / read_cursor / list_page) of the runs the
--                  caller plays: their own and the team runs they play (private.my_run_ids), with
--                  what each paid them (a team run pays each player: team_run_members), its team
--                  and event;
--   flagged_runs   {items, next_cursor}: solo runs with their player, team runs with their team and
--                  its players (player null); every attempt says whose phone made it;
--   review_run     no player of the run (alone or in its team) reviews it, every player is told,
--                  each with what the run paid them; `clear` refused with private.refuse_parameter;
--   quest_detail   the quest's play rules; the route lists only the points the caller may read
--                  (linear and qr_start: those opened for their runs), with the full point_count
--                  and the teaser whenever the whole route is not shown; the author by
--                  private.public_profile; the first 10 reviews of the quest_reviews list.
-- The public wrappers keep their signatures; their comments describe the items.

create or replace function private.my_runs(after jsonb, page_size integer, only_status public.run_status)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  size integer := private.require_page_size(page_size);
  k record;
  items jsonb;
begin
  select * into k from private.read_cursor(after, 'my_runs', null::timestamptz, null::uuid);
  select coalesce(jsonb_agg(x.item order by x.started_at desc, x.id desc), '[]') into items
  from (
    select r.started_at, r.id, jsonb_build_object(
             'id', r.id, 'quest_id', r.quest_id, 'quest_title', q.title, 'quest_cover_path', q.cover_path, 'city', q.city,
             'status', r.status, 'practice', r.practice, 'review_state', r.review_state, 'score', r.score,
             'hints_used', r.hints_used, 'next_position', r.next_position, 'points_total', r.points_total,
             'started_at', r.started_at, 'finished_at', r.finished_at, 'duration_s', r.duration_s,
             'reward_credits', case when r.team_id is null then r.reward_credits
                                    else coalesce((select m.reward_credits from public.team_run_members m
                                                   where m.run_id = r.id and m.user_id = auth.uid()), 0) end,
             'team_id', r.team_id, 'event_id', r.event_id,
             'cursor', private.make_cursor('my_runs', r.started_at, r.id)) as item
    from public.quest_runs r
    join public.quests q on q.id = r.quest_id
    where r.id in (select private.my_run_ids())
      and (only_status is null or r.status = only_status)
      and (k.id is null or (r.started_at, r.id) < (k.sort_key, k.id))
    order by r.started_at desc, r.id desc
    limit size + 1
  ) x;
  return private.list_page(items, size);
end;
$$;
comment on function private.my_runs(jsonb, integer, public.run_status) is
  'A page of the runs the caller plays or played (alone, and the team runs they play), optionally of one status, newest first, with quest title, cover and city, what each paid the caller, its team and event.';
comment on function public.my_runs(jsonb, integer, public.run_status) is
  'RPC: my runs (alone and in my teams), newest first: {items: [{id, quest_id, quest_title, quest_cover_path, city, status, practice, review_state, score, hints_used, next_position, points_total, started_at, finished_at, duration_s, reward_credits (what it paid me), team_id, event_id, cursor}], next_cursor}. Errors: invalid_cursor, invalid_parameter.';

create or replace function private.flagged_runs(after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  size integer;
  k record;
  items jsonb;
begin
  perform private.require_permission('runs.review');
  size := private.require_page_size(page_size);
  select * into k from private.read_cursor(after, 'flagged_runs', null::timestamptz, null::uuid);
  select coalesce(jsonb_agg(x.item order by x.flagged_at, x.id), '[]') into items
  from (
    select r.flagged_at, r.id, jsonb_build_object(
             'run_id', r.id, 'quest_id', r.quest_id, 'quest_title', q.title, 'status', r.status, 'score', r.score,
             'points_total', r.points_total, 'next_position', r.next_position, 'started_at', r.started_at,
             'finished_at', r.finished_at, 'flagged_at', r.flagged_at, 'flag_reason', r.flag_reason,
             'implausible_attempts', r.implausible_attempts, 'player', private.public_profile(r.user_id),
             'team', (select jsonb_build_object('id', t.id, 'name', t.name,
                               'players', (select coalesce(jsonb_agg(private.public_profile(m.user_id) order by m.joined_at, m.user_id), '[]')
                                           from public.team_run_members m where m.run_id = r.id))
                      from public.teams t where t.id = r.team_id),
             'attempts', (select coalesce(jsonb_agg(jsonb_build_object(
                                   'id', c.id, 'position', c.position, 'accepted', c.accepted, 'refusal', c.refusal,
                                   'lat', c.lat, 'lng', c.lng, 'accuracy_m', c.accuracy_m, 'distance_m', c.distance_m,
                                   'travel_speed_kmh', c.travel_speed_kmh, 'attempted_at', c.attempted_at,
                                   'attempted_by', c.attempted_by) order by c.id), '[]')
                          from (select * from public.run_checkins c0 where c0.run_id = r.id order by c0.id desc limit 100) c),
             'cursor', private.make_cursor('flagged_runs', r.flagged_at, r.id)) as item
    from public.quest_runs r
    join public.quests q on q.id = r.quest_id
    where r.review_state = 'flagged'
      and (k.id is null or (r.flagged_at, r.id) > (k.sort_key, k.id))
    order by r.flagged_at, r.id
    limit size + 1
  ) x;
  return private.list_page(items, size);
end;
$$;
comment on function private.flagged_runs(jsonb, integer) is
  'runs.review: a page of flagged runs, solo or team, oldest flag first: the player''s public fields (solo) or the team and its players (team runs), and the last 100 attempts with whose phone made them.';
comment on function public.flagged_runs(jsonb, integer) is
  'RPC (runs.review): flagged runs, oldest flag first: {items: [{run_id, quest_id, quest_title, status, score, points_total, next_position, started_at, finished_at, flagged_at, flag_reason, implausible_attempts, player (solo) | null, team: {id, name, players} (team runs) | null, attempts (with attempted_by), cursor}], next_cursor}. Errors: forbidden, invalid_cursor, invalid_parameter.';

create or replace function private.review_run(target uuid, clear boolean, reason text)
returns public.quest_runs
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.quest_runs;
  reward integer := 0;
  quest_title text;
  player uuid;
begin
  perform private.require_permission('runs.review');
  if clear is null then
    perform private.refuse_parameter('clear', 'true (clear) or false (void)');
  end if;
  reason := private.require_max_length(private.require_reason(reason), 'reason', 1000);
  select * into run from public.quest_runs r where r.id = target for update;
  if run.id is null then
    perform private.refuse('run_not_found');
  end if;
  if run.review_state is distinct from 'flagged' then
    perform private.refuse('run_not_flagged');
  end if;
  if private.plays_run(run, auth.uid()) then
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
  for player in
    select run.user_id where run.user_id is not null
    union all select m.user_id from public.team_run_members m where m.run_id = run.id
  loop
    perform private.notify(player, 'run_reviewed', jsonb_build_object(
      'run_id', run.id, 'quest_id', run.quest_id, 'quest_title', quest_title,
      'decision', case when clear then 'cleared' else 'voided' end,
      'reward_credits', case when run.team_id is null then reward
                             else (select m.reward_credits from public.team_run_members m where m.run_id = run.id and m.user_id = player) end,
      'reason', reason));
  end loop;
  return run;
end;
$$;
comment on function private.review_run(uuid, boolean, text) is
  'runs.review clears (settles a finished run) or voids (ends an unfinished one) a flagged run, solo or team, with a reason; never one the reviewer plays; audited; notifies every player with what the run paid them.';

create or replace function private.quest_detail(target uuid, target_slug text)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  q public.quests;
  viewer uuid := auth.uid();
  readable boolean;
  status record;
  own public.reviews;
begin
  if (target is null) = (target_slug is null) then
    perform private.refuse_parameter(case when target is null then 'quest_id' else 'slug' end, 'give either quest_id or slug');
  end if;
  if target is not null then
    select * into q from public.quests x where x.id = target;
  else
    select * into q from public.quests x
    where x.slug = target_slug and private.can_view_quest(x.id)
    order by x.status = 'published' desc, x.status = 'archived' desc, x.updated_at desc
    limit 1;
  end if;
  if q.id is null or not private.can_view_quest(q.id) then
    perform private.refuse('quest_not_found');
  end if;
  readable := private.can_read_points(q.id);
  select * into status from private.viewer_statuses(array[q.id], viewer);
  if viewer is not null then
    select * into own from public.reviews r where r.quest_id = q.id and r.author_id = viewer;
  end if;
  return jsonb_build_object(
    'quest', jsonb_build_object(
      'id', q.id, 'slug', q.slug, 'status', q.status, 'title', q.title, 'summary', q.summary, 'description', q.description,
      'cover_path', q.cover_path, 'city', q.city, 'difficulty', q.difficulty, 'duration_min', q.duration_min,
      'distance_m', q.distance_m, 'min_age', q.min_age, 'access', q.access, 'price_credits', q.price_credits,
      'stage_order', q.stage_order, 'time_limit_s', q.time_limit_s, 'score_per_point', q.score_per_point,
      'wrong_answer_penalty', q.wrong_answer_penalty, 'time_bonus_per_min', q.time_bonus_per_min,
      'reward_credits', q.reward_credits, 'rating_avg', q.rating_avg, 'rating_count', q.rating_count,
      'favourites_count', q.favourites_count, 'published_at', q.published_at, 'updated_at', q.updated_at,
      'lat', extensions.st_y(q.start_location::extensions.geometry), 'lng', extensions.st_x(q.start_location::extensions.geometry),
      'review_note', case when q.status <> 'published' then q.review_note end,
      'category', (select jsonb_build_object('id', c.id, 'slug', c.slug, 'name_ru', c.name_ru, 'name_en', c.name_en, 'icon', c.icon)
                   from public.categories c where c.id = q.category_id),
      'vehicle', (select jsonb_build_object('id', v.id, 'slug', v.slug, 'name_ru', v.name_ru, 'name_en', v.name_en, 'icon', v.icon)
                  from public.vehicles v where v.id = q.vehicle_id),
      'place', (select jsonb_build_object('id', p.id, 'name', p.name, 'address', p.address, 'city', p.city, 'lat', p.lat, 'lng', p.lng)
                from public.places p where p.id = q.place_id),
      'activities', coalesce((select jsonb_agg(jsonb_build_object('id', a.id, 'slug', a.slug, 'name_ru', a.name_ru, 'name_en', a.name_en,
                                                                  'icon', a.icon) order by a.sort_order, a.slug)
                              from public.quest_activities qa join public.activities a on a.id = qa.activity_id
                              where qa.quest_id = q.id), '[]'),
      'tools', coalesce((select jsonb_agg(jsonb_build_object('id', t.id, 'slug', t.slug, 'name_ru', t.name_ru, 'name_en', t.name_en,
                                                             'icon', t.icon) order by t.sort_order, t.slug)
                         from public.quest_tools qt join public.tools t on t.id = qt.tool_id
                         where qt.quest_id = q.id), '[]')),
    'author', private.public_profile(q.author_id),
    'my_status', jsonb_build_object(
      'is_favourite', status.is_favourite, 'has_access', status.has_access, 'in_progress', status.in_progress,
      'completed', status.completed, 'is_author', coalesce(q.author_id = viewer, false),
      'can_edit', private.can_edit_quest(q.id),
      'can_review', viewer is not null and own.id is null and private.can_review_quest(q.id),
      'my_review', case when own.id is not null then jsonb_build_object(
        'id', own.id, 'rating', own.rating, 'body', own.body, 'created_at', own.created_at, 'updated_at', own.updated_at,
        'hidden_reason', own.hidden_reason) end),
    'route', case when readable then jsonb_build_object(
      'point_count', (select count(*) from public.quest_points p where p.quest_id = q.id),
      'points', coalesce((select jsonb_agg(jsonb_build_object('id', p.id, 'position', p.position, 'title', p.title,
                                                              'description', p.description, 'lat', p.lat, 'lng', p.lng,
                                                              'radius_m', p.radius_m, 'task_type', p.task_type, 'media_path', p.media_path,
                                                              'time_limit_s', p.time_limit_s)
                                           order by p.position)
                          from public.quest_points p where p.quest_id = q.id and private.can_read_point(p.id, q.id)), '[]')) end,
    'teaser', case when not readable or not private.whole_route_visible(q.id) then (select to_jsonb(t) from private.quest_teaser(q.id) t) end,
    'reviews', private.quest_review_page(q.id, null, 10) -> 'items');
end;
$$;
comment on function private.quest_detail(uuid, text) is
  'The quest detail screen by id or slug: quest (with its play rules), author (public fields), my_status, route (with access: the full point_count, and only the points the caller may read — linear and qr_start: those opened for their runs), the teaser whenever the whole route is not shown, the 10 newest visible reviews (each with its quest_reviews cursor).';
comment on function public.quest_detail(uuid, text) is
  'RPC (anyone): the quest detail screen in one call, by quest_id or slug: quest (with lat/lng, category, vehicle, place, activities, tools, play rules), author (public fields), my_status, route (with access: point_count and the points the caller may read) and teaser (when the whole route is not shown), the first 10 reviews with their cursors. Errors: quest_not_found, invalid_parameter.';
