-- The catalogue lists in the list convention (docs/conventions.md):
--   search_quests(filters)              {items: [card + cursor], next_cursor} (it returned rows);
--                                       `after` and `page_size` stay keys of `filters`
--   quest_reviews(quest_id, after, n)   {items, next_cursor}; page_size 1–100
--   quest_review_queue(after, n)        {items, next_cursor}; page_size 1–100
--   quest_detail                        `reviews`: the first 10, each with its quest_reviews cursor
-- Review and queue cursors come from private.make_cursor / private.read_cursor (invalid_cursor for
-- a foreign or malformed one; it was invalid_parameter). People are shown by
-- private.public_profile, the one helper for a person's public fields (private.profile_card, its
-- copy, goes). The result types quest_review_item and quest_review_queue_item go with the rows.
-- quest_detail is defined once more, with the route visibility of linear quests, in
-- 20261202910000_team_runs_in_play_lists.sql.

drop function public.quest_reviews(uuid, jsonb, integer);
drop function public.quest_review_queue(jsonb, integer);
drop function public.search_quests(jsonb);
drop function private.quest_review_queue(jsonb, integer);
drop function private.quest_review_page(uuid, jsonb, integer);
drop type public.quest_review_item;
drop type public.quest_review_queue_item;

create function private.quest_review_page(quest uuid, after jsonb, page_size integer)
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
  if quest is null or not private.can_view_quest(quest) then
    perform private.refuse('quest_not_found');
  end if;
  select * into k from private.read_cursor(after, 'quest_reviews', null::timestamptz, null::uuid);
  select coalesce(jsonb_agg(x.item order by x.created_at desc, x.id desc), '[]') into items
  from (
    select r.created_at, r.id, jsonb_build_object(
             'id', r.id, 'quest_id', r.quest_id, 'rating', r.rating, 'body', r.body, 'created_at', r.created_at,
             'updated_at', r.updated_at, 'author', private.public_profile(r.author_id),
             'response', (select jsonb_build_object('body', rr.body, 'created_at', rr.created_at, 'responder_role', rr.responder_role)
                          from public.review_responses rr where rr.review_id = r.id),
             'cursor', private.make_cursor('quest_reviews', r.created_at, r.id)) as item
    from public.reviews r
    where r.quest_id = quest and r.hidden_at is null
      and (k.id is null or (r.created_at, r.id) < (k.sort_key, k.id))
    order by r.created_at desc, r.id desc
    limit size + 1
  ) x;
  return private.list_page(items, size);
end;
$$;
comment on function private.quest_review_page(uuid, jsonb, integer) is
  'A page of a quest''s visible reviews, newest first: {items: [{id, quest_id, rating, body, created_at, updated_at, author (public fields, null: deleted user), response {body, created_at, responder_role} | null, cursor}], next_cursor}; quest_not_found when the caller cannot see the quest.';
grant execute on function private.quest_review_page(uuid, jsonb, integer) to anon, authenticated, service_role;

create function public.quest_reviews(quest_id uuid, after jsonb default null, page_size integer default 20)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select private.quest_review_page(quest_id, after, page_size);
$$;
comment on function public.quest_reviews(uuid, jsonb, integer) is
  'RPC (anyone): a quest''s visible reviews, newest first: {items, next_cursor}. Errors: quest_not_found, invalid_cursor, invalid_parameter.';
revoke execute on function public.quest_reviews(uuid, jsonb, integer) from public;
grant execute on function public.quest_reviews(uuid, jsonb, integer) to anon, authenticated, service_role;

create function private.quest_review_queue(after jsonb, page_size integer)
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
  perform private.require_permission('quests.publish');
  size := private.require_page_size(page_size);
  select * into k from private.read_cursor(after, 'quest_review_queue', null::timestamptz, null::uuid);
  select coalesce(jsonb_agg(x.item order by x.submitted_at, x.id), '[]') into items
  from (
    select q.submitted_at, q.id, jsonb_build_object(
             'id', q.id, 'slug', q.slug, 'title', q.title, 'summary', q.summary, 'city', q.city, 'cover_path', q.cover_path,
             'access', q.access, 'price_credits', q.price_credits, 'reward_credits', q.reward_credits,
             'point_count', (select count(*)::integer from public.quest_points p where p.quest_id = q.id),
             'submitted_at', q.submitted_at, 'review_note', q.review_note, 'author', private.public_profile(q.author_id),
             'cursor', private.make_cursor('quest_review_queue', q.submitted_at, q.id)) as item
    from public.quests q
    where q.status = 'in_review' and q.author_id is distinct from auth.uid()
      and (k.id is null or (q.submitted_at, q.id) > (k.sort_key, k.id))
    order by q.submitted_at, q.id
    limit size + 1
  ) x;
  return private.list_page(items, size);
