-- One call per screen: quest_detail (quest, author's public fields, my status, route or teaser by
-- access, first reviews with their authors and the responder's role), quest_reviews (keyset
-- pages), quest_home (sections of cards) and quest_review_queue (staff). What each caller may see,
-- and nothing more: no hidden review, no draft of others, no private profile field, no geography.
begin;
select plan(41);

select tests.create_user('v_author', '{"username": "v_author", "display_name": "Vera"}');
select tests.create_user('v_fan', '{"username": "v_fan", "display_name": "Fan"}');
select tests.create_user('v_buyer');
select tests.create_user('v_critic', '{"username": "v_critic"}');
select tests.create_user('v_mod');
select tests.create_user('v_mod2');
insert into public.user_roles (user_id, role) values (tests.get_user_id('v_mod'), 'moderator'), (tests.get_user_id('v_mod2'), 'moderator');
update public.profiles set bio = 'private-ish bio', city = 'Hometown' where id = tests.get_user_id('v_author');

insert into public.categories (id, slug, name_ru, name_en) values ('b1000000-0000-4000-a000-0000000000c1', 'v-history', 'История', 'History');
insert into public.quests (id, author_id, title, slug, city, category_id, status, access, price_credits, reward_credits, published_at, review_note) values
  ('b1000000-0000-4000-a000-000000000001', tests.get_user_id('v_author'), 'Open walk', 'v-open', 'Экраноград', 'b1000000-0000-4000-a000-0000000000c1',
   'published', 'open', 0, 20, now() - interval '2 days', null),
  ('b1000000-0000-4000-a000-000000000002', tests.get_user_id('v_author'), 'Locked walk', 'v-locked', 'Экраноград', null,
   'published', 'locked', 50, 20, now() - interval '1 day', null),
  ('b1000000-0000-4000-a000-000000000003', tests.get_user_id('v_author'), 'Draft walk', 'v-draft', 'Экраноград', null,
   'draft', 'open', 0, 20, null, 'Add a photo');
insert into public.quest_points (quest_id, position, title, description, lat, lng, task_type) values
  ('b1000000-0000-4000-a000-000000000001', 1, 'Gate', 'Start here', 40, 40, 'gps'),
  ('b1000000-0000-4000-a000-000000000001', 2, 'Tower', 'Count the windows', 40.001, 40.001, 'answer'),
  ('b1000000-0000-4000-a000-000000000002', 1, 'Door', 'Knock', 41, 41, 'gps'),
  ('b1000000-0000-4000-a000-000000000002', 2, 'Vault', 'The secret', 41.001, 41.001, 'answer');
-- Free stage order: every point is shown to whoever has access (linear routes: teams_linear_route.test.sql).
update public.quests set stage_order = 'free' where slug like 'v-%';
insert into public.quest_access_grants (quest_id, user_id, source) values ('b1000000-0000-4000-a000-000000000002', tests.get_user_id('v_buyer'), 'purchase');
insert into public.favourites (user_id, quest_id) values (tests.get_user_id('v_fan'), 'b1000000-0000-4000-a000-000000000001');
-- 12 reviews of the open walk, one per user, a minute apart; the critic's is hidden and answered.
select tests.create_user('v_reviewer_' || i) from generate_series(1, 11) i;
insert into public.reviews (id, quest_id, author_id, rating, body, created_at)
select ('b1000000-0000-4000-a000-0000000001' || lpad(i::text, 2, '0'))::uuid, 'b1000000-0000-4000-a000-000000000001',
       tests.get_user_id('v_reviewer_' || i), 4, 'Review ' || i, now() - make_interval(mins => 100 - i)
from generate_series(1, 11) i;
insert into public.reviews (id, quest_id, author_id, rating, body, hidden_at, hidden_reason) values
  ('b1000000-0000-4000-a000-000000000199', 'b1000000-0000-4000-a000-000000000001', tests.get_user_id('v_critic'), 1, 'Rude words', now(), 'insults');
insert into public.review_responses (review_id, responder_role, body) values
  ('b1000000-0000-4000-a000-000000000111', 'moderator', 'Thank you!');

