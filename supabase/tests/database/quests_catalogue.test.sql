-- Quests, points, reference lists: who sees and edits what; the workflow with four-eyes; locked
-- routes stay hidden apart from the teaser (lat/lng numbers); answers are hashes nobody can read.
-- Quests are created by their author through the API (ids are server-made), then given a fixed id
-- by the server so the rest of the file can name them.
begin;
select plan(54);

select tests.create_user('q_author');
select tests.create_user('q_player');
select tests.create_user('q_buyer');
select tests.create_user('q_mod');
select tests.create_user('q_mod_author');
select tests.create_user('q_admin');
select tests.create_user('q_banned');
insert into public.user_roles (user_id, role) values
  (tests.get_user_id('q_mod'), 'moderator'), (tests.get_user_id('q_mod_author'), 'moderator'), (tests.get_user_id('q_admin'), 'admin');
insert into public.user_bans (user_id, reason) values (tests.get_user_id('q_banned'), 'spam');

-- Reference lists
insert into public.categories (slug, name_ru, name_en) values ('catalogue-test', 'История', 'History');
select tests.authenticate_as_anon();
select isnt_empty($$select 1 from public.categories$$, 'anon reads reference lists');
select throws_ok($$insert into public.vehicles (slug, name_ru, name_en) values ('bike', 'Велосипед', 'Bike')$$, '42501', null,
  'anon cannot add to reference lists');
select tests.authenticate_as('q_player');
select throws_ok($$insert into public.vehicles (slug, name_ru, name_en) values ('bike', 'Велосипед', 'Bike')$$, 'PT403', 'forbidden',
  'a user cannot add to reference lists');
select tests.authenticate_as('q_mod');
select throws_ok($$insert into public.tools (slug, name_ru, name_en) values ('torch', 'Фонарик', 'Torch')$$, 'PT403', 'forbidden',
  'a moderator (no quests.manage) cannot add to reference lists');
select tests.authenticate_as('q_admin');
select lives_ok($$insert into public.tools (slug, name_ru, name_en) values ('torch', 'Фонарик', 'Torch')$$,
  'an admin (quests.manage) adds to reference lists');
select lives_ok($$insert into public.places (name, city, lat, lng) values ('Red Square', 'Moscow', 55.7539, 37.6208)$$,
  'an admin adds a place with lat/lng');
select is((select extensions.st_astext(location::extensions.geometry) from public.places where name = 'Red Square'), 'POINT(37.6208 55.7539)',
  'the place''s geography follows its lat/lng');
select throws_ok($$insert into public.categories (slug, name_ru, name_en) values ('x', repeat('я', 129), 'X')$$, 'PT400', 'invalid_length',
  'reference names are at most 128 characters (a code naming the field)');
select throws_ok($$insert into public.tools (slug, name_ru, name_en) values ('torch', 'Фонарик 2', 'Torch 2')$$, 'PT409', 'slug_taken',
  'a reference slug is taken once (a code, not 23505)');
select throws_ok($$delete from public.categories where slug = 'history'$$, 'PT409', 'invalid_reference',
  'a category quests use cannot be removed (a code, not 23503)');

-- Authoring
select tests.authenticate_as('q_author');
select lives_ok($$insert into public.quests (title, slug, city, reward_credits) values ('Old Moscow', 'old-moscow', 'Moscow', 40)$$,
  'an active user starts a draft, proposing a reward');
select tests.clear_authentication();
update public.quests set id = '10000000-0000-4000-a000-000000000001' where slug = 'old-moscow';
select is((select author_id from public.quests where id = '10000000-0000-4000-a000-000000000001'), tests.get_user_id('q_author'),
  'the author is the caller');
select tests.authenticate_as('q_author');
select throws_ok($$insert into public.quests (title, slug, city, author_id) values ('Fake', 'fake', 'Moscow', tests.get_user_id('q_player'))$$,
  '42501', null, 'nobody writes a draft in someone else''s name (author_id is not writable)');
select throws_ok($$insert into public.quests (title, slug, city, status) values ('Sneaky', 'sneaky', 'Moscow', 'published')$$,
  '42501', null, 'a new quest cannot start published');
select throws_ok($$update public.quests set status = 'published' where id = '10000000-0000-4000-a000-000000000001'$$, '42501', null,
  'the status cannot be set by an update');
select throws_ok($$update public.quests set rating_avg = 5 where id = '10000000-0000-4000-a000-000000000001'$$, '42501', null,
  'counters cannot be set by an update');
