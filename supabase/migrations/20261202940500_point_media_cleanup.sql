-- Point media follow their point (found by the probe of main: class "cleanup and deletion paths").
-- A point's media file stayed in quest-media when the point was deleted or its media_path replaced,
-- until the whole quest was deleted (published quests rarely are: their old media stayed for good).
-- Now the file a point no longer uses is queued for removal in the same transaction, unless another
-- point of the quest still uses it.
create function private.queue_point_media()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if old.media_path is not null and (tg_op = 'DELETE' or old.media_path is distinct from new.media_path)
     and not exists (select 1 from public.quest_points p where p.media_path = old.media_path and p.id <> old.id)
     and exists (select 1 from public.quests q where q.id = old.quest_id) then  -- a deleted quest queues its whole folder
    perform private.enqueue_storage_deletion('quest-media', old.media_path,
      case tg_op when 'DELETE' then 'point deleted' else 'point media replaced' end);
  end if;
  return null;
end;
$$;
comment on function private.queue_point_media() is
  'Trigger: queues the media file a point no longer uses (point deleted or media_path replaced) for removal by storage-cleanup, unless another point still uses it.';
revoke execute on function private.queue_point_media() from public;

create trigger queue_point_media after update of media_path or delete on public.quest_points
  for each row execute function private.queue_point_media();
comment on trigger queue_point_media on public.quest_points is 'A point''s replaced or orphaned media file is queued for removal.';
