-- The payments core: one row per purchase attempt, whatever the provider, and one way to move it
-- through its states. Provider adapters (the edge functions payments-checkout,
-- payments-stripe-webhook and payments-revenuecat-webhook) only verify the provider's signature and
-- translate its notification into one call below; every rule lives here:
-- - credits are added through private.post_credits exactly once per payment (the payment row is
--   locked, `credited_at` says whether it was credited), whatever the number, order or concurrency
--   of the notifications: a duplicate or a stale notification changes nothing and writes nothing;
-- - a notification that contradicts the payment (another user, another pack, another amount or
--   currency, another checkout) is refused with a catalogued code and writes nothing;
-- - refunds and chargebacks take the credits back (in proportion for a partial refund), even when
--   they were spent: the balance then goes below zero and blocks spending until paid back (see
--   20261202500300_credit_reversals_below_zero.sql); a refund that arrives before the purchase marks
--   the payment so that the purchase credits nothing;
-- - every state change appends a row to public.payment_events (append-only): the audit trail.
-- Payments outlive the buyer's account for accounting: user_id is set null when the account goes.
-- The core knows two flows, not providers: a checkout opened by the app before paying (the web),
-- and a store purchase first heard of from the store (in-app purchases).

create type public.payment_provider as enum ('stripe', 'app_store', 'play_store');
comment on type public.payment_provider is 'Who took the money: Stripe (web Checkout), the App Store or Google Play (in-app purchases).';

create type public.payment_status as enum ('pending', 'succeeded', 'failed', 'expired', 'partially_refunded', 'refunded', 'charged_back');
comment on type public.payment_status is
  'pending: checkout opened, not paid yet; succeeded: paid and credited; failed / expired: not paid (checkout failed or timed out); partially_refunded / refunded: money returned, credits taken back in proportion / in full; charged_back: the buyer disputed the payment, credits taken back.';

create type public.payment_event_kind as enum ('opened', 'checkout_attached', 'credited', 'failed', 'expired', 'refunded', 'charged_back', 'dispute_won');
comment on type public.payment_event_kind is 'A change recorded in payment_events: the checkout opened or attached, credits added, the attempt failed or expired, a refund, a chargeback, a dispute won (credits given back).';

create table public.payments (
  id uuid primary key default gen_random_uuid(),
  user_id uuid references auth.users (id) on delete set null,
  pack_id uuid not null references public.credit_packs (id) on delete restrict,
  provider public.payment_provider not null,
  provider_reference text check (char_length(provider_reference) between 1 and 255),
  checkout_reference text check (char_length(checkout_reference) between 1 and 255),
  credits integer not null check (credits between 1 and 1000000),
  amount bigint not null check (amount > 0),
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  status public.payment_status not null default 'pending',
  refunded_amount bigint not null default 0,
  disputed boolean not null default false,
  credits_reversed integer not null default 0,
  test_mode boolean not null default false,
  credited_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint payments_refunded_amount_range check (refunded_amount between 0 and amount),
  constraint payments_credits_reversed_range check (credits_reversed between 0 and credits),
  constraint payments_provider_reference_key unique (provider, provider_reference),
  constraint payments_checkout_reference_key unique (provider, checkout_reference)
);
comment on table public.payments is
  'One row per purchase attempt of a credit pack (web checkout or store purchase). Written only by the payments core functions; the buyer reads their own, holders of payments.manage read all. Kept when the account is deleted (user_id set null) for accounting.';
