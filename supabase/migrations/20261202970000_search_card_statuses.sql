-- Cheaper cards for search (issue 13). On a quiet database, most of a 200-marker map page went on
-- the caller's status of each card: private.viewer_statuses called private.has_quest_access once
-- per quest (a SQL function with security definer is never inlined: each call runs its own
-- executor, and for a locked quest has_permission once more), and as a SQL function its own query
-- was planned again on every search. Now viewer_statuses is PL/pgSQL (its plan is kept for the
-- session), reads each quest once (a join), and answers has_access for a published open quest
-- without the call: that is the first case of has_quest_access (anyone may play it), so the
-- answer is the same; every other quest still asks private.has_quest_access, the one rule.
-- public.search_quests no longer re-checks each card against the caller's policies: the page
-- comes from private.search_quest_page, which only ever returns published quests, and every role
-- that may call search (anon, authenticated, service_role) may read every published quest, so the
-- re-check could not remove a card; it cost an index probe under RLS per card. Cards, order,
-- statuses and cursors are unchanged (supabase/tests/database/quests_search*.test.sql).

create or replace function private.viewer_statuses(quest_ids uuid[], viewer uuid)
returns table (quest_id uuid, is_favourite boolean, has_access boolean, in_progress boolean, completed boolean)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query
  select u.id,
         viewer is not null and exists (select 1 from public.favourites f where f.user_id = viewer and f.quest_id = u.id),
         coalesce(q.status = 'published' and q.access = 'open', false) or private.has_quest_access(u.id, viewer),
         viewer is not null and exists (select 1 from public.quest_runs r where r.user_id = viewer and r.quest_id = u.id and r.status = 'in_progress'),
         viewer is not null and exists (select 1 from public.quest_runs r where r.user_id = viewer and r.quest_id = u.id and r.status = 'completed')
  from unnest(quest_ids) with ordinality u (id, n)
  left join public.quests q on q.id = u.id
  order by u.n;
end;
$$;

create or replace function public.search_quests(filters jsonb default '{}')
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  cards jsonb;
  size integer;
begin
  -- Published quests only (search_quest_page), which every caller may read: no re-check per card.
  select coalesce(jsonb_agg(to_jsonb(item) - 'ordinality' order by item.ordinality), '[]') into cards
  from private.search_quest_page(filters, true) with ordinality as item;
  -- page_size has been validated by search_quest_page (a whole number in range, or absent: 20).
  size := coalesce((filters ->> 'page_size')::numeric, 20);
  if jsonb_array_length(cards) > size then
    cards := cards - size;  -- the look-ahead card: there is a next page, after the last card kept
    return jsonb_build_object('items', cards, 'next_cursor', cards -> -1 -> 'cursor');
  end if;
  return jsonb_build_object('items', cards, 'next_cursor', null);
end;
$$;
