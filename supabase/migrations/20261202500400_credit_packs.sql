-- Credit packs: what the app sells for money (web: Stripe Checkout at price_amount/currency; iOS and
-- Android: the store products named by app_store_product_id / play_store_product_id, priced per
-- storefront in App Store Connect and the Play Console). The app lists the packs on sale in one
-- call (`from('credit_packs').select()`); holders of payments.manage add and edit them in Studio.
--
-- Staff self-dealing: a pack's terms (credits, price, currency, store products) are what a buyer
-- gets for their money, so a staff member who sets them cannot also put them on sale: terms are
-- saved on an inactive pack, and another holder of payments.manage activates it (four eyes, as for
-- unlock decisions). Every change is audited. A payment copies the terms when it is opened, so a
-- later edit never changes what an open checkout credits. Packs are never deleted through the API
-- (payments keep pointing at them): deactivate them instead.

insert into public.role_permissions (role, permission) values ('admin', 'payments.manage');

create table public.credit_packs (
  id uuid primary key default gen_random_uuid(),
  title text not null,
  credits integer not null,
  price_amount integer not null,
  currency text not null,
  active boolean not null default false,
  app_store_product_id text,
  play_store_product_id text,
  sort_order integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint credit_packs_title_length check (char_length(title) between 1 and 64),
  constraint credit_packs_credits_range check (credits between 1 and 1000000),
  constraint credit_packs_price_range check (price_amount between 1 and 99999999),
  constraint credit_packs_currency_format check (currency ~ '^[A-Z]{3}$'),
  constraint credit_packs_app_store_product_id_format check (app_store_product_id ~ '^[A-Za-z0-9._]{1,100}$'),
  constraint credit_packs_play_store_product_id_format check (play_store_product_id ~ '^[a-z0-9][a-z0-9._]{0,139}$'),
  constraint credit_packs_sort_order_range check (sort_order between -1000 and 1000),
  constraint credit_packs_app_store_product_id_key unique (app_store_product_id),
  constraint credit_packs_play_store_product_id_key unique (play_store_product_id)
);
comment on table public.credit_packs is
  'Credit packs sold for money: the app lists the active ones; holders of payments.manage manage them (terms saved inactive, activated by another staff member; audited). Never deleted once bought: deactivate.';
comment on column public.credit_packs.title is 'Name shown in the app (1–64 characters); the stores show their own product names.';
comment on column public.credit_packs.credits is 'Credits a purchase adds to the wallet (1–1,000,000).';
comment on column public.credit_packs.price_amount is 'Web price (Stripe Checkout) in the currency''s minor units: 499 = 4.99 EUR, 500 = 500 JPY.';
comment on column public.credit_packs.currency is 'ISO 4217 code of price_amount, upper case (EUR, USD, RUB).';
comment on column public.credit_packs.active is 'On sale. Set by a staff member other than the one who last set the terms (or by the project owner as postgres).';
comment on column public.credit_packs.app_store_product_id is 'Consumable product id in App Store Connect (null = not sold on iOS).';
comment on column public.credit_packs.play_store_product_id is 'One-time (consumable) product id in the Play Console (null = not sold on Android).';
comment on column public.credit_packs.sort_order is 'Display order in the shop, ascending (-1000–1000).';
create index credit_packs_on_sale_idx on public.credit_packs (sort_order, credits) where active;
create trigger touch_updated_at before update on public.credit_packs for each row execute function private.touch_updated_at();

-- Who last set a pack's terms, kept out of the public table (staff identities are not for buyers).
create table private.credit_pack_terms (
  pack_id uuid primary key references public.credit_packs (id) on delete cascade,
  set_by uuid references auth.users (id) on delete set null,
  set_at timestamptz not null default now()
);
comment on table private.credit_pack_terms is 'Who last set the terms (credits, price, currency, store products) of a pack: that person may not activate it.';
comment on column private.credit_pack_terms.pack_id is 'The pack.';
comment on column private.credit_pack_terms.set_by is 'The staff member who last set its terms (null: the project owner as postgres, or a deleted account).';
comment on column private.credit_pack_terms.set_at is 'When.';
create index credit_pack_terms_set_by_idx on private.credit_pack_terms (set_by);
alter table private.credit_pack_terms enable row level security;
revoke all on private.credit_pack_terms from public, anon, authenticated, service_role;

insert into private.error_codes (code, http_status, message_en, message_ru) values
  ('pack_not_found', 404, 'No such credit pack on sale.', 'Такого пакета кредитов в продаже нет.'),
  ('product_id_taken', 409, 'This store product is already sold as another pack.', 'Этот товар магазина уже продаётся как другой пакет.'),
  ('pack_review_required', 409, 'Save new terms on an inactive pack: another staff member puts it on sale.', 'Сохраните новые условия в неактивном пакете: в продажу его выставит другой сотрудник.'),
  ('cannot_activate_own_pack', 403, 'Another staff member puts on sale a pack whose terms you set.', 'Пакет с вашими условиями выставляет в продажу другой сотрудник.');

-- Direct writes (Studio, supabase-js) are validated here, so that bad input is a catalogued 4xx and
-- never a raw constraint error, and the four-eyes rule holds whoever writes.
create function private.check_credit_pack()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  actor constant uuid := auth.uid();
  terms_changed boolean;
  terms_by uuid;
