-- private.post_credits refuses with the catalogued insufficient_credits and the real shortfall
-- (params {shortfall, balance, amount}): "needs 900 more" when 1000 are asked of a balance of 100,
-- not the full amount. The rest of the function is unchanged.
create or replace function private.post_credits(
  target uuid,
  amount integer,
  reason public.credit_reason,
  quest_id uuid default null,
  reference_id uuid default null,
  note text default null
)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  new_balance integer;
  current_balance integer;
begin
  if amount is null or amount = 0 then
    perform private.refuse('invalid_amount');
  end if;
  insert into public.wallets (user_id) values (target) on conflict (user_id) do nothing;
  update public.wallets w
  set balance = w.balance + post_credits.amount, updated_at = now()
  where w.user_id = target and w.balance + post_credits.amount >= 0
  returning w.balance into new_balance;
  if new_balance is null then
    select w.balance into current_balance from public.wallets w where w.user_id = target;
    perform private.refuse('insufficient_credits', jsonb_build_object(
      'shortfall', -(current_balance + post_credits.amount), 'balance', current_balance, 'amount', -post_credits.amount));
  end if;
  insert into public.credit_ledger (user_id, amount, reason, balance_after, quest_id, reference_id, note, created_by)
  values (target, post_credits.amount, post_credits.reason, new_balance, post_credits.quest_id,
          post_credits.reference_id, post_credits.note, auth.uid());
  return new_balance;
end;
$$;
comment on function private.post_credits(uuid, integer, public.credit_reason, uuid, uuid, text) is
  'The only way credits move: conditional wallet update (never below zero, row-locked) plus a ledger row, atomically. Refuses insufficient_credits with params shortfall, balance, amount. Called by definer functions only.';
