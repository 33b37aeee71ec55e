-- The access matrix of the quest catalogue: every table of issue 5 and bucket quest-media, for each
-- role (anon, a user, another user, the author, staff with and without the permission, a banned
-- user, a banned admin) and each action (select / insert / update / delete): allowed or refused.
-- tests.outcome runs one statement as one caller and undoes it, answering
--   allowed  (rows returned or changed) · no rows (RLS filtered it silently) · denied (42501)
--   · refused <code> (a catalogued refusal by a validation trigger or function, ahead of the policy)
-- so every line below is a rule and its proof.
begin;
select plan(263);

select tests.create_user('m_user');
select tests.create_user('m_other');
select tests.create_user('m_author');
select tests.create_user('m_buyer');
select tests.create_user('m_mod');
select tests.create_user('m_admin');
select tests.create_user('m_banned');
select tests.create_user('m_banned_admin');
insert into public.user_roles (user_id, role) values
  (tests.get_user_id('m_mod'), 'moderator'), (tests.get_user_id('m_admin'), 'admin'), (tests.get_user_id('m_banned_admin'), 'admin');

-- Reference rows: one in use, one spare (for updates and deletes) per list.
insert into public.categories (slug, name_ru, name_en) values ('m-used', 'Используется', 'Used'), ('m-spare', 'Запасная', 'Spare');
insert into public.vehicles (slug, name_ru, name_en) values ('m-used', 'Используется', 'Used'), ('m-spare', 'Запасная', 'Spare');
insert into public.activities (slug, name_ru, name_en) values ('m-used', 'Используется', 'Used'), ('m-spare', 'Запасная', 'Spare');
insert into public.tools (slug, name_ru, name_en) values ('m-used', 'Используется', 'Used'), ('m-spare', 'Запасная', 'Spare');
insert into public.places (name, city, lat, lng) values ('m-spare', 'Матрица', 1, 1);

-- Quests: QD draft, QP published open, QL published locked (all by m_author), QB draft of m_banned.
insert into public.quests (id, author_id, title, slug, city, status, access, price_credits, published_at) values
  ('e0000000-0000-4000-a000-0000000000d1', tests.get_user_id('m_author'), 'Matrix draft', 'm-qd', 'Матрица', 'draft', 'open', 0, null),
  ('e0000000-0000-4000-a000-0000000000b1', tests.get_user_id('m_author'), 'Matrix published', 'm-qp', 'Матрица', 'published', 'open', 0, now()),
  ('e0000000-0000-4000-a000-0000000000c1', tests.get_user_id('m_author'), 'Matrix locked', 'm-ql', 'Матрица', 'published', 'locked', 40, now()),
  ('e0000000-0000-4000-a000-0000000000e1', tests.get_user_id('m_banned'), 'Banned draft', 'm-qb', 'Матрица', 'draft', 'open', 0, null);
insert into public.quest_points (quest_id, position, title, location)
select q.id, p.position, 'Point ' || p.position, extensions.st_makepoint(1 + p.position * 0.001, 1)::extensions.geography
from public.quests q cross join generate_series(1, 2) p (position)
where q.slug like 'm-q%';
-- Free stage order: every point is shown to whoever has access (linear routes: teams_linear_route.test.sql).
update public.quests set stage_order = 'free' where slug like 'm-q%';
insert into public.quest_activities (quest_id, activity_id)
select q.id, a.id from public.quests q, public.activities a where q.slug in ('m-qd', 'm-qp', 'm-qb') and a.slug = 'm-used';
insert into public.quest_tools (quest_id, tool_id)
select q.id, t.id from public.quests q, public.tools t where q.slug in ('m-qd', 'm-qp', 'm-qb') and t.slug = 'm-used';
insert into public.quest_access_grants (quest_id, user_id, source)
values ('e0000000-0000-4000-a000-0000000000c1', tests.get_user_id('m_buyer'), 'purchase');
insert into public.favourites (user_id, quest_id) values
  (tests.get_user_id('m_user'), 'e0000000-0000-4000-a000-0000000000b1'),
  (tests.get_user_id('m_banned'), 'e0000000-0000-4000-a000-0000000000b1');
insert into public.reviews (id, quest_id, author_id, rating, body, hidden_at, hidden_reason) values
  ('e0000000-0000-4000-a000-00000000f001', 'e0000000-0000-4000-a000-0000000000b1', tests.get_user_id('m_user'), 4, 'Nice', null, null),
  ('e0000000-0000-4000-a000-00000000f002', 'e0000000-0000-4000-a000-0000000000b1', tests.get_user_id('m_buyer'), 1, 'Rude', now(), 'insults'),
  ('e0000000-0000-4000-a000-00000000f003', 'e0000000-0000-4000-a000-0000000000b1', tests.get_user_id('m_banned'), 5, 'Great', null, null);
insert into public.review_responses (review_id, responder_role, body) values
  ('e0000000-0000-4000-a000-00000000f001', 'moderator', 'Thanks!'),
  ('e0000000-0000-4000-a000-00000000f002', 'moderator', 'Please be polite.');
