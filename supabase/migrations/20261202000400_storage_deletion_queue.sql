-- Removing stored files. SQL cannot delete files (the platform refuses direct deletes from
-- storage.objects: only the Storage API removes the object and its bytes), so whatever must go
-- (an account's avatar, a deleted message's attachment, a deleted draft's media) is queued here,
-- in the same transaction as the change that orphans it, by private.enqueue_storage_deletion().
-- The `storage-cleanup` edge function works through the queue with the Storage API: the
-- storage-cleanup job calls it every minute, and account-delete calls it at once for the account's
-- files. Claims use `for update skip locked`, so two drainers never take the same file; failures
-- are retried with growing delays. See docs/scheduled-jobs.md.

alter table private.pending_storage_deletions
  add column attempts integer not null default 0,
  add column next_attempt_at timestamptz not null default now(),
  add column claimed_until timestamptz,
  add column last_error text;
comment on table private.pending_storage_deletions is
  'Files to remove with the Storage API (queued by private.enqueue_storage_deletion, worked off by the storage-cleanup function). A queued file is no longer served where policies check the queue.';
comment on column private.pending_storage_deletions.reason is 'Why the file goes (account deleted, message deleted, …).';
comment on column private.pending_storage_deletions.created_at is 'When it was queued.';
comment on column private.pending_storage_deletions.attempts is 'How many times a drainer claimed it.';
comment on column private.pending_storage_deletions.next_attempt_at is 'Not claimed again before this time (grows with each failure).';
comment on column private.pending_storage_deletions.claimed_until is 'A drainer holds it until then (a crashed drainer''s claim expires).';
comment on column private.pending_storage_deletions.last_error is 'Why the last attempt failed.';
create index pending_storage_deletions_due_idx on private.pending_storage_deletions (next_attempt_at, id);

create function private.enqueue_storage_deletion(bucket text, object_name text, reason text)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into private.pending_storage_deletions (bucket_id, name, reason)
  values (bucket, object_name, reason)
  on conflict on constraint pending_storage_deletions_object_key do nothing;
$$;
comment on function private.enqueue_storage_deletion(text, text, text) is
  'Queues one file for removal through the Storage API (idempotent per bucket and path). The one way to remove a stored file.';

create function private.claim_storage_deletions(max_items integer default 100)
returns setof private.pending_storage_deletions
language sql
security definer
set search_path = ''
as $$
  update private.pending_storage_deletions d
  set claimed_until = now() + interval '2 minutes', attempts = d.attempts + 1
  where d.id in (
    select q.id from private.pending_storage_deletions q
    where q.next_attempt_at <= now() and (q.claimed_until is null or q.claimed_until < now())
    order by q.next_attempt_at, q.id
    limit least(greatest(max_items, 1), 1000)
    for update skip locked)
  returning d.*;
$$;
comment on function private.claim_storage_deletions(integer) is
  'Claims up to max_items due files for one drainer (skip locked: concurrent drainers get disjoint sets).';

create function private.settle_storage_deletions(removed bigint[], failed bigint[], error text)
returns void
language sql
security definer
set search_path = ''
as $$
  delete from private.pending_storage_deletions d where d.id = any (removed);
  update private.pending_storage_deletions d
  set claimed_until = null, last_error = left(error, 1000),
      next_attempt_at = now() + least(interval '1 day', interval '1 minute' * power(2, least(d.attempts, 11)))
  where d.id = any (failed);
$$;
comment on function private.settle_storage_deletions(bigint[], bigint[], text) is
  'Records a drainer''s outcome: removed files leave the queue; failed ones wait 2^attempts minutes (at most a day).';

revoke execute on function private.enqueue_storage_deletion(text, text, text), private.claim_storage_deletions(integer),
  private.settle_storage_deletions(bigint[], bigint[], text) from public;

select cron.schedule('storage-cleanup', '* * * * *', $$select private.invoke_edge_function('storage-cleanup')$$);