comment on column public.payments.user_id is 'The buyer (null once their account is deleted: the payment is kept for accounting, without the person).';
comment on column public.payments.pack_id is 'The pack bought.';
comment on column public.payments.provider is 'Who took the money.';
comment on column public.payments.provider_reference is 'The provider''s id of the money movement: Stripe PaymentIntent (pi_…), App Store transaction id, Google Play order id (GPA.…). Unique per provider.';
comment on column public.payments.checkout_reference is 'Stripe Checkout Session (cs_…) of a web payment; null for store purchases.';
comment on column public.payments.credits is 'Credits this payment adds: the pack''s credits when the payment was opened.';
comment on column public.payments.amount is 'Price paid (or to pay) in the currency''s minor units (499 = 4.99 EUR).';
comment on column public.payments.currency is 'ISO 4217 code of amount, upper case.';
comment on column public.payments.status is 'Where the payment stands (see the type).';
comment on column public.payments.refunded_amount is 'Money returned so far, minor units (cumulative).';
comment on column public.payments.disputed is 'A chargeback (dispute) is open or lost: the credits are taken back.';
comment on column public.payments.credits_reversed is 'Credits taken back so far by refunds and chargebacks.';
comment on column public.payments.test_mode is 'Paid in the provider''s test mode or sandbox (Stripe test keys, App Store / Play sandbox testers).';
comment on column public.payments.credited_at is 'When the credits were added (null = never credited).';
create index payments_user_id_idx on public.payments (user_id, created_at desc, id desc);
create index payments_pack_id_idx on public.payments (pack_id);
create index payments_status_idx on public.payments (status, created_at desc);
create trigger touch_updated_at before update on public.payments for each row execute function private.touch_updated_at();

create table public.payment_events (
  id bigint generated always as identity primary key,
  payment_id uuid not null references public.payments (id) on delete restrict,
  kind public.payment_event_kind not null,
  from_status public.payment_status,
  to_status public.payment_status not null,
  credits_delta integer not null default 0,
  provider_event_id text check (char_length(provider_event_id) <= 255),
  occurred_at timestamptz,
  detail jsonb not null default '{}',
  created_at timestamptz not null default now()
);
comment on table public.payment_events is
  'Append-only audit trail of payments: one row per state change (opened, credited, refunded, …) with the provider event behind it. Readable by holders of payments.manage.';
comment on column public.payment_events.payment_id is 'The payment.';
comment on column public.payment_events.kind is 'What changed.';
comment on column public.payment_events.from_status is 'Status before (null when the payment was created by this event).';
comment on column public.payment_events.to_status is 'Status after.';
comment on column public.payment_events.credits_delta is 'Credits moved by this change (positive: added, negative: taken back).';
comment on column public.payment_events.provider_event_id is 'The provider''s notification id (Stripe evt_…, RevenueCat event id), if any.';
comment on column public.payment_events.occurred_at is 'When the provider says it happened.';
comment on column public.payment_events.detail is 'What the notification said that matters (amounts, references, account deleted, …).';
create index payment_events_payment_id_idx on public.payment_events (payment_id, id);

create trigger refuse_change before update or delete on public.payment_events
  for each row execute function private.refuse_append_only_change();
create trigger refuse_truncate before truncate on public.payment_events
  for each statement execute function private.refuse_append_only_change();

alter table public.payments enable row level security;
alter table public.payment_events enable row level security;
revoke all on public.payments, public.payment_events from anon;

create policy payments_select on public.payments for select to authenticated
  using (user_id = (select auth.uid()) or (select private.authorize('payments.manage')));
comment on policy payments_select on public.payments is
  'A buyer reads their own payments (the app filters by user_id); holders of payments.manage read all.';
create policy payment_events_select on public.payment_events for select to authenticated
  using ((select private.authorize('payments.manage')));
comment on policy payment_events_select on public.payment_events is 'Holders of payments.manage read the audit trail of payments.';

insert into private.error_codes (code, http_status, message_en, message_ru) values
  ('payment_not_found', 404, 'No such payment.', 'Платёж не найден.'),
  ('payment_user_mismatch', 403, 'This payment belongs to another account.', 'Этот платёж принадлежит другому аккаунту.'),
  ('payment_pack_mismatch', 422, 'The notification names another pack than the payment.', 'В уведомлении другой пакет, чем в платеже.'),
  ('payment_amount_mismatch', 422, 'The amount or currency does not match the payment: expected {expected_amount} {expected_currency}, got {amount} {currency}.', 'Сумма или валюта не совпадают с платежом: ожидалось {expected_amount} {expected_currency}, получено {amount} {currency}.'),
  ('payment_reference_mismatch', 422, 'The notification names another checkout or transaction than the payment.', 'В уведомлении другая сессия оплаты или транзакция, чем в платеже.'),
  ('invalid_signature', 400, 'The notification is not signed by the payment provider.', 'Уведомление не подписано платёжной системой.'),
  ('payments_not_configured', 503, 'Payments are not set up on this server yet.', 'Платежи на этом сервере ещё не настроены.'),
  ('provider_unavailable', 502, 'The payment provider did not answer; try again.', 'Платёжная система не ответила; повторите попытку.');

