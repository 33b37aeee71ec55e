-- One call per screen of the catalogue (docs/quests.md says which call serves which screen):
--   home                 public.quest_home(filters)            sections of cards, the caller's status on each
--   search and map       public.search_quests(filters)         (migration search_quests_filters)
--   quest detail         public.quest_detail(quest_id | slug)  the quest, its author's public fields, the
--                        caller's status, route (with access) or teaser, first page of reviews
--   more reviews         public.quest_reviews(quest_id, after, page_size)
--   staff review queue   public.quest_review_queue(after, page_size)
-- RPCs rather than views or embeds, because each screen mixes rules a view cannot express per row
-- (route or teaser by access, the caller's status, authors' public fields for anon, who may see a
-- review note) and several tables. Each public function is security invoker and calls one definer
-- function in private that applies the same visibility rules as the policies (can_view_quest,
-- can_read_points, visible reviews) and returns of a profile only id, username, display_name and
-- avatar_path. Every list pages with a (key, id) keyset cursor taken from its last item.

-- A (time, id) keyset cursor of one of these lists, read or refused with invalid_parameter.
create function private.param_keyset(after jsonb, key_name text, out key_value timestamptz, out id uuid)
language plpgsql
stable
set search_path = ''
as $$
begin
  if after is null or jsonb_typeof(after) = 'null' then
    return;
  end if;
  begin
    key_value := (after ->> key_name)::timestamptz;
    id := (after ->> 'id')::uuid;
  exception when others then
    key_value := null;
  end;
  if key_value is null or id is null then
    perform private.refuse_parameter('after', 'is not a cursor of this list (take it from the last item of the previous page)');
  end if;
end;
$$;
comment on function private.param_keyset(jsonb, text, out timestamptz, out uuid) is
  'The (time, id) of a list cursor {<key_name>: time, id: uuid}: null for none, invalid_parameter for anything else.';

-- The public face of a profile, as everyone may see it.
create function private.profile_card(profile uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object('id', p.id, 'username', p.username, 'display_name', p.display_name, 'avatar_path', p.avatar_path)
  from public.profiles p
  where p.id = profile;
$$;
comment on function private.profile_card(uuid) is
  'id, username, display_name and avatar_path of a profile (null for a deleted account): all anyone learns of an author here.';

-- Reviews, newest first.
create type public.quest_review_item as (
  id uuid,
  quest_id uuid,
  rating smallint,
  body text,
  created_at timestamptz,
  updated_at timestamptz,
  author jsonb,
  response jsonb,
  cursor jsonb
);
comment on type public.quest_review_item is
  'A visible review: rating, body, times, author {id, username, display_name, avatar_path} (null: deleted user), response {body, created_at, responder_role} or null, and the cursor that continues after it.';

create function private.quest_review_page(quest uuid, after jsonb, page_size integer)
returns setof public.quest_review_item
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  cursor_time timestamptz;
  cursor_id uuid;
begin
  if page_size is null or page_size not between 1 and 50 then
    perform private.refuse_parameter('page_size', 'must be between 1 and 50');
  end if;
  if quest is null or not private.can_view_quest(quest) then
    perform private.refuse('quest_not_found');
  end if;
  select c.key_value, c.id into cursor_time, cursor_id from private.param_keyset(after, 'created_at') c;
  return query
    select r.id, r.quest_id, r.rating, r.body, r.created_at, r.updated_at, private.profile_card(r.author_id),
           (select jsonb_build_object('body', rr.body, 'created_at', rr.created_at, 'responder_role', rr.responder_role)
            from public.review_responses rr where rr.review_id = r.id),
           jsonb_build_object('created_at', r.created_at, 'id', r.id)
    from public.reviews r
    where r.quest_id = quest and r.hidden_at is null
      and (cursor_id is null or (r.created_at, r.id) < (cursor_time, cursor_id))
    order by r.created_at desc, r.id desc
    limit page_size;
end;
$$;
comment on function private.quest_review_page(uuid, jsonb, integer) is
  'One page of a quest''s visible reviews (newest first, keyset (created_at, id)) with authors'' public fields and the responder''s role; quest_not_found when the caller cannot see the quest.';
grant execute on function private.quest_review_page(uuid, jsonb, integer) to anon, authenticated, service_role;

create function public.quest_reviews(quest_id uuid, after jsonb default null, page_size integer default 20)
returns setof public.quest_review_item
language sql
stable
security invoker
set search_path = ''
as $$
  select * from private.quest_review_page(quest_id, after, page_size);
$$;
comment on function public.quest_reviews(uuid, jsonb, integer) is
  'RPC (anyone): a quest''s visible reviews, newest first, page_size 1–50, after = the cursor of the last item. Errors: quest_not_found, invalid_parameter.';
grant execute on function public.quest_reviews(uuid, jsonb, integer) to anon, authenticated, service_role;

-- Quest detail.
create function private.quest_detail(target uuid, target_slug text)
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
                                                              'radius_m', p.radius_m, 'task_type', p.task_type, 'media_path', p.media_path)
                                           order by p.position)
                          from public.quest_points p where p.quest_id = q.id), '[]')) end,
    'teaser', case when not readable then (select to_jsonb(t) from private.quest_teaser(q.id) t) end,
    'reviews', coalesce((select jsonb_agg(to_jsonb(r) order by r.created_at desc, r.id desc)
                         from private.quest_review_page(q.id, null, 10) r), '[]'));
