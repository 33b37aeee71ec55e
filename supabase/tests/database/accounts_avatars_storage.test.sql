-- Bucket `avatars`: public, 2 MiB, images; a user writes only under <their id>/, not while banned;
-- no broad listing of the public bucket.
begin;
select plan(16);

select results_eq(
  $$select public, file_size_limit, allowed_mime_types from storage.buckets where id = 'avatars'$$,
  $$values (true, 2097152::bigint, array['image/png', 'image/jpeg', 'image/webp'])$$,
  'bucket avatars is public, 2 MiB, png/jpeg/webp');

select tests.create_user('av_owner');
select tests.create_user('av_other');
select tests.create_user('av_banned');
insert into public.user_bans (user_id, reason) values (tests.get_user_id('av_banned'), 'spam');
insert into storage.objects (bucket_id, name, owner_id)
values ('avatars', tests.get_user_id('av_other') || '/avatar.png', tests.get_user_id('av_other'));

select tests.authenticate_as('av_owner');
select lives_ok(format($$insert into storage.objects (bucket_id, name, owner_id) values ('avatars', '%s/avatar.png', auth.uid()::text)$$,
  tests.get_user_id('av_owner')), 'a user uploads an avatar under their own folder');
select throws_ok(format($$insert into storage.objects (bucket_id, name) values ('avatars', '%s/evil.png')$$, tests.get_user_id('av_other')),
  '42501', null, 'a user cannot upload into another user''s folder');
select throws_ok($$insert into storage.objects (bucket_id, name) values ('avatars', 'avatar.png')$$, '42501', null,
  'a user cannot upload at the bucket root');
select throws_ok(format($$insert into storage.objects (bucket_id, name) values ('avatars', '%s/../%s/evil.png')$$,
  tests.get_user_id('av_owner'), tests.get_user_id('av_other')), '42501', null, 'a user cannot climb out of their folder with ..');
select throws_ok(format($$insert into storage.objects (bucket_id, name) values ('avatars', '%s/./a.png')$$, tests.get_user_id('av_owner')),
  '42501', null, 'nor use . or empty segments');
select throws_ok(format($$insert into storage.objects (bucket_id, name) values ('avatars', '%s/sub/a.png')$$, tests.get_user_id('av_owner')),
  '42501', null, 'avatars are files directly in the own folder');
select is((select count(*)::int from storage.objects where bucket_id = 'avatars'), 1,
  'a user lists only their own avatar files (no broad listing of the public bucket)');
select lives_ok($$update storage.objects set metadata = '{"size":1}' where bucket_id = 'avatars'$$, 'a user replaces their own avatar');
update storage.objects set metadata = '{"size":2}' where name like tests.get_user_id('av_other') || '/%';
select tests.clear_authentication();
select is((select metadata from storage.objects where name = tests.get_user_id('av_other') || '/avatar.png'), null,
  'a user cannot overwrite another user''s avatar');

select tests.authenticate_as('av_owner');
select set_config('storage.allow_delete_query', 'true', true);
select lives_ok($$delete from storage.objects where bucket_id = 'avatars'$$, 'a user deletes their own avatar (through the Storage API)');
select tests.clear_authentication();
select is((select count(*)::int from storage.objects where bucket_id = 'avatars'), 1,
  'deleting removed the own file only, not another user''s');

select tests.authenticate_as('av_banned');
select throws_ok(format($$insert into storage.objects (bucket_id, name) values ('avatars', '%s/a.png')$$, tests.get_user_id('av_banned')),
  '42501', null, 'a banned user cannot upload an avatar');

select tests.authenticate_as_anon();
select is_empty($$select 1 from storage.objects where bucket_id = 'avatars'$$, 'anon lists nothing (public URLs need no policy)');
select throws_ok($$insert into storage.objects (bucket_id, name) values ('avatars', 'x/a.png')$$, '42501', null, 'anon cannot upload');
select tests.authenticate_as('av_other');
select is((select count(*)::int from storage.objects where bucket_id = 'avatars'), 1, 'another user sees only their own file');

select * from finish();
rollback;
