-- Buckets `avatars` and `merch-images`: every policy checks the whole path with
-- private.is_safe_object_path (no `..`, `.` or empty segments, no leading or trailing slash, no
-- backslash or control character), so `<own id>/../<victim id>/x.png` is refused, and the exact
-- shape: avatars `<own user id>/<file>`, merch images `<item id>/<file>` (one folder, one name).

drop policy avatars_select_own on storage.objects;
drop policy avatars_insert_own on storage.objects;
drop policy avatars_update_own on storage.objects;
drop policy avatars_delete_own on storage.objects;

create policy avatars_select_own on storage.objects
  for select to authenticated
  using (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid()::text)
         and cardinality(storage.foldername(name)) = 1 and private.is_safe_object_path(name));
comment on policy avatars_select_own on storage.objects is
  'avatars: a user lists and reads the metadata of their own files <user id>/<file> (needed to replace one); public URLs need no policy.';

create policy avatars_insert_own on storage.objects
  for insert to authenticated
  with check (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid()::text)
              and cardinality(storage.foldername(name)) = 1 and private.is_safe_object_path(name)
              and (select private.is_active()));
comment on policy avatars_insert_own on storage.objects is 'avatars: an active user uploads only <their user id>/<file>, a safe path.';

create policy avatars_update_own on storage.objects
  for update to authenticated
  using (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid()::text)
         and cardinality(storage.foldername(name)) = 1 and private.is_safe_object_path(name) and (select private.is_active()))
  with check (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid()::text)
              and cardinality(storage.foldername(name)) = 1 and private.is_safe_object_path(name));
comment on policy avatars_update_own on storage.objects is 'avatars: an active user replaces only their own files (safe paths).';

create policy avatars_delete_own on storage.objects
  for delete to authenticated
  using (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid()::text)
         and cardinality(storage.foldername(name)) = 1 and private.is_safe_object_path(name) and (select private.is_active()));
comment on policy avatars_delete_own on storage.objects is 'avatars: an active user deletes only their own files.';

drop policy merch_images_insert on storage.objects;
drop policy merch_images_update on storage.objects;
drop policy merch_images_delete on storage.objects;
drop policy merch_images_select on storage.objects;

create policy merch_images_insert on storage.objects for insert to authenticated
  with check (bucket_id = 'merch-images' and private.is_safe_object_path(name)
              and name ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/[^/]+$'
              and (select private.authorize('merch.manage')));
comment on policy merch_images_insert on storage.objects is 'merch-images: holders of merch.manage upload <item id>/<file>, a safe path.';
create policy merch_images_update on storage.objects for update to authenticated
  using (bucket_id = 'merch-images' and (select private.authorize('merch.manage')))
  with check (bucket_id = 'merch-images' and private.is_safe_object_path(name)
              and name ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/[^/]+$'
              and (select private.authorize('merch.manage')));
comment on policy merch_images_update on storage.objects is 'merch-images: holders of merch.manage replace files (safe paths).';
create policy merch_images_delete on storage.objects for delete to authenticated
  using (bucket_id = 'merch-images' and private.is_safe_object_path(name) and (select private.authorize('merch.manage')));
comment on policy merch_images_delete on storage.objects is 'merch-images: holders of merch.manage delete files.';
create policy merch_images_select on storage.objects for select to authenticated
  using (bucket_id = 'merch-images' and private.is_safe_object_path(name) and (select private.authorize('merch.manage')));
comment on policy merch_images_select on storage.objects is
  'merch-images: staff list the bucket (needed to replace files); the public reads by URL without a policy.';