insert into storage.objects (bucket_id, name) values
  ('quest-media', 'e0000000-0000-4000-a000-0000000000d1/cover.jpg'),
  ('quest-media', 'e0000000-0000-4000-a000-0000000000b1/cover.jpg'),
  ('quest-media', 'e0000000-0000-4000-a000-0000000000b1/points/p2.jpg'),
  ('quest-media', 'e0000000-0000-4000-a000-0000000000c1/cover.jpg'),
  ('quest-media', 'e0000000-0000-4000-a000-0000000000c1/points/p2.jpg'),
  ('quest-media', 'e0000000-0000-4000-a000-0000000000e1/cover.jpg'),
  ('quest-media', 'e0000000-0000-4000-a000-0000000000b1/../e0000000-0000-4000-a000-0000000000d1/cover.jpg'),
  ('quest-covers', 'e0000000-0000-4000-a000-0000000000d1/6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b.webp'),
  ('quest-covers', 'e0000000-0000-4000-a000-0000000000b1/0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d.webp');
insert into public.user_bans (user_id, reason) values (tests.get_user_id('m_banned'), 'spam'), (tests.get_user_id('m_banned_admin'), 'abuse');
select set_config('storage.allow_delete_query', 'true', true); -- as the Storage API does for removals

-- Reference lists and places: everyone reads; only active holders of quests.manage write.
select is(tests.outcome(c.who, format(c.statement, t.name, t.spare_column)), c.expected, format(c.rule, t.name))
from (values ('categories', 'slug'), ('vehicles', 'slug'), ('activities', 'slug'), ('tools', 'slug'), ('places', 'name')) t (name, spare_column)
cross join (values
  ('anon', 'select 1 from public.%I', 'allowed', 'anon reads %s'),
  ('m_user', 'select 1 from public.%I', 'allowed', 'a user reads %s'),
  ('anon', 'insert into public.%I default values', 'denied', 'anon cannot add to %s'),
  ('m_user', 'insert into public.%I default values', 'refused forbidden', 'a user cannot add to %s'),
  ('m_mod', 'insert into public.%I default values', 'refused forbidden', 'a moderator without quests.manage cannot add to %s'),
  ('m_banned_admin', 'insert into public.%I default values', 'refused forbidden', 'a banned admin cannot add to %s'),
  ('anon', 'update public.%1$I set %2$I = %2$I where %2$I = ''m-spare''', 'denied', 'anon cannot edit %s'),
  ('m_admin', 'update public.%1$I set created_at = now() where %2$I = ''m-spare''', 'denied', 'even an admin cannot set the timestamps of %s'),
  ('m_admin', 'update public.%1$I set id = gen_random_uuid() where %2$I = ''m-spare''', 'denied', 'even an admin cannot set the id of %s'),
  ('m_user', 'update public.%1$I set %2$I = %2$I where %2$I = ''m-spare''', 'no rows', 'a user cannot edit %s'),
  ('m_mod', 'update public.%1$I set %2$I = %2$I where %2$I = ''m-spare''', 'no rows', 'a moderator without quests.manage cannot edit %s'),
  ('m_admin', 'update public.%1$I set %2$I = %2$I where %2$I = ''m-spare''', 'allowed', 'an admin (quests.manage) edits %s'),
  ('m_banned_admin', 'update public.%1$I set %2$I = %2$I where %2$I = ''m-spare''', 'no rows', 'a banned admin cannot edit %s'),
  ('anon', 'delete from public.%I where %I = ''m-spare''', 'denied', 'anon cannot delete from %s'),
  ('m_user', 'delete from public.%I where %I = ''m-spare''', 'no rows', 'a user cannot delete from %s'),
  ('m_admin', 'delete from public.%I where %I = ''m-spare''', 'allowed', 'an admin (quests.manage) deletes from %s'),
  ('m_banned_admin', 'delete from public.%I where %I = ''m-spare''', 'no rows', 'a banned admin cannot delete from %s')
) c (who, statement, expected, rule);
-- (an insert with default values fails its checks after the policy, so "allowed" is proved by a real row:)
select is(tests.outcome('m_admin', format('insert into public.%I (slug, name_ru, name_en) values (''m-new'', ''Новое'', ''New'')', t)), 'allowed',
  format('an admin (quests.manage) adds to %s', t))
from unnest(array['categories', 'vehicles', 'activities', 'tools']) t;
select is(tests.outcome('m_admin', $$insert into public.places (name, city, lat, lng) values ('New', 'Матрица', 2, 2)$$),
  'allowed', 'an admin (quests.manage) adds to places');

