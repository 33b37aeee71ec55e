-- Withdrawing a quest settles what players paid or asked for it (issue 11: "archiving a quest after
-- paid unlocks refunds nothing although unlock_refund is documented"). When a published quest is
-- archived, and whenever a quest is deleted (staff delete published or archived quests; authors
-- only drafts, which hold nothing), in the same transaction:
--   - every grant that was paid for (unlock approval or purchase: paid_credits > 0) and whose
--     holder has not completed the quest (private.has_completed_quest) is refunded in full
--     (ledger reason unlock_refund, reference = the grant's request or purchase id) and withdrawn;
--     holders who completed it keep what they paid and their grant; a refunded holder's run in
--     progress ends (abandoned), so the refunded content is not played on for free;
--   - pending unlock requests are rejected with a reason;
--   - everyone refunded or rejected is notified once (kind quest_withdrawn, payload {quest_id,
--     quest_title, reason: archived | deleted, refunded_credits, request_id});
--   - one audit row (quest.withdraw_access) sums it up.
-- A quest sent back to review (published → in_review) keeps its grants and pending requests:
-- approvals wait (quest_not_available) until it is published again.

create function private.withdraw_quest_access(quest public.quests, why text)
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
    set status = 'rejected', decided_by = auth.uid(), decided_at = now(), decision_reason = format('The quest was %s.', why)
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
comment on function private.withdraw_quest_access(public.quests, text) is
  'Refunds paid access (unlock_refund) to holders who have not completed the quest and withdraws it, rejects pending unlock requests, notifies them (quest_withdrawn), audits the sum.';

create function private.quest_withdrawal()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    perform private.withdraw_quest_access(old, 'deleted');
    return old;
  end if;
  if old.status = 'published' and new.status = 'archived' then
    perform private.withdraw_quest_access(new, 'archived');
  end if;
  return null;
end;
$$;
comment on function private.quest_withdrawal() is
  'Trigger on public.quests: archiving a published quest or deleting any quest withdraws its paid access with refunds (private.withdraw_quest_access).';
create trigger withdraw_access_on_archive
  after update of status on public.quests
  for each row execute function private.quest_withdrawal();
comment on trigger withdraw_access_on_archive on public.quests is 'Archiving a published quest refunds and withdraws paid access.';
create trigger withdraw_access_on_delete
  before delete on public.quests
  for each row execute function private.quest_withdrawal();
comment on trigger withdraw_access_on_delete on public.quests is 'Deleting a quest refunds paid access before its grants cascade away.';

revoke execute on function private.withdraw_quest_access(public.quests, text), private.quest_withdrawal() from public;