insert into private.rate_limits (action, max_hits, per, description) values
  ('payments.checkout', 10, interval '10 minutes', 'Opening a web checkout (a Stripe Checkout Session each time).');

-- Minor units per major unit, as Stripe and the stores count them (ISO 4217 exponents).
create function private.currency_exponent(currency text)
returns integer
language sql
immutable
set search_path = ''
as $$
  select case
    when upper(currency) in ('BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF') then 0
    when upper(currency) in ('BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND') then 3
    else 2
  end;
$$;
comment on function private.currency_exponent(text) is 'Decimal places of a currency''s minor unit (0 for JPY, 3 for KWD, else 2): turns a store price such as 4.99 into 499.';

-- One audit row per state change.
create function private.log_payment_event(
  payment public.payments,
  kind public.payment_event_kind,
  from_status public.payment_status,
  credits_delta integer,
  provider_event_id text,
  occurred_at timestamptz,
  detail jsonb
)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into public.payment_events (payment_id, kind, from_status, to_status, credits_delta, provider_event_id, occurred_at, detail)
  values (payment.id, kind, from_status, payment.status, coalesce(credits_delta, 0), provider_event_id, occurred_at, coalesce(detail, '{}'));
$$;
comment on function private.log_payment_event(public.payments, public.payment_event_kind, public.payment_status, integer, text, timestamptz, jsonb) is
  'Appends the audit row of a payment state change (the payment as it is after the change). Core functions only.';

-- Reversals: brings credits_reversed to what refunds and chargebacks call for, moving the
-- difference through the ledger, and sets the status they imply. Idempotent: called again with
-- nothing new, it moves nothing. Expects the row locked; returns it updated and the credits moved.
create function private.settle_payment_reversal(payment public.payments, note text, out settled public.payments, out moved integer)
language plpgsql
security definer
set search_path = ''
as $$
declare
  target integer;
begin
  settled := payment;
  moved := 0;
  target := case when payment.disputed then payment.credits
                 else least(payment.credits, ceil(payment.credits::numeric * payment.refunded_amount / payment.amount))::integer end;
  if payment.credited_at is not null and payment.user_id is not null and target <> payment.credits_reversed then
    moved := payment.credits_reversed - target;
    perform private.post_credits(payment.user_id, moved,
      case when moved > 0 then 'top_up' when payment.disputed then 'top_up_chargeback' else 'top_up_refund' end::public.credit_reason,
      null, payment.id, note);
    settled.credits_reversed := target;
  end if;
  settled.status := case
    when payment.disputed then 'charged_back'
    when payment.refunded_amount >= payment.amount then 'refunded'
    when payment.refunded_amount > 0 then 'partially_refunded'
    when payment.credited_at is not null then 'succeeded'
    else payment.status end;
  update public.payments p
  set status = settled.status, credits_reversed = settled.credits_reversed
  where p.id = payment.id
  returning * into settled;
end;
$$;
comment on function private.settle_payment_reversal(public.payments, text) is
  'Takes back (or, after a dispute won, gives back) the credits that refunds and chargebacks call for: all of them while disputed, else in proportion to refunded_amount (rounded up); may leave a negative balance. Sets the status. Core functions only.';

