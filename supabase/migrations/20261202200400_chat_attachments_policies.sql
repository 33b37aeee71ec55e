-- Bucket chat-attachments: every policy checks the path with private.is_safe_object_path (no `..`,
-- `.` or empty segments that could name another chat's folder once normalised), the folder with
-- private.chat_id_of_key, and uploads are owned by the uploader (storage owner_id = the caller), so
-- that a message can prove its attachment is the sender's own file. Files queued for removal (a
-- deleted message's attachment, a replaced group picture, a deleted chat's folder) are no longer
-- served.

drop policy chat_attachments_select on storage.objects;
drop policy chat_attachments_insert on storage.objects;
drop policy chat_attachments_delete on storage.objects;

create or replace function private.chat_folder_member(object_name text, writing boolean)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(
    case when writing then private.can_post_in(private.chat_id_of_key(split_part(object_name, '/', 1)))
         else private.is_chat_member(private.chat_id_of_key(split_part(object_name, '/', 1)))
              and not exists (select 1 from private.pending_storage_deletions p
                              where p.bucket_id = 'chat-attachments' and p.name = object_name) end,
    false);
$$;
comment on function private.chat_folder_member(text, boolean) is
  'True when the object lies under <chat id>/ of a chat the caller may read (or, writing, post in); files queued for removal are no longer readable.';

create policy chat_attachments_select on storage.objects for select to authenticated
  using (bucket_id = 'chat-attachments' and private.is_safe_object_path(name) and private.chat_folder_member(name, false));
comment on policy chat_attachments_select on storage.objects is 'chat-attachments: current members download files of the chat folder (not those queued for removal).';
create policy chat_attachments_insert on storage.objects for insert to authenticated
  with check (bucket_id = 'chat-attachments' and private.is_safe_object_path(name) and owner_id = (select auth.uid()::text)
              and private.chat_folder_member(name, true));
comment on policy chat_attachments_insert on storage.objects is 'chat-attachments: members who may post upload, as themselves, under the chat folder.';
create policy chat_attachments_delete on storage.objects for delete to authenticated
  using (bucket_id = 'chat-attachments' and private.is_safe_object_path(name) and owner_id = (select auth.uid()::text)
         and private.chat_folder_member(name, true));
comment on policy chat_attachments_delete on storage.objects is 'chat-attachments: the uploader deletes their own file while they may still post in the chat.';
