-- Staff credit grants refuse through the error catalogue (private.refuse) like every other call,
-- and a reason longer than the ledger's note (500) is invalid_parameter instead of a 23514. The
-- rule is unchanged: credits.grant, a reason, an amount of ±1..1,000,000, an existing user,
-- audited, never below zero.
create or replace function private.grant_credits(target uuid, amount integer, reason text)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  balance integer;
begin
  perform private.require_permission('credits.grant');
  reason := private.require_max_length(private.require_reason(reason), 'reason', 500);
  if amount is null or amount = 0 or abs(amount) > 1000000 then
    perform private.refuse('invalid_amount', jsonb_build_object('min', -1000000, 'max', 1000000));
  end if;
  if not exists (select 1 from auth.users u where u.id = target) then
    perform private.refuse('user_not_found');
  end if;
  balance := private.post_credits(target, amount, 'staff_grant', null, null, reason);
  perform private.audit('credits.grant', 'public.wallets', target::text, reason,
    jsonb_build_object('balance', balance - amount), jsonb_build_object('balance', balance, 'amount', amount));
  return balance;
end;
$$;
comment on function private.grant_credits(uuid, integer, text) is
  'Staff grant (or claw back, negative) credits after checking credits.grant; audited. Returns the new balance.';
comment on function public.grant_credits(uuid, integer, text) is
  'RPC: grant credits (negative to correct) with a reason (≤ 500). Needs credits.grant; audited. Returns the new balance. Errors: forbidden, reason_required, invalid_parameter, invalid_amount, user_not_found, insufficient_credits.';