-- Credits a locked payment once. Returns the outcome: credited, or unchanged when it was credited
-- already or its money was returned before the purchase was heard of.
create function private.credit_payment(payment public.payments, provider_event_id text, occurred_at timestamptz, detail jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  before_status constant public.payment_status := payment.status;
  balance integer;
  settled record;
begin
  if payment.credited_at is not null or payment.status in ('refunded', 'charged_back') or payment.user_id is null then
    return jsonb_build_object('payment_id', payment.id, 'status', payment.status, 'outcome', 'unchanged');
  end if;
  balance := private.post_credits(payment.user_id, payment.credits, 'top_up', null, payment.id, null);
  update public.payments p set credited_at = now(), status = 'succeeded' where p.id = payment.id returning * into payment;
  -- A partial refund heard of before the purchase is applied right away.
  select * into settled from private.settle_payment_reversal(payment, 'refund recorded before the purchase');
  payment := settled.settled;
  perform private.log_payment_event(payment, 'credited', before_status, payment.credits + settled.moved, provider_event_id, occurred_at, detail);
  perform private.notify(payment.user_id, 'top_up_credited', jsonb_build_object(
    'payment_id', payment.id, 'pack_id', payment.pack_id, 'credits', payment.credits, 'balance', balance + settled.moved));
  return jsonb_build_object('payment_id', payment.id, 'status', payment.status, 'outcome', 'credited');
end;
$$;
comment on function private.credit_payment(public.payments, text, timestamptz, jsonb) is
  'Adds a locked payment''s credits once (ledger reason top_up, reference = payment id), audits it and notifies the buyer (top_up_credited). Unchanged when already credited, when its money was returned first, or when the account is gone. Core functions only.';

-- Records a refund (cumulative refunded amount) or a chargeback on a locked payment.
create function private.reverse_locked_payment(
  payment public.payments,
  kind public.payment_event_kind,
  refunded_amount bigint,
  provider_event_id text,
  occurred_at timestamptz,
  detail jsonb
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  original constant public.payments := payment;
  settled record;
begin
  if kind = 'refunded' then
    if refunded_amount is null or refunded_amount <= 0 or refunded_amount > payment.amount then
      perform private.refuse('payment_amount_mismatch', jsonb_build_object(
        'expected_amount', payment.amount, 'expected_currency', payment.currency, 'amount', refunded_amount, 'currency', payment.currency));
    end if;
    -- Refunded amounts only grow: an older (smaller) refund notification arriving late changes nothing.
    payment.refunded_amount := greatest(payment.refunded_amount, refunded_amount);
  elsif kind = 'charged_back' then
    payment.disputed := true;
  elsif kind = 'dispute_won' then
    payment.disputed := false;
  else
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'kind', 'reason', 'refunded, charged_back or dispute_won'));
  end if;
  if (payment.refunded_amount, payment.disputed) = (original.refunded_amount, original.disputed) then
    return jsonb_build_object('payment_id', payment.id, 'status', payment.status, 'outcome', 'unchanged');
  end if;
  update public.payments p set refunded_amount = payment.refunded_amount, disputed = payment.disputed
  where p.id = payment.id returning * into payment;
  select * into settled from private.settle_payment_reversal(payment, case kind when 'dispute_won' then 'dispute won' else kind::text end);
  payment := settled.settled;
  perform private.log_payment_event(payment, kind, original.status, settled.moved, provider_event_id, occurred_at,
    coalesce(detail, '{}') || jsonb_build_object('refunded_amount', payment.refunded_amount, 'account_deleted', payment.user_id is null));
  if settled.moved <> 0 then
    perform private.notify(payment.user_id, 'top_up_reversed', jsonb_build_object(
      'payment_id', payment.id, 'status', payment.status, 'credits', settled.moved));
  end if;
  return jsonb_build_object('payment_id', payment.id, 'status', payment.status, 'outcome', 'reversed', 'credits_moved', settled.moved);
end;
$$;
comment on function private.reverse_locked_payment(public.payments, public.payment_event_kind, bigint, text, timestamptz, jsonb) is
  'Records a refund (refunded_amount = total refunded so far), a chargeback or a dispute won on a locked payment, moves the credits it calls for, audits it and notifies the buyer (top_up_reversed). Unchanged on a duplicate. Core functions only.';

-- == Web checkout: the app opens a payment, the provider confirms it ==========================

create function private.open_checkout_payment(pack_id uuid, provider public.payment_provider)
returns public.payments
language plpgsql
security definer
set search_path = ''
as $$
declare
  pack public.credit_packs;
  payment public.payments;
begin
  perform private.require_active();
  perform private.throttle('payments.checkout');
  select * into pack from public.credit_packs p where p.id = open_checkout_payment.pack_id and p.active;
  if pack.id is null then
    perform private.refuse('pack_not_found');
  end if;
  insert into public.payments (user_id, pack_id, provider, credits, amount, currency)
  values (auth.uid(), pack.id, provider, pack.credits, pack.price_amount, pack.currency)
  returning * into payment;
  perform private.log_payment_event(payment, 'opened', null, 0, null, now(), jsonb_build_object('title', pack.title));
  return payment;
