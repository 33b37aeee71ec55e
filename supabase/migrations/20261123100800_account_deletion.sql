-- Account deletion (edge function `account-delete`): the user's auth row is deleted in SQL and our
-- foreign keys carry out the content policy (docs/auth-and-profiles.md#deleting-an-account):
-- profile, roles, bans, wallet, favourites, friendships and memberships go (on delete cascade);
-- reviews and chat messages stay with their author cleared (on delete set null); the audit log
-- keeps the action with the actor cleared. Avatar files are removed through the Storage API by
-- the function; paths it could not remove are queued in private.pending_storage_deletions.

create table private.pending_storage_deletions (
  id bigint generated always as identity primary key,
  bucket_id text not null,
  name text not null,
  reason text not null,
  created_at timestamptz not null default now(),
  constraint pending_storage_deletions_object_key unique (bucket_id, name)
);
comment on table private.pending_storage_deletions is
  'Files of deleted accounts that the Storage API could not remove at the time (unreachable, error). Remove them with the Storage API (service role) and delete the row; see docs/admin-studio.md.';
comment on column private.pending_storage_deletions.bucket_id is 'Bucket of the file.';
comment on column private.pending_storage_deletions.name is 'Path of the file in the bucket.';
comment on column private.pending_storage_deletions.reason is 'Why the removal failed.';
comment on column private.pending_storage_deletions.created_at is 'When the removal was attempted.';
alter table private.pending_storage_deletions enable row level security;
revoke all on private.pending_storage_deletions from public, anon, authenticated;

create function private.delete_account(target uuid)
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
    raise exception using errcode = 'PT404', message = 'user_not_found', detail = 'This account does not exist (any more).';
  end if;
  return avatar_files;
end;
$$;
comment on function private.delete_account(uuid) is
  'Deletes an auth user (our foreign keys apply the content policy) and returns the avatar paths to remove with the Storage API. Only the account-delete function calls it, as postgres.';
revoke execute on function private.delete_account(uuid) from public, anon, authenticated;