create function pg_temp.detail(who text, quest uuid default null, quest_slug text default null) returns jsonb language plpgsql as $$
begin
  if who = 'anon' then perform tests.authenticate_as_anon(); else perform tests.authenticate_as(who); end if;
  return public.quest_detail(quest, quest_slug);
end;
$$;
grant execute on function pg_temp.detail(text, uuid, text) to anon, authenticated, service_role;

-- Quest detail
select is(pg_temp.detail('anon', 'b1000000-0000-4000-a000-000000000001') -> 'author',
  jsonb_build_object('id', tests.get_user_id('v_author'), 'username', 'v_author', 'display_name', 'Vera', 'avatar_path', null),
  'the author comes with exactly id, username, display_name and avatar_path, even for a visitor');
select ok(pg_temp.detail('anon', 'b1000000-0000-4000-a000-000000000001')::text !~ '(private-ish bio|Hometown|locale)',
  'no other profile field comes out');
select is((select array[d -> 'quest' ->> 'slug', d -> 'quest' -> 'category' ->> 'slug', d -> 'quest' ->> 'lat', d -> 'quest' ->> 'lng']
           from pg_temp.detail('anon', null, 'v-open') d),
  array['v-open', 'v-history', '40', '40'], 'by slug: the quest with its category and its start as lat/lng numbers');
select is(jsonb_array_length(pg_temp.detail('anon', 'b1000000-0000-4000-a000-000000000001') -> 'route' -> 'points'), 2,
  'an open quest: the route with every point');
select is(pg_temp.detail('anon', 'b1000000-0000-4000-a000-000000000001') -> 'teaser', 'null'::jsonb, 'and no teaser');
select is((select jsonb_build_object('route', d -> 'route', 'teaser', d -> 'teaser') from pg_temp.detail('anon', 'b1000000-0000-4000-a000-000000000002') d),
  '{"route": null, "teaser": {"point_count": 2, "first_point_lat": 41, "first_point_lng": 41, "first_point_title": "Door"}}'::jsonb,
  'a locked quest without access: no route, the teaser (count, first title, lat/lng numbers)');
select ok(pg_temp.detail('v_fan', 'b1000000-0000-4000-a000-000000000002')::text !~ '(Vault|The secret|Knock|41\.001)',
  'nothing of the locked route leaks into the detail');
select is(jsonb_array_length(pg_temp.detail('v_buyer', 'b1000000-0000-4000-a000-000000000002') -> 'route' -> 'points'), 2,
  'with access (a grant): the whole route');
select is(pg_temp.detail('v_buyer', 'b1000000-0000-4000-a000-000000000002') -> 'my_status' -> 'has_access', 'true'::jsonb, 'and my_status says so');
select ok(pg_temp.detail('anon', 'b1000000-0000-4000-a000-000000000001')::text !~* '0101000020e6',
  'no location comes as geography (EWKB)');
select throws_ok($$select pg_temp.detail('v_fan', 'b1000000-0000-4000-a000-000000000003')$$, 'PT404', 'quest_not_found',
  'another user''s draft is not found');
select throws_ok($$select pg_temp.detail('anon', null, 'v-draft')$$, 'PT404', 'quest_not_found', 'nor by its slug');
select is((select array[d -> 'quest' ->> 'status', d -> 'quest' ->> 'review_note', d -> 'my_status' ->> 'can_edit', d -> 'my_status' ->> 'is_author']
           from pg_temp.detail('v_author', 'b1000000-0000-4000-a000-000000000003') d),
  array['draft', 'Add a photo', 'true', 'true'], 'the author sees their draft with the review note, and may edit it');
select throws_ok($$select pg_temp.detail('anon')$$, 'PT400', 'invalid_parameter', 'quest_id or slug is needed');
select is(pg_temp.detail('v_fan', 'b1000000-0000-4000-a000-000000000001') -> 'my_status',
  '{"can_edit": false, "completed": false, "is_author": false, "my_review": null, "can_review": true, "has_access": true, "in_progress": false, "is_favourite": true}'::jsonb,
  'my_status of a fan: favourite, may play, may review');
select is((select d -> 'my_status' -> 'my_review' ->> 'hidden_reason' from pg_temp.detail('v_critic', 'b1000000-0000-4000-a000-000000000001') d),
  'insults', 'the author of a hidden review sees it in my_status, with the reason');
