-- Covers: public, cacheable, and still no way to find a draft's cover.
-- Covers were in the private bucket quest-media, so every card in a list needed its own signed URL,
-- which expires and changes, and defeats image caches and the CDN. Covers now live in the public
-- bucket `quest-covers` (5 MiB, jpeg/png/webp), served by URL with no request to the database:
--   getPublicUrl(cover_path)  →  …/storage/v1/object/public/quest-covers/<quest id>/<uuid>.webp
-- A draft's cover is protected by its name instead of a policy:
-- - the file name is a random UUID (v4, 122 random bits) chosen by the app at upload: a path under
--   `<quest id>/` is unguessable, and the insert policy takes no other name;
-- - nobody but the quest's editors may list the bucket or read object rows (no broad SELECT policy:
--   lint 0025), so names cannot be enumerated;
-- - cover_path, the only place the name is written down, is readable only with the quest itself:
--   by everyone once published, by the author and staff while a draft.
-- A file is never replaced in place (no UPDATE policy): a new cover is a new name, so a cached URL
-- always shows the same picture, and the old file is queued for removal when cover_path moves on.
-- Deleting a quest queues every file of its folders in both buckets.

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('quest-covers', 'quest-covers', true, 5 * 1024 * 1024, array['image/jpeg', 'image/png', 'image/webp'])
on conflict (id) do update
set public = excluded.public,
    file_size_limit = excluded.file_size_limit,
    allowed_mime_types = excluded.allowed_mime_types;

create function private.is_quest_cover_name(object_name text)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select private.is_safe_object_path(object_name)
     and object_name ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.(jpe?g|png|webp)$';
$$;
comment on function private.is_quest_cover_name(text) is
  'True for a quest-covers path `<quest id>/<random UUID v4>.<jpg|jpeg|png|webp>` (lower case): safe and unguessable.';

create function private.can_write_quest_cover(object_name text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.is_quest_cover_name(object_name)
     and coalesce(private.can_edit_quest(private.quest_media_quest_id(object_name)), false);
$$;
comment on function private.can_write_quest_cover(text) is
  'May the caller upload or remove this quest-covers file? A cover name under a quest they may edit (author of a draft, or quests.manage on someone else''s quest).';
grant execute on function private.can_write_quest_cover(text) to authenticated;

create policy quest_covers_select on storage.objects for select to authenticated
  using (bucket_id = 'quest-covers' and (select private.can_write_quest_cover(name)));
comment on policy quest_covers_select on storage.objects is
  'quest-covers: only the quest''s editors list or read object rows (removal needs it); everyone else uses the public URL of a published cover.';
create policy quest_covers_insert on storage.objects for insert to authenticated
  with check (bucket_id = 'quest-covers' and (select private.can_write_quest_cover(name)));
comment on policy quest_covers_insert on storage.objects is
  'quest-covers: the quest''s editors upload `<quest id>/<random UUID v4>.<ext>`, nothing else (no replacing: no UPDATE policy).';
create policy quest_covers_delete on storage.objects for delete to authenticated
  using (bucket_id = 'quest-covers' and (select private.can_write_quest_cover(name)));
comment on policy quest_covers_delete on storage.objects is 'quest-covers: the quest''s editors remove its covers.';

-- cover_path now names a quest-covers file of the quest itself. Paths into quest-media (a signed-URL
-- design, never used by real quests yet) are dropped; those files stay in quest-media as media.
update public.quests set cover_path = null
where cover_path is not null and not (private.is_quest_cover_name(cover_path) and cover_path like id::text || '/%');
alter table public.quests
  drop constraint quests_cover_path_in_folder,
  add constraint quests_cover_path_in_folder check (cover_path is null or (
    private.is_safe_object_path(cover_path)
    and cover_path ~ ('^' || id::text || '/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.(jpe?g|png|webp)$')));
comment on column public.quests.cover_path is
  'Cover in the public bucket quest-covers: `<quest id>/<random UUID v4>.<ext>`, uploaded first (getPublicUrl gives its cacheable URL).';

-- quest-media (gallery and route-point media, private): paths must mean what they say, so that
-- `<own draft id>/../<other quest id>/x.jpg` passes no folder check.
create or replace function private.can_read_quest_media(object_name text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.is_safe_object_path(object_name) and coalesce(
    case when split_part(object_name, '/', 2) = 'points'
         then private.can_read_points(private.quest_media_quest_id(object_name))
         else private.can_view_quest(private.quest_media_quest_id(object_name)) end,
    false);
$$;
comment on function private.can_read_quest_media(text) is
  'May the caller read this quest-media file? Safe paths only; <quest>/points/…: with access to the route; other files: whoever sees the quest.';

create or replace function private.can_write_quest_media(object_name text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.is_safe_object_path(object_name)
     and coalesce(private.can_edit_quest(private.quest_media_quest_id(object_name)), false);
$$;
comment on function private.can_write_quest_media(text) is
  'May the caller upload, replace or delete this quest-media file? Safe paths under a quest they may edit (author of a draft, or quests.manage).';

alter table public.quest_points
  drop constraint quest_points_media_path_in_folder,
  add constraint quest_points_media_path_in_folder
    check (media_path is null or (private.is_safe_object_path(media_path) and media_path like quest_id::text || '/points/%'));
comment on column public.quest_points.media_path is
  'Image, audio or video in the private bucket quest-media, `<quest id>/points/<name>`, uploaded first (read through signed URLs, with access to the route).';

-- Files a quest leaves behind.
create function private.queue_quest_files()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    perform private.enqueue_storage_deletion(o.bucket_id, o.name, 'quest deleted')
    from storage.objects o
    where o.bucket_id in ('quest-covers', 'quest-media') and o.name like old.id::text || '/%';
  elsif old.cover_path is not null and old.cover_path is distinct from new.cover_path then
    perform private.enqueue_storage_deletion('quest-covers', old.cover_path, 'cover replaced');
  end if;
  return null;
end;
$$;
comment on function private.queue_quest_files() is
  'Trigger: queues a replaced cover, and every file of a deleted quest (quest-covers and quest-media), for removal by storage-cleanup.';

create trigger queue_quest_files after update of cover_path or delete on public.quests
  for each row execute function private.queue_quest_files();