-- Quests
select is(tests.outcome(who, statement), expected, rule) from (values
  ('anon', $$select 1 from public.quests where slug = 'm-qp'$$, 'allowed', 'anon reads a published quest'),
  ('anon', $$select 1 from public.quests where slug = 'm-qd'$$, 'no rows', 'anon does not see a draft'),
  ('m_user', $$select 1 from public.quests where slug = 'm-qd'$$, 'no rows', 'another user does not see a draft'),
  ('m_author', $$select 1 from public.quests where slug = 'm-qd'$$, 'allowed', 'the author sees their draft'),
  ('m_mod', $$select 1 from public.quests where slug = 'm-qd'$$, 'no rows', 'a moderator does not see a draft that is not in review'),
  ('m_admin', $$select 1 from public.quests where slug = 'm-qd'$$, 'allowed', 'an admin (quests.manage) sees every draft'),
  ('m_banned', $$select 1 from public.quests where slug = 'm-qb'$$, 'allowed', 'a banned author still reads their own draft'),
  ('anon', $$insert into public.quests (title, slug, city) values ('Anon quest', 'm-anon', 'X')$$, 'denied', 'anon cannot write a quest'),
  ('m_user', $$insert into public.quests (title, slug, city) values ('User quest', 'm-user', 'X')$$, 'allowed', 'a user starts a draft'),
  ('m_banned', $$insert into public.quests (title, slug, city) values ('Banned quest', 'm-banned', 'X')$$, 'refused forbidden', 'a banned user cannot start a draft'),
  ('m_author', $$update public.quests set title = 'Edited draft' where slug = 'm-qd'$$, 'allowed', 'the author edits their draft'),
  ('m_author', $$update public.quests set title = 'Edited live' where slug = 'm-qp'$$, 'no rows', 'the author cannot edit a published quest'),
  ('m_author', $$update public.quests set status = 'published' where slug = 'm-qd'$$, 'denied', 'nobody sets the status by an update'),
  ('m_author', $$update public.quests set favourites_count = 99 where slug = 'm-qd'$$, 'denied', 'nobody sets the counters by an update'),
  ('m_user', $$update public.quests set title = 'Hijack' where slug = 'm-qd'$$, 'no rows', 'another user cannot edit a draft'),
  ('m_mod', $$update public.quests set title = 'Hijack' where slug = 'm-qp'$$, 'no rows', 'a moderator without quests.manage cannot edit a quest'),
  ('m_admin', $$update public.quests set title = 'Fixed by staff' where slug = 'm-qp'$$, 'allowed', 'an admin (quests.manage) edits any quest'),
  ('m_banned', $$update public.quests set title = 'Banned edit' where slug = 'm-qb'$$, 'no rows', 'a banned author cannot edit their draft'),
  ('anon', $$update public.quests set title = 'Anon edit' where slug = 'm-qp'$$, 'denied', 'anon cannot edit quests'),
  ('m_author', $$delete from public.quests where slug = 'm-qd'$$, 'allowed', 'the author deletes their draft'),
  ('m_author', $$delete from public.quests where slug = 'm-qp'$$, 'no rows', 'the author cannot delete a published quest'),
  ('m_user', $$delete from public.quests where slug = 'm-qd'$$, 'no rows', 'another user cannot delete a draft'),
  ('m_banned', $$delete from public.quests where slug = 'm-qb'$$, 'no rows', 'a banned author cannot delete their draft'),
  ('m_admin', $$delete from public.quests where slug = 'm-qp'$$, 'allowed', 'an admin (quests.manage) deletes any quest'),
  ('anon', $$delete from public.quests where slug = 'm-qp'$$, 'denied', 'anon cannot delete quests')
) m (who, statement, expected, rule);