select is((select d -> 'my_status' ->> 'can_review' from pg_temp.detail('v_critic', 'b1000000-0000-4000-a000-000000000001') d),
  'false', 'and may not review again');
select is((select d -> 'my_status' ->> 'can_review' from pg_temp.detail('v_author', 'b1000000-0000-4000-a000-000000000001') d),
  'false', 'an author may not review their own quest');

-- The first page of reviews inside the detail
select is(jsonb_array_length(pg_temp.detail('anon', 'b1000000-0000-4000-a000-000000000001') -> 'reviews'), 10, 'the detail carries the first 10 reviews');
select ok(pg_temp.detail('anon', 'b1000000-0000-4000-a000-000000000001')::text !~ 'Rude words', 'never a hidden review');
select is(pg_temp.detail('anon', 'b1000000-0000-4000-a000-000000000001') -> 'reviews' -> 0 ->> 'body', 'Review 11', 'newest first');
select is((select r -> 'author' from jsonb_array_elements(pg_temp.detail('anon', 'b1000000-0000-4000-a000-000000000001') -> 'reviews') r
           where r ->> 'body' = 'Review 11'),
  jsonb_build_object('id', tests.get_user_id('v_reviewer_11'), 'username', 'user_' || left(replace(tests.get_user_id('v_reviewer_11')::text, '-', ''), 10),
                     'display_name', null, 'avatar_path', null),
  'each review''s author: the four public fields');
select is((select (r -> 'response') - 'created_at' from jsonb_array_elements(pg_temp.detail('anon', 'b1000000-0000-4000-a000-000000000001') -> 'reviews') r
           where r ->> 'body' = 'Review 11'),
  '{"body": "Thank you!", "responder_role": "moderator"}'::jsonb, 'an answer shows the responder''s role, never the person');

-- More reviews: keyset pages
select tests.authenticate_as_anon();
create temporary table pages (page integer, position bigint, body text, cursor jsonb);
grant all on pages to anon;
create temporary table page_answers (page integer, answer jsonb);
grant all on page_answers to anon;
insert into page_answers select 1, public.quest_reviews('b1000000-0000-4000-a000-000000000001', null, 5);
insert into page_answers select 2, public.quest_reviews('b1000000-0000-4000-a000-000000000001', (select answer -> 'next_cursor' from page_answers where page = 1), 5);
insert into page_answers select 3, public.quest_reviews('b1000000-0000-4000-a000-000000000001', (select answer -> 'next_cursor' from page_answers where page = 2), 5);
insert into pages select a.page, r.n, r.item ->> 'body', r.item -> 'cursor' from page_answers a, jsonb_array_elements(a.answer -> 'items') with ordinality r (item, n);
select is(array(select body from pages order by page, position),
  array(select 'Review ' || i from generate_series(11, 1, -1) i), 'three keyset pages: every visible review once, newest first');
select is((select answer -> 'next_cursor' from page_answers where page = 3), 'null'::jsonb, 'the last page says next_cursor null');
select throws_ok($$select public.quest_reviews('b1000000-0000-4000-a000-000000000001', '{"list": "quest_reviews", "key": "soon", "id": "x"}')$$,
  'PT400', 'invalid_cursor', 'a forged cursor is refused');
select throws_ok($$select public.quest_reviews('b1000000-0000-4000-a000-000000000001', null, 500)$$, 'PT400', 'invalid_parameter',
  'a page is at most 100 reviews');
select throws_ok($$select public.quest_reviews('b1000000-0000-4000-a000-000000000003')$$, 'PT404', 'quest_not_found',
  'the reviews of a quest one cannot see are not found');

-- Home
select tests.authenticate_as('v_fan');
select is((select array(select jsonb_object_keys(public.quest_home('{"lat": 40, "lng": 40, "city": "Экраноград"}')) order by 1)),
  array['favourites', 'in_progress', 'nearby', 'newest', 'popular', 'top_rated'], 'home: its six sections');
select is((select array(select s ->> 'id' from jsonb_array_elements(public.quest_home('{"city": "Экраноград"}') -> 'newest') s)),
  array['b1000000-0000-4000-a000-000000000002', 'b1000000-0000-4000-a000-000000000001'], 'newest: the city''s published quests, latest first (no draft)');
