-- "My …" reads return the caller's rows only, whoever calls (issue 12: "my wallet" with .single()
-- broke for admins, who could read every wallet through the same policy). Wallets, the ledger,
-- access grants and unlock requests are now readable by their owner only (runs, check-ins and
-- hints already were); staff read other people's through separate calls that check their
-- permission and say what they return:
--   staff_wallet(user, after, page_size)   credits.grant: a user's balance and ledger, keyset-paged;
--   unlock_queue(after, page_size)         unlock.decide: pending requests, oldest first, with the
--                                          quest title and the requester's public fields;
--   flagged_runs(after, page_size)         runs.review (20261202110600).
-- The wallet screen is one call too: wallet_screen(after, page_size) → {balance, updated_at,
-- entries, next_cursor} for the caller.

drop policy wallets_select on public.wallets;
create policy wallets_select on public.wallets for select to authenticated using (user_id = (select auth.uid()));
comment on policy wallets_select on public.wallets is 'A user reads their own wallet (staff too: others'' through staff_wallet).';
drop policy credit_ledger_select on public.credit_ledger;
create policy credit_ledger_select on public.credit_ledger for select to authenticated using (user_id = (select auth.uid()));
comment on policy credit_ledger_select on public.credit_ledger is 'A user reads their own ledger (staff too: others'' through staff_wallet).';
drop policy quest_access_grants_select on public.quest_access_grants;
create policy quest_access_grants_select on public.quest_access_grants for select to authenticated using (user_id = (select auth.uid()));
comment on policy quest_access_grants_select on public.quest_access_grants is 'A user reads their own grants, whoever they are.';
drop policy unlock_requests_select on public.unlock_requests;
create policy unlock_requests_select on public.unlock_requests for select to authenticated using (user_id = (select auth.uid()));
comment on policy unlock_requests_select on public.unlock_requests is 'A user reads their own requests (staff work the queue through unlock_queue).';
comment on table public.wallets is
  'One credits balance per user, changed only by private.post_credits() together with a ledger row. Never negative. Each user reads their own.';
comment on table public.credit_ledger is
  'Append-only history of credit movements (signed amounts). Written only by private.post_credits(); each user reads their own.';

