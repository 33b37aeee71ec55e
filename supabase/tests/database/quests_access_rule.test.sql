-- The one rule of quest access (private.accessible_quests, asked for one quest by
-- private.has_quest_access and for a page by search cards): who may play a quest and see all its
-- points, for every status and access, for every kind of user: the author, a buyer with a grant,
-- a stranger, a moderator (quests.publish), an admin (quests.manage), no user at all. The page
-- answer and the one-quest answer agree for every pair, and a page mixes the users' cases without
-- one quest's answer leaking into another's.
begin;
select plan(14);

select tests.create_user('ar_author');
select tests.create_user('ar_buyer');
select tests.create_user('ar_stranger');
select tests.create_user('ar_moderator');
select tests.create_user('ar_admin');
insert into public.user_roles (user_id, role) values
  (tests.get_user_id('ar_moderator'), 'moderator'), (tests.get_user_id('ar_admin'), 'admin');
-- 1 open published, 2 locked published, 3 locked published (granted to the buyer), 4 draft,
-- 5 in review, 6 archived, 7 locked and archived (granted to the buyer before it was archived).
insert into public.quests (id, author_id, title, slug, city, status, access, price_credits, published_at) values
  ('7a000000-0000-4000-a000-000000000001', tests.get_user_id('ar_author'), 'Open', 'ar-1', 'Accessburg', 'published', 'open', 0, now()),
  ('7a000000-0000-4000-a000-000000000002', tests.get_user_id('ar_author'), 'Locked', 'ar-2', 'Accessburg', 'published', 'locked', 50, now()),
  ('7a000000-0000-4000-a000-000000000003', tests.get_user_id('ar_author'), 'Bought', 'ar-3', 'Accessburg', 'published', 'locked', 50, now()),
  ('7a000000-0000-4000-a000-000000000004', tests.get_user_id('ar_author'), 'Draft', 'ar-4', 'Accessburg', 'draft', 'open', 0, null),
  ('7a000000-0000-4000-a000-000000000005', tests.get_user_id('ar_author'), 'In review', 'ar-5', 'Accessburg', 'in_review', 'open', 0, null),
  ('7a000000-0000-4000-a000-000000000006', tests.get_user_id('ar_author'), 'Archived', 'ar-6', 'Accessburg', 'archived', 'open', 0, now()),
  ('7a000000-0000-4000-a000-000000000007', tests.get_user_id('ar_author'), 'Archived bought', 'ar-7', 'Accessburg', 'archived', 'locked', 50, now());
insert into public.quest_access_grants (quest_id, user_id, source) values
  ('7a000000-0000-4000-a000-000000000003', tests.get_user_id('ar_buyer'), 'purchase'),
  ('7a000000-0000-4000-a000-000000000007', tests.get_user_id('ar_buyer'), 'purchase');

-- The numbers (1-7) of the quests a user may play, asked for all seven at once (a page) and one
-- by one.
create function pg_temp.page(who uuid) returns int[] language sql as $$
  select coalesce(array_agg(right(a::text, 1)::int order by a), '{}')
  from private.accessible_quests(array(select ('7a000000-0000-4000-a000-00000000000' || n)::uuid from generate_series(1, 7) n), who) a;
$$;
create function pg_temp.each(who uuid) returns int[] language sql as $$
  select coalesce(array_agg(n order by n), '{}') from generate_series(1, 7) n
  where private.has_quest_access(('7a000000-0000-4000-a000-00000000000' || n)::uuid, who);
$$;

select is(pg_temp.page(tests.get_user_id('ar_stranger')), array[1], 'a stranger: the open published quest only');
select is(pg_temp.page(null), array[1], 'no user (anon): the open published quest only');
select is(pg_temp.page(tests.get_user_id('ar_buyer')), array[1, 3], 'a buyer: open, and the locked quest granted while it is published (not the archived one)');
select is(pg_temp.page(tests.get_user_id('ar_author')), array[1, 2, 3, 4, 5, 6, 7], 'the author: every quest of theirs, whatever its status');
select is(pg_temp.page(tests.get_user_id('ar_moderator')), array[1, 5], 'a moderator (quests.publish): open, and the quest under review');
select is(pg_temp.page(tests.get_user_id('ar_admin')), array[1, 2, 3, 4, 5, 6, 7], 'an admin (quests.manage): every quest');
select is(pg_temp.each(tests.get_user_id('ar_stranger')), pg_temp.page(tests.get_user_id('ar_stranger')), 'one by one = a page: stranger');
select is(pg_temp.each(null), pg_temp.page(null), 'one by one = a page: no user');
select is(pg_temp.each(tests.get_user_id('ar_buyer')), pg_temp.page(tests.get_user_id('ar_buyer')), 'one by one = a page: buyer');
select is(pg_temp.each(tests.get_user_id('ar_author')), pg_temp.page(tests.get_user_id('ar_author')), 'one by one = a page: author');
select is(pg_temp.each(tests.get_user_id('ar_moderator')), pg_temp.page(tests.get_user_id('ar_moderator')), 'one by one = a page: moderator');
select is(pg_temp.each(tests.get_user_id('ar_admin')), pg_temp.page(tests.get_user_id('ar_admin')), 'one by one = a page: admin');

-- Permissions are data (role → permission): an admin whose role is taken away keeps no access of it.
delete from public.user_roles where user_id = tests.get_user_id('ar_admin');
select is(pg_temp.page(tests.get_user_id('ar_admin')), array[1], 'an admin no longer: the open published quest only, as a stranger');
-- Unknown ids and an empty page answer nothing.
select is((select count(*)::int from private.accessible_quests(array[gen_random_uuid(), null]::uuid[], tests.get_user_id('ar_admin'))) +
          (select count(*)::int from private.accessible_quests('{}', tests.get_user_id('ar_admin'))), 0,
  'unknown ids and an empty list: no quest');

select * from finish();
rollback;
