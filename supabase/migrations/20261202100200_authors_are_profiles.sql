-- Quest and review authors point at their public profile instead of auth.users, so that PostgREST
-- can embed the author of a quest or a review (`select=*,author:public_profiles(...)` through the
-- public profile view, which shows only id, username, display_name and avatar_path). Every auth
-- user has exactly one profile (created with the account, removed with it), so the references
-- mean the same; deleting an account still clears author_id ("deleted user") and keeps the row.

alter table public.quests
  drop constraint quests_author_id_fkey,
  add constraint quests_author_id_fkey foreign key (author_id) references public.profiles (id) on delete set null;
alter table public.reviews
  drop constraint reviews_author_id_fkey,
  add constraint reviews_author_id_fkey foreign key (author_id) references public.profiles (id) on delete set null;
comment on column public.quests.author_id is
  'Who wrote it: a profile (embeddable as its public fields); set from the token, never by the client; null once the account was deleted.';
comment on column public.reviews.author_id is
  'Who wrote it: a profile (embeddable as its public fields); set from the token, never by the client; null once the account was deleted ("deleted user").';
