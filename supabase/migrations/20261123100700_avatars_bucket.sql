-- Bucket `avatars`: public read (the app shows avatars by URL, no policy needed for that), 2 MiB,
-- png/jpeg/webp (limits enforced by the Storage API before any policy runs). A user uploads,
-- replaces and deletes files only under `<their user id>/`, and not while banned. There is no
-- broad SELECT policy (a public bucket serves files without one; lint 0025): users may list and
-- read the metadata of their own folder only, which upsert (replace) needs.
insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('avatars', 'avatars', true, 2 * 1024 * 1024, array['image/png', 'image/jpeg', 'image/webp'])
on conflict (id) do update
set public = excluded.public,
    file_size_limit = excluded.file_size_limit,
    allowed_mime_types = excluded.allowed_mime_types;

create policy avatars_select_own on storage.objects
  for select to authenticated
  using (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid()::text));
comment on policy avatars_select_own on storage.objects is
  'avatars: a user lists and reads the metadata of their own folder (needed to replace a file); public URLs need no policy.';

create policy avatars_insert_own on storage.objects
  for insert to authenticated
  with check (
    bucket_id = 'avatars'
    and (storage.foldername(name))[1] = (select auth.uid()::text)
    and (select private.is_active())
  );
comment on policy avatars_insert_own on storage.objects is 'avatars: an active user uploads only under <their user id>/.';

create policy avatars_update_own on storage.objects
  for update to authenticated
  using (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid()::text) and (select private.is_active()))
  with check (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid()::text));
comment on policy avatars_update_own on storage.objects is 'avatars: an active user replaces only their own files.';

create policy avatars_delete_own on storage.objects
  for delete to authenticated
  using (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid()::text) and (select private.is_active()));
comment on policy avatars_delete_own on storage.objects is 'avatars: an active user deletes only their own files.';
