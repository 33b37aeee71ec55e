-- Merch items sold for credits. An item may be tied to a quest with a rule: purchasable only by
-- players who completed it, or visible only to them. Stock (null = unlimited) and a per-user limit
-- are enforced by the purchase function. Managed by holders of merch.manage.

create type public.merch_quest_rule as enum ('purchase_after_completion', 'visible_after_completion');
comment on type public.merch_quest_rule is
  'purchase_after_completion: everyone sees it, only players who completed the quest buy it; visible_after_completion: only they see it.';

create table public.merch_items (
  id uuid primary key default gen_random_uuid(),
  title text not null check (char_length(title) between 1 and 128),
  description text not null default '' check (char_length(description) <= 4000),
  image_paths text[] not null default '{}' check (cardinality(image_paths) <= 10),
  price_credits integer not null check (price_credits between 1 and 1000000),
  stock integer check (stock >= 0),
  per_user_limit integer check (per_user_limit between 1 and 1000),
  active boolean not null default true,
  quest_id uuid references public.quests (id) on delete set null,
  quest_rule public.merch_quest_rule,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint merch_items_rule_needs_quest check (quest_rule is null or quest_id is not null)
);
comment on table public.merch_items is 'Merch sold for credits. Stock and limits are enforced by public.purchase_merch; managed by merch.manage.';
comment on column public.merch_items.title is 'Name (≤ 128).';
comment on column public.merch_items.description is 'Description (≤ 4000).';
comment on column public.merch_items.image_paths is 'Image paths in bucket merch-images, under <item id>/.';
comment on column public.merch_items.price_credits is 'Price per unit in credits.';
comment on column public.merch_items.stock is 'Units left; null = unlimited. Decremented by purchases, restored by cancellations.';
comment on column public.merch_items.per_user_limit is 'Most units one user may hold in non-cancelled orders; null = no limit.';
comment on column public.merch_items.active is 'Inactive items are hidden and cannot be bought.';
comment on column public.merch_items.quest_id is 'Quest the item is tied to (optional).';
comment on column public.merch_items.quest_rule is 'How the quest restricts the item (null = no restriction).';
create index merch_items_quest_id_idx on public.merch_items (quest_id);
create index merch_items_active_idx on public.merch_items (created_at desc, id) where active;
create trigger touch_updated_at before update on public.merch_items for each row execute function private.touch_updated_at();

create function private.has_completed_quest(target_user uuid, target_quest uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.quest_runs r
                 where r.user_id = target_user and r.quest_id = target_quest and r.status = 'completed');
$$;
comment on function private.has_completed_quest(uuid, uuid) is 'True when the user completed the quest at least once.';
revoke execute on function private.has_completed_quest(uuid, uuid) from public;
grant execute on function private.has_completed_quest(uuid, uuid) to authenticated, service_role;

alter table public.merch_items enable row level security;
revoke insert, update, delete, truncate on public.merch_items from anon;

create policy merch_items_select_anon on public.merch_items for select to anon
  using (active and quest_rule is distinct from 'visible_after_completion');
comment on policy merch_items_select_anon on public.merch_items is 'Visitors see active items that are not reserved to players of a quest.';
create policy merch_items_select on public.merch_items for select to authenticated
  using (
    (active and (quest_rule is distinct from 'visible_after_completion' or private.has_completed_quest((select auth.uid()), quest_id)))
    or (select private.authorize('merch.manage'))
  );
comment on policy merch_items_select on public.merch_items is 'Signed-in users see active items (reserved ones once they completed the quest); merch.manage sees all.';
create policy merch_items_insert on public.merch_items for insert to authenticated with check ((select private.authorize('merch.manage')));
comment on policy merch_items_insert on public.merch_items is 'Holders of merch.manage add items.';
create policy merch_items_update on public.merch_items for update to authenticated
  using ((select private.authorize('merch.manage'))) with check ((select private.authorize('merch.manage')));
comment on policy merch_items_update on public.merch_items is 'Holders of merch.manage edit items (price, stock, active, …).';
create policy merch_items_delete on public.merch_items for delete to authenticated using ((select private.authorize('merch.manage')));
comment on policy merch_items_delete on public.merch_items is 'Holders of merch.manage remove items never ordered.';
