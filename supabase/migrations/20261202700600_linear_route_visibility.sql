-- What a player may read of a route (issue 14). In linear and qr_start quests the app learns the
-- next point only after the check-in at the previous one, by every path:
--   - the table (and embeds through it): quest_points rows are readable, with access to the route,
--     only when the whole route is open to the caller (a free quest; or they edit it: its author,
--     quests.manage, quests.publish while under review) or when the point was opened for a run the
--     caller plays (private.run_points: the current point and those already checked in);
--   - quest_detail: its route lists the same points (point_count stays the full number);
--   - the quest-media points/ folder: a file there is served only with the point that uses it;
--   - teaser and search: unchanged, the number of points and the first point (the start, which every
--     mode shows, as the start of a linear route must be found);
--   - Realtime: team and event topics carry ids and positions of points, never their content;
--   - play_state, take_hint and check_in answer with open and checked points only.
-- Game masters see progress as numbers (points_done, next_position), not the route.

create function private.whole_route_visible(quest uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.quests q
    where q.id = quest
      and (q.stage_order = 'free'
           or q.author_id = auth.uid()
           or private.authorize('quests.manage')
           or (q.status = 'in_review' and private.authorize('quests.publish'))));
$$;
comment on function private.whole_route_visible(uuid) is
  'True when the caller may see every point of the quest at once: a free quest, or one they edit or review (its author, quests.manage, quests.publish while it is in review).';

create function private.point_opened_for_caller(point uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from private.run_points rp
                 where rp.point_id = point and rp.run_id in (select private.my_run_ids()));
$$;
comment on function private.point_opened_for_caller(uuid) is 'True when the point was opened (current or checked in) for a run the caller plays or played, alone or in a team.';

create function private.can_read_point(point uuid, quest uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.can_read_points(quest) and (private.whole_route_visible(quest) or private.point_opened_for_caller(point));
$$;
comment on function private.can_read_point(uuid, uuid) is
  'May the caller read this point: access to the route (private.can_read_points) and either the whole route is visible to them or the point was opened for one of their runs.';

revoke execute on function private.whole_route_visible(uuid), private.point_opened_for_caller(uuid), private.can_read_point(uuid, uuid) from public;
grant execute on function private.can_read_point(uuid, uuid) to anon, authenticated, service_role;

alter policy quest_points_select on public.quest_points using ((select private.can_read_point(id, quest_id)));
comment on policy quest_points_select on public.quest_points is
  'Points of quests one may play: all of a free quest (and to its editors), of linear and qr_start quests only those opened for one''s runs; drafts for author and staff.';

create or replace function private.can_read_quest_media(object_name text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.is_safe_object_path(object_name) and coalesce(
    case when split_part(object_name, '/', 2) = 'points'
         then private.can_read_points(private.quest_media_quest_id(object_name))
              and (private.whole_route_visible(private.quest_media_quest_id(object_name))
                   or exists (select 1 from public.quest_points p
                              where p.quest_id = private.quest_media_quest_id(object_name) and p.media_path = object_name
                                and private.point_opened_for_caller(p.id)))
         else private.can_view_quest(private.quest_media_quest_id(object_name)) end,
    false);
$$;
comment on function private.can_read_quest_media(text) is
  'May the caller read this quest-media file? Safe paths only; <quest>/points/…: with access to the route and, in linear and qr_start quests, only the media of points opened for the caller''s runs; other files: whoever sees the quest.';

-- The detail screen: the play rules, and the route as the caller may read it.
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
    'author', private.profile_card(q.author_id),
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
    'reviews', coalesce((select jsonb_agg(to_jsonb(r) order by r.created_at desc, r.id desc)
                         from private.quest_review_page(q.id, null, 10) r), '[]'));
end;
$$;
comment on function private.quest_detail(uuid, text) is
  'The quest detail screen for the caller (see public.quest_detail); quest_not_found when they cannot see it. The route lists only the points the caller may read (linear and qr_start: those opened for their runs), with the full point_count, and the teaser (the start) whenever the whole route is not shown; the quest carries its play rules.';
