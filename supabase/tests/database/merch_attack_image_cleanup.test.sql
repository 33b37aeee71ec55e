-- Attack on cleanup paths (found by the probe of main): deleting a merch item, or dropping an image
-- from its image_paths, left the files in the public merch-images bucket for good. Now the dropped
-- images, and every file of a deleted item's folder, are queued for removal in the same transaction.
begin;
select plan(5);

select tests.create_user('mic_admin');
insert into public.user_roles (user_id, role) values (tests.get_user_id('mic_admin'), 'admin');
select tests.authenticate_as('mic_admin');
insert into public.merch_items (title, price_credits) values ('Cleanup mug', 10);
create temporary table item on commit drop as select id from public.merch_items where title = 'Cleanup mug';
grant select on item to authenticated;
insert into storage.objects (bucket_id, name, owner_id)
select 'merch-images', (select id from item) || '/' || f, auth.uid()::text from unnest(array['front.webp', 'back.webp', 'spare.webp']) f;
update public.merch_items set image_paths = array[(select id from item) || '/front.webp', (select id from item) || '/back.webp']
where id = (select id from item);
select tests.clear_authentication();
select is((select count(*)::int from private.pending_storage_deletions where bucket_id = 'merch-images' and name like (select id from item) || '/%'), 0,
  'images in use are not queued');

select tests.authenticate_as('mic_admin');
update public.merch_items set image_paths = array[(select id from item) || '/front.webp'] where id = (select id from item);
select tests.clear_authentication();
select results_eq($$select name from private.pending_storage_deletions where bucket_id = 'merch-images' order by name$$,
  $$select (select id from item) || '/back.webp'$$, 'an image dropped from an item is queued for removal');

select tests.authenticate_as('mic_admin');
update public.merch_items set title = 'Renamed mug' where id = (select id from item);
select tests.clear_authentication();
select is((select count(*)::int from private.pending_storage_deletions where bucket_id = 'merch-images'), 1,
  'other edits queue nothing');

select tests.authenticate_as('mic_admin');
delete from public.merch_items where id = (select id from item);
select tests.clear_authentication();
select results_eq($$select name from private.pending_storage_deletions where bucket_id = 'merch-images' order by name$$,
  $$select (select id from item) || '/' || f from unnest(array['back.webp', 'front.webp', 'spare.webp']) f order by 1$$,
  'a deleted item''s whole folder is queued (its images and unused uploads)');
select is((select count(*)::int from private.pending_storage_deletions where bucket_id = 'merch-images' and reason = 'merch item deleted'), 2,
  'with the reason of the deletion for the files not queued before');

select * from finish();
rollback;