-- Route points
select is(tests.outcome(who, statement), expected, rule) from (values
  ('anon', $$select 1 from public.quest_points p join public.quests q on q.id = p.quest_id where q.slug = 'm-qp'$$, 'allowed',
   'anon reads the points of an open published quest'),
  ('anon', $$select 1 from public.quest_points where quest_id = 'e0000000-0000-4000-a000-0000000000c1'$$, 'no rows',
   'anon does not read the points of a locked quest'),
  ('m_user', $$select 1 from public.quest_points where quest_id = 'e0000000-0000-4000-a000-0000000000c1'$$, 'no rows',
   'a user without access does not read the points of a locked quest'),
  ('m_buyer', $$select 1 from public.quest_points where quest_id = 'e0000000-0000-4000-a000-0000000000c1'$$, 'allowed',
   'a user with a grant reads the points of a locked quest'),
  ('m_author', $$select 1 from public.quest_points where quest_id = 'e0000000-0000-4000-a000-0000000000c1'$$, 'allowed',
   'the author reads the points of their locked quest'),
  ('m_admin', $$select 1 from public.quest_points where quest_id = 'e0000000-0000-4000-a000-0000000000c1'$$, 'allowed',
   'an admin (quests.manage) reads the points of a locked quest'),
  ('m_mod', $$select 1 from public.quest_points where quest_id = 'e0000000-0000-4000-a000-0000000000c1'$$, 'no rows',
   'a moderator without quests.manage does not read the points of a locked quest'),
  ('m_user', $$select 1 from public.quest_points where quest_id = 'e0000000-0000-4000-a000-0000000000d1'$$, 'no rows',
   'another user does not read the points of a draft'),
  ('m_author', $$select 1 from public.quest_points where quest_id = 'e0000000-0000-4000-a000-0000000000d1'$$, 'allowed',
   'the author reads the points of their draft'),
  ('m_author', $$insert into public.quest_points (quest_id, position, title, lat, lng) values ('e0000000-0000-4000-a000-0000000000d1', 3, 'New', 1, 1)$$,
   'allowed', 'the author adds a point to their draft'),
  ('m_user', $$insert into public.quest_points (quest_id, position, title, lat, lng) values ('e0000000-0000-4000-a000-0000000000d1', 3, 'New', 1, 1)$$,
   'refused quest_not_found', 'another user cannot add a point to a draft (nor learn that it exists)'),
  ('m_author', $$insert into public.quest_points (quest_id, position, title, lat, lng) values ('e0000000-0000-4000-a000-0000000000b1', 3, 'New', 1, 1)$$,
   'refused quest_not_editable', 'the author cannot add a point to a published quest'),
  ('m_admin', $$insert into public.quest_points (quest_id, position, title, lat, lng) values ('e0000000-0000-4000-a000-0000000000b1', 3, 'New', 1, 1)$$,
   'allowed', 'an admin (quests.manage) adds a point to a published quest'),
  ('m_banned', $$insert into public.quest_points (quest_id, position, title, lat, lng) values ('e0000000-0000-4000-a000-0000000000e1', 3, 'New', 1, 1)$$,
   'refused forbidden', 'a banned author cannot add a point'),
  ('anon', $$insert into public.quest_points (quest_id, position, title, lat, lng) values ('e0000000-0000-4000-a000-0000000000d1', 3, 'New', 1, 1)$$,
   'denied', 'anon cannot add points'),
  ('m_author', $$update public.quest_points set title = 'Moved' where quest_id = 'e0000000-0000-4000-a000-0000000000d1'$$, 'allowed',
   'the author edits the points of their draft'),
  ('m_author', $$update public.quest_points set title = 'Moved' where quest_id = 'e0000000-0000-4000-a000-0000000000b1'$$, 'no rows',
   'the author cannot edit the points of a published quest'),
  ('m_user', $$update public.quest_points set title = 'Moved' where quest_id = 'e0000000-0000-4000-a000-0000000000d1'$$, 'no rows',
   'another user cannot edit the points of a draft'),
  ('m_banned', $$update public.quest_points set title = 'Moved' where quest_id = 'e0000000-0000-4000-a000-0000000000e1'$$, 'no rows',
   'a banned author cannot edit their points'),
  ('m_author', $$delete from public.quest_points where quest_id = 'e0000000-0000-4000-a000-0000000000d1'$$, 'allowed',
   'the author deletes the points of their draft'),
  ('m_user', $$delete from public.quest_points where quest_id = 'e0000000-0000-4000-a000-0000000000d1'$$, 'no rows',
   'another user cannot delete the points of a draft'),
  ('anon', $$delete from public.quest_points where quest_id = 'e0000000-0000-4000-a000-0000000000b1'$$, 'denied',
   'anon cannot delete points')
) m (who, statement, expected, rule);

-- Activities and tools of a quest: visible with the quest, editable with it
select is(tests.outcome(m.who, format(m.statement, t.name, t.ref, t.list)), m.expected, format(m.rule, t.name))
from (values ('quest_activities', 'activity_id', 'activities'), ('quest_tools', 'tool_id', 'tools')) t (name, ref, list)
cross join (values
  ('anon', $$select 1 from public.%I where quest_id = 'e0000000-0000-4000-a000-0000000000b1'$$, 'allowed', 'anon reads the %s of a published quest'),
  ('anon', $$select 1 from public.%I where quest_id = 'e0000000-0000-4000-a000-0000000000d1'$$, 'no rows', 'anon does not read the %s of a draft'),
  ('m_author', $$select 1 from public.%I where quest_id = 'e0000000-0000-4000-a000-0000000000d1'$$, 'allowed', 'the author reads the %s of their draft'),
  ('m_author', $$insert into public.%1$I (quest_id, %2$I) select 'e0000000-0000-4000-a000-0000000000d1', id from public.%3$I where slug = 'm-spare'$$,
   'allowed', 'the author adds %s to their draft'),
  ('m_user', $$insert into public.%1$I (quest_id, %2$I) select 'e0000000-0000-4000-a000-0000000000d1', id from public.%3$I where slug = 'm-spare'$$,
   'refused quest_not_found', 'another user cannot add %s to a draft'),
  ('m_banned', $$insert into public.%1$I (quest_id, %2$I) select 'e0000000-0000-4000-a000-0000000000e1', id from public.%3$I where slug = 'm-spare'$$,
   'refused forbidden', 'a banned author cannot add %s'),
  ('m_user', $$delete from public.%I where quest_id = 'e0000000-0000-4000-a000-0000000000d1'$$, 'no rows', 'another user cannot remove %s from a draft'),
  ('m_author', $$delete from public.%I where quest_id = 'e0000000-0000-4000-a000-0000000000d1'$$, 'allowed', 'the author removes %s from their draft'),
  ('m_admin', $$delete from public.%I where quest_id = 'e0000000-0000-4000-a000-0000000000b1'$$, 'allowed', 'an admin (quests.manage) removes %s from any quest'),
  ('m_user', $$update public.%I set quest_id = quest_id where quest_id = 'e0000000-0000-4000-a000-0000000000b1'$$, 'denied',
   'nobody updates %s (remove and add instead)')
) m (who, statement, expected, rule);

