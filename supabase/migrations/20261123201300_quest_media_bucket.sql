-- Bucket `quest-media`: covers, gallery images and route-point media of quests, 10 MiB, images,
-- short video and audio (limits enforced by the Storage API). Every file lives under
-- `<quest id>/`; route-point media under `<quest id>/points/`.
-- The bucket is private (not `public`), because a public bucket serves every file to anyone with
-- its URL, drafts and locked routes included. Instead reading follows the quest:
-- - `<quest id>/…` (cover, gallery): whoever can see the quest (anyone, anon included, for a
--   published quest; the author and staff for drafts);
-- - `<quest id>/points/…`: whoever may read the quest's points (private.can_read_points: access to
--   a locked quest, or the author and staff).
-- The app shows files through signed URLs (createSignedUrl(s), which needs exactly this read right)
-- or downloads them. Writing (upload, replace, delete) follows editing the quest
-- (private.can_edit_quest): the author while the quest is a draft, or holders of quests.manage;
-- never a banned user.
insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('quest-media', 'quest-media', false, 10 * 1024 * 1024,
        array['image/jpeg', 'image/png', 'image/webp', 'video/mp4', 'video/webm', 'audio/mpeg', 'audio/mp4'])
on conflict (id) do update
set public = excluded.public,
    file_size_limit = excluded.file_size_limit,
    allowed_mime_types = excluded.allowed_mime_types;

-- Paths the catalogue stores point into the quest's own folder (points' media under points/).
alter table public.quests
  add constraint quests_cover_path_in_folder
  check (cover_path is null or (cover_path like id::text || '/%' and cover_path not like id::text || '/points/%'));
alter table public.quest_points
  add constraint quest_points_media_path_in_folder check (media_path is null or media_path like quest_id::text || '/points/%');

create function private.quest_media_quest_id(object_name text)
returns uuid
language sql
immutable
set search_path = ''
as $$
  select case when split_part(object_name, '/', 1) ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
              and split_part(object_name, '/', 2) <> ''
         then split_part(object_name, '/', 1)::uuid end;
$$;
comment on function private.quest_media_quest_id(text) is
  'The quest a quest-media path belongs to: its first folder when that is a uuid and a file name follows, else null.';

create function private.can_read_quest_media(object_name text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(
    case when split_part(object_name, '/', 2) = 'points'
         then private.can_read_points(private.quest_media_quest_id(object_name))
         else private.can_view_quest(private.quest_media_quest_id(object_name)) end,
    false);
$$;
comment on function private.can_read_quest_media(text) is
  'May the caller read this quest-media file? <quest>/points/…: with access to the route; other files: whoever sees the quest.';

create function private.can_write_quest_media(object_name text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(private.can_edit_quest(private.quest_media_quest_id(object_name)), false);
$$;
comment on function private.can_write_quest_media(text) is
  'May the caller upload, replace or delete this quest-media file? The author of a draft quest, or quests.manage (never banned).';

revoke execute on function private.quest_media_quest_id(text), private.can_read_quest_media(text),
  private.can_write_quest_media(text) from public;
grant execute on function private.quest_media_quest_id(text), private.can_read_quest_media(text) to anon, authenticated;
grant execute on function private.can_write_quest_media(text) to authenticated;

create policy quest_media_select on storage.objects for select to anon, authenticated
  using (bucket_id = 'quest-media' and (select private.can_read_quest_media(name)));
comment on policy quest_media_select on storage.objects is
  'quest-media: cover and gallery files for whoever sees the quest; points/ files only with access to the route.';
create policy quest_media_insert on storage.objects for insert to authenticated
  with check (bucket_id = 'quest-media' and (select private.can_write_quest_media(name)));
comment on policy quest_media_insert on storage.objects is 'quest-media: uploads by the author of a draft or quests.manage, under <quest id>/.';
create policy quest_media_update on storage.objects for update to authenticated
  using (bucket_id = 'quest-media' and (select private.can_write_quest_media(name)))
  with check (bucket_id = 'quest-media' and (select private.can_write_quest_media(name)));
comment on policy quest_media_update on storage.objects is 'quest-media: replacing files, same rule as uploading.';
create policy quest_media_delete on storage.objects for delete to authenticated
  using (bucket_id = 'quest-media' and (select private.can_write_quest_media(name)));
comment on policy quest_media_delete on storage.objects is 'quest-media: deleting files, same rule as uploading.';
