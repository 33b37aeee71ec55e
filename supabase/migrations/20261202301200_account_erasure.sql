-- Account deletion that works for real users, whatever path deletes the auth user (the
-- account-delete function, Studio, Auth's admin API): two triggers on auth.users carry out the
-- policy of docs/auth-and-profiles.md#deleting-an-account in the deleting transaction.
--
-- BEFORE DELETE, while the account still exists (private.erase_account_content):
-- - records the id for the append-only tables (setting questcity.erased_accounts, see
--   20261202300000_append_only_erasure.sql);
-- - queues the account's files (private.account_files): avatars, chat uploads no message or
--   chat uses, the media of its unpublished quests;
-- - cancels its pending and paid-but-unshipped orders (refund through the ledger, stock back),
--   then keeps every order as an accounting record without the person: buyer, name, phone,
--   street, city, postal code, tracking number and cancellation text cleared (country kept);
-- - deletes its unpublished quests (draft, in review); published and archived ones stay;
-- - gives its direct chats a key that no longer names it; deletes other users' notifications
--   that name it; clears it as the owner of the stored files that stay (published quest media,
--   merch images, attachments of kept messages); forgets its rate-limit hits.
-- Then the foreign keys act (each one's rule is listed and tested in
-- supabase/tests/database/accounts_deletion_policy.test.sql): cascade for the person's own rows,
-- set null for shared records (messages, reviews, published quests, ledger, audit, staff columns).
-- AFTER DELETE (private.clear_account_from_audit): audit rows about the account lose its id
-- (target_id, and top-level before/after values).

-- Orders are kept without the person.
alter table public.merch_orders alter column user_id drop not null;
alter table public.merch_orders drop constraint merch_orders_user_id_fkey,
  add constraint merch_orders_user_id_fkey foreign key (user_id) references auth.users (id) on delete set null;
alter table public.merch_orders
  alter column ship_name drop not null,
  alter column ship_phone drop not null,
  alter column ship_address drop not null,
  alter column ship_city drop not null,
  alter column ship_postal_code drop not null,
  add constraint merch_orders_shipping_while_owned
    check (user_id is null or (ship_name is not null and ship_phone is not null and ship_address is not null
                               and ship_city is not null and ship_postal_code is not null));
comment on column public.merch_orders.user_id is 'The buyer; null once they deleted their account (the order stays as an accounting record).';
comment on column public.merch_orders.ship_name is 'Recipient (cleared when the buyer deletes their account).';
comment on column public.merch_orders.ship_phone is 'Recipient phone (cleared when the buyer deletes their account).';
comment on column public.merch_orders.ship_address is 'Street address (cleared when the buyer deletes their account).';
comment on column public.merch_orders.ship_city is 'City (cleared when the buyer deletes their account).';
comment on column public.merch_orders.ship_postal_code is 'Postal code (cleared when the buyer deletes their account).';
comment on column public.merch_orders.ship_country is 'ISO 3166-1 alpha-2 country code (kept for accounting).';

create function private.account_files(account uuid)
returns table (bucket_id text, name text)
language sql
stable
security definer
set search_path = ''
as $$
  -- Avatars: the account's folder.
  select o.bucket_id, o.name
  from storage.objects o
  where o.bucket_id = 'avatars' and o.name like account::text || '/%'
  union
  -- Chat uploads of the account that no message and no chat (group avatar) refers to.
  select o.bucket_id, o.name
  from storage.objects o
  where o.bucket_id = 'chat-attachments' and o.owner_id = account::text
    and not exists (select 1 from public.messages m
                    where m.chat_id::text = split_part(o.name, '/', 1) and m.attachment_path = o.name)
    and not exists (select 1 from public.chats c where c.avatar_path = o.name)
  union
  -- Media of the account's unpublished quests (deleted with them).
  select o.bucket_id, o.name
  from public.quests q
  join storage.objects o on o.bucket_id = 'quest-media' and o.name like q.id::text || '/%'
  where q.author_id = account and q.status in ('draft', 'in_review');
$$;
comment on function private.account_files(uuid) is
  'Stored files that go with an account: its avatars, its chat uploads nothing refers to, the media of its unpublished quests.';

create function private.erase_account_content()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  account uuid := old.id;
  open_order uuid;
begin
  perform set_config('questcity.erased_accounts',
    concat_ws(',', nullif(current_setting('questcity.erased_accounts', true), ''), account::text), true);

  perform private.enqueue_storage_deletion(f.bucket_id, f.name, 'account deleted') from private.account_files(account) f;

  for open_order in
    select o.id from public.merch_orders o
    where o.user_id = account and o.status in ('pending', 'paid')
    order by o.created_at, o.id
    for update
  loop
    perform private.cancel_merch_order_core(open_order, 'account_deleted', null);
  end loop;
  update public.merch_orders o
  set user_id = null, ship_name = null, ship_phone = null, ship_address = null, ship_city = null,
      ship_postal_code = null, tracking_number = null, cancel_reason = null
  where o.user_id = account;

  delete from public.quests q where q.author_id = account and q.status in ('draft', 'in_review');

  update public.chats c set direct_key = 'erased:' || c.id::text
  where c.kind = 'direct' and c.id in (select m.chat_id from public.chat_members m where m.user_id = account);

  delete from public.notifications n where n.user_id <> account and n.payload::text like '%' || account::text || '%';

  update storage.objects o set owner = null, owner_id = null
  where o.owner_id = account::text
    and not exists (select 1 from private.pending_storage_deletions d where d.bucket_id = o.bucket_id and d.name = o.name);

  delete from private.rate_limit_hits h where h.subject = 'user:' || account::text;
  return old;
end;
$$;
comment on function private.erase_account_content() is
  'BEFORE DELETE trigger on auth.users: marks the account as erased for the append-only tables, queues its files, cancels its open orders and anonymises all its orders, deletes its unpublished quests, unnames its direct chats, deletes other users'' notifications naming it, clears it as owner of kept files, forgets its rate-limit hits.';

create function private.clear_account_from_audit()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.audit_log a
  set (target_id, before, after) = (
    select e.target_id, e.before, e.after
    from jsonb_populate_record(null::public.audit_log,
           private.erase_account_references('audit_log', to_jsonb(a), array[old.id])) e)
  where a.target_id = old.id::text
     or a.before::text like '%' || old.id::text || '%'
     or a.after::text like '%' || old.id::text || '%';
  return null;
end;
$$;
comment on function private.clear_account_from_audit() is
  'AFTER DELETE trigger on auth.users: audit rows about the deleted account lose its id (target_id, before/after values); the append-only trigger accepts exactly this change.';

revoke execute on function private.account_files(uuid), private.erase_account_content(), private.clear_account_from_audit() from public;

create trigger erase_account_content
  before delete on auth.users
  for each row execute function private.erase_account_content();
create trigger clear_account_from_audit
  after delete on auth.users
  for each row execute function private.clear_account_from_audit();

create or replace function private.delete_account(target uuid)
returns text[]
language plpgsql
security definer
set search_path = ''
as $$
declare
  files text[];
begin
  perform 1 from auth.users u where u.id = target for update;
  if not found then
    perform private.refuse('user_not_found');
  end if;
  select coalesce(array_agg(f.name order by f.name), '{}') into files from private.account_files(target) f;
  delete from auth.users u where u.id = target;
  return files;
end;
$$;
comment on function private.delete_account(uuid) is
  'Deletes an account (the triggers on auth.users and our foreign keys apply the deletion policy) and returns the paths of its files, queued for removal. Only the account-delete function calls it, as postgres.';
