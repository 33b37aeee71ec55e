-- Unlock requests, hardened (issue 11, softer findings; issue 12):
--   - request and cancel are rate limited (unlock.request, unlock.cancel): no request/cancel loops;
--   - approving a request of a quest that is not published (archived, sent back to review) is
--     refused with quest_not_available and debits nothing; the request stays pending while the
--     quest is under review, and is rejected when it is archived or deleted (20261202110800);
--   - approval grants and debits exactly once: the grant is inserted first (the primary key
--     serialises it with a concurrent purchase) and a requester who already holds access is
--     refused with already_has_access;
--   - every grant records what was paid for it (paid_credits), so that withdrawing a quest refunds
--     exactly that;
--   - the functions refuse only through private.refuse.

alter table public.quest_access_grants
  add column paid_credits integer not null default 0 check (paid_credits >= 0);
comment on column public.quest_access_grants.paid_credits is
  'Credits paid for this access (unlock approval or purchase); refunded (unlock_refund) if the quest is withdrawn before the holder completes it.';
comment on column public.quest_access_grants.reference_id is 'The unlock request, or the purchase id shared with the ledger row, behind it.';
update public.quest_access_grants g set paid_credits = r.price_credits
from public.unlock_requests r
where g.source = 'unlock_request' and r.id = g.reference_id and r.status = 'approved';
-- "My access grants", newest first, paged by (granted_at, quest_id).
drop index public.quest_access_grants_user_id_idx;
create index quest_access_grants_user_id_idx on public.quest_access_grants (user_id, granted_at desc, quest_id desc);
-- "My unlock requests", newest first, paged by (created_at, id).
drop index public.unlock_requests_user_id_idx;
create index unlock_requests_user_id_idx on public.unlock_requests (user_id, created_at desc, id desc);

insert into private.error_codes (code, http_status, message_en, message_ru) values
  ('quest_not_available', 409, 'This quest is not published right now.', 'Этот квест сейчас не опубликован.');

insert into private.rate_limits (action, max_hits, per, description) values
  ('unlock.request', 10, interval '1 hour', 'Unlock requests filed by a user (each lands in the staff queue).'),
  ('unlock.cancel', 10, interval '1 hour', 'Unlock requests cancelled by a user: stops request/cancel loops.');

create or replace function private.request_unlock(target_quest uuid, message text)
returns public.unlock_requests
language plpgsql
security definer
set search_path = ''
as $$
declare
  request public.unlock_requests;
  quest public.quests;
begin
  perform private.require_active();
  perform private.throttle('unlock.request');
  select * into quest from public.quests q where q.id = target_quest and q.status = 'published';
  if quest.id is null then
    perform private.refuse('quest_not_found');
  end if;
  if quest.access <> 'locked' then
    perform private.refuse('quest_not_locked');
  end if;
  if private.has_quest_access(target_quest, auth.uid()) then
    perform private.refuse('already_has_access');
  end if;
  perform private.require_max_length(btrim(message), 'message', 500);
  insert into public.unlock_requests (quest_id, user_id, message)
  values (target_quest, auth.uid(), nullif(btrim(message), ''))
  on conflict (user_id, quest_id) where status = 'pending' do nothing
  returning * into request;
  if request.id is null then
    perform private.refuse('request_pending');
  end if;
  return request;
end;
$$;
comment on function private.request_unlock(uuid, text) is
  'Files a pending unlock request after checking the quest is published, locked and not yet accessible; rate limited (unlock.request).';
comment on function public.request_unlock(uuid, text) is
  'RPC: ask for access to a locked quest (message ≤ 500). Errors: forbidden, rate_limited, quest_not_found, quest_not_locked, already_has_access, request_pending, invalid_parameter.';

create or replace function private.cancel_unlock_request(target uuid)
returns public.unlock_requests
language plpgsql
security definer
set search_path = ''
as $$
declare
  request public.unlock_requests;
begin
  perform private.require_active();
  perform private.throttle('unlock.cancel');
  update public.unlock_requests r
  set status = 'cancelled', decided_at = now()
  where r.id = target and r.user_id = auth.uid() and r.status = 'pending'
  returning r.* into request;
  if request.id is null then
    select * into request from public.unlock_requests r where r.id = target and r.user_id = auth.uid();
    if request.id is null then
      perform private.refuse('request_not_found');
    end if;
    perform private.refuse('already_decided', jsonb_build_object('status', request.status));
  end if;
  return request;
end;
$$;
comment on function private.cancel_unlock_request(uuid) is
  'The requester cancels their pending request (conditional update); rate limited (unlock.cancel).';
comment on function public.cancel_unlock_request(uuid) is
  'RPC: cancel your pending request. Errors: forbidden, rate_limited, request_not_found, already_decided.';

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
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'approve', 'reason', 'true (approve) or false (reject)'));
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
      decided_by = auth.uid(), decided_at = now(), decision_reason = nullif(btrim(reason), '')
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
comment on function private.decide_unlock_request(uuid, boolean, text) is
  'Approves (grant once, then debit the price, in one transaction; the quest must be published) or rejects (reason required) a pending request under a row lock; never one''s own; audited; notifies the requester.';
comment on function public.decide_unlock_request(uuid, boolean, text) is
  'RPC (unlock.decide): approve (debits the quest price) or reject (reason required) a pending request. Errors: forbidden, invalid_parameter (approve null, reason > 1000 characters), reason_required, request_not_found, already_decided, cannot_decide_own_request, quest_not_available, already_has_access, insufficient_credits.';