select throws_ok($$select public.submit_quest('10000000-0000-4000-a000-000000000001')$$, 'PT400', 'quest_has_no_points',
  'a quest without points cannot be submitted');
select lives_ok($$insert into public.quest_points (quest_id, position, title, lat, lng, task_type) values
  ('10000000-0000-4000-a000-000000000001', 1, 'Start at the gate', 55.75, 37.62, 'gps'),
  ('10000000-0000-4000-a000-000000000001', 2, 'The riddle', 55.76, 37.63, 'answer')$$,
  'the author adds route points to their draft, as lat/lng');
select lives_ok($$select public.set_point_secret((select id from public.quest_points where position = 2 and quest_id = '10000000-0000-4000-a000-000000000001'), 'Tsar  Bell')$$,
  'the author sets an answer');
select ok((select extensions.st_equals(start_location::extensions.geometry, extensions.st_setsrid(extensions.st_makepoint(37.62, 55.75), 4326)) from public.quests where id = '10000000-0000-4000-a000-000000000001'),
  'the start location follows point 1');
update public.quest_points set lat = 55.74 where quest_id = '10000000-0000-4000-a000-000000000001' and position = 1;
select is((select array[public.lat(q), public.lng(q)] from public.quests q where id = '10000000-0000-4000-a000-000000000001'),
  array[55.74, 37.62]::double precision[], 'moving point 1 by its lat moves the start');
update public.quests set access = 'locked', price_credits = 50 where id = '10000000-0000-4000-a000-000000000001';

select tests.authenticate_as('q_player');
select is_empty($$select 1 from public.quests where id = '10000000-0000-4000-a000-000000000001'$$, 'another user does not see a draft');
select is_empty($$select 1 from public.quest_points where quest_id = '10000000-0000-4000-a000-000000000001'$$, 'nor its points');
update public.quests set title = 'Hijacked' where id = '10000000-0000-4000-a000-000000000001';
select throws_ok($$select public.submit_quest('10000000-0000-4000-a000-000000000001')$$, 'PT404', 'quest_not_found',
  'another user cannot submit (nor learn that the draft exists)');

select tests.authenticate_as('q_author');
select is((select title from public.quests where id = '10000000-0000-4000-a000-000000000001'), 'Old Moscow', 'another user cannot edit a draft');
select lives_ok($$select public.submit_quest('10000000-0000-4000-a000-000000000001')$$, 'the author submits the draft for review');
update public.quests set title = 'Changed under review' where id = '10000000-0000-4000-a000-000000000001';
select is((select title from public.quests where id = '10000000-0000-4000-a000-000000000001'), 'Old Moscow', 'the author cannot edit while in review');
select throws_ok($$insert into public.quest_points (quest_id, position, title, lat, lng) values ('10000000-0000-4000-a000-000000000001', 3, 'Late', 55.7, 37.6)$$,
  'PT409', 'quest_not_editable', 'nor add points (a code saying why)');

-- Review
select tests.authenticate_as('q_player');
select throws_ok($$select public.publish_quest('10000000-0000-4000-a000-000000000001')$$, 'PT403', 'forbidden', 'a user cannot publish');
select tests.authenticate_as('q_mod');
select isnt_empty($$select 1 from public.quests where status = 'in_review'$$, 'a moderator (quests.publish) sees the review queue');
select throws_ok($$select public.return_quest('10000000-0000-4000-a000-000000000001', '')$$, 'PT400', 'reason_required',
  'sending back needs a reason');
select lives_ok($$select public.return_quest('10000000-0000-4000-a000-000000000001', 'Add a photo of point 2')$$, 'a moderator sends it back');
select tests.clear_authentication();
select is((select status::text || '|' || review_note from public.quests where id = '10000000-0000-4000-a000-000000000001'),
  'draft|Add a photo of point 2', 'the quest is a draft again with the reason');
select tests.authenticate_as('q_author');
select lives_ok($$select public.submit_quest('10000000-0000-4000-a000-000000000001')$$, 'the author resubmits');
select tests.authenticate_as('q_mod');
select lives_ok($$select public.publish_quest('10000000-0000-4000-a000-000000000001')$$, 'a moderator publishes');
select throws_ok($$select public.publish_quest('10000000-0000-4000-a000-000000000001')$$, 'PT409', 'invalid_transition',
  'publishing twice is a conflict');
select tests.clear_authentication();
select is((select array_agg(action order by id) from public.audit_log where target_id = '10000000-0000-4000-a000-000000000001'),
  array['quest.return', 'quest.publish'], 'staff decisions are audited');