select is((select array(select s ->> 'id' from jsonb_array_elements(public.quest_home('{"city": "Экраноград"}') -> 'favourites') s)),
  array['b1000000-0000-4000-a000-000000000001'], 'favourites: the caller''s own');
select is((select s -> 'is_favourite' from jsonb_array_elements(public.quest_home('{"lat": 40, "lng": 40}') -> 'nearby') s
           where s ->> 'id' = 'b1000000-0000-4000-a000-000000000001'),
  'true'::jsonb, 'nearby: cards carry the caller''s status');
select tests.authenticate_as_anon();
select is((select array[jsonb_array_length(h -> 'favourites'), jsonb_array_length(h -> 'in_progress'), jsonb_array_length(h -> 'nearby')]
           from public.quest_home() h),
  array[0, 0, 0], 'a visitor without a position: no favourites, no runs, no nearby');
select throws_ok($$select public.quest_home('{"sort": "rating"}')$$, 'PT400', 'invalid_parameter', 'home takes lat, lng and city only');

-- The moderators' queue
select tests.clear_authentication();
insert into public.quests (id, author_id, title, slug, city, status, submitted_at) values
  ('b1000000-0000-4000-a000-000000000011', tests.get_user_id('v_author'), 'Queued 1', 'v-queued-1', 'Экраноград', 'in_review', now() - interval '3 hours'),
  ('b1000000-0000-4000-a000-000000000012', tests.get_user_id('v_mod'), 'Queued by a mod', 'v-queued-2', 'Экраноград', 'in_review', now() - interval '2 hours'),
  ('b1000000-0000-4000-a000-000000000013', tests.get_user_id('v_fan'), 'Queued 3', 'v-queued-3', 'Экраноград', 'in_review', now() - interval '1 hour');
select tests.authenticate_as('v_fan');
select throws_ok($$select public.quest_review_queue()$$, 'PT403', 'forbidden', 'a user has no review queue');
select tests.authenticate_as('v_mod');
create function pg_temp.queue(after jsonb default null, page_size integer default 20) returns table (id uuid, city text, author jsonb, cursor jsonb)
language sql as $$
  select (i ->> 'id')::uuid, i ->> 'city', i -> 'author', i -> 'cursor' from jsonb_array_elements(public.quest_review_queue(after, page_size) -> 'items') i;
$$;
grant execute on function pg_temp.queue(jsonb, integer) to authenticated;
select is(array(select id from pg_temp.queue() where city = 'Экраноград'),
  array['b1000000-0000-4000-a000-000000000011', 'b1000000-0000-4000-a000-000000000013']::uuid[],
  'a moderator''s queue: oldest submission first, without their own quest (four-eyes)');
select tests.authenticate_as('v_mod2');
select is(array(select id from pg_temp.queue() where city = 'Экраноград'),
  array['b1000000-0000-4000-a000-000000000011', 'b1000000-0000-4000-a000-000000000012', 'b1000000-0000-4000-a000-000000000013']::uuid[],
  'another moderator sees it');
select is((select author from pg_temp.queue() where id = 'b1000000-0000-4000-a000-000000000011'),
  jsonb_build_object('id', tests.get_user_id('v_author'), 'username', 'v_author', 'display_name', 'Vera', 'avatar_path', null),
  'with the author''s public fields');
select is(array(select id from pg_temp.queue(
                  (select cursor from pg_temp.queue() where id = 'b1000000-0000-4000-a000-000000000012'), 50)
                where city = 'Экраноград'),
  array['b1000000-0000-4000-a000-000000000013']::uuid[], 'the queue pages with its (submitted_at, id) cursor');
select tests.authenticate_as('v_mod');
select lives_ok($$select public.publish_quest('b1000000-0000-4000-a000-000000000011')$$, 'a moderator publishes from the queue');
select tests.authenticate_as('v_mod2');
select is(array(select id from pg_temp.queue() where city = 'Экраноград'),
  array['b1000000-0000-4000-a000-000000000012', 'b1000000-0000-4000-a000-000000000013']::uuid[], 'and it leaves the queue');

select * from finish();
rollback;
