-- The quest workflow, tightened:
-- - four-eyes: a holder of quests.publish never publishes, returns or archives a quest they wrote
--   (cannot_moderate_own_quest), as unlock decisions already work;
-- - publishing approves what the author proposed (reward, price, access) and refuses a slug a
--   published or archived quest holds (slug_taken);
-- - publishing recomputes every server-maintained value from its source (rating and favourites
--   from reviews and favourites, activity_ids from quest_activities, the start from point 1), so a
--   value forged into a row by any path never survives into the catalogue;
-- - submissions are rate limited (quests.submit) and stamped (submitted_at: the review queue's order);
-- - every refusal is a catalogued code.
-- Each transition is still one conditional UPDATE of public.quests (triggers of other features on
-- status changes fire on it; a second, concurrent decision finds the status changed:
-- invalid_transition). Staff transitions are audited.

alter table public.quests add column submitted_at timestamptz;
comment on column public.quests.submitted_at is 'When the author last submitted it for review (server-maintained): the review queue''s order.';
update public.quests set submitted_at = updated_at where status = 'in_review';
drop index public.quests_review_queue_idx;
create index quests_review_queue_idx on public.quests (submitted_at, id) where status = 'in_review';
comment on index public.quests_review_queue_idx is 'The moderators'' queue, oldest submission first, with its keyset cursor.';

-- Quests put in review by the server (seed, Studio) get a submission time too.
create function private.stamp_submission()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.status = 'in_review' and new.submitted_at is null then
    new.submitted_at := now();
  end if;
  return new;
end;
$$;
comment on function private.stamp_submission() is 'Trigger: a quest in review always has submitted_at (the queue''s order).';
create trigger stamp_submission before insert or update of status on public.quests
  for each row execute function private.stamp_submission();

create or replace function private.move_quest(target uuid, from_status public.quest_status, to_status public.quest_status, note text)
returns public.quests
language plpgsql
security definer
set search_path = ''
as $$
declare
  current public.quests;
  moved public.quests;
  action text;
begin
  if from_status = 'draft' then
    perform private.require_active();
    select q.* into current from public.quests q where q.id = target;
    if current.id is null or not private.can_view_quest(target) then
      perform private.refuse('quest_not_found');
    end if;
    if current.author_id is distinct from auth.uid() then
      perform private.refuse('forbidden');
    end if;
    perform private.throttle('quests.submit');
    if not exists (select 1 from public.quest_points p where p.quest_id = target) then
      perform private.refuse('quest_has_no_points');
    end if;
  else
    perform private.require_permission('quests.publish');
    select q.* into current from public.quests q where q.id = target;
    if current.id is null then
      perform private.refuse('quest_not_found');
    end if;
    if current.author_id = auth.uid() then
      perform private.refuse('cannot_moderate_own_quest');
    end if;
    if to_status in ('draft', 'archived') then
      note := private.require_reason(note);
    end if;
    if to_status = 'published' and exists (
         select 1 from public.quests o where o.slug = current.slug and o.id <> target and o.status in ('published', 'archived')) then
      perform private.refuse('slug_taken', jsonb_build_object('slug', current.slug));
    end if;
  end if;

  begin
    update public.quests q
    set status = to_status,
        review_note = case when to_status = 'draft' then note when to_status = 'published' then null else q.review_note end,
        submitted_at = case when to_status = 'in_review' then now() else q.submitted_at end,
        published_at = case when to_status = 'published' then now() else q.published_at end,
        rating_avg = case when to_status = 'published'
                          then coalesce((select round(avg(r.rating), 2) from public.reviews r where r.quest_id = q.id and r.hidden_at is null), 0)
                          else q.rating_avg end,
        rating_count = case when to_status = 'published'
                            then (select count(*)::integer from public.reviews r where r.quest_id = q.id and r.hidden_at is null)
                            else q.rating_count end,
        favourites_count = case when to_status = 'published'
                                then (select count(*)::integer from public.favourites f where f.quest_id = q.id)
                                else q.favourites_count end,
        activity_ids = case when to_status = 'published'
                            then coalesce((select array_agg(a.activity_id order by a.activity_id)
                                           from public.quest_activities a where a.quest_id = q.id), '{}')
                            else q.activity_ids end,
        start_location = case when to_status = 'published'
                              then (select p.location from public.quest_points p where p.quest_id = q.id order by p.position limit 1)
                              else q.start_location end
    where q.id = target and q.status = from_status
    returning q.* into moved;
  exception when unique_violation then
    -- Another moderator published a quest with this slug a moment ago.
    perform private.refuse('slug_taken', jsonb_build_object('slug', current.slug));
  end;
  if moved.id is null then
    perform private.refuse('invalid_transition', jsonb_build_object('from', from_status, 'to', to_status));
  end if;

  if from_status <> 'draft' then
    action := case to_status when 'published' then 'quest.publish' when 'draft' then 'quest.return' else 'quest.archive' end;
    perform private.audit(action, 'public.quests', target::text, note,
      jsonb_build_object('status', from_status),
      jsonb_build_object('status', to_status, 'price_credits', moved.price_credits, 'reward_credits', moved.reward_credits,
                         'access', moved.access));
  end if;
  return moved;
end;
$$;
comment on function private.move_quest(uuid, public.quest_status, public.quest_status, text) is
  'Moves a quest along its workflow with one conditional update: the author submits (rate limited); another holder of quests.publish publishes (approving the terms, recomputing every derived value), returns or archives (with a reason), audited.';

comment on function public.submit_quest(uuid) is
  'RPC (the author): send a draft with at least one point to review. Errors: forbidden, quest_not_found, quest_has_no_points, invalid_transition, rate_limited.';
comment on function public.publish_quest(uuid, text) is
  'RPC (quests.publish, not the author): publish a quest under review, approving its reward, price and access; audited. Errors: forbidden, cannot_moderate_own_quest, quest_not_found, slug_taken, invalid_transition.';
comment on function public.return_quest(uuid, text) is
  'RPC (quests.publish, not the author): send a quest back to its author with a reason (review_note); audited. Errors: forbidden, cannot_moderate_own_quest, reason_required, quest_not_found, invalid_transition.';
comment on function public.archive_quest(uuid, text) is
  'RPC (quests.publish, not the author): take a published quest out of the catalogue with a reason; audited. Errors: forbidden, cannot_moderate_own_quest, reason_required, quest_not_found, invalid_transition.';
