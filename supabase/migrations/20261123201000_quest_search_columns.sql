-- What catalogue search reads on public.quests, kept next to the row so that one index scan
-- answers each query shape (docs/performance.md):
-- - search_document: full-text document of title (weight A), summary (B) and description (C),
--   accent-insensitive (unaccent, so "ё" = "е" and "café" = "cafe"), stemmed with the `russian`
--   configuration, whose parser sends Cyrillic words to the Russian Snowball stemmer and Latin
--   words to the English one (with English stop words): one configuration covers both languages
--   with one lexeme per word, half the size of a russian || english document.
-- - activity_ids: the quest's activities (public.quest_activities) as a sorted array, so that
--   "has all of these activities" is one GIN containment test instead of a per-row subquery.
-- - indexes for every filter and sort key of public.search_quests, all partial on published
--   quests (the only ones search returns).

create function private.search_text(raw text)
returns text
language sql
immutable
parallel safe
strict
set search_path = ''
as $$
  select lower(extensions.unaccent('extensions.unaccent'::regdictionary, raw));
$$;
comment on function private.search_text(text) is
  'Lower-cased, accent-free text (unaccent with its dictionary named, hence immutable): what search indexes and compares.';

create function private.quest_search_document(title text, summary text, description text)
returns tsvector
language sql
immutable
parallel safe
set search_path = ''
as $$
  select setweight(to_tsvector('pg_catalog.russian'::regconfig, coalesce(private.search_text(title), '')), 'A')
      || setweight(to_tsvector('pg_catalog.russian'::regconfig, coalesce(private.search_text(summary), '')), 'B')
      || setweight(to_tsvector('pg_catalog.russian'::regconfig, coalesce(private.search_text(description), '')), 'C');
$$;
comment on function private.quest_search_document(text, text, text) is
  'Full-text document of a quest: title (A), summary (B), description (C), unaccented, russian configuration (Russian and English stemming).';

create function private.quest_search_query(q text)
returns tsquery
language sql
immutable
parallel safe
set search_path = ''
as $$
  select websearch_to_tsquery('pg_catalog.russian'::regconfig, coalesce(private.search_text(q), ''));
$$;
comment on function private.quest_search_query(text) is
  'The tsquery of a search text as typed (web-search syntax: words, "phrases", -exclusions, or), processed like quest_search_document.';

-- Computing the generated column and planning searches run these as the caller.
revoke execute on function private.search_text(text), private.quest_search_document(text, text, text),
  private.quest_search_query(text) from public;
grant execute on function private.search_text(text), private.quest_search_document(text, text, text),
  private.quest_search_query(text) to anon, authenticated, service_role;

alter table public.quests
  add column search_document tsvector not null
    generated always as (private.quest_search_document(title, summary, description)) stored,
  add column activity_ids uuid[] not null default '{}';
comment on column public.quests.search_document is
  'Full-text document (generated from title, summary, description): used by search_quests; no need to select it.';
comment on column public.quests.activity_ids is
  'Ids of the quest''s activities, sorted (kept by a trigger from quest_activities): the "all of these activities" filter.';

create function private.sync_quest_activity_ids()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  quest uuid := coalesce(new.quest_id, old.quest_id);
begin
  -- Lock the quest first: the next statement then sees every activity committed before us, so two
  -- authors' concurrent changes never leave a stale array.
  perform 1 from public.quests q where q.id = quest for update;
  update public.quests q
  set activity_ids = coalesce((select array_agg(a.activity_id order by a.activity_id)
                               from public.quest_activities a where a.quest_id = quest), '{}')
  where q.id = quest;
  return null;
end;
$$;
comment on function private.sync_quest_activity_ids() is 'Trigger: keeps quests.activity_ids equal to the quest''s rows in quest_activities.';
revoke execute on function private.sync_quest_activity_ids() from public;

create trigger sync_quest_activity_ids
  after insert or delete on public.quest_activities
  for each row execute function private.sync_quest_activity_ids();

create index quests_search_document_idx on public.quests using gin (search_document) where status = 'published';
comment on index public.quests_search_document_idx is 'Full-text search (q).';
create index quests_title_trgm_idx on public.quests using gin (private.search_text(title) extensions.gin_trgm_ops)
  where status = 'published';
comment on index public.quests_title_trgm_idx is 'Typo-tolerant title match (pg_trgm word similarity) when the full-text match is thin.';
create index quests_activity_ids_idx on public.quests using gin (activity_ids) where status = 'published';
comment on index public.quests_activity_ids_idx is 'Filter: has all of these activities.';
create index quests_rating_idx on public.quests (rating_avg, rating_count, id) where status = 'published';
comment on index public.quests_rating_idx is 'Sort rating (read backwards) with its keyset cursor; filter min_rating.';
create index quests_newest_idx on public.quests (published_at, id) where status = 'published';
comment on index public.quests_newest_idx is 'Sort newest (read backwards) with its keyset cursor.';
create index quests_popular_idx on public.quests (favourites_count, id) where status = 'published';
comment on index public.quests_popular_idx is 'Sort popular (read backwards) with its keyset cursor.';
create index quests_city_idx on public.quests (city) where status = 'published';
comment on index public.quests_city_idx is 'Filter city; the list of cities (quest_cities).';
