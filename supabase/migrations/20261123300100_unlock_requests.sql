-- Unlock requests: a user asks for access to a locked quest (optionally with a message); one
-- pending request per user and quest; the user may cancel while pending. Holders of unlock.decide
-- work the queue oldest first and approve or reject with a reason. Approval grants access and,
-- when the quest has a price, debits the credits in the same transaction: with too few credits the
-- approval fails with insufficient_credits and nothing changes. The decision row is locked, so two
-- moderators deciding at once get one success and one already_decided. The requester is notified.

create type public.unlock_request_status as enum ('pending', 'approved', 'rejected', 'cancelled');
comment on type public.unlock_request_status is 'pending → approved | rejected (staff) | cancelled (requester).';

create table public.unlock_requests (
  id uuid primary key default gen_random_uuid(),
  quest_id uuid not null references public.quests (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  message text check (char_length(message) <= 500),
  status public.unlock_request_status not null default 'pending',
  price_credits integer not null default 0 check (price_credits >= 0),
  decided_by uuid references auth.users (id) on delete set null,
  decided_at timestamptz,
  decision_reason text check (char_length(decision_reason) <= 1000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.unlock_requests is
  'Requests for access to locked quests. Written only through request_unlock, cancel_unlock_request and decide_unlock_request.';
comment on column public.unlock_requests.quest_id is 'The locked quest.';
comment on column public.unlock_requests.user_id is 'Who asks.';
comment on column public.unlock_requests.message is 'Optional note to staff (≤ 500).';
comment on column public.unlock_requests.status is 'pending, approved, rejected or cancelled.';
comment on column public.unlock_requests.price_credits is 'Credits debited on approval (the quest''s price at decision time).';
comment on column public.unlock_requests.decided_by is 'Staff member who approved or rejected.';
comment on column public.unlock_requests.decided_at is 'When it was decided or cancelled.';
comment on column public.unlock_requests.decision_reason is 'Why (shown to the requester).';

create unique index unlock_requests_one_pending_idx on public.unlock_requests (user_id, quest_id) where status = 'pending';
create index unlock_requests_queue_idx on public.unlock_requests (created_at, id) where status = 'pending';
create index unlock_requests_user_id_idx on public.unlock_requests (user_id, created_at desc);
create index unlock_requests_quest_id_idx on public.unlock_requests (quest_id);
create index unlock_requests_decided_by_idx on public.unlock_requests (decided_by);
create trigger touch_updated_at before update on public.unlock_requests for each row execute function private.touch_updated_at();

alter table public.unlock_requests enable row level security;
revoke all on public.unlock_requests from anon;
revoke insert, update, delete, truncate on public.unlock_requests from authenticated;

create policy unlock_requests_select on public.unlock_requests for select to authenticated
  using (user_id = (select auth.uid()) or (select private.authorize('unlock.decide')));
comment on policy unlock_requests_select on public.unlock_requests is 'A user reads their own requests; holders of unlock.decide read the queue.';

create function private.request_unlock(target_quest uuid, message text)
returns public.unlock_requests
language plpgsql
security definer
set search_path = ''
as $$
declare
  request public.unlock_requests;
begin
  perform private.require_active();
  if not exists (select 1 from public.quests q where q.id = target_quest and q.status = 'published') then
    raise exception using errcode = 'PT404', message = 'quest_not_found', detail = 'No such published quest.';
  end if;
  if not exists (select 1 from public.quests q where q.id = target_quest and q.access = 'locked') then
    raise exception using errcode = 'PT409', message = 'quest_not_locked', detail = 'This quest is open: just play it.';
  end if;
  if private.has_quest_access(target_quest, auth.uid()) then
    raise exception using errcode = 'PT409', message = 'already_has_access', detail = 'You can already play this quest.';
  end if;
  insert into public.unlock_requests (quest_id, user_id, message)
  values (target_quest, auth.uid(), nullif(btrim(message), ''))
  on conflict (user_id, quest_id) where status = 'pending' do nothing
  returning * into request;
  if request.id is null then
    raise exception using errcode = 'PT409', message = 'request_pending', detail = 'You already have a pending request for this quest.';
  end if;
  return request;
end;
$$;
comment on function private.request_unlock(uuid, text) is 'Files a pending unlock request after checking the quest is published, locked and not yet accessible.';

create function private.cancel_unlock_request(target uuid)
returns public.unlock_requests
language plpgsql
security definer
set search_path = ''
as $$
declare
  request public.unlock_requests;
begin
  update public.unlock_requests r
  set status = 'cancelled', decided_at = now()
  where r.id = target and r.user_id = auth.uid() and r.status = 'pending' and private.is_active()
  returning r.* into request;
  if request.id is null then
    if not exists (select 1 from public.unlock_requests r where r.id = target and r.user_id = auth.uid()) then
      raise exception using errcode = 'PT404', message = 'request_not_found', detail = 'No such request of yours.';
    end if;
    if not private.is_active() then
      raise exception using errcode = 'PT403', message = 'forbidden', detail = 'A banned account cannot change requests.';
    end if;
    raise exception using errcode = 'PT409', message = 'already_decided', detail = 'Only pending requests can be cancelled.';
  end if;
  return request;
end;
$$;
comment on function private.cancel_unlock_request(uuid) is 'The requester cancels their pending request (conditional update).';

create function private.decide_unlock_request(target uuid, approve boolean, reason text)
returns public.unlock_requests
language plpgsql
security definer
set search_path = ''
as $$
declare
  request public.unlock_requests;
  quest public.quests;
begin
  perform private.require_permission('unlock.decide');
  if not approve then
    reason := private.require_reason(reason);
  end if;
  select * into request from public.unlock_requests r where r.id = target for update;
  if request.id is null then
    raise exception using errcode = 'PT404', message = 'request_not_found', detail = 'No such unlock request.';
  end if;
  if request.status <> 'pending' then
    raise exception using errcode = 'PT409', message = 'already_decided',
      detail = format('This request is already %s.', request.status);
  end if;
  if request.user_id = auth.uid() then
    raise exception using errcode = 'PT403', message = 'cannot_decide_own_request', detail = 'Another staff member decides your own request.';
  end if;
  select * into quest from public.quests q where q.id = request.quest_id;

  if approve then
    if quest.price_credits > 0 then
      perform private.post_credits(request.user_id, -quest.price_credits, 'unlock', quest.id, request.id, quest.title);
    end if;
    insert into public.quest_access_grants (quest_id, user_id, source, reference_id)
    values (quest.id, request.user_id, 'unlock_request', request.id)
    on conflict (quest_id, user_id) do nothing;
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
  'Approves (grant access, debit the price in the same transaction) or rejects a pending request under a row lock; audited; notifies the requester.';

revoke execute on function private.request_unlock(uuid, text), private.cancel_unlock_request(uuid),
  private.decide_unlock_request(uuid, boolean, text) from public;
grant execute on function private.request_unlock(uuid, text), private.cancel_unlock_request(uuid),
  private.decide_unlock_request(uuid, boolean, text) to authenticated;

create function public.request_unlock(quest_id uuid, message text default null)
returns public.unlock_requests
language sql
security invoker
set search_path = ''
as $$
  select * from private.request_unlock(quest_id, message);
$$;
comment on function public.request_unlock(uuid, text) is
  'RPC: ask for access to a locked quest. Errors: forbidden, quest_not_found, quest_not_locked, already_has_access, request_pending.';

create function public.cancel_unlock_request(request_id uuid)
returns public.unlock_requests
language sql
security invoker
set search_path = ''
as $$
  select * from private.cancel_unlock_request(request_id);
$$;
comment on function public.cancel_unlock_request(uuid) is 'RPC: cancel your pending request. Errors: request_not_found, forbidden, already_decided.';

create function public.decide_unlock_request(request_id uuid, approve boolean, reason text default null)
returns public.unlock_requests
language sql
security invoker
set search_path = ''
as $$
  select * from private.decide_unlock_request(request_id, approve, reason);
$$;
comment on function public.decide_unlock_request(uuid, boolean, text) is
  'RPC (unlock.decide): approve (debits the quest price) or reject (reason required) a pending request. Errors: forbidden, reason_required, request_not_found, already_decided, cannot_decide_own_request, insufficient_credits.';

revoke execute on function public.request_unlock(uuid, text), public.cancel_unlock_request(uuid),
  public.decide_unlock_request(uuid, boolean, text) from public, anon;
grant execute on function public.request_unlock(uuid, text), public.cancel_unlock_request(uuid),
  public.decide_unlock_request(uuid, boolean, text) to authenticated;