begin
  new.title := btrim(coalesce(new.title, ''));
  new.currency := upper(btrim(coalesce(new.currency, '')));
  new.app_store_product_id := nullif(btrim(new.app_store_product_id), '');
  new.play_store_product_id := nullif(btrim(new.play_store_product_id), '');
  if char_length(new.title) not between 1 and 64 then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'title', 'reason', '1 to 64 characters'));
  elsif new.credits is null or new.credits not between 1 and 1000000 then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'credits', 'reason', 'between 1 and 1000000'));
  elsif new.price_amount is null or new.price_amount not between 1 and 99999999 then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'price_amount', 'reason', 'minor units between 1 and 99999999'));
  elsif new.currency !~ '^[A-Z]{3}$' then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'currency', 'reason', 'an ISO 4217 code such as EUR'));
  elsif new.app_store_product_id !~ '^[A-Za-z0-9._]{1,100}$' then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'app_store_product_id', 'reason', 'letters, digits, . and _ (at most 100)'));
  elsif new.play_store_product_id !~ '^[a-z0-9][a-z0-9._]{0,139}$' then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'play_store_product_id', 'reason', 'lower-case letters, digits, . and _ (at most 140)'));
  elsif new.sort_order is null or new.sort_order not between -1000 and 1000 then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'sort_order', 'reason', 'between -1000 and 1000'));
  elsif new.active is null then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'active', 'reason', 'true or false'));
  end if;
  if exists (select 1 from public.credit_packs p where p.id <> new.id
             and (p.app_store_product_id = new.app_store_product_id or p.play_store_product_id = new.play_store_product_id)) then
    perform private.refuse('product_id_taken');
  end if;

  terms_changed := tg_op = 'INSERT' or (new.credits, new.price_amount, new.currency, new.app_store_product_id, new.play_store_product_id)
    is distinct from (old.credits, old.price_amount, old.currency, old.app_store_product_id, old.play_store_product_id);
  if actor is not null then
    if terms_changed then
      if new.active then
        perform private.refuse('pack_review_required');
      end if;
    elsif new.active and not old.active then
      select t.set_by into terms_by from private.credit_pack_terms t where t.pack_id = new.id;
      if terms_by = actor then
        perform private.refuse('cannot_activate_own_pack');
      end if;
    end if;
  end if;
  return new;
end;
$$;
comment on function private.check_credit_pack() is
  'Before insert/update on credit_packs: validates every field (catalogued invalid_parameter, product_id_taken), and enforces four eyes for staff: new terms are saved inactive (pack_review_required) and activated by someone other than who set them (cannot_activate_own_pack).';
create trigger check_credit_pack before insert or update on public.credit_packs
  for each row execute function private.check_credit_pack();

create function private.audit_credit_pack()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' or (tg_op = 'UPDATE' and (new.credits, new.price_amount, new.currency, new.app_store_product_id, new.play_store_product_id)
      is distinct from (old.credits, old.price_amount, old.currency, old.app_store_product_id, old.play_store_product_id)) then
    -- New terms: remember who set them (null for the project owner as postgres, whose terms any
    -- staff member may activate).
    insert into private.credit_pack_terms (pack_id, set_by, set_at) values (new.id, auth.uid(), now())
    on conflict (pack_id) do update set set_by = excluded.set_by, set_at = excluded.set_at;
  end if;
  perform private.audit(
    case tg_op when 'INSERT' then 'credit_pack.create' when 'UPDATE' then 'credit_pack.update' else 'credit_pack.delete' end,
    'public.credit_packs',
    coalesce(new.id, old.id)::text,
    null,
    case when tg_op = 'INSERT' then null else to_jsonb(old) - 'updated_at' end,
    case when tg_op = 'DELETE' then null else to_jsonb(new) - 'updated_at' end);
  return null;
end;
$$;
comment on function private.audit_credit_pack() is
  'After every insert, update or delete on credit_packs: remembers who set new terms (private.credit_pack_terms) and writes one audit row (credit_pack.create / .update / .delete) with the row before and after, in the name of the staff member.';
create trigger audit_credit_pack after insert or update or delete on public.credit_packs
  for each row execute function private.audit_credit_pack();

alter table public.credit_packs enable row level security;
revoke all on public.credit_packs from anon;
grant select on public.credit_packs to anon;
grant insert (title, credits, price_amount, currency, active, app_store_product_id, play_store_product_id, sort_order)
  on public.credit_packs to authenticated;
grant update (title, credits, price_amount, currency, active, app_store_product_id, play_store_product_id, sort_order)
  on public.credit_packs to authenticated;

create policy credit_packs_select_anon on public.credit_packs for select to anon using (active);
comment on policy credit_packs_select_anon on public.credit_packs is 'Visitors see the packs on sale.';
create policy credit_packs_select on public.credit_packs for select to authenticated
  using (active or (select private.authorize('payments.manage')));
comment on policy credit_packs_select on public.credit_packs is 'Signed-in users see the packs on sale; holders of payments.manage see all.';
create policy credit_packs_insert on public.credit_packs for insert to authenticated
  with check ((select private.authorize('payments.manage')));
comment on policy credit_packs_insert on public.credit_packs is 'Holders of payments.manage add packs (inactive: another staff member activates them).';
create policy credit_packs_update on public.credit_packs for update to authenticated
  using ((select private.authorize('payments.manage'))) with check ((select private.authorize('payments.manage')));
comment on policy credit_packs_update on public.credit_packs is 'Holders of payments.manage edit packs (four eyes on terms and activation, see check_credit_pack).';
