-- Who moderated is kept where only staff read it (issue 11, "paid or secret content reachable by another
-- path"; the same rule review_responses.responder_id followed when it became responder_role):
-- public.unlock_requests.decided_by and public.reviews.hidden_by showed the requester and the review's
-- author the account id of the moderator who decided about them. Both columns go; the decision's
-- actor stays in public.audit_log (actor_id, actions unlock.approve / unlock.reject / review.hide /
-- quest.withdraw_access), which holders of audit.read read. The functions that wrote them are
-- replaced first, unchanged otherwise.

create or replace function private.decide_unlock_request(target uuid, approve boolean, reason text)
returns public.unlock_requests
language plpgsql
security definer
set search_path = ''
as $$
declare
  request public.unlock_requests;
  quest public.quests;
  granted boolean;
begin
  perform private.require_permission('unlock.decide');
  if approve is null then
    perform private.refuse_parameter('approve', 'true (approve) or false (reject)');
  end if;
  if not approve then
    reason := private.require_reason(reason);
  end if;
  perform private.require_max_length(btrim(reason), 'reason', 1000);
  select * into request from public.unlock_requests r where r.id = target for update;
  if request.id is null then
    perform private.refuse('request_not_found');
  end if;
  if request.status <> 'pending' then
    perform private.refuse('already_decided', jsonb_build_object('status', request.status));
  end if;
  if request.user_id = auth.uid() then
    perform private.refuse('cannot_decide_own_request');
  end if;
  select * into quest from public.quests q where q.id = request.quest_id;

  if approve then
    if quest.status <> 'published' then
      perform private.refuse('quest_not_available', jsonb_build_object('status', quest.status));
    end if;
    insert into public.quest_access_grants (quest_id, user_id, source, reference_id, paid_credits)
    values (quest.id, request.user_id, 'unlock_request', request.id, quest.price_credits)
    on conflict (quest_id, user_id) do nothing
    returning true into granted;
    if granted is null then
      perform private.refuse('already_has_access');
    end if;
    if quest.price_credits > 0 then
      perform private.post_credits(request.user_id, -quest.price_credits, 'unlock', quest.id, request.id, quest.title);
    end if;
  end if;

  update public.unlock_requests r
  set status = case when approve then 'approved'::public.unlock_request_status else 'rejected' end,
      price_credits = case when approve then quest.price_credits else 0 end,
      decided_at = now(), decision_reason = nullif(btrim(reason), '')
  where r.id = target
  returning r.* into request;

  perform private.audit(case when approve then 'unlock.approve' else 'unlock.reject' end,
    'public.unlock_requests', target::text, request.decision_reason,
    jsonb_build_object('status', 'pending'),
    jsonb_build_object('status', request.status, 'price_credits', request.price_credits));
  perform private.notify(request.user_id,
    case when approve then 'unlock_approved'::public.notification_kind else 'unlock_rejected' end,
    jsonb_build_object('request_id', request.id, 'quest_id', quest.id, 'quest_title', quest.title,
                       'price_credits', request.price_credits, 'reason', request.decision_reason));
  return request;
end;
$$;

create or replace function private.withdraw_quest_access(quest public.quests, why text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  grant_row public.quest_access_grants;
  request public.unlock_requests;
  refunds integer := 0;
  refunded integer := 0;
  rejected integer := 0;
begin
  for grant_row in
    delete from public.quest_access_grants g
    where g.quest_id = quest.id and g.paid_credits > 0 and not private.has_completed_quest(g.user_id, quest.id)
    returning g.*
  loop
    perform private.post_credits(grant_row.user_id, grant_row.paid_credits, 'unlock_refund', quest.id, grant_row.reference_id,
      format('Refund: «%s» was %s', quest.title, why));
    -- Refunded access ends now: a run in progress does not go on for free.
    update public.quest_runs r set status = 'abandoned', finished_at = now()
    where r.quest_id = quest.id and r.user_id = grant_row.user_id and r.status = 'in_progress';
    perform private.notify(grant_row.user_id, 'quest_withdrawn', jsonb_build_object(
      'quest_id', quest.id, 'quest_title', quest.title, 'reason', why,
      'refunded_credits', grant_row.paid_credits, 'request_id', null));
    refunds := refunds + 1;
    refunded := refunded + grant_row.paid_credits;
  end loop;
  for request in
    update public.unlock_requests r
    set status = 'rejected', decided_at = now(), decision_reason = format('The quest was %s.', why)
    where r.quest_id = quest.id and r.status = 'pending'
    returning r.*
  loop
    perform private.notify(request.user_id, 'quest_withdrawn', jsonb_build_object(
      'quest_id', quest.id, 'quest_title', quest.title, 'reason', why, 'refunded_credits', 0, 'request_id', request.id));
    rejected := rejected + 1;
  end loop;
  if refunds > 0 or rejected > 0 then
    perform private.audit('quest.withdraw_access', 'public.quests', quest.id::text, why, null,
      jsonb_build_object('refunds', refunds, 'refunded_credits', refunded, 'rejected_requests', rejected));
  end if;
end;
$$;

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

alter table public.unlock_requests drop column decided_by;
alter table public.reviews drop column hidden_by;
comment on column public.unlock_requests.decided_at is
  'When it was decided or cancelled (who decided: public.audit_log, actions unlock.approve / unlock.reject).';
comment on column public.reviews.hidden_at is
  'When a moderator hid it (null = visible; who did: public.audit_log, action review.hide).';
