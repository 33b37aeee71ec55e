-- Bucket `chat-attachments`: private, 20 MiB, images, audio, video and PDF, under <chat id>/;
-- read and written only by current members of that chat (removed members lose access too).
insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('chat-attachments', 'chat-attachments', false, 20 * 1024 * 1024,
        array['image/*', 'audio/*', 'video/*', 'application/pdf'])
on conflict (id) do update
set public = excluded.public, file_size_limit = excluded.file_size_limit, allowed_mime_types = excluded.allowed_mime_types;

create function private.chat_folder_member(object_name text, writing boolean)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when (storage.foldername(object_name))[1] ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
      case when writing then private.can_post_in(((storage.foldername(object_name))[1])::uuid)
           else private.is_chat_member(((storage.foldername(object_name))[1])::uuid)
                and not exists (select 1 from private.pending_storage_deletions p
                                where p.bucket_id = 'chat-attachments' and p.name = object_name) end
    else false
  end;
$$;
comment on function private.chat_folder_member(text, boolean) is 'True when the object lies under <chat id>/ of a chat the caller may read (or, writing, post in); files of deleted messages (queued for removal) are no longer readable.';
revoke execute on function private.chat_folder_member(text, boolean) from public;
grant execute on function private.chat_folder_member(text, boolean) to authenticated;

create policy chat_attachments_select on storage.objects for select to authenticated
  using (bucket_id = 'chat-attachments' and private.chat_folder_member(name, false));
comment on policy chat_attachments_select on storage.objects is 'chat-attachments: current members download.';
create policy chat_attachments_insert on storage.objects for insert to authenticated
  with check (bucket_id = 'chat-attachments' and private.chat_folder_member(name, true));
comment on policy chat_attachments_insert on storage.objects is 'chat-attachments: members who may post upload under the chat folder.';
create policy chat_attachments_delete on storage.objects for delete to authenticated
  using (bucket_id = 'chat-attachments' and owner_id = (select auth.uid()::text) and private.chat_folder_member(name, true));
comment on policy chat_attachments_delete on storage.objects is 'chat-attachments: the uploader deletes their own file while still a member.';
