-- Reviews: one per user per published quest (not on one's own quest), a rating 1–5 and an optional
-- text (≤ 2000), editable and deletable by their author. Holders of reviews.moderate hide a review
-- (with a reason; it disappears for everyone but its author and moderators, and stops counting)
-- or unhide it, and answer a review once (public.review_responses); every moderation is audited.
-- quests.rating_avg / rating_count are recomputed from the visible reviews in the same transaction
-- as the change, under a lock on the quest row (concurrent reviews never lose a count).
-- Deleting an account keeps its reviews with author_id cleared ("deleted user").

create table public.reviews (
  id uuid primary key default gen_random_uuid(),
  quest_id uuid not null references public.quests (id) on delete cascade,
  author_id uuid default auth.uid() references auth.users (id) on delete set null,
  rating smallint not null check (rating between 1 and 5),
  body text not null default '' check (char_length(body) <= 2000),
  hidden_at timestamptz,
  hidden_by uuid references auth.users (id) on delete set null,
  hidden_reason text check (char_length(hidden_reason) <= 1000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint reviews_one_per_user unique (quest_id, author_id)
);
comment on table public.reviews is
  'Reviews of published quests, one per user and quest. Hidden ones are seen only by their author and moderators and do not count in the rating.';
comment on column public.reviews.quest_id is 'The reviewed quest.';
comment on column public.reviews.author_id is 'Who wrote it (set from the token); null once that account was deleted ("deleted user").';
comment on column public.reviews.rating is 'Stars, 1 to 5.';
comment on column public.reviews.body is 'Text (≤ 2000), may be empty.';
comment on column public.reviews.hidden_at is 'When a moderator hid it; null = visible.';
comment on column public.reviews.hidden_by is 'The moderator who hid it.';
comment on column public.reviews.hidden_reason is 'Why it was hidden (shown to its author).';

create index reviews_visible_idx on public.reviews (quest_id, created_at desc, id desc) include (rating)
  where hidden_at is null;
comment on index public.reviews_visible_idx is 'A quest''s visible reviews, newest first, with a keyset cursor; the rating aggregate.';
create index reviews_author_id_idx on public.reviews (author_id, created_at desc);
comment on index public.reviews_author_id_idx is 'Foreign key; a user''s own reviews.';
create index reviews_hidden_by_idx on public.reviews (hidden_by);
comment on index public.reviews_hidden_by_idx is 'Foreign key.';

create trigger touch_updated_at before update on public.reviews for each row execute function private.touch_updated_at();

create table public.review_responses (
  id uuid primary key default gen_random_uuid(),
  review_id uuid not null references public.reviews (id) on delete cascade,
  responder_id uuid references auth.users (id) on delete set null,
  body text not null check (char_length(body) between 1 and 2000),
  created_at timestamptz not null default now(),
  constraint review_responses_one_per_review unique (review_id)
);
comment on table public.review_responses is
  'The moderators'' answer to a review, at most one per review, written by public.respond_to_review (audited). Visible with its review.';
comment on column public.review_responses.review_id is 'The answered review.';
comment on column public.review_responses.responder_id is 'The moderator who answered (null once that account was deleted).';
comment on column public.review_responses.body is 'The answer (1–2000).';
create index review_responses_responder_id_idx on public.review_responses (responder_id);
comment on index public.review_responses_responder_id_idx is 'Foreign key.';

-- Who may review: an active user, on a published quest that is not their own.
create function private.can_review_quest(target uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.is_active() and exists (
    select 1 from public.quests q
    where q.id = target and q.status = 'published' and q.author_id is distinct from auth.uid()
  );
$$;
comment on function private.can_review_quest(uuid) is 'True when the caller may review this quest: active, the quest published, and not its author.';
revoke execute on function private.can_review_quest(uuid) from public;
grant execute on function private.can_review_quest(uuid) to authenticated;

alter table public.reviews enable row level security;
alter table public.review_responses enable row level security;

-- Clients write reviews through these columns only; hiding goes through hide_review/unhide_review.
revoke insert, update, delete, truncate on public.reviews from anon;
revoke insert, update, truncate on public.reviews from authenticated;
grant insert (quest_id, rating, body) on public.reviews to authenticated;
grant update (rating, body) on public.reviews to authenticated;
revoke insert, update, delete, truncate on public.review_responses from anon, authenticated;

create policy reviews_select_anon on public.reviews for select to anon
  using (hidden_at is null and (select private.can_view_quest(quest_id)));
comment on policy reviews_select_anon on public.reviews is 'Visitors read the visible reviews of quests they can see.';
create policy reviews_select on public.reviews for select to authenticated
  using (
    (hidden_at is null and (select private.can_view_quest(quest_id)))
    or author_id = (select auth.uid())
    or (select private.authorize('reviews.moderate'))
  );
comment on policy reviews_select on public.reviews is
  'Signed-in users read visible reviews of quests they can see; authors also their own hidden ones; moderators all.';
create policy reviews_insert on public.reviews for insert to authenticated
  with check (author_id = (select auth.uid()) and (select private.can_review_quest(quest_id)));
comment on policy reviews_insert on public.reviews is 'An active user reviews a published quest that is not their own, in their own name.';
create policy reviews_update on public.reviews for update to authenticated
  using (author_id = (select auth.uid()) and hidden_at is null and (select private.is_active()))
  with check (author_id = (select auth.uid()));
comment on policy reviews_update on public.reviews is 'Authors edit their own review (rating, body) unless banned or the review is hidden.';
create policy reviews_delete on public.reviews for delete to authenticated
  using (author_id = (select auth.uid()) and (select private.is_active()));
comment on policy reviews_delete on public.reviews is 'Authors delete their own review (hidden or not) unless banned.';

create policy review_responses_select on public.review_responses for select to anon, authenticated
  using (exists (select 1 from public.reviews r where r.id = review_id));
comment on policy review_responses_select on public.review_responses is
  'An answer is visible exactly when its review is (the subquery runs under the caller''s policies on reviews).';

-- The rating of a quest: average and count of its visible reviews.
create function private.refresh_quest_rating()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  quest uuid := coalesce(new.quest_id, old.quest_id);
begin
  -- Lock the quest row first; the update below is a new statement, so it sees every review
  -- committed by a concurrent transaction that held the lock before us.
  perform 1 from public.quests q where q.id = quest for update;
  update public.quests q
  set rating_avg = coalesce(agg.average, 0), rating_count = agg.total
  from (select round(avg(r.rating), 2) as average, count(*)::integer as total
        from public.reviews r where r.quest_id = quest and r.hidden_at is null) agg
  where q.id = quest;
  return null;
end;
$$;
comment on function private.refresh_quest_rating() is
  'Trigger: recomputes quests.rating_avg and rating_count from the visible reviews, under a row lock on the quest, in the same transaction.';
revoke execute on function private.refresh_quest_rating() from public;

create trigger refresh_quest_rating
  after insert or delete or update of rating, hidden_at on public.reviews
  for each row execute function private.refresh_quest_rating();

-- Moderation: hide / unhide (conditional updates, so a second moderator gets a conflict) and the
-- one answer per review; all audited.
create function private.set_review_hidden(target uuid, hide boolean, reason text)
returns public.reviews
language plpgsql
security definer
set search_path = ''
as $$
declare
  changed public.reviews;
  why text;
begin
  perform private.require_permission('reviews.moderate');
  why := private.require_reason(reason);
  update public.reviews r
  set hidden_at = case when hide then now() end,
      hidden_by = case when hide then auth.uid() end,
      hidden_reason = case when hide then why end
  where r.id = target and (r.hidden_at is null) = hide
  returning r.* into changed;
  if changed.id is null then
    if not exists (select 1 from public.reviews r where r.id = target) then
      raise exception using errcode = 'PT404', message = 'review_not_found', detail = 'No such review.';
    end if;
    raise exception using errcode = 'PT409',
      message = case when hide then 'already_hidden' else 'not_hidden' end,
      detail = case when hide then 'This review is already hidden.' else 'This review is not hidden.' end;
  end if;
  perform private.audit(case when hide then 'review.hide' else 'review.unhide' end, 'public.reviews', target::text, why,
    jsonb_build_object('hidden', not hide, 'rating', changed.rating, 'body', changed.body),
    jsonb_build_object('hidden', hide));
  return changed;
end;
$$;
comment on function private.set_review_hidden(uuid, boolean, text) is
  'Hides or unhides a review after checking reviews.moderate and the reason; one conditional update; audited with the text as it was.';
revoke execute on function private.set_review_hidden(uuid, boolean, text) from public;
grant execute on function private.set_review_hidden(uuid, boolean, text) to authenticated;

create function public.hide_review(review_id uuid, reason text)
returns public.reviews
language sql
security invoker
set search_path = ''
as $$
  select * from private.set_review_hidden(review_id, true, reason);
$$;
comment on function public.hide_review(uuid, text) is
  'RPC (reviews.moderate): hide a review with a reason (its author still sees it, with the reason); audited. Errors: forbidden, reason_required, review_not_found, already_hidden.';

create function public.unhide_review(review_id uuid, reason text)
returns public.reviews
language sql
security invoker
set search_path = ''
as $$
  select * from private.set_review_hidden(review_id, false, reason);
$$;
comment on function public.unhide_review(uuid, text) is
  'RPC (reviews.moderate): make a hidden review visible again, with a reason; audited. Errors: forbidden, reason_required, review_not_found, not_hidden.';

create function private.respond_to_review(target uuid, body text)
returns public.review_responses
language plpgsql
security definer
set search_path = ''
as $$
declare
  response public.review_responses;
  answer text := btrim(respond_to_review.body);
begin
  perform private.require_permission('reviews.moderate');
  if coalesce(answer, '') = '' or char_length(answer) > 2000 then
    raise exception using errcode = 'PT400', message = 'invalid_body', detail = 'An answer has 1 to 2000 characters.';
  end if;
  if not exists (select 1 from public.reviews r where r.id = target) then
    raise exception using errcode = 'PT404', message = 'review_not_found', detail = 'No such review.';
  end if;
  insert into public.review_responses (review_id, responder_id, body)
  values (target, auth.uid(), answer)
  on conflict (review_id) do nothing
  returning * into response;
  if response.id is null then
    raise exception using errcode = 'PT409', message = 'already_responded', detail = 'This review already has an answer.';
  end if;
  perform private.audit('review.respond', 'public.reviews', target::text, null, null,
    jsonb_build_object('response_id', response.id, 'body', answer));
  return response;
end;
$$;
comment on function private.respond_to_review(uuid, text) is
  'Writes the one answer to a review after checking reviews.moderate; a second answer is a conflict; audited.';
revoke execute on function private.respond_to_review(uuid, text) from public;
grant execute on function private.respond_to_review(uuid, text) to authenticated;

create function public.respond_to_review(review_id uuid, body text)
returns public.review_responses
language sql
security invoker
set search_path = ''
as $$
  select * from private.respond_to_review(review_id, body);
$$;
comment on function public.respond_to_review(uuid, text) is
  'RPC (reviews.moderate): answer a review, once; audited. Errors: forbidden, invalid_body, review_not_found, already_responded.';

revoke execute on function public.hide_review(uuid, text), public.unhide_review(uuid, text), public.respond_to_review(uuid, text)
  from public, anon;
grant execute on function public.hide_review(uuid, text), public.unhide_review(uuid, text), public.respond_to_review(uuid, text)
  to authenticated;
