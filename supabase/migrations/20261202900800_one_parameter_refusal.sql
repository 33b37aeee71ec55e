-- One way to refuse a bad RPC parameter: private.refuse_parameter(parameter, reason)
-- (invalid_parameter {parameter, reason}; docs/conventions.md, "Helpers"). These functions built the
-- same refusal inline (private.refuse('invalid_parameter', jsonb_build_object('parameter', …,
-- 'reason', …))); they now call the helper. wallet_screen checks the session with
-- private.require_signed_in() instead of its own copy. Bodies otherwise unchanged: same codes, same
-- params, same behaviour. (create or replace keeps each function's comment and grants.)
-- Three of them changed on main meanwhile and are defined once more with both changes: review_run
-- (team runs: 20261202910000_team_runs_in_play_lists.sql), purchase_merch and change_order_status
-- (the account lock order: 20261202910400_merch_lock_order_and_parameter_refusal.sql).

create or replace function private.review_run(target uuid, clear boolean, reason text)
returns public.quest_runs
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.quest_runs;
  reward integer := 0;
  quest_title text;
begin
  perform private.require_permission('runs.review');
  if clear is null then
    perform private.refuse_parameter('clear', 'true (clear) or false (void)');
  end if;
  reason := private.require_max_length(private.require_reason(reason), 'reason', 1000);
  select * into run from public.quest_runs r where r.id = target for update;
  if run.id is null then
    perform private.refuse('run_not_found');
  end if;
  if run.review_state is distinct from 'flagged' then
    perform private.refuse('run_not_flagged');
  end if;
  if run.user_id = auth.uid() then
    perform private.refuse('cannot_review_own_run');
  end if;

  if clear then
    update public.quest_runs r
    set review_state = 'cleared', implausible_attempts = 0, reviewed_at = now(), review_note = reason
    where r.id = run.id;
    reward := private.settle_run(run.id);
  else
    update public.quest_runs r
    set review_state = 'voided', reviewed_at = now(), review_note = reason,
        status = case when r.status = 'in_progress' then 'abandoned'::public.run_status else r.status end,
        finished_at = coalesce(r.finished_at, now())
    where r.id = run.id;
  end if;
  select * into run from public.quest_runs r where r.id = target;

  perform private.audit(case when clear then 'run.clear' else 'run.void' end, 'public.quest_runs', run.id::text, reason,
    jsonb_build_object('review_state', 'flagged'),
    jsonb_build_object('review_state', run.review_state, 'status', run.status, 'reward_credits', reward));
  select q.title into quest_title from public.quests q where q.id = run.quest_id;
  perform private.notify(run.user_id, 'run_reviewed', jsonb_build_object(
    'run_id', run.id, 'quest_id', run.quest_id, 'quest_title', quest_title,
    'decision', case when clear then 'cleared' else 'voided' end, 'reward_credits', reward, 'reason', reason));
  return run;
end;
$$;

create or replace function private.decide_unlock_request(target uuid, approve boolean, reason text)
returns public.unlock_requests
language plpgsql
security definer
set search_path = ''
as $$
declare
  request public.unlock_requests;
  quest public.quests;
  granted boolean;
begin
  perform private.require_permission('unlock.decide');
  if approve is null then
    perform private.refuse_parameter('approve', 'true (approve) or false (reject)');
  end if;
  if not approve then
    reason := private.require_reason(reason);
  end if;
  perform private.require_max_length(btrim(reason), 'reason', 1000);
  select * into request from public.unlock_requests r where r.id = target for update;
  if request.id is null then
    perform private.refuse('request_not_found');
  end if;
  if request.status <> 'pending' then
    perform private.refuse('already_decided', jsonb_build_object('status', request.status));
  end if;
  if request.user_id = auth.uid() then
    perform private.refuse('cannot_decide_own_request');
  end if;
  select * into quest from public.quests q where q.id = request.quest_id;

  if approve then
    if quest.status <> 'published' then
      perform private.refuse('quest_not_available', jsonb_build_object('status', quest.status));
    end if;
    insert into public.quest_access_grants (quest_id, user_id, source, reference_id, paid_credits)
    values (quest.id, request.user_id, 'unlock_request', request.id, quest.price_credits)
    on conflict (quest_id, user_id) do nothing
    returning true into granted;
    if granted is null then
      perform private.refuse('already_has_access');
    end if;
    if quest.price_credits > 0 then
      perform private.post_credits(request.user_id, -quest.price_credits, 'unlock', quest.id, request.id, quest.title);
    end if;
  end if;

  update public.unlock_requests r
  set status = case when approve then 'approved'::public.unlock_request_status else 'rejected' end,
      price_credits = case when approve then quest.price_credits else 0 end,
      decided_by = auth.uid(), decided_at = now(), decision_reason = nullif(btrim(reason), '')
  where r.id = target
  returning r.* into request;

  perform private.audit(case when approve then 'unlock.approve' else 'unlock.reject' end,
    'public.unlock_requests', target::text, request.decision_reason,
    jsonb_build_object('status', 'pending'),
    jsonb_build_object('status', request.status, 'price_credits', request.price_credits));
  perform private.notify(request.user_id,
    case when approve then 'unlock_approved'::public.notification_kind else 'unlock_rejected' end,
    jsonb_build_object('request_id', request.id, 'quest_id', quest.id, 'quest_title', quest.title,
                       'price_credits', request.price_credits, 'reason', request.decision_reason));
  return request;
end;
$$;

create or replace function private.change_order_status(target uuid, to_status public.order_status, tracking text, reason text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  current public.merch_orders;
  from_status public.order_status;
  staff boolean := private.authorize('orders.manage');
begin
  select * into current from public.merch_orders o where o.id = target for update;
  if current.id is null or not (current.user_id = auth.uid() or staff) then
    perform private.refuse('order_not_found');
  end if;
  from_status := current.status;
  -- Four eyes: on their own order, staff are buyers.
  staff := staff and current.user_id is distinct from auth.uid();
  if not staff and not (to_status = 'cancelled' and private.is_active()) then
    perform private.refuse('forbidden', jsonb_build_object('reason', 'buyers only cancel; orders.manage moves orders, never their own'));
  end if;
  if not (
    (current.status = 'pending' and to_status in ('paid', 'cancelled'))
    or (current.status = 'paid' and to_status in ('shipped', 'cancelled') and staff)
    or (current.status = 'shipped' and to_status = 'delivered')
  ) then
    perform private.refuse('invalid_transition', jsonb_build_object('from', current.status, 'to', to_status));
  end if;
  if to_status = 'shipped' and coalesce(btrim(tracking), '') = '' then
    perform private.refuse('tracking_number_required');
  end if;
  if to_status = 'shipped' and (char_length(btrim(tracking)) > 64 or tracking ~ '[[:cntrl:]]') then
    perform private.refuse_parameter('tracking_number', 'at most 64 characters');
  end if;
  if reason is not null and (char_length(reason) > 1000 or reason ~ '[[:cntrl:]]') then
    perform private.refuse_parameter('reason', 'at most 1000 characters, one line');
  end if;
  if staff and to_status = 'cancelled' then
    reason := private.require_reason(reason);
  end if;

  if to_status = 'cancelled' then
    if not staff then
      perform private.throttle('merch.cancel');
    end if;
    perform private.cancel_merch_order_core(target, case when staff then 'staff' else 'buyer' end::public.order_cancellation, reason);
  else
    update public.merch_orders o
    set status = to_status, tracking_number = case when to_status = 'shipped' then btrim(tracking) else o.tracking_number end
    where o.id = target
    returning * into current;
    perform private.notify(current.user_id, 'order_updated', jsonb_build_object(
      'order_id', current.id, 'status', current.status, 'tracking_number', current.tracking_number));
  end if;
  if staff then
    perform private.audit('order.' || to_status::text, 'public.merch_orders', target::text, reason,
      jsonb_build_object('status', from_status), jsonb_build_object('status', to_status, 'tracking_number', nullif(btrim(tracking), '')));
  end if;
end;
$$;

create or replace function private.purchase_merch(request json)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  body jsonb := private.json_body(request);
  buyer uuid := auth.uid();
  wanted_item uuid;
  wanted_quantity integer;
  wanted_key text;
  address jsonb;
  unknown text;
  existing uuid;
  item public.merch_items;
  blocker jsonb;
  placed uuid;
begin
  perform private.require_active();
  if jsonb_typeof(body) is distinct from 'object' then
    perform private.refuse_parameter('(body)', 'a JSON object');
  end if;
  select k into unknown from jsonb_object_keys(body) k
  where k not in ('item_id', 'quantity', 'idempotency_key', 'shipping') order by k limit 1;
  if found then
    perform private.refuse_parameter(left(replace(unknown, chr(65535), ''), 64), 'unknown field');
  end if;
  if not private.is_clean_text(body -> 'idempotency_key') or char_length(body ->> 'idempotency_key') not between 8 and 128 then
    perform private.refuse('invalid_idempotency_key', jsonb_build_object('field', 'idempotency_key'));
  end if;
  wanted_key := body ->> 'idempotency_key';
  if jsonb_typeof(body -> 'item_id') is distinct from 'string'
     or (body ->> 'item_id') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    perform private.refuse_parameter('item_id', 'an item id (uuid)');
  end if;
  wanted_item := (body ->> 'item_id')::uuid;
  if jsonb_typeof(body -> 'quantity') is distinct from 'number' or (body ->> 'quantity') !~ '^[0-9]{1,3}$' then
    perform private.refuse('invalid_quantity', jsonb_build_object('field', 'quantity', 'min', 1, 'max', 100));
  end if;
  wanted_quantity := (body ->> 'quantity')::integer;

  -- One buyer's purchases of one key are serialised: a replay returns the first order, charged once.
  perform pg_advisory_xact_lock(hashtextextended(buyer::text || '/key/' || wanted_key, 0));
  select o.id into existing from public.merch_orders o where o.user_id = buyer and o.idempotency_key = wanted_key;
  if existing is not null then
    return existing;
  end if;
  perform private.throttle('merch.purchase');
  address := private.read_shipping(body -> 'shipping');
  -- One buyer's purchases of one item are serialised: the per-user limit stays exact.
  perform pg_advisory_xact_lock(hashtextextended(buyer::text || '/item/' || wanted_item::text, 0));

  select * into item from public.merch_items i where i.id = wanted_item;
  if item.id is null or (item.quest_rule = 'visible_after_completion' and not private.has_completed_quest(buyer, item.quest_id)) then
    perform private.refuse('item_not_found');
  end if;
  blocker := private.merch_purchase_blocker(item, buyer, wanted_quantity);
  if blocker is not null then
    perform private.refuse(blocker ->> 'code', blocker -> 'params');
  end if;

  update public.merch_items i set stock = i.stock - wanted_quantity
  where i.id = item.id and i.stock is not null and i.stock >= wanted_quantity;
  if item.stock is not null and not found then
    perform private.refuse('out_of_stock', jsonb_build_object('available', (select i.stock from public.merch_items i where i.id = item.id)));
  end if;
  -- Locks in the one order every merch and account writer follows (orders, items, wallet, account):
  -- the wallet before the order row's foreign key touches the account.
  perform 1 from public.wallets w where w.user_id = buyer for update;

  insert into public.merch_orders (user_id, idempotency_key, total_credits, ship_name, ship_phone, ship_address,
                                   ship_city, ship_postal_code, ship_country)
  values (buyer, wanted_key, item.price_credits * wanted_quantity, address ->> 'name', address ->> 'phone',
          address ->> 'address', address ->> 'city', address ->> 'postal_code', address ->> 'country')
  returning id into placed;
  insert into public.merch_order_items (order_id, item_id, quantity, unit_price_credits, title)
  values (placed, item.id, wanted_quantity, item.price_credits, item.title);
  perform private.post_credits(buyer, -(item.price_credits * wanted_quantity), 'merch_order', item.quest_id, placed, item.title);
  return placed;
end;
$$;

create or replace function private.register_push_device(token text, platform text, locale text, app_version text, replaces text)
returns public.push_devices
language plpgsql
security definer
set search_path = ''
as $$
declare
  me uuid := auth.uid();
  clean_token text := btrim(token);
  clean_version text := nullif(btrim(app_version), '');
  device public.push_devices;
begin
  perform private.throttle('push.register');
  if clean_token is null or char_length(clean_token) not between 16 and 4096 or clean_token !~ '^[\x21-\x7e]+$' then
    perform private.refuse_parameter('token', 'an FCM registration token: 16 to 4096 visible ASCII characters');
  end if;
  if platform is null or platform not in ('android', 'ios', 'web') then
    perform private.refuse_parameter('platform', 'android, ios or web');
  end if;
  if locale is null or locale not in ('ru', 'en') then
    perform private.refuse_parameter('locale', 'ru or en');
  end if;
  if clean_version is not null and clean_version !~ '^[\x20-\x7e]{1,32}$' then
    perform private.refuse_parameter('app_version', 'up to 32 printable ASCII characters');
  end if;

  if replaces is not null and btrim(replaces) <> clean_token then
    delete from public.push_devices d where d.token = btrim(replaces) and d.user_id = me;
  end if;
  insert into public.push_devices as d (user_id, token, platform, app_version, locale)
  values (me, clean_token, platform::public.push_platform, clean_version, locale::public.app_locale)
  on conflict on constraint push_devices_token_key do update
    set user_id = excluded.user_id, platform = excluded.platform, app_version = excluded.app_version,
        locale = excluded.locale, last_seen_at = now(),
        created_at = case when d.user_id = excluded.user_id then d.created_at else now() end
  returning d.* into device;
  delete from public.push_devices d
  where d.user_id = me and d.id not in (
    select k.id from public.push_devices k where k.user_id = me order by k.last_seen_at desc, k.id limit 10);
  return device;
end;
$$;

create or replace function private.set_push_kind(kind text, enabled boolean)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.throttle('push.preferences');
  if not exists (select 1 from private.push_kinds k where k.kind = set_push_kind.kind) then
    perform private.refuse_parameter('kind', 'not a kind of push');
  end if;
  if enabled is null then
    perform private.refuse_parameter('enabled', 'true or false');
  end if;
  insert into public.push_preferences as p (user_id, disabled_kinds)
  values (auth.uid(), case when enabled then '{}' else array[kind] end)
  on conflict (user_id) do update
    set disabled_kinds = case when enabled then array_remove(p.disabled_kinds, kind)
                              when kind = any (p.disabled_kinds) then p.disabled_kinds
                              else p.disabled_kinds || kind end;
  return private.my_push_preferences();
end;
$$;

create or replace function private.set_quiet_hours(starts text, ends text, time_zone text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  clock constant text := '^([01][0-9]|2[0-3]):[0-5][0-9]$';
begin
  perform private.throttle('push.preferences');
  if starts is null and ends is null and time_zone is null then
    update public.push_preferences p set quiet_start = null, quiet_end = null, time_zone = null where p.user_id = auth.uid();
    return private.my_push_preferences();
  end if;
  if starts is null or starts !~ clock then
    perform private.refuse_parameter('starts', 'a time HH:MM (00:00 to 23:59)');
  end if;
  if ends is null or ends !~ clock then
    perform private.refuse_parameter('ends', 'a time HH:MM (00:00 to 23:59)');
  end if;
  if starts = ends then
    perform private.refuse_parameter('ends', 'must differ from starts');
  end if;
  if time_zone is null or char_length(time_zone) > 64 or time_zone !~ '^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$'
     or not exists (select 1 from pg_catalog.pg_timezone_names z where z.name = set_quiet_hours.time_zone) then
    perform private.refuse_parameter('time_zone', 'an IANA time zone such as Europe/Moscow');
  end if;
  insert into public.push_preferences as p (user_id, quiet_start, quiet_end, time_zone)
  values (auth.uid(), starts::time, ends::time, time_zone)
  on conflict (user_id) do update set quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end, time_zone = excluded.time_zone;
  return private.my_push_preferences();
end;
$$;

create or replace function private.set_message_previews(enabled boolean)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.throttle('push.preferences');
  if enabled is null then
    perform private.refuse_parameter('enabled', 'true or false');
  end if;
  insert into public.push_preferences as p (user_id, message_previews) values (auth.uid(), enabled)
  on conflict (user_id) do update set message_previews = excluded.message_previews;
  return private.my_push_preferences();
end;
$$;

create or replace function private.mute_chat(chat uuid, until timestamp with time zone)
returns public.push_chat_mutes
language plpgsql
security definer
set search_path = ''
as $$
declare
  mute public.push_chat_mutes;
begin
  perform private.throttle('push.preferences');
  if chat is null or not private.is_chat_member(chat) then
    perform private.refuse('chat_not_found');
  end if;
  if until is not null and until <= now() then
    perform private.refuse_parameter('until', 'a time in the future, or null for until unmuted');
  end if;
  insert into public.push_chat_mutes as u (user_id, chat_id, muted_until) values (auth.uid(), chat, until)
  on conflict (user_id, chat_id) do update set muted_until = excluded.muted_until
  returning u.* into mute;
  return mute;
end;
$$;

create or replace function private.attach_checkout(payment_id uuid, checkout_reference text, test_mode boolean)
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
    perform private.refuse_parameter('checkout_reference', '1 to 255 characters');
  end if;
  update public.payments p set checkout_reference = attach_checkout.checkout_reference, test_mode = coalesce(attach_checkout.test_mode, false)
  where p.id = payment.id returning * into payment;
  perform private.log_payment_event(payment, 'checkout_attached', payment.status, 0, null, now(),
    jsonb_build_object('checkout_reference', checkout_reference));
  return payment;
end;
$$;

create or replace function private.lock_store_payment(provider public.payment_provider, provider_reference text, user_ref text, product_id text, price numeric, currency text, test_mode boolean)
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
    perform private.refuse_parameter('provider', 'app_store or play_store');
  end if;
  if provider_reference is null or char_length(provider_reference) not between 1 and 255 then
    perform private.refuse_parameter('provider_reference', '1 to 255 characters');
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

create or replace function private.close_checkout_payment(payment_id uuid, checkout_reference text, kind public.payment_event_kind, provider_event_id text, occurred_at timestamp with time zone)
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
    perform private.refuse_parameter('kind', 'failed or expired');
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

create or replace function private.reverse_locked_payment(payment public.payments, kind public.payment_event_kind, refunded_amount bigint, provider_event_id text, occurred_at timestamp with time zone, detail jsonb)
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
    perform private.refuse_parameter('kind', 'refunded, charged_back or dispute_won');
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

create or replace function private.wallet_screen(after jsonb, page_size integer)
returns jsonb
language plpgsql
stable security definer
set search_path = ''
as $$
begin
  return private.wallet_page(private.require_signed_in(), after, page_size);
end;
$$;
