-- A refund or a chargeback of a bought pack takes its credits back even when they were already
-- spent: the reversal is booked in full and the balance may go below zero. A negative balance is a
-- debt: every spending movement still needs `balance + amount >= 0`, so nothing can be spent until
-- credits earned, bought or granted later have paid it back (they are added as usual, so they pay
-- the debt first). Nothing is ever silently dropped, the ledger stays append-only, and the wallet
-- stays equal to the sum of its ledger. Only the reversal reasons (top_up_refund,
-- top_up_chargeback) may cross zero; every other movement keeps the old rule.
-- The check constraint becomes a trigger that still refuses a negative balance to every writer
-- (Studio's postgres included), except post_credits booking a reversal (a transaction-local flag
-- it sets around that one update).
alter table public.wallets drop constraint wallets_balance_not_negative;
alter table public.credit_ledger drop constraint credit_ledger_balance_after_check;
comment on column public.wallets.balance is
  'Current balance in credits; always the sum of the user''s ledger. Below zero only after a refunded or charged-back top-up whose credits were spent (a debt that blocks spending until paid back).';
comment on column public.credit_ledger.balance_after is
  'The wallet balance right after this movement (negative only after a top-up reversal, see wallets.balance).';

insert into private.error_codes (code, http_status, message_en, message_ru) values
  ('negative_balance', 409, 'Only a refunded or charged-back top-up may take a balance below zero.', 'Уйти в минус баланс может только из-за возврата или оспаривания покупки кредитов.');

create function private.guard_wallet_balance()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.balance < 0 and (tg_op = 'INSERT' or new.balance < old.balance)
     and coalesce(current_setting('questcity.credit_reversal', true), '') <> 'on' then
    perform private.refuse('negative_balance');
  end if;
  return new;
end;
$$;
comment on function private.guard_wallet_balance() is
  'Before insert/update on wallets: refuses (negative_balance) any write that takes a balance below zero or further down, unless private.post_credits is booking a top-up reversal. A negative balance may always move up.';
create trigger guard_wallet_balance before insert or update of balance on public.wallets
  for each row execute function private.guard_wallet_balance();

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
  may_go_negative constant boolean := reason in ('top_up_refund', 'top_up_chargeback');
begin
  if amount is null or amount = 0 then
    perform private.refuse('invalid_amount');
  end if;
  insert into public.wallets (user_id) values (target) on conflict (user_id) do nothing;
  perform set_config('questcity.credit_reversal', case when may_go_negative then 'on' else 'off' end, true);
  update public.wallets w
  set balance = w.balance + post_credits.amount, updated_at = now()
  where w.user_id = target and (w.balance + post_credits.amount >= 0 or post_credits.amount > 0 or may_go_negative)
  returning w.balance into new_balance;
  perform set_config('questcity.credit_reversal', 'off', true);
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
  'The only way credits move: conditional wallet update (row-locked) plus a ledger row, atomically. A debit needs balance + amount >= 0 (refuses insufficient_credits with params shortfall, balance, amount), except the top-up reversals (top_up_refund, top_up_chargeback), which are booked in full and may leave a negative balance (a debt that blocks spending). Credits always apply. Called by definer functions only; the guard_wallet_balance trigger refuses negative balances to any other writer.';