-- One page of a user's ledger with their balance.
create function private.wallet_page(target_user uuid, after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  size integer := private.require_page_size(page_size);
  wallet public.wallets;
  entries jsonb;
begin
  select * into wallet from public.wallets w where w.user_id = target_user;
  select coalesce(jsonb_agg(e.entry order by e.created_at desc, e.id desc), '[]') into entries
  from (
    select l.created_at, l.id, jsonb_build_object(
             'id', l.id, 'amount', l.amount, 'reason', l.reason, 'balance_after', l.balance_after,
             'quest_id', l.quest_id, 'quest_title', q.title, 'reference_id', l.reference_id, 'note', l.note,
             'created_at', l.created_at, 'cursor', jsonb_build_object('at', l.created_at, 'id', l.id)) as entry
    from private.keyset_cursor(after, 'bigint') k
    cross join public.credit_ledger l
    left join public.quests q on q.id = l.quest_id
    where l.user_id = target_user
      and (k.at is null or (l.created_at, l.id) < (k.at, k.id::bigint))
    order by l.created_at desc, l.id desc
    limit size
  ) e;
  return jsonb_build_object(
    'balance', coalesce(wallet.balance, 0), 'updated_at', wallet.updated_at, 'entries', entries,
    'next_cursor', case when jsonb_array_length(entries) = size then entries -> (size - 1) -> 'cursor' end);
end;
$$;
comment on function private.wallet_page(uuid, jsonb, integer) is
  'A user''s balance and one page of their ledger, newest first, keyset-paged by (created_at, id), with the quest titles. Callers check who may read it.';

create function private.wallet_screen(after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if auth.uid() is null then
    perform private.refuse('not_signed_in');
  end if;
  return private.wallet_page(auth.uid(), after, page_size);
end;
$$;
comment on function private.wallet_screen(jsonb, integer) is 'The caller''s wallet screen (balance and a page of their ledger).';
grant execute on function private.wallet_screen(jsonb, integer) to authenticated;

create function public.wallet_screen(after jsonb default null, page_size integer default 20)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select private.wallet_screen(after, page_size);
$$;
comment on function public.wallet_screen(jsonb, integer) is
  'RPC: the caller''s wallet and history in one call, {balance, updated_at, entries: [{id, amount, reason, balance_after, quest_id, quest_title, reference_id, note, created_at, cursor}], next_cursor}; next page: after = next_cursor. Always the caller''s own, staff included. Errors: invalid_cursor, invalid_parameter.';
revoke execute on function public.wallet_screen(jsonb, integer) from public, anon;
grant execute on function public.wallet_screen(jsonb, integer) to authenticated;

create function private.staff_wallet(target_user uuid, after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  person jsonb := private.public_profile(target_user);
begin
  perform private.require_permission('credits.grant');
  if person is null then
    perform private.refuse('user_not_found');
  end if;
  return jsonb_build_object('user', person) || private.wallet_page(target_user, after, page_size);
end;
$$;
comment on function private.staff_wallet(uuid, jsonb, integer) is 'Another user''s wallet and ledger, for holders of credits.grant.';
grant execute on function private.staff_wallet(uuid, jsonb, integer) to authenticated;

create function public.staff_wallet(user_id uuid, after jsonb default null, page_size integer default 20)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select private.staff_wallet(user_id, after, page_size);
$$;
comment on function public.staff_wallet(uuid, jsonb, integer) is
  'RPC (credits.grant): a user''s wallet and history, {user: {id, username, display_name, avatar_path}, balance, updated_at, entries, next_cursor} (entries as in wallet_screen). Errors: forbidden, user_not_found, invalid_cursor, invalid_parameter.';
revoke execute on function public.staff_wallet(uuid, jsonb, integer) from public, anon;
grant execute on function public.staff_wallet(uuid, jsonb, integer) to authenticated;

create function private.unlock_queue(after jsonb, page_size integer)
returns table (
  id uuid, quest_id uuid, quest_title text, price_credits integer, message text, created_at timestamptz,
  requester jsonb, requester_can_afford boolean, cursor jsonb)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_permission('unlock.decide');
  return query
    select r.id, r.quest_id, q.title, q.price_credits, r.message, r.created_at, private.public_profile(r.user_id),
           coalesce((select w.balance from public.wallets w where w.user_id = r.user_id), 0) >= q.price_credits,
           jsonb_build_object('at', r.created_at, 'id', r.id)
    from private.keyset_cursor(after, 'uuid') k
    cross join public.unlock_requests r
    join public.quests q on q.id = r.quest_id
    where r.status = 'pending'
      and (k.at is null or (r.created_at, r.id) > (k.at, k.id::uuid))
    order by r.created_at, r.id
    limit private.require_page_size(page_size);
end;
$$;
comment on function private.unlock_queue(jsonb, integer) is
  'Pending unlock requests, oldest first, keyset-paged by (created_at, id), for holders of unlock.decide.';
grant execute on function private.unlock_queue(jsonb, integer) to authenticated;

create function public.unlock_queue(after jsonb default null, page_size integer default 20)
returns table (
  id uuid, quest_id uuid, quest_title text, price_credits integer, message text, created_at timestamptz,
  requester jsonb, requester_can_afford boolean, cursor jsonb)
language sql
stable
security invoker
set search_path = ''
as $$
  select * from private.unlock_queue(after, page_size);
$$;
comment on function public.unlock_queue(jsonb, integer) is
  'RPC (unlock.decide): the staff unlock queue in one call, oldest first: request id, quest_id, quest_title, price_credits (the quest''s price now), message, created_at, requester {id, username, display_name, avatar_path}, requester_can_afford, cursor. Next page: after = the last item''s cursor. Errors: forbidden, invalid_cursor, invalid_parameter.';
revoke execute on function public.unlock_queue(jsonb, integer) from public, anon;
grant execute on function public.unlock_queue(jsonb, integer) to authenticated;

revoke execute on function private.wallet_page(uuid, jsonb, integer) from public;