-- Access grants: read own; written only by definer functions
select is(tests.outcome(who, statement), expected, rule) from (values
  ('anon', $$select 1 from public.quest_access_grants$$, 'denied', 'anon cannot read access grants'),
  ('m_buyer', $$select 1 from public.quest_access_grants where quest_id = 'e0000000-0000-4000-a000-0000000000c1'$$, 'allowed',
   'a user reads their own access grant'),
  ('m_user', $$select 1 from public.quest_access_grants where quest_id = 'e0000000-0000-4000-a000-0000000000c1'$$, 'no rows',
   'another user does not read it'),
  ('m_mod', $$select 1 from public.quest_access_grants where quest_id = 'e0000000-0000-4000-a000-0000000000c1'$$, 'no rows',
   'a holder of unlock.decide reads only their own grants from the table (staff calls read others'')'),
  ('m_user', $$insert into public.quest_access_grants (quest_id, user_id, source) values ('e0000000-0000-4000-a000-0000000000c1', auth.uid(), 'staff')$$,
   'denied', 'a user cannot grant themselves access'),
  ('m_mod', $$insert into public.quest_access_grants (quest_id, user_id, source) values ('e0000000-0000-4000-a000-0000000000c1', auth.uid(), 'staff')$$,
   'denied', 'staff cannot insert grants directly either'),
  ('m_buyer', $$update public.quest_access_grants set source = 'staff'$$, 'denied', 'nobody edits a grant'),
  ('m_buyer', $$delete from public.quest_access_grants$$, 'denied', 'nobody deletes a grant through the API')
) m (who, statement, expected, rule);

-- Favourites: private to their owner
select is(tests.outcome(who, statement), expected, rule) from (values
  ('anon', $$select 1 from public.favourites$$, 'denied', 'anon has no favourites'),
  ('m_user', $$select 1 from public.favourites$$, 'allowed', 'a user reads their own favourites'),
  ('m_other', $$select 1 from public.favourites where user_id <> auth.uid()$$, 'no rows', 'another user does not read them'),
  ('m_admin', $$select 1 from public.favourites where user_id <> auth.uid()$$, 'no rows', 'nor does staff'),
  ('m_user', $$insert into public.favourites (quest_id) values ('e0000000-0000-4000-a000-0000000000c1')$$, 'allowed',
   'a user favourites a published quest'),
  ('m_author', $$insert into public.favourites (quest_id) values ('e0000000-0000-4000-a000-0000000000d1')$$, 'refused quest_not_found',
   'a draft cannot be favourited'),
  ('m_other', $$insert into public.favourites (user_id, quest_id) values (tests.get_user_id('m_user'), 'e0000000-0000-4000-a000-0000000000c1')$$,
   'denied', 'nobody favourites in someone else''s name'),
  ('m_banned', $$insert into public.favourites (quest_id) values ('e0000000-0000-4000-a000-0000000000c1')$$, 'refused forbidden',
   'a banned user cannot favourite'),
  ('anon', $$insert into public.favourites (quest_id) values ('e0000000-0000-4000-a000-0000000000c1')$$, 'denied', 'anon cannot favourite'),
  ('m_user', $$update public.favourites set created_at = now()$$, 'denied', 'favourites are not edited'),
  ('m_user', $$delete from public.favourites where quest_id = 'e0000000-0000-4000-a000-0000000000b1'$$, 'allowed', 'a user removes their favourite'),
  ('m_other', $$delete from public.favourites$$, 'no rows', 'another user cannot remove it'),
  ('m_banned', $$delete from public.favourites$$, 'no rows', 'a banned user cannot change their favourites'),
  ('anon', $$delete from public.favourites$$, 'denied', 'anon cannot remove favourites')
) m (who, statement, expected, rule);

