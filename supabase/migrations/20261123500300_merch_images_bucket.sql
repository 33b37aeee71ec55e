-- Bucket `merch-images`: public read (product photos by URL), 5 MiB, png/jpeg/webp; written only
-- by holders of merch.manage, under <item id>/.
insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('merch-images', 'merch-images', true, 5 * 1024 * 1024, array['image/png', 'image/jpeg', 'image/webp'])
on conflict (id) do update
set public = excluded.public, file_size_limit = excluded.file_size_limit, allowed_mime_types = excluded.allowed_mime_types;

create policy merch_images_insert on storage.objects for insert to authenticated
  with check (bucket_id = 'merch-images' and (select private.authorize('merch.manage')));
comment on policy merch_images_insert on storage.objects is 'merch-images: holders of merch.manage upload.';
create policy merch_images_update on storage.objects for update to authenticated
  using (bucket_id = 'merch-images' and (select private.authorize('merch.manage')))
  with check (bucket_id = 'merch-images' and (select private.authorize('merch.manage')));
comment on policy merch_images_update on storage.objects is 'merch-images: holders of merch.manage replace files.';
create policy merch_images_delete on storage.objects for delete to authenticated
  using (bucket_id = 'merch-images' and (select private.authorize('merch.manage')));
comment on policy merch_images_delete on storage.objects is 'merch-images: holders of merch.manage delete files.';
create policy merch_images_select on storage.objects for select to authenticated
  using (bucket_id = 'merch-images' and (select private.authorize('merch.manage')));
comment on policy merch_images_select on storage.objects is 'merch-images: staff list the bucket (needed to replace files); the public reads by URL without a policy.';
