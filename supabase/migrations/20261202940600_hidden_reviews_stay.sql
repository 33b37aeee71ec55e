-- A hidden review stays hidden (found by the probe of main: moderation evaded by another path). Its
-- author could delete a review a moderator had hidden and post the same text again at once: visible
-- and counted in the rating until a moderator hid it again, as often as reviews.write allows. Now
-- the author can no longer delete a hidden review (review_hidden, 409): it keeps their one review
-- slot on the quest (already_reviewed) and stays out of the rating, seen only by them and staff.
-- Unhiding is the moderators' (unhide_review); deleting the account still clears it as always.
insert into private.error_codes (code, http_status, message_en, message_ru) values
  ('review_hidden', 409, 'A moderator hid this review: it can no longer be deleted or changed.',
   'Модератор скрыл этот отзыв: его больше нельзя удалить или изменить.');

create or replace function private.authorize_review_write()
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
  if tg_op = 'DELETE' and old.hidden_at is not null then
    perform private.refuse('review_hidden');
  end if;
  perform private.throttle('reviews.write');  -- also serialises one user's review writes
  if tg_op = 'INSERT' and exists (select 1 from public.reviews r where r.quest_id = new.quest_id and r.author_id = new.author_id) then
    perform private.refuse('already_reviewed');
  end if;
  return coalesce(new, old);
end;
$$;
comment on function private.authorize_review_write() is
  'Trigger (app requests; reviews): rate limited; quest_not_found (not published), cannot_review_own_quest, already_reviewed, review_hidden (deleting a review a moderator hid), forbidden when banned.';
comment on policy reviews_delete on public.reviews is
  'Authors delete their own review unless banned; a hidden one stays (the trigger answers review_hidden).';