-- Reviews
select is(tests.outcome(who, statement), expected, rule) from (values
  ('anon', $$select 1 from public.reviews where body = 'Nice'$$, 'allowed', 'anon reads a visible review'),
  ('anon', $$select 1 from public.reviews where hidden_at is not null$$, 'no rows', 'anon never reads a hidden review'),
  ('m_user', $$select 1 from public.reviews where hidden_at is not null$$, 'no rows', 'another user never reads a hidden review'),
  ('m_author', $$select 1 from public.reviews where hidden_at is not null$$, 'no rows', 'the quest''s author does not read a hidden review'),
  ('m_buyer', $$select 1 from public.reviews where hidden_at is not null$$, 'allowed', 'the author of a hidden review still reads it (with the reason)'),
  ('m_mod', $$select 1 from public.reviews where hidden_at is not null$$, 'allowed', 'a moderator (reviews.moderate) reads hidden reviews'),
  ('m_other', $$insert into public.reviews (quest_id, rating, body) values ('e0000000-0000-4000-a000-0000000000c1', 5, 'Good')$$, 'allowed',
   'a user reviews a published quest'),
  ('m_author', $$insert into public.reviews (quest_id, rating) values ('e0000000-0000-4000-a000-0000000000c1', 5)$$, 'refused cannot_review_own_quest',
   'an author cannot review their own quest'),
  ('m_other', $$insert into public.reviews (quest_id, rating) values ('e0000000-0000-4000-a000-0000000000d1', 5)$$, 'refused quest_not_found',
   'a draft cannot be reviewed'),
  ('m_banned', $$insert into public.reviews (quest_id, rating) values ('e0000000-0000-4000-a000-0000000000c1', 5)$$, 'refused forbidden',
   'a banned user cannot post a review'),
  ('anon', $$insert into public.reviews (quest_id, rating) values ('e0000000-0000-4000-a000-0000000000c1', 5)$$, 'denied', 'anon cannot review'),
  ('m_other', $$insert into public.reviews (quest_id, author_id, rating) values ('e0000000-0000-4000-a000-0000000000c1', tests.get_user_id('m_user'), 5)$$,
   'denied', 'nobody reviews in someone else''s name'),
  ('m_other', $$insert into public.reviews (quest_id, rating, hidden_at) values ('e0000000-0000-4000-a000-0000000000c1', 5, null)$$, 'denied',
   'a review cannot be written with moderation fields'),
  ('m_user', $$update public.reviews set rating = 5, body = 'Even better' where body = 'Nice'$$, 'allowed', 'the author edits their review'),
  ('m_other', $$update public.reviews set body = 'Hijack' where body = 'Nice'$$, 'no rows', 'another user cannot edit a review'),
  ('m_mod', $$update public.reviews set body = 'Censored' where body = 'Nice'$$, 'no rows', 'a moderator does not edit reviews (hides them)'),
  ('m_buyer', $$update public.reviews set body = 'Sorry' where hidden_at is not null$$, 'no rows', 'a hidden review cannot be edited'),
  ('m_banned', $$update public.reviews set body = 'Edited' where author_id = auth.uid()$$, 'no rows', 'a banned user cannot edit their review'),
  ('m_user', $$update public.reviews set hidden_at = null where body = 'Nice'$$, 'denied', 'nobody hides or unhides by an update'),
  ('anon', $$update public.reviews set body = 'x'$$, 'denied', 'anon cannot edit reviews'),
  ('m_user', $$delete from public.reviews where body = 'Nice'$$, 'allowed', 'the author deletes their review'),
  ('m_other', $$delete from public.reviews where body = 'Nice'$$, 'no rows', 'another user cannot delete a review'),
  ('m_mod', $$delete from public.reviews where body = 'Nice'$$, 'no rows', 'a moderator does not delete reviews (hides them)'),
  ('m_banned', $$delete from public.reviews where author_id = auth.uid()$$, 'no rows', 'a banned user cannot delete their review'),
  ('anon', $$delete from public.reviews$$, 'denied', 'anon cannot delete reviews')
) m (who, statement, expected, rule);

-- Moderators' answers: visible with their review; written only through respond_to_review
select is(tests.outcome(who, statement), expected, rule) from (values
  ('anon', $$select 1 from public.review_responses where body = 'Thanks!'$$, 'allowed', 'anon reads the answer to a visible review'),
  ('m_other', $$select 1 from public.review_responses where body = 'Thanks!'$$, 'allowed', 'a user reads the answer to a visible review'),
  ('anon', $$select 1 from public.review_responses where body = 'Please be polite.'$$, 'no rows', 'anon does not read the answer to a hidden review'),
  ('m_other', $$select 1 from public.review_responses where body = 'Please be polite.'$$, 'no rows', 'nor does another user'),
  ('m_buyer', $$select 1 from public.review_responses where body = 'Please be polite.'$$, 'allowed', 'the author of the hidden review reads its answer'),
  ('m_mod', $$insert into public.review_responses (review_id, body) values ('e0000000-0000-4000-a000-00000000f003', 'Direct')$$, 'denied',
   'even a moderator does not insert answers directly (respond_to_review)'),
  ('m_mod', $$update public.review_responses set body = 'Changed'$$, 'denied', 'answers are not edited'),
  ('m_mod', $$delete from public.review_responses$$, 'denied', 'answers are not deleted through the API'),
  ('anon', $$insert into public.review_responses (review_id, body) values ('e0000000-0000-4000-a000-00000000f003', 'Anon')$$, 'denied',
   'anon cannot answer')
) m (who, statement, expected, rule);

-- Bucket quest-media
select tests.clear_authentication();
select results_eq($$select public, file_size_limit from storage.buckets where id = 'quest-media'$$, $$values (false, 10485760::bigint)$$,
  'bucket quest-media is private (reading follows the quest) with a 10 MiB limit');
select ok((select allowed_mime_types @> array['image/jpeg', 'image/png', 'image/webp', 'video/mp4'] and not allowed_mime_types && array['application/pdf', 'text/html']
           from storage.buckets where id = 'quest-media'), 'quest-media takes images and short video, nothing else');