end;
$$;
comment on function private.open_checkout_payment(uuid, public.payment_provider) is
  'Opens a pending payment for the caller (active, rate-limited: payments.checkout) on a pack on sale, copying its credits and price. Called as the user by the payments-checkout function. Errors: forbidden, rate_limited, pack_not_found.';

create function private.attach_checkout(payment_id uuid, checkout_reference text, test_mode boolean)
returns public.payments
language plpgsql
security definer
set search_path = ''
as $$
declare
  payment public.payments;
begin
  select * into payment from public.payments p
  where p.id = attach_checkout.payment_id and p.user_id = auth.uid() and p.status = 'pending' and p.checkout_reference is null
  for update;
  if payment.id is null then
    perform private.refuse('payment_not_found');
  end if;
  if checkout_reference is null or char_length(checkout_reference) not between 1 and 255 then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'checkout_reference', 'reason', '1 to 255 characters'));
  end if;
  update public.payments p set checkout_reference = attach_checkout.checkout_reference, test_mode = coalesce(attach_checkout.test_mode, false)
  where p.id = payment.id returning * into payment;
  perform private.log_payment_event(payment, 'checkout_attached', payment.status, 0, null, now(),
    jsonb_build_object('checkout_reference', checkout_reference));
  return payment;
end;
$$;
comment on function private.attach_checkout(uuid, text, boolean) is
  'Records the provider''s checkout (Stripe Checkout Session id) on the caller''s own pending payment, once. Called as the user by payments-checkout in the transaction that opened the payment.';

create function private.confirm_checkout_payment(
  payment_id uuid,
  checkout_reference text,
  provider_reference text,
  user_id uuid,
  amount bigint,
  currency text,
  provider_event_id text,
  occurred_at timestamptz
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  payment public.payments;
begin
  select * into payment from public.payments p where p.id = confirm_checkout_payment.payment_id for update;
  if payment.id is null then
    perform private.refuse('payment_not_found');
  end if;
  if payment.user_id is distinct from confirm_checkout_payment.user_id then
    perform private.refuse('payment_user_mismatch');
  end if;
  if payment.checkout_reference is distinct from confirm_checkout_payment.checkout_reference
     or (payment.provider_reference is not null and payment.provider_reference is distinct from confirm_checkout_payment.provider_reference) then
    perform private.refuse('payment_reference_mismatch');
  end if;
  if payment.amount is distinct from confirm_checkout_payment.amount or payment.currency is distinct from upper(confirm_checkout_payment.currency) then
    perform private.refuse('payment_amount_mismatch', jsonb_build_object('expected_amount', payment.amount,
      'expected_currency', payment.currency, 'amount', confirm_checkout_payment.amount, 'currency', upper(confirm_checkout_payment.currency)));
  end if;
  if payment.provider_reference is null and provider_reference is not null then
    update public.payments p set provider_reference = confirm_checkout_payment.provider_reference
    where p.id = payment.id returning * into payment;
  end if;
  return private.credit_payment(payment, provider_event_id, occurred_at,
    jsonb_build_object('provider_reference', provider_reference, 'amount', amount, 'currency', upper(currency)));
end;
$$;
comment on function private.confirm_checkout_payment(uuid, text, text, uuid, bigint, text, text, timestamptz) is
  'A provider says an opened checkout was paid: checks the buyer, checkout, amount and currency against the payment (payment_not_found, payment_user_mismatch, payment_reference_mismatch, payment_amount_mismatch: nothing written), records the provider''s payment reference and credits once. Returns {payment_id, status, outcome: credited | unchanged}. For the service role (webhooks).';

create function private.close_checkout_payment(
  payment_id uuid,
  checkout_reference text,
  kind public.payment_event_kind,
  provider_event_id text,
  occurred_at timestamptz
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  payment public.payments;
  before_status public.payment_status;
begin
  if kind not in ('failed', 'expired') then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'kind', 'reason', 'failed or expired'));
  end if;
  select * into payment from public.payments p where p.id = close_checkout_payment.payment_id for update;
  if payment.id is null then
    perform private.refuse('payment_not_found');
  end if;
  if payment.checkout_reference is distinct from close_checkout_payment.checkout_reference then
    perform private.refuse('payment_reference_mismatch');
  end if;
  if payment.status <> 'pending' then
    -- Paid, refunded or closed already: a late failure or expiry notice changes nothing.
    return jsonb_build_object('payment_id', payment.id, 'status', payment.status, 'outcome', 'unchanged');
  end if;
  before_status := payment.status;
  update public.payments p set status = kind::text::public.payment_status where p.id = payment.id returning * into payment;
  perform private.log_payment_event(payment, kind, before_status, 0, provider_event_id, occurred_at, '{}');
  return jsonb_build_object('payment_id', payment.id, 'status', payment.status, 'outcome', 'closed');
