-- Staff never grant credits to themselves (issue 11's class "self-dealing", found by the probe of
-- main): an admin holding credits.grant could mint up to 1,000,000 credits a call into their own
-- wallet, audited but unchecked. Like roles (cannot_change_own_role), bans (cannot_ban_yourself),
-- unlock decisions, runs, reviews, orders and credit packs, a grant to oneself (or a correction of
-- one's own balance) is for another staff member: cannot_grant_own_credits. The rest is unchanged.
insert into private.error_codes (code, http_status, message_en, message_ru) values
  ('cannot_grant_own_credits', 403, 'Another staff member grants or corrects your own credits.',
   'Ваши собственные кредиты начисляет или исправляет другой сотрудник.');

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
  if target = auth.uid() then
    perform private.refuse('cannot_grant_own_credits');
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
  'Staff grant (or claw back, negative) credits after checking credits.grant, never to themselves (cannot_grant_own_credits); audited. Returns the new balance.';
comment on function public.grant_credits(uuid, integer, text) is
  'RPC: grant credits (negative to correct) with a reason (≤ 500), to another user. Needs credits.grant; audited. Returns the new balance. Errors: forbidden, reason_required, invalid_parameter, invalid_amount, cannot_grant_own_credits, user_not_found, insufficient_credits.';
