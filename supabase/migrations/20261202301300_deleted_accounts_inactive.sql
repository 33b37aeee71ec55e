-- After an account is deleted its access token stays valid until it expires (up to an hour): such a
-- caller is no longer active, so every write policy and every guard refuses it (forbidden) instead
-- of failing later on a foreign key. private.is_active() now also asks that the account exists.
create or replace function private.is_active()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select auth.uid() is not null
     and exists (select 1 from auth.users u where u.id = auth.uid())
     and not private.is_banned(auth.uid());
$$;
comment on function private.is_active() is
  'True when the caller is a signed-in user whose account exists and has no ban in force. Every write policy calls it: a ban (or the deletion) bites at once, even with an older token.';

-- The account deletion takes its locks in the order every merch and credits writer takes them
-- (the open orders, their items, the wallet, then the account), so a purchase, a reward or a staff
-- order change racing with the deletion waits for it, or it for them, instead of deadlocking.
create or replace function private.delete_account(target uuid)
returns text[]
language plpgsql
security definer
set search_path = ''
as $$
declare
  files text[];
begin
  perform 1 from public.merch_orders o where o.user_id = target and o.status in ('pending', 'paid') order by o.id for update;
  perform 1 from public.merch_items i
  where i.id in (select oi.item_id from public.merch_order_items oi join public.merch_orders o on o.id = oi.order_id
                 where o.user_id = target and o.status in ('pending', 'paid'))
  order by i.id
  for update;
  perform 1 from public.wallets w where w.user_id = target for update;
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
  'Deletes an account (the triggers on auth.users and our foreign keys apply the deletion policy) and returns the paths of its files, queued for removal. Locks the open orders, their items, the wallet, then the account, as its other writers do. Only the account-delete function calls it, as postgres.';
