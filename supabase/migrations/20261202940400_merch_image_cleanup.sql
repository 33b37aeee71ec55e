-- Merch images follow their item (found by the probe of main: class "cleanup and deletion paths").
-- Deleting a merch item, or dropping an image from its image_paths, left the files in the public
-- merch-images bucket for good (quests, chats and accounts queue theirs). Now, like a quest's
-- files: a deleted item queues every file of its folder <item id>/, and an update of image_paths
-- queues the paths it no longer lists, through private.enqueue_storage_deletion (storage-cleanup
-- removes them).
create function private.queue_merch_item_files()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    perform private.enqueue_storage_deletion(o.bucket_id, o.name, 'merch item deleted')
    from storage.objects o
    where o.bucket_id = 'merch-images' and o.name like old.id::text || '/%';
  else
    perform private.enqueue_storage_deletion('merch-images', dropped.path, 'merch image removed')
    from unnest(old.image_paths) dropped (path)
    where not dropped.path = any (coalesce(new.image_paths, '{}'));
  end if;
  return null;
end;
$$;
comment on function private.queue_merch_item_files() is
  'Trigger: queues the images an item no longer lists, and every file of a deleted item''s folder (merch-images), for removal by storage-cleanup.';
revoke execute on function private.queue_merch_item_files() from public;

create trigger queue_merch_item_files after update of image_paths or delete on public.merch_items
  for each row execute function private.queue_merch_item_files();
comment on trigger queue_merch_item_files on public.merch_items is 'An item''s removed images, and a deleted item''s folder, are queued for removal.';
