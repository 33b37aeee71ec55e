-- Favourites: add, list newest first, remove; once per user and quest (a repeat is the code
-- already_favourite, not a raw 23505); quests.favourites_count follows in the same transaction;
-- deleting an account removes its favourites and the counts go down. Also activity_ids follow
-- quest_activities.
begin;
select plan(11);

select tests.create_user('f_fan');
select tests.create_user('f_friend');
insert into public.quests (id, title, slug, city, status, published_at) values
  ('f1000000-0000-4000-a000-000000000001', 'First favourite', 'f-one', 'Избранноград', 'published', now()),
  ('f1000000-0000-4000-a000-000000000002', 'Second favourite', 'f-two', 'Избранноград', 'published', now());

create function pg_temp.count(quest uuid) returns integer language sql as $$
  select favourites_count from public.quests where id = quest;
$$;
grant execute on function pg_temp.count(uuid) to anon, authenticated;

select tests.authenticate_as('f_fan');
insert into public.favourites (quest_id) values ('f1000000-0000-4000-a000-000000000001');
insert into public.favourites (quest_id) values ('f1000000-0000-4000-a000-000000000002');
select is(pg_temp.count('f1000000-0000-4000-a000-000000000001'), 1, 'adding a favourite counts it in the same transaction');
select throws_ok($$insert into public.favourites (quest_id) values ('f1000000-0000-4000-a000-000000000001')$$, 'PT409', 'already_favourite',
  'a quest is a favourite once: a repeat is already_favourite');
select is(pg_temp.count('f1000000-0000-4000-a000-000000000001'), 1, 'and counts nothing twice');
select throws_ok($$insert into public.favourites (quest_id, created_at) values ('f1000000-0000-4000-a000-000000000001', now() - interval '1 year')$$,
  '42501', null, 'the time of a favourite is the server''s');
select tests.clear_authentication();
update public.favourites set created_at = now() - interval '1 hour' where quest_id = 'f1000000-0000-4000-a000-000000000001';
select tests.authenticate_as('f_fan');
select results_eq($$select quest_id from public.favourites order by created_at desc$$,
  $$values ('f1000000-0000-4000-a000-000000000002'::uuid), ('f1000000-0000-4000-a000-000000000001'::uuid)$$,
  'the list is the user''s own, newest first');
select tests.authenticate_as('f_friend');
insert into public.favourites (quest_id) values ('f1000000-0000-4000-a000-000000000001');
select is(pg_temp.count('f1000000-0000-4000-a000-000000000001'), 2, 'each user counts once');
delete from public.favourites where quest_id = 'f1000000-0000-4000-a000-000000000001';
select is(pg_temp.count('f1000000-0000-4000-a000-000000000001'), 1, 'removing a favourite uncounts it');

select tests.clear_authentication();
delete from auth.users where id = tests.get_user_id('f_fan');
select is(pg_temp.count('f1000000-0000-4000-a000-000000000001') + pg_temp.count('f1000000-0000-4000-a000-000000000002'), 0,
  'deleting an account removes its favourites and the counts go down');
select is((select count(*)::integer from public.favourites where quest_id in ('f1000000-0000-4000-a000-000000000001', 'f1000000-0000-4000-a000-000000000002')), 0,
  'no favourite of the deleted account is left');

-- activity_ids, the search filter's copy of quest_activities
insert into public.activities (id, slug, name_ru, name_en) values
  ('f1000000-0000-4000-a000-0000000000a1', 'f-one', 'Один', 'One'), ('f1000000-0000-4000-a000-0000000000a2', 'f-two', 'Два', 'Two');
insert into public.quest_activities (quest_id, activity_id) values
  ('f1000000-0000-4000-a000-000000000001', 'f1000000-0000-4000-a000-0000000000a2'),
  ('f1000000-0000-4000-a000-000000000001', 'f1000000-0000-4000-a000-0000000000a1');
select is((select activity_ids from public.quests where id = 'f1000000-0000-4000-a000-000000000001'),
  array['f1000000-0000-4000-a000-0000000000a1', 'f1000000-0000-4000-a000-0000000000a2']::uuid[],
  'activity_ids follows quest_activities, sorted');
delete from public.quest_activities where activity_id = 'f1000000-0000-4000-a000-0000000000a1';
select is((select activity_ids from public.quests where id = 'f1000000-0000-4000-a000-000000000001'),
  array['f1000000-0000-4000-a000-0000000000a2']::uuid[], 'and removals too');

select * from finish();
rollback;
