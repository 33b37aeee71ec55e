-- Favourites: a signed-in user bookmarks published quests; one row per user and quest (adding twice
-- is a no-op with upsert/ignoreDuplicates, or 409 with a plain insert). A user sees only their own.
-- quests.favourites_count follows in the same transaction (an atomic increment per row, so
-- concurrent favourites never lose a count). Deleting an account removes its favourites (cascade)
-- and the counts go down with them.

create table public.favourites (
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  quest_id uuid not null references public.quests (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (user_id, quest_id)
);
comment on table public.favourites is 'Quests a user bookmarked. Private to the user; quests.favourites_count counts them.';
comment on column public.favourites.user_id is 'Who bookmarked (the caller; set from the token).';
comment on column public.favourites.quest_id is 'The published quest.';
comment on column public.favourites.created_at is 'When it was added (the list is newest first).';

create index favourites_quest_id_idx on public.favourites (quest_id);
comment on index public.favourites_quest_id_idx is 'Foreign key; cascade deletes with the quest.';
create index favourites_user_list_idx on public.favourites (user_id, created_at desc, quest_id);
comment on index public.favourites_user_list_idx is 'A user''s list, newest first, with its keyset cursor.';

alter table public.favourites enable row level security;
revoke all on public.favourites from anon;
revoke update, truncate on public.favourites from authenticated;

create policy favourites_select on public.favourites for select to authenticated
  using (user_id = (select auth.uid()));
comment on policy favourites_select on public.favourites is 'A user reads their own favourites only.';
create policy favourites_insert on public.favourites for insert to authenticated
  with check (
    user_id = (select auth.uid())
    and (select private.is_active())
    and exists (select 1 from public.quests q where q.id = quest_id and q.status = 'published')
  );
comment on policy favourites_insert on public.favourites is 'An active user bookmarks a published quest for themselves.';
create policy favourites_delete on public.favourites for delete to authenticated
  using (user_id = (select auth.uid()) and (select private.is_active()));
comment on policy favourites_delete on public.favourites is 'An active user removes their own favourites.';

create function private.count_favourite()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.quests q
  set favourites_count = q.favourites_count + case when tg_op = 'INSERT' then 1 else -1 end
  where q.id = coalesce(new.quest_id, old.quest_id);
  return null;
end;
$$;
comment on function private.count_favourite() is
  'Trigger: adds or removes one from quests.favourites_count in the same transaction (atomic increment under the row lock).';
revoke execute on function private.count_favourite() from public;

create trigger count_favourite
  after insert or delete on public.favourites
  for each row execute function private.count_favourite();
