-- Credits: an append-only ledger with a cached balance that can never go negative. Every movement
-- goes through private.post_credits(), which updates the wallet with a conditional update (the row
-- lock serialises two devices spending at once) and appends the ledger row in the same
-- transaction, so a balance always equals the sum of its ledger. Nobody edits or deletes ledger
-- rows; clients only read their own.

create type public.credit_reason as enum ('quest_reward', 'unlock', 'unlock_refund', 'merch_order', 'merch_refund', 'staff_grant');
comment on type public.credit_reason is 'Why credits moved: earned on a first completion, spent on an unlock or merch, refunded, or granted by staff.';

create table public.wallets (
  user_id uuid primary key references auth.users (id) on delete cascade,
  balance integer not null default 0 constraint wallets_balance_not_negative check (balance >= 0),
  updated_at timestamptz not null default now()
);
comment on table public.wallets is
  'One credits balance per user, changed only by private.post_credits() together with a ledger row. Never negative (check constraint).';
comment on column public.wallets.user_id is 'The owner.';
comment on column public.wallets.balance is 'Current balance in credits; always the sum of the user''s ledger.';
comment on column public.wallets.updated_at is 'Last movement.';

create table public.credit_ledger (
  id bigint generated always as identity primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  amount integer not null constraint credit_ledger_amount_not_zero check (amount <> 0),
  reason public.credit_reason not null,
  balance_after integer not null check (balance_after >= 0),
  quest_id uuid,
  reference_id uuid,
  note text check (char_length(note) <= 500),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now()
);
comment on table public.credit_ledger is
  'Append-only history of credit movements (signed amounts). Written only by private.post_credits(); a user reads their own.';
comment on column public.credit_ledger.user_id is 'Whose credits moved.';
comment on column public.credit_ledger.amount is 'Signed amount: positive = earned/granted/refunded, negative = spent.';
comment on column public.credit_ledger.reason is 'Why.';
comment on column public.credit_ledger.balance_after is 'The wallet balance right after this movement.';
comment on column public.credit_ledger.quest_id is 'The quest concerned (reward or unlock), if any.';
comment on column public.credit_ledger.reference_id is 'The run, unlock request or merch order behind the movement (by reason).';
comment on column public.credit_ledger.note is 'Free text, e.g. the reason staff gave for a grant.';
comment on column public.credit_ledger.created_by is 'Who caused it: the user, or the staff member who granted or decided.';
comment on column public.credit_ledger.created_at is 'When.';

create index credit_ledger_user_id_idx on public.credit_ledger (user_id, created_at desc, id desc);
create index credit_ledger_created_by_idx on public.credit_ledger (created_by);
create index credit_ledger_reference_id_idx on public.credit_ledger (reference_id);
create index credit_ledger_quest_id_idx on public.credit_ledger (quest_id);

alter table public.wallets enable row level security;
alter table public.credit_ledger enable row level security;
-- Anonymous requests never touch credits; signed-in users only read (policies below).
revoke all on public.wallets, public.credit_ledger from anon;
revoke insert, update, delete, truncate on public.wallets, public.credit_ledger from authenticated;

create policy wallets_select on public.wallets
  for select to authenticated
  using (user_id = (select auth.uid()) or (select private.authorize('credits.grant')));
comment on policy wallets_select on public.wallets is 'A user reads their own balance; holders of credits.grant read all.';

create policy credit_ledger_select on public.credit_ledger
  for select to authenticated
  using (user_id = (select auth.uid()) or (select private.authorize('credits.grant')));
comment on policy credit_ledger_select on public.credit_ledger is 'A user reads their own ledger; holders of credits.grant read all.';

create trigger refuse_change
  before update or delete on public.credit_ledger
  for each row execute function private.refuse_append_only_change();
create trigger refuse_truncate
  before truncate on public.credit_ledger
  for each statement execute function private.refuse_append_only_change();

create function private.post_credits(
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
begin
  if amount is null or amount = 0 then
    raise exception using errcode = 'PT400', message = 'invalid_amount', detail = 'A credit movement has a non-zero amount.';
  end if;
  insert into public.wallets (user_id) values (target) on conflict (user_id) do nothing;
  update public.wallets w
  set balance = w.balance + post_credits.amount, updated_at = now()
  where w.user_id = target and w.balance + post_credits.amount >= 0
  returning w.balance into new_balance;
  if new_balance is null then
    raise exception using errcode = 'PT402', message = 'insufficient_credits',
      detail = format('This needs %s credits more than the balance holds.', -post_credits.amount);
  end if;
  insert into public.credit_ledger (user_id, amount, reason, balance_after, quest_id, reference_id, note, created_by)
  values (target, post_credits.amount, post_credits.reason, new_balance, post_credits.quest_id,
          post_credits.reference_id, post_credits.note, auth.uid());
  return new_balance;
end;
$$;
comment on function private.post_credits(uuid, integer, public.credit_reason, uuid, uuid, text) is
  'The only way credits move: conditional wallet update (never below zero, row-locked) plus a ledger row, atomically. Raises PT402 insufficient_credits. Called by definer functions only.';
revoke execute on function private.post_credits(uuid, integer, public.credit_reason, uuid, uuid, text) from public;

create function private.grant_credits(target uuid, amount integer, reason text)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  balance integer;
begin
  perform private.require_permission('credits.grant');
  reason := private.require_reason(reason);
  if amount is null or amount = 0 or abs(amount) > 1000000 then
    raise exception using errcode = 'PT400', message = 'invalid_amount', detail = 'Grant between -1,000,000 and 1,000,000 credits, not 0.';
  end if;
  if not exists (select 1 from auth.users u where u.id = target) then
    raise exception using errcode = 'PT404', message = 'user_not_found', detail = 'No such user.';
  end if;
  balance := private.post_credits(target, amount, 'staff_grant', null, null, reason);
  perform private.audit('credits.grant', 'public.wallets', target::text, reason,
    jsonb_build_object('balance', balance - amount), jsonb_build_object('balance', balance, 'amount', amount));
  return balance;
end;
$$;
comment on function private.grant_credits(uuid, integer, text) is
  'Staff grant (or claw back, negative) credits after checking credits.grant; audited. Returns the new balance.';
revoke execute on function private.grant_credits(uuid, integer, text) from public;
grant execute on function private.grant_credits(uuid, integer, text) to authenticated;

create function public.grant_credits(target_user uuid, amount integer, reason text)
returns integer
language sql
security invoker
set search_path = ''
as $$
  select private.grant_credits(target_user, amount, reason);
$$;
comment on function public.grant_credits(uuid, integer, text) is
  'RPC: grant credits (negative to correct) with a reason. Needs credits.grant; audited. Returns the new balance. Errors: forbidden, reason_required, invalid_amount, user_not_found, insufficient_credits.';
revoke execute on function public.grant_credits(uuid, integer, text) from public, anon;
grant execute on function public.grant_credits(uuid, integer, text) to authenticated;

-- A wallet for every account, so that the app always finds one.
create function private.create_wallet_for_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.wallets (user_id) values (new.id) on conflict (user_id) do nothing;
  return new;
end;
$$;
comment on function private.create_wallet_for_new_user() is 'Trigger on auth.users: opens an empty wallet for every new user.';
revoke execute on function private.create_wallet_for_new_user() from public;

create trigger create_wallet_for_new_user
  after insert on auth.users
  for each row execute function private.create_wallet_for_new_user();