end;
$$;
comment on function private.quest_detail(uuid, text) is
  'The quest detail screen for the caller (see public.quest_detail); quest_not_found when they cannot see it.';
grant execute on function private.quest_detail(uuid, text) to anon, authenticated, service_role;

create function public.quest_detail(quest_id uuid default null, slug text default null)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select private.quest_detail(quest_id, slug);
$$;
comment on function public.quest_detail(uuid, text) is
  'RPC (anyone): the quest detail screen in one call, by quest_id or slug: quest (with lat/lng, category, vehicle, place, activities, tools), author (public fields), my_status, route (with access) or teaser, the first 10 reviews. Errors: quest_not_found, invalid_parameter.';
grant execute on function public.quest_detail(uuid, text) to anon, authenticated, service_role;

-- Home: a few short lists of cards around the caller.
create function private.quest_home(filters jsonb)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  base jsonb := coalesce(private.param_object(filters, null, array['lat', 'lng', 'city']), '{}');
  located boolean := base ? 'lat' or base ? 'lng';
  signed_in boolean := auth.uid() is not null;
begin
  return jsonb_build_object(
    'in_progress', case when signed_in then private.quest_cards((base - 'city') || '{"mine": "in_progress", "page_size": 10}'::jsonb) else '[]' end,
    'nearby', case when located then private.quest_cards((base - 'city') || '{"sort": "distance", "radius_m": 25000, "page_size": 10}'::jsonb) else '[]' end,
    'popular', private.quest_cards(base || '{"sort": "popular", "page_size": 10}'::jsonb),
    'newest', private.quest_cards(base || '{"sort": "newest", "page_size": 10}'::jsonb),
    'top_rated', private.quest_cards(base || '{"sort": "rating", "min_rating": 4, "page_size": 10}'::jsonb),
    'favourites', case when signed_in then private.quest_cards((base - 'city') || '{"mine": "favourites", "page_size": 10}'::jsonb) else '[]' end);
end;
$$;
comment on function private.quest_home(jsonb) is 'The home screen for the caller (see public.quest_home).';
grant execute on function private.quest_home(jsonb) to anon, authenticated, service_role;

create function private.quest_cards(filters jsonb)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(to_jsonb(s) order by s.ordinality), '[]')
  from private.search_quest_page(filters) with ordinality s;
$$;
comment on function private.quest_cards(jsonb) is 'A page of search_quest_page as a JSON array (a home section).';

create function public.quest_home(filters jsonb default '{}')
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select private.quest_home(filters);
$$;
comment on function public.quest_home(jsonb) is
  'RPC (anyone): the home screen in one call. filters = {lat, lng, city} (all optional). Returns {in_progress, nearby, popular, newest, top_rated, favourites}, each at most 10 search cards (search_quests items); nearby needs lat/lng, in_progress and favourites a signed-in user. Errors: invalid_parameter.';
grant execute on function public.quest_home(jsonb) to anon, authenticated, service_role;

-- The moderators' queue: quests in review, oldest submission first, never one's own.
create type public.quest_review_queue_item as (
  id uuid,
  slug text,
  title text,
  summary text,
  city text,
  cover_path text,
  access public.quest_access,
  price_credits integer,
  reward_credits integer,
  point_count integer,
  submitted_at timestamptz,
  review_note text,
  author jsonb,
  cursor jsonb
);
comment on type public.quest_review_queue_item is
  'A quest waiting for review: what the moderator approves (access, price, reward), its size, when it was submitted, the previous review note, the author''s public fields, and the cursor.';

create function private.quest_review_queue(after jsonb, page_size integer)
returns setof public.quest_review_queue_item
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  cursor_time timestamptz;
  cursor_id uuid;
begin
  perform private.require_permission('quests.publish');
  if page_size is null or page_size not between 1 and 50 then
    perform private.refuse_parameter('page_size', 'must be between 1 and 50');
  end if;
  select c.key_value, c.id into cursor_time, cursor_id from private.param_keyset(after, 'submitted_at') c;
  return query
    select q.id, q.slug, q.title, q.summary, q.city, q.cover_path, q.access, q.price_credits, q.reward_credits,
           (select count(*)::integer from public.quest_points p where p.quest_id = q.id), q.submitted_at, q.review_note,
           private.profile_card(q.author_id), jsonb_build_object('submitted_at', q.submitted_at, 'id', q.id)
    from public.quests q
    where q.status = 'in_review' and q.author_id is distinct from auth.uid()
      and (cursor_id is null or (q.submitted_at, q.id) > (cursor_time, cursor_id))
    order by q.submitted_at, q.id
    limit page_size;
end;
$$;
comment on function private.quest_review_queue(jsonb, integer) is
  'One page of the review queue for a holder of quests.publish (their own quests left out: four-eyes), keyset (submitted_at, id).';
grant execute on function private.quest_review_queue(jsonb, integer) to authenticated, service_role;

create function public.quest_review_queue(after jsonb default null, page_size integer default 20)
returns setof public.quest_review_queue_item
language sql
stable
security invoker
set search_path = ''
as $$
  select * from private.quest_review_queue(after, page_size);
$$;
comment on function public.quest_review_queue(jsonb, integer) is
  'RPC (quests.publish): quests waiting for review, oldest submission first, without one''s own; open each with quest_detail, decide with publish_quest / return_quest. Errors: forbidden, invalid_parameter.';
revoke execute on function public.quest_review_queue(jsonb, integer) from anon;
grant execute on function public.quest_review_queue(jsonb, integer) to authenticated, service_role;
