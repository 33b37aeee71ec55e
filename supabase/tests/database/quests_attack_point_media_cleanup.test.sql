-- Attack on cleanup paths (found by the probe of main): a point's media file stayed in quest-media
-- when its point was deleted or its media replaced, for as long as the quest lived. Now the file a
-- point no longer uses is queued for removal, unless another point of the quest still uses it.
begin;
select plan(4);

select tests.create_user('pmc_author');
select tests.authenticate_as('pmc_author');
insert into public.quests (title, slug, city) values ('Media walk', 'pmc-media-walk', 'Mediaville');
create temporary table q on commit drop as select id from public.quests where slug = 'pmc-media-walk';
grant select on q to authenticated;
insert into storage.objects (bucket_id, name, owner_id)
select 'quest-media', (select id from q) || '/points/' || f, auth.uid()::text from unnest(array['gate.jpg', 'gate2.jpg', 'shared.jpg']) f;
insert into public.quest_points (quest_id, position, title, lat, lng, media_path) values
  ((select id from q), 1, 'Gate', 55.7, 37.6, (select id from q) || '/points/gate.jpg'),
  ((select id from q), 2, 'Tower', 55.71, 37.61, (select id from q) || '/points/shared.jpg'),
  ((select id from q), 3, 'Bridge', 55.72, 37.62, (select id from q) || '/points/shared.jpg');

update public.quest_points set media_path = (select id from q) || '/points/gate2.jpg' where quest_id = (select id from q) and position = 1;
select tests.clear_authentication();
select results_eq($$select name, reason from private.pending_storage_deletions where bucket_id = 'quest-media' order by name$$,
  $$values ((select id from q) || '/points/gate.jpg', 'point media replaced')$$, 'a replaced point medium is queued for removal');

select tests.authenticate_as('pmc_author');
delete from public.quest_points where quest_id = (select id from q) and position = 3;
select tests.clear_authentication();
select is((select count(*)::int from private.pending_storage_deletions where name = (select id from q) || '/points/shared.jpg'), 0,
  'a file another point still uses stays');

select tests.authenticate_as('pmc_author');
delete from public.quest_points where quest_id = (select id from q) and position = 2;
select tests.clear_authentication();
select is((select reason from private.pending_storage_deletions where name = (select id from q) || '/points/shared.jpg'), 'point deleted',
  'the last point using a file takes it along when deleted');

select tests.authenticate_as('pmc_author');
delete from public.quests where id = (select id from q);
select tests.clear_authentication();
select results_eq($$select name from private.pending_storage_deletions where bucket_id = 'quest-media' order by name$$,
  $$select (select id from q) || '/points/' || f from unnest(array['gate.jpg', 'gate2.jpg', 'shared.jpg']) f order by 1$$,
  'deleting the quest queues the rest of its folder');

select * from finish();
rollback;