select is((select after ->> 'reward_credits' from public.audit_log where target_id = '10000000-0000-4000-a000-000000000001' and action = 'quest.publish'),
  '40', 'the publication records the reward it approved');

-- Four-eyes: a moderator's own quest is decided by someone else
insert into public.quests (id, author_id, title, slug, city, status) values
  ('10000000-0000-4000-a000-000000000002', tests.get_user_id('q_mod_author'), 'Mod''s own', 'mods-own', 'Moscow', 'in_review');
insert into public.quest_points (quest_id, position, title, lat, lng) values ('10000000-0000-4000-a000-000000000002', 1, 'Start', 55.7, 37.6);
select tests.authenticate_as('q_mod_author');
select throws_ok($$select public.publish_quest('10000000-0000-4000-a000-000000000002')$$, 'PT403', 'cannot_moderate_own_quest',
  'a moderator cannot publish their own quest');
select throws_ok($$select public.return_quest('10000000-0000-4000-a000-000000000002', 'fine')$$, 'PT403', 'cannot_moderate_own_quest',
  'nor send it back');
select tests.authenticate_as('q_mod');
select lives_ok($$select public.publish_quest('10000000-0000-4000-a000-000000000002')$$, 'another moderator publishes it');
select tests.authenticate_as('q_mod_author');
select throws_ok($$select public.archive_quest('10000000-0000-4000-a000-000000000002', 'mine')$$, 'PT403', 'cannot_moderate_own_quest',
  'nor may its author archive it');

-- Published, locked: everyone sees the quest, only those with access see the route
select tests.authenticate_as_anon();
select isnt_empty($$select 1 from public.quests where id = '10000000-0000-4000-a000-000000000001'$$, 'anon sees a published quest');
select is_empty($$select 1 from public.quest_points where quest_id = '10000000-0000-4000-a000-000000000001'$$, 'anon does not see the points of a locked quest');
select results_eq($$select point_count, first_point_title, first_point_lat, first_point_lng from public.quest_teaser('10000000-0000-4000-a000-000000000001')$$,
  $$values (2, 'Start at the gate', 55.74::double precision, 37.62::double precision)$$,
  'anon gets the teaser: point count, first point title and its lat/lng as numbers');
select tests.authenticate_as('q_player');
select is_empty($$select 1 from public.quest_points where quest_id = '10000000-0000-4000-a000-000000000001'$$, 'a user without access does not see the points');
select tests.clear_authentication();
insert into public.quest_access_grants (quest_id, user_id, source) values ('10000000-0000-4000-a000-000000000001', tests.get_user_id('q_buyer'), 'purchase');
-- Free stage order: every point is shown to whoever has access (linear routes: teams_linear_route.test.sql).
update public.quests set stage_order = 'free' where id = '10000000-0000-4000-a000-000000000001';
select tests.authenticate_as('q_buyer');
select is((select count(*)::int from public.quest_points where quest_id = '10000000-0000-4000-a000-000000000001'), 2, 'a user with a grant sees every point');

-- Answers are never readable
select throws_ok($$select * from private.point_secrets$$, '42501', null, 'no client reads answer hashes');
select tests.authenticate_as_anon();
select throws_ok($$select * from private.point_secrets$$, '42501', null, 'anon cannot read answer hashes either');
select tests.clear_authentication();
select ok(private.check_point_answer((select id from public.quest_points where position = 2 and quest_id = '10000000-0000-4000-a000-000000000001'), 'tsar bell'),
  'answers match case- and space-insensitively');
select ok(not private.check_point_answer((select id from public.quest_points where position = 2 and quest_id = '10000000-0000-4000-a000-000000000001'), 'king bell'),
  'a wrong answer does not match');

-- Banned authors and archived quests
select tests.authenticate_as('q_banned');
select throws_ok($$insert into public.quests (title, slug, city) values ('Banned', 'banned-quest', 'Moscow')$$, 'PT403', 'forbidden',
  'a banned user cannot start a quest');
select tests.authenticate_as('q_admin');
select lives_ok($$select public.archive_quest('10000000-0000-4000-a000-000000000001', 'Street closed')$$, 'staff archive a published quest');
select tests.authenticate_as('q_player');
select is_empty($$select 1 from public.quests where id = '10000000-0000-4000-a000-000000000001'$$, 'archived quests leave the public catalogue');

select * from finish();
rollback;