select is(tests.outcome(who, statement), expected, rule) from (values
  ('anon', $$select 1 from storage.objects where name = 'e0000000-0000-4000-a000-0000000000b1/cover.jpg'$$, 'allowed', 'anon reads the cover of a published quest'),
  ('anon', $$select 1 from storage.objects where name = 'e0000000-0000-4000-a000-0000000000b1/points/p2.jpg'$$, 'allowed',
   'anon reads the point media of an open published quest'),
  ('anon', $$select 1 from storage.objects where name = 'e0000000-0000-4000-a000-0000000000c1/cover.jpg'$$, 'allowed', 'anon reads the cover of a locked quest'),
  ('anon', $$select 1 from storage.objects where name = 'e0000000-0000-4000-a000-0000000000c1/points/p2.jpg'$$, 'no rows',
   'anon does not read the point media of a locked quest'),
  ('m_user', $$select 1 from storage.objects where name = 'e0000000-0000-4000-a000-0000000000c1/points/p2.jpg'$$, 'no rows',
   'a user without access does not read the point media of a locked quest'),
  ('m_buyer', $$select 1 from storage.objects where name = 'e0000000-0000-4000-a000-0000000000c1/points/p2.jpg'$$, 'allowed',
   'a user with a grant reads the point media of a locked quest'),
  ('anon', $$select 1 from storage.objects where name = 'e0000000-0000-4000-a000-0000000000d1/cover.jpg'$$, 'no rows', 'anon does not read the media of a draft'),
  ('m_user', $$select 1 from storage.objects where name = 'e0000000-0000-4000-a000-0000000000d1/cover.jpg'$$, 'no rows', 'another user does not read the media of a draft'),
  ('m_author', $$select 1 from storage.objects where name = 'e0000000-0000-4000-a000-0000000000d1/cover.jpg'$$, 'allowed', 'the author reads the media of their draft'),
  ('m_admin', $$select 1 from storage.objects where name = 'e0000000-0000-4000-a000-0000000000d1/cover.jpg'$$, 'allowed', 'an admin reads the media of any draft'),
  ('m_author', $$insert into storage.objects (bucket_id, name) values ('quest-media', 'e0000000-0000-4000-a000-0000000000d1/new.jpg')$$, 'allowed',
   'the author uploads media to their draft'),
  ('m_author', $$insert into storage.objects (bucket_id, name) values ('quest-media', 'e0000000-0000-4000-a000-0000000000b1/new.jpg')$$, 'denied',
   'the author cannot upload media to a published quest'),
  ('m_admin', $$insert into storage.objects (bucket_id, name) values ('quest-media', 'e0000000-0000-4000-a000-0000000000b1/new.jpg')$$, 'allowed',
   'an admin (quests.manage) uploads media to any quest'),
  ('m_mod', $$insert into storage.objects (bucket_id, name) values ('quest-media', 'e0000000-0000-4000-a000-0000000000b1/new.jpg')$$, 'denied',
   'a moderator without quests.manage cannot upload media'),
  ('m_user', $$insert into storage.objects (bucket_id, name) values ('quest-media', 'e0000000-0000-4000-a000-0000000000d1/new.jpg')$$, 'denied',
   'another user cannot upload media to a draft'),
  ('m_banned', $$insert into storage.objects (bucket_id, name) values ('quest-media', 'e0000000-0000-4000-a000-0000000000e1/new.jpg')$$, 'denied',
   'a banned author cannot upload media'),
  ('anon', $$insert into storage.objects (bucket_id, name) values ('quest-media', 'e0000000-0000-4000-a000-0000000000d1/new.jpg')$$, 'denied',
   'anon cannot upload media'),
  ('m_author', $$insert into storage.objects (bucket_id, name) values ('quest-media', 'new.jpg')$$, 'denied', 'nothing is uploaded at the bucket root'),
  ('m_admin', $$insert into storage.objects (bucket_id, name) values ('quest-media', 'not-a-quest/new.jpg')$$, 'denied',
   'nothing is uploaded outside a quest folder, even by staff'),
  ('m_author', $$update storage.objects set metadata = '{"size": 1}' where name = 'e0000000-0000-4000-a000-0000000000d1/cover.jpg'$$, 'allowed',
   'the author replaces media of their draft'),
  ('m_user', $$update storage.objects set metadata = '{"size": 1}' where name = 'e0000000-0000-4000-a000-0000000000d1/cover.jpg'$$, 'no rows',
   'another user cannot replace media of a draft'),
  ('m_author', $$update storage.objects set metadata = '{"size": 1}' where name = 'e0000000-0000-4000-a000-0000000000b1/cover.jpg'$$, 'no rows',
   'the author cannot replace media of a published quest'),
  ('m_author', $$delete from storage.objects where name = 'e0000000-0000-4000-a000-0000000000d1/cover.jpg'$$, 'allowed',
   'the author deletes media of their draft'),
  ('m_user', $$delete from storage.objects where name = 'e0000000-0000-4000-a000-0000000000d1/cover.jpg'$$, 'no rows',
   'another user cannot delete media of a draft'),
  ('m_banned', $$delete from storage.objects where name = 'e0000000-0000-4000-a000-0000000000e1/cover.jpg'$$, 'no rows',
   'a banned author cannot delete their media'),
  ('anon', $$delete from storage.objects where name = 'e0000000-0000-4000-a000-0000000000b1/cover.jpg'$$, 'no rows', 'anon cannot delete media'),
  ('anon', $$select 1 from storage.objects where name = 'e0000000-0000-4000-a000-0000000000b1/../e0000000-0000-4000-a000-0000000000d1/cover.jpg'$$,
   'no rows', 'a ".." path under a published quest does not reach a draft''s media'),
  ('m_author', $$insert into storage.objects (bucket_id, name) values ('quest-media', 'e0000000-0000-4000-a000-0000000000d1/../e0000000-0000-4000-a000-0000000000b1/x.jpg')$$,
   'denied', 'an author cannot climb out of their draft''s folder with ".." (upload)'),
  ('m_author', $$insert into storage.objects (bucket_id, name) values ('quest-media', 'e0000000-0000-4000-a000-0000000000d1//x.jpg')$$,
   'denied', 'nor upload with an empty path segment')
) m (who, statement, expected, rule);

