-- Slugs (the quest's address in links) are unique among published and archived quests only.
-- Before, a unique constraint over every quest let anyone learn (by a 23505) that a hidden draft
-- used a slug, and squat the slug of a quest still in review. Now drafts and quests in review
-- neither reserve nor reveal a slug: two drafts may share one; publishing a quest whose slug a
-- published or archived quest already holds is refused with slug_taken (archived quests keep
-- theirs, so that old links never lead to another quest). The partial unique index is the last
-- line of defence when two moderators publish two quests with one slug at the same moment.

alter table public.quests drop constraint quests_slug_key;
create unique index quests_public_slug_key on public.quests (slug) where status in ('published', 'archived');
comment on index public.quests_public_slug_key is 'A slug belongs to at most one published or archived quest; drafts reserve nothing.';
comment on column public.quests.slug is
  'URL-friendly identifier (a-z, 0-9, single dashes, ≤ 128): unique among published and archived quests; drafts may share one.';
create index quests_slug_idx on public.quests (slug);
comment on index public.quests_slug_idx is 'Look-ups by slug whatever the status (links, quest_detail by slug, an author''s drafts).';