end;
$$;
comment on function private.quest_review_queue(jsonb, integer) is
  'A page of the review queue for a holder of quests.publish (their own quests left out: four-eyes), oldest submission first: {items: [{id, slug, title, summary, city, cover_path, access, price_credits, reward_credits, point_count, submitted_at, review_note, author, cursor}], next_cursor}.';
grant execute on function private.quest_review_queue(jsonb, integer) to authenticated, service_role;

create function public.quest_review_queue(after jsonb default null, page_size integer default 20)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select private.quest_review_queue(after, page_size);
$$;
comment on function public.quest_review_queue(jsonb, integer) is
  'RPC (quests.publish): quests waiting for review, oldest submission first, without one''s own: {items, next_cursor}; open each with quest_detail, decide with publish_quest / return_quest. Errors: forbidden, invalid_cursor, invalid_parameter.';
revoke execute on function public.quest_review_queue(jsonb, integer) from public, anon;
grant execute on function public.quest_review_queue(jsonb, integer) to authenticated, service_role;

-- The detail: authors by private.public_profile, the first 10 reviews from the reviews list.
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
                                                              'radius_m', p.radius_m, 'task_type', p.task_type, 'media_path', p.media_path)
                                           order by p.position)
                          from public.quest_points p where p.quest_id = q.id), '[]')) end,
    'teaser', case when not readable then (select to_jsonb(t) from private.quest_teaser(q.id) t) end,
    'reviews', private.quest_review_page(q.id, null, 10) -> 'items');
end;
$$;
comment on function private.quest_detail(uuid, text) is
  'The quest detail screen by id or slug: quest, author (public fields), my_status, route (with access) or teaser, the 10 newest visible reviews (each with its quest_reviews cursor).';

drop function private.profile_card(uuid);

-- Search: the same cards (private.search_quest_page validates the filters and pages them), wrapped
-- as a page of the list convention. next_cursor is exact: when the page is full, one more card
-- after its last one is looked for (page_size 1), so a page that ends the list says null.
create function public.search_quests(filters jsonb default '{}')
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  items jsonb;
  last_cursor jsonb;
  more boolean := false;
begin
  select coalesce(jsonb_agg(to_jsonb(item) - 'ordinality' order by item.ordinality), '[]') into items
  from private.search_quest_page(filters) with ordinality as item
  where exists (select 1 from public.quests visible where visible.id = item.id);
  -- page_size has been validated by search_quest_page (a whole number in range, or absent: 20).
  if jsonb_array_length(items) >= coalesce((filters ->> 'page_size')::numeric, 20) then
    last_cursor := items -> -1 -> 'cursor';
    select exists (select 1 from private.search_quest_page(
                     case when jsonb_typeof(filters) = 'object' then filters else '{}' end || jsonb_build_object('after', last_cursor, 'page_size', 1)) next_item
                   where exists (select 1 from public.quests visible where visible.id = next_item.id))
    into more;
  end if;
  return jsonb_build_object('items', items, 'next_cursor', case when more then last_cursor end);
end;
$$;
comment on function public.search_quests(jsonb) is
  'RPC (anyone): search and map. filters = {q, lat, lng, radius_m, bbox, city, category_id, vehicle_id, activity_ids, difficulty_from/_to, duration_from/_to, price_from/_to, free_only, min_rating, mine, sort, after, page_size}; answers {items: [card with the caller''s status and its cursor], next_cursor}. Errors: invalid_parameter {parameter, reason}.';
revoke execute on function public.search_quests(jsonb) from public;
grant execute on function public.search_quests(jsonb) to anon, authenticated, service_role;
