-- Quests, points, reference lists: who sees and edits what; the workflow; locked routes stay
-- hidden apart from the teaser; answers are hashes nobody can read.
begin;
select plan(45);

select tests.create_user('q_author');
select tests.create_user('q_player');
select tests.create_user('q_buyer');
select tests.create_user('q_mod');
select tests.create_user('q_admin');
select tests.create_user('q_banned');
insert into public.user_roles (user_id, role) values (tests.get_user_id('q_mod'), 'moderator'), (tests.get_user_id('q_admin'), 'admin');
insert into public.user_bans (user_id, reason) values (tests.get_user_id('q_banned'), 'spam');

-- Reference lists
insert into public.categories (slug, name_ru, name_en) values ('catalogue-test', 'История', 'History');
select tests.authenticate_as_anon();
select isnt_empty($$select 1 from public.categories$$, 'anon reads reference lists');
select throws_ok($$insert into public.vehicles (slug, name_ru, name_en) values ('bike', 'Велосипед', 'Bike')$$, '42501', null,
  'anon cannot add to reference lists');
select tests.authenticate_as('q_player');
select throws_ok($$insert into public.vehicles (slug, name_ru, name_en) values ('bike', 'Велосипед', 'Bike')$$, '42501', null,
  'a user cannot add to reference lists');
select tests.authenticate_as('q_mod');
select throws_ok($$insert into public.tools (slug, name_ru, name_en) values ('torch', 'Фонарик', 'Torch')$$, '42501', null,
  'a moderator (no quests.manage) cannot add to reference lists');
select tests.authenticate_as('q_admin');
select lives_ok($$insert into public.tools (slug, name_ru, name_en) values ('torch', 'Фонарик', 'Torch')$$,
  'an admin (quests.manage) adds to reference lists');
select lives_ok($$insert into public.places (name, city, location) values ('Red Square', 'Moscow', extensions.st_makepoint(37.6208, 55.7539)::extensions.geography)$$,
  'an admin adds a place with coordinates');
select throws_ok($$insert into public.categories (slug, name_ru, name_en) values ('x', repeat('я', 129), 'X')$$, '23514', null,
  'reference names are at most 128 characters');

-- Authoring
select tests.authenticate_as('q_author');
select lives_ok($$insert into public.quests (id, title, slug, city) values ('10000000-0000-4000-a000-000000000001', 'Old Moscow', 'old-moscow', 'Moscow')$$,
  'an active user starts a draft (author set from the token)');
select is((select author_id from public.quests where id = '10000000-0000-4000-a000-000000000001'), tests.get_user_id('q_author'),
  'the author is the caller');
select throws_ok($$insert into public.quests (title, slug, city, author_id) values ('Fake', 'fake', 'Moscow', tests.get_user_id('q_player'))$$,
  '42501', null, 'nobody writes a draft in someone else''s name');
select throws_ok($$insert into public.quests (title, slug, city, status) values ('Sneaky', 'sneaky', 'Moscow', 'published')$$,
  '42501', null, 'a new quest cannot start published');
select throws_ok($$update public.quests set status = 'published' where id = '10000000-0000-4000-a000-000000000001'$$, '42501', null,
  'the status cannot be set by an update');
select throws_ok($$update public.quests set rating_avg = 5 where id = '10000000-0000-4000-a000-000000000001'$$, '42501', null,
  'counters cannot be set by an update');
select throws_ok($$select public.submit_quest('10000000-0000-4000-a000-000000000001')$$, 'PT400', 'quest_has_no_points',
  'a quest without points cannot be submitted');
select lives_ok($$insert into public.quest_points (quest_id, position, title, location, task_type) values
  ('10000000-0000-4000-a000-000000000001', 1, 'Start at the gate', extensions.st_makepoint(37.62, 55.75)::extensions.geography, 'gps'),
  ('10000000-0000-4000-a000-000000000001', 2, 'The riddle', extensions.st_makepoint(37.63, 55.76)::extensions.geography, 'answer')$$,
  'the author adds route points to their draft');
select lives_ok($$select public.set_point_secret((select id from public.quest_points where position = 2 and quest_id = '10000000-0000-4000-a000-000000000001'), 'Tsar  Bell')$$,
  'the author sets an answer');
select ok((select extensions.st_equals(start_location::extensions.geometry, extensions.st_setsrid(extensions.st_makepoint(37.62, 55.75), 4326)) from public.quests where id = '10000000-0000-4000-a000-000000000001'),
  'the start location follows point 1');
update public.quests set access = 'locked', price_credits = 50 where id = '10000000-0000-4000-a000-000000000001';

select tests.authenticate_as('q_player');
select is_empty($$select 1 from public.quests where id = '10000000-0000-4000-a000-000000000001'$$, 'another user does not see a draft');
select is_empty($$select 1 from public.quest_points where quest_id = '10000000-0000-4000-a000-000000000001'$$, 'nor its points');
update public.quests set title = 'Hijacked' where id = '10000000-0000-4000-a000-000000000001';
select throws_ok($$select public.submit_quest('10000000-0000-4000-a000-000000000001')$$, 'PT403', 'forbidden', 'only the author submits');

select tests.authenticate_as('q_author');
select is((select title from public.quests where id = '10000000-0000-4000-a000-000000000001'), 'Old Moscow', 'another user cannot edit a draft');
select lives_ok($$select public.submit_quest('10000000-0000-4000-a000-000000000001')$$, 'the author submits the draft for review');
update public.quests set title = 'Changed under review' where id = '10000000-0000-4000-a000-000000000001';
select is((select title from public.quests where id = '10000000-0000-4000-a000-000000000001'), 'Old Moscow', 'the author cannot edit while in review');

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

-- Published, locked: everyone sees the quest, only those with access see the route
select tests.authenticate_as_anon();
select isnt_empty($$select 1 from public.quests where id = '10000000-0000-4000-a000-000000000001'$$, 'anon sees a published quest');
select is_empty($$select 1 from public.quest_points where quest_id = '10000000-0000-4000-a000-000000000001'$$, 'anon does not see the points of a locked quest');
select results_eq($$select point_count, first_point_title from public.quest_teaser('10000000-0000-4000-a000-000000000001')$$,
  $$values (2, 'Start at the gate')$$, 'anon gets the teaser: point count and first point title');
select tests.authenticate_as('q_player');
select is_empty($$select 1 from public.quest_points where quest_id = '10000000-0000-4000-a000-000000000001'$$, 'a user without access does not see the points');
select tests.clear_authentication();
insert into public.quest_access_grants (quest_id, user_id, source) values ('10000000-0000-4000-a000-000000000001', tests.get_user_id('q_buyer'), 'purchase');
select tests.authenticate_as('q_buyer');
select is((select count(*)::int from public.quest_points where quest_id = '10000000-0000-4000-a000-000000000001'), 2, 'a user with a grant sees every point');
select throws_ok($$insert into public.quest_access_grants (quest_id, user_id, source) values ('10000000-0000-4000-a000-000000000001', auth.uid(), 'staff')$$,
  '42501', null, 'a user cannot grant themselves access');

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
select throws_ok($$insert into public.quests (title, slug, city) values ('Banned', 'banned-quest', 'Moscow')$$, '42501', null,
  'a banned user cannot start a quest');
select tests.authenticate_as('q_admin');
select lives_ok($$select public.archive_quest('10000000-0000-4000-a000-000000000001', 'Street closed')$$, 'staff archive a published quest');
select tests.authenticate_as('q_player');
select is_empty($$select 1 from public.quests where id = '10000000-0000-4000-a000-000000000001'$$, 'archived quests leave the public catalogue');

select * from finish();
rollback;
