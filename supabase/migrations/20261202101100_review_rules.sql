-- Reviews and their moderation:
-- - writing, editing and deleting a review is rate limited (reviews.write); refusals are codes:
--   already_reviewed (instead of a raw 23505), cannot_review_own_quest, quest_not_found (not
--   published), out_of_range / invalid_length naming the field, forbidden when banned;
-- - who answered a review is no longer public: review_responses shows the responder's role
--   (moderator or admin); the person is kept in the audit log (review.respond, actor_id);
-- - four-eyes: a moderator neither hides nor unhides reviews of a quest they wrote, nor their own
--   review;
-- - moderation refuses with catalogued codes only.

insert into private.error_codes (code, http_status, message_en, message_ru) values
  ('cannot_moderate_own_review', 403, 'Another moderator decides on your own review.', 'Решение по вашему собственному отзыву принимает другой модератор.');

insert into private.rate_limits (action, max_hits, per, description) values
  ('reviews.write', 20, interval '1 hour', 'Writing, editing or deleting one''s reviews (each moves a quest''s rating): no review spam.');

create function private.authorize_review_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  quest public.quests;
begin
  if tg_op = 'UPDATE' and (new.rating, new.body) is not distinct from (old.rating, old.body) then
    return new;
  end if;
  perform private.require_active();
  if tg_op = 'INSERT' then
    select q.* into quest from public.quests q where q.id = new.quest_id and q.status = 'published';
    if quest.id is null then
      perform private.refuse('quest_not_found');
    end if;
    if quest.author_id = auth.uid() then
      perform private.refuse('cannot_review_own_quest');
    end if;
  end if;
  perform private.throttle('reviews.write');  -- also serialises one user's review writes
  if tg_op = 'INSERT' and exists (select 1 from public.reviews r where r.quest_id = new.quest_id and r.author_id = new.author_id) then
    perform private.refuse('already_reviewed');
  end if;
  return coalesce(new, old);
end;
$$;
comment on function private.authorize_review_write() is
  'Trigger (app requests; reviews): rate limited; quest_not_found (not published), cannot_review_own_quest, already_reviewed, forbidden when banned.';

create trigger authorize_review_write before insert or update or delete on public.reviews
  for each row when (current_user in ('anon', 'authenticated')) execute function private.authorize_review_write();

create function private.check_review_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and (new.rating, new.body) is not distinct from (old.rating, old.body) then
    return new;  -- moderation or a deleted account: not the author's edit
  end if;
  new.body := coalesce(new.body, '');
  perform private.check_range('rating', new.rating, 1, 5);
  perform private.check_length('body', new.body, 0, 2000);
  return new;
end;
$$;
comment on function private.check_review_write() is
  'Trigger (every writer; reviews): rating and body checked with codes naming the field.';

create trigger check_review_write before insert or update on public.reviews
  for each row execute function private.check_review_write();

-- Who answered: the role, not the person.
alter table public.review_responses add column responder_role public.app_role;
update public.review_responses rr
set responder_role = coalesce((select ur.role from public.user_roles ur where ur.user_id = rr.responder_id order by ur.role desc limit 1),
                              'moderator');
alter table public.review_responses alter column responder_role set not null;
drop index public.review_responses_responder_id_idx;
alter table public.review_responses drop column responder_id;
comment on column public.review_responses.responder_role is
  'The role of the staff member who answered (moderator or admin): who it was is not public (audit log, action review.respond).';
comment on table public.review_responses is
  'The staff''s answer to a review, at most one per review, written by public.respond_to_review (audited with who answered). Visible with its review, showing only the responder''s role.';

create or replace function private.set_review_hidden(target uuid, hide boolean, reason text)
returns public.reviews
language plpgsql
security definer
set search_path = ''
as $$
declare
  current public.reviews;
  changed public.reviews;
  why text;
begin
  perform private.require_permission('reviews.moderate');
  why := private.require_reason(reason);
  select r.* into current from public.reviews r where r.id = target;
  if current.id is null then
    perform private.refuse('review_not_found');
  end if;
  if current.author_id = auth.uid() then
    perform private.refuse('cannot_moderate_own_review');
  end if;
  if exists (select 1 from public.quests q where q.id = current.quest_id and q.author_id = auth.uid()) then
    perform private.refuse('cannot_moderate_own_quest');
  end if;
  update public.reviews r
  set hidden_at = case when hide then now() end,
      hidden_by = case when hide then auth.uid() end,
      hidden_reason = case when hide then why end
  where r.id = target and (r.hidden_at is null) = hide
  returning r.* into changed;
  if changed.id is null then
    perform private.refuse(case when hide then 'already_hidden' else 'not_hidden' end);
  end if;
  perform private.audit(case when hide then 'review.hide' else 'review.unhide' end, 'public.reviews', target::text, why,
    jsonb_build_object('hidden', not hide, 'rating', changed.rating, 'body', changed.body),
    jsonb_build_object('hidden', hide));
  return changed;
end;
$$;
comment on function private.set_review_hidden(uuid, boolean, text) is
  'Hides or unhides a review after checking reviews.moderate, the reason and four-eyes (not one''s own review or quest); one conditional update; audited with the text as it was.';

create or replace function private.respond_to_review(target uuid, body text)
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
  perform private.check_length('body', nullif(answer, ''), 1, 2000);
  if not exists (select 1 from public.reviews r where r.id = target) then
    perform private.refuse('review_not_found');
  end if;
  insert into public.review_responses (review_id, responder_role, body)
  values (target,
          coalesce((select ur.role from public.user_roles ur where ur.user_id = auth.uid() order by ur.role desc limit 1), 'moderator'),
          answer)
  on conflict (review_id) do nothing
  returning * into response;
  if response.id is null then
    perform private.refuse('already_responded');
  end if;
  perform private.audit('review.respond', 'public.reviews', target::text, null, null,
    jsonb_build_object('response_id', response.id, 'body', answer, 'responder_role', response.responder_role));
  return response;
end;
$$;
comment on function private.respond_to_review(uuid, text) is
  'Writes the one answer to a review after checking reviews.moderate, showing the responder''s highest role; a second answer is a conflict; audited with who answered.';

comment on function public.hide_review(uuid, text) is
  'RPC (reviews.moderate): hide a review with a reason (its author still sees it, with the reason); audited. Errors: forbidden, reason_required, review_not_found, cannot_moderate_own_review, cannot_moderate_own_quest, already_hidden.';
comment on function public.unhide_review(uuid, text) is
  'RPC (reviews.moderate): make a hidden review visible again, with a reason; audited. Errors: forbidden, reason_required, review_not_found, cannot_moderate_own_review, cannot_moderate_own_quest, not_hidden.';
comment on function public.respond_to_review(uuid, text) is
  'RPC (reviews.moderate): answer a review, once; shown with the responder''s role, audited with the person. Errors: forbidden, field_required, invalid_length, review_not_found, already_responded.';
