-- Account deletion queues the account's avatar files in the same transaction as the deletion
-- (private.enqueue_storage_deletion), instead of handing paths back to be removed by the caller:
-- if the transaction commits, the files are certain to go (storage-cleanup retries until the
-- Storage API has removed them); if it rolls back, nothing is queued.
create or replace function private.delete_account(target uuid)
returns text[]
language plpgsql
security definer
set search_path = ''
as $$
declare
  avatar_files text[];
begin
  select coalesce(array_agg(o.name order by o.name), '{}') into avatar_files
  from storage.objects o
  where o.bucket_id = 'avatars' and (storage.foldername(o.name))[1] = target::text;
  delete from auth.users u where u.id = target;
  if not found then
    perform private.refuse('user_not_found');
  end if;
  perform private.enqueue_storage_deletion('avatars', f, 'account deleted') from unnest(avatar_files) f;
  return avatar_files;
end;
$$;
comment on function private.delete_account(uuid) is
  'Deletes an auth user (our foreign keys apply the content policy), queues the avatar files for removal and returns their paths. Only the account-delete function calls it, as postgres.';