end;
$$;
comment on function private.close_checkout_payment(uuid, text, public.payment_event_kind, text, timestamptz) is
  'A provider says an opened checkout failed or expired: a pending payment becomes failed / expired (audited); any other state is left alone (unchanged). A later confirmation still credits: the provider''s word that money was taken wins. For the service role (webhooks).';

create function private.reverse_checkout_payment(
  payment_id uuid,
  provider_reference text,
  kind public.payment_event_kind,
  refunded_amount bigint,
  currency text,
  provider_event_id text,
  occurred_at timestamptz
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  payment public.payments;
begin
  select * into payment from public.payments p where p.id = reverse_checkout_payment.payment_id for update;
  if payment.id is null then
    perform private.refuse('payment_not_found');
  end if;
  if payment.provider_reference is not null and payment.provider_reference is distinct from reverse_checkout_payment.provider_reference then
    perform private.refuse('payment_reference_mismatch');
  end if;
  if payment.currency is distinct from upper(reverse_checkout_payment.currency) then
    perform private.refuse('payment_amount_mismatch', jsonb_build_object('expected_amount', payment.amount,
      'expected_currency', payment.currency, 'amount', refunded_amount, 'currency', upper(reverse_checkout_payment.currency)));
  end if;
  if payment.provider_reference is null then
    -- Refunded or disputed before the payment notice arrived: remember whose money it was.
    update public.payments p set provider_reference = reverse_checkout_payment.provider_reference
    where p.id = payment.id returning * into payment;
  end if;
  return private.reverse_locked_payment(payment, kind, refunded_amount, provider_event_id, occurred_at,
    jsonb_build_object('provider_reference', provider_reference));
end;
$$;
comment on function private.reverse_checkout_payment(uuid, text, public.payment_event_kind, bigint, text, text, timestamptz) is
  'A provider says an opened checkout''s money was refunded (refunded_amount = total so far), charged back, or a dispute was won: moves the credits that calls for (see reverse_locked_payment). Refuses payment_not_found, payment_reference_mismatch, payment_amount_mismatch. For the service role (webhooks).';

-- == Store purchases: first heard of from the store (through the purchases service) ============

-- Finds or creates (pending, uncredited) the payment of a store transaction and locks it, after
-- checking the notification against it: the buyer, the pack (by store product id), amount, currency.
create function private.lock_store_payment(
  provider public.payment_provider,
  provider_reference text,
  user_ref text,
  product_id text,
  price numeric,
  currency text,
  test_mode boolean
)
returns public.payments
language plpgsql
security definer
set search_path = ''
as $$
declare
  buyer uuid;
  pack public.credit_packs;
  minor bigint;
  payment public.payments;
begin
  if provider not in ('app_store', 'play_store') then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'provider', 'reason', 'app_store or play_store'));
  end if;
  if provider_reference is null or char_length(provider_reference) not between 1 and 255 then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'provider_reference', 'reason', '1 to 255 characters'));
  end if;
  if user_ref ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    select u.id into buyer from auth.users u where u.id = user_ref::uuid;
  end if;
  if buyer is null then
    perform private.refuse('user_not_found');
  end if;
  select * into pack from public.credit_packs p
  where (provider = 'app_store' and p.app_store_product_id = product_id) or (provider = 'play_store' and p.play_store_product_id = product_id);
  if pack.id is null then
    perform private.refuse('pack_not_found', jsonb_build_object('product_id', product_id));
  end if;
  currency := upper(btrim(coalesce(currency, '')));
  minor := round(price * 10 ^ private.currency_exponent(currency));
  if currency !~ '^[A-Z]{3}$' or price is null or price <= 0 or minor <> price * 10 ^ private.currency_exponent(currency) then
    perform private.refuse('payment_amount_mismatch', jsonb_build_object('expected_amount', 'a positive price',
      'expected_currency', 'an ISO 4217 code', 'amount', price, 'currency', currency));
  end if;

  insert into public.payments (user_id, pack_id, provider, provider_reference, credits, amount, currency, test_mode)
  values (buyer, pack.id, provider, provider_reference, pack.credits, minor, currency, coalesce(test_mode, false))
  on conflict on constraint payments_provider_reference_key do nothing
  returning * into payment;
  if payment.id is not null then
    perform private.log_payment_event(payment, 'opened', null, 0, null, now(),
      jsonb_build_object('provider_reference', provider_reference, 'product_id', product_id));
  else
    select * into payment from public.payments p
    where p.provider = lock_store_payment.provider and p.provider_reference = lock_store_payment.provider_reference
    for update;
    if payment.user_id is distinct from buyer then
      perform private.refuse('payment_user_mismatch');
    end if;
    if payment.pack_id <> pack.id then
      perform private.refuse('payment_pack_mismatch');
    end if;
    if (payment.amount, payment.currency) <> (minor, currency) then
      perform private.refuse('payment_amount_mismatch', jsonb_build_object('expected_amount', payment.amount,
        'expected_currency', payment.currency, 'amount', minor, 'currency', currency));
    end if;
  end if;
  return payment;