-- Bucket quest-covers: public URLs, unguessable names, listing only for the quest's editors
select tests.clear_authentication();
select results_eq($$select public, file_size_limit from storage.buckets where id = 'quest-covers'$$, $$values (true, 5242880::bigint)$$,
  'bucket quest-covers is public (cacheable URLs) with a 5 MiB limit');
select is(tests.outcome(who, statement), expected, rule) from (values
  ('anon', $$select 1 from storage.objects where bucket_id = 'quest-covers'$$, 'no rows', 'anon cannot list covers (public URLs need no policy)'),
  ('m_user', $$select 1 from storage.objects where bucket_id = 'quest-covers'$$, 'no rows', 'a user cannot list covers, so a draft''s cover name cannot be found'),
  ('m_mod', $$select 1 from storage.objects where bucket_id = 'quest-covers'$$, 'no rows', 'nor can a moderator without quests.manage'),
  ('m_author', $$select 1 from storage.objects where name = 'e0000000-0000-4000-a000-0000000000d1/6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b.webp'$$, 'allowed',
   'the author lists their draft''s covers'),
  ('m_admin', $$select 1 from storage.objects where name = 'e0000000-0000-4000-a000-0000000000d1/6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b.webp'$$, 'allowed',
   'an admin (quests.manage) lists any quest''s covers'),
  ('m_author', $$insert into storage.objects (bucket_id, name) values ('quest-covers', 'e0000000-0000-4000-a000-0000000000d1/1b2c3d4e-5f60-4a7b-9c8d-0e1f2a3b4c5d.jpg')$$,
   'allowed', 'the author uploads a cover with a random UUID name to their draft'),
  ('m_author', $$insert into storage.objects (bucket_id, name) values ('quest-covers', 'e0000000-0000-4000-a000-0000000000d1/cover.jpg')$$,
   'denied', 'a guessable cover name is refused'),
  ('m_author', $$insert into storage.objects (bucket_id, name) values ('quest-covers', 'e0000000-0000-4000-a000-0000000000d1/1b2c3d4e-5f60-4a7b-9c8d-0e1f2a3b4c5d.gif')$$,
   'denied', 'a cover is a jpg, png or webp'),
  ('m_author', $$insert into storage.objects (bucket_id, name) values ('quest-covers', 'e0000000-0000-4000-a000-0000000000d1/../e0000000-0000-4000-a000-0000000000b1/1b2c3d4e-5f60-4a7b-9c8d-0e1f2a3b4c5d.jpg')$$,
   'denied', 'a ".." path cannot put a cover under another quest'),
  ('m_author', $$insert into storage.objects (bucket_id, name) values ('quest-covers', 'e0000000-0000-4000-a000-0000000000b1/1b2c3d4e-5f60-4a7b-9c8d-0e1f2a3b4c5d.jpg')$$,
   'denied', 'the author cannot change the cover of their published quest'),
  ('m_user', $$insert into storage.objects (bucket_id, name) values ('quest-covers', 'e0000000-0000-4000-a000-0000000000d1/1b2c3d4e-5f60-4a7b-9c8d-0e1f2a3b4c5d.jpg')$$,
   'denied', 'another user cannot upload a cover to a draft'),
  ('m_banned', $$insert into storage.objects (bucket_id, name) values ('quest-covers', 'e0000000-0000-4000-a000-0000000000e1/1b2c3d4e-5f60-4a7b-9c8d-0e1f2a3b4c5d.jpg')$$,
   'denied', 'a banned author cannot upload a cover'),
  ('anon', $$insert into storage.objects (bucket_id, name) values ('quest-covers', 'e0000000-0000-4000-a000-0000000000d1/1b2c3d4e-5f60-4a7b-9c8d-0e1f2a3b4c5d.jpg')$$,
   'denied', 'anon cannot upload covers'),
  ('m_admin', $$insert into storage.objects (bucket_id, name) values ('quest-covers', 'e0000000-0000-4000-a000-0000000000b1/1b2c3d4e-5f60-4a7b-9c8d-0e1f2a3b4c5d.jpg')$$,
   'allowed', 'an admin (quests.manage) uploads a cover to someone else''s published quest'),
  ('m_author', $$update storage.objects set metadata = '{"size": 1}' where name = 'e0000000-0000-4000-a000-0000000000d1/6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b.webp'$$,
   'no rows', 'a cover is never replaced in place (a new cover is a new name, so cached URLs stay true)'),
  ('m_author', $$delete from storage.objects where name = 'e0000000-0000-4000-a000-0000000000d1/6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b.webp'$$,
   'allowed', 'the author removes a cover of their draft'),
  ('m_user', $$delete from storage.objects where bucket_id = 'quest-covers'$$, 'no rows', 'another user removes no cover'),
  ('m_author', $$delete from storage.objects where name = 'e0000000-0000-4000-a000-0000000000b1/0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d.webp'$$,
   'no rows', 'the author cannot remove the cover of their published quest')
) m (who, statement, expected, rule);

select * from finish();
rollback;