end;
$$;
comment on function private.lock_store_payment(public.payment_provider, text, text, text, numeric, text, boolean) is
  'The locked payment of a store transaction, created on first notice (pack found by the store product id; price converted to minor units). Refuses user_not_found, pack_not_found, payment_amount_mismatch, and for a known transaction payment_user_mismatch, payment_pack_mismatch, payment_amount_mismatch. Core functions only.';

create function private.record_store_purchase(
  provider public.payment_provider,
  provider_reference text,
  user_ref text,
  product_id text,
  price numeric,
  currency text,
  test_mode boolean,
  provider_event_id text,
  occurred_at timestamptz
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  payment public.payments;
begin
  payment := private.lock_store_payment(provider, provider_reference, user_ref, product_id, price, currency, test_mode);
  return private.credit_payment(payment, provider_event_id, occurred_at,
    jsonb_build_object('provider_reference', provider_reference, 'product_id', product_id, 'amount', payment.amount, 'currency', payment.currency));
end;
$$;
comment on function private.record_store_purchase(public.payment_provider, text, text, text, numeric, text, boolean, text, timestamptz) is
  'A store purchase of a pack''s product, verified by the store: credits it once per store transaction (see lock_store_payment for refusals). Returns {payment_id, status, outcome}. For the service role (webhooks).';

create function private.record_store_refund(
  provider public.payment_provider,
  provider_reference text,
  user_ref text,
  product_id text,
  price numeric,
  currency text,
  test_mode boolean,
  provider_event_id text,
  occurred_at timestamptz
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  payment public.payments;
begin
  payment := private.lock_store_payment(provider, provider_reference, user_ref, product_id, price, currency, test_mode);
  return private.reverse_locked_payment(payment, 'refunded', payment.amount, provider_event_id, occurred_at,
    jsonb_build_object('provider_reference', provider_reference, 'product_id', product_id));
end;
$$;
comment on function private.record_store_refund(public.payment_provider, text, text, text, numeric, text, boolean, text, timestamptz) is
  'A store refunded a purchase in full: takes its credits back (a refund heard of first marks the payment, and the purchase then credits nothing). For the service role (webhooks).';

grant execute on function private.open_checkout_payment(uuid, public.payment_provider), private.attach_checkout(uuid, text, boolean)
  to authenticated;
grant execute on function
  private.confirm_checkout_payment(uuid, text, text, uuid, bigint, text, text, timestamptz),
  private.close_checkout_payment(uuid, text, public.payment_event_kind, text, timestamptz),
  private.reverse_checkout_payment(uuid, text, public.payment_event_kind, bigint, text, text, timestamptz),
  private.record_store_purchase(public.payment_provider, text, text, text, numeric, text, boolean, text, timestamptz),
  private.record_store_refund(public.payment_provider, text, text, text, numeric, text, boolean, text, timestamptz)
  to service_role;
