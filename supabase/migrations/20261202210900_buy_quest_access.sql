-- Buying access to a locked quest with credits (issue 12: "access by an approved unlock request or a
-- purchase: no purchase path exists"). public.buy_quest_access(quest_id), one transaction:
--   the grant is inserted first (primary key (quest_id, user_id): of two simultaneous buys, the
--   second waits for the first and then finds the grant: already_has_access, nothing charged),
--   then the price is debited (private.post_credits: insufficient_credits rolls the grant back),
--   sharing one purchase id (grant.reference_id = credit_ledger.reference_id, reason
--   quest_purchase); a pending unlock request of the buyer for the quest is cancelled.
-- How it differs from an unlock request: a purchase is immediate and self-service, at the listed
-- price, for locked quests that have one (price_credits > 0); an unlock request is decided by staff
-- (unlock.decide), may be for a quest without a price (access by request only: not_for_sale here),
-- and is debited (reason unlock) only on approval. Both are refunded (unlock_refund) if the quest
-- is withdrawn before the holder completes it.

insert into private.error_codes (code, http_status, message_en, message_ru) values
  ('not_for_sale', 409, 'This quest is unlocked by request only: ask for an unlock.', 'Этот квест открывается только по запросу: отправьте запрос на доступ.'),
  ('own_quest', 409, 'This is your own quest: you can play it already.', 'Это ваш собственный квест: вы уже можете его проходить.');

insert into private.rate_limits (action, max_hits, per, description) values
  ('quests.buy_access', 10, interval '1 hour', 'Attempts to buy access to a locked quest.');

create function private.buy_quest_access(target_quest uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  quest public.quests;
  purchase uuid := gen_random_uuid();
  bought public.quest_access_grants;
  balance integer;
begin
  perform private.require_active();
  perform private.throttle('quests.buy_access');
  select * into quest from public.quests q where q.id = target_quest and q.status = 'published';
  if quest.id is null then
    perform private.refuse('quest_not_found');
  end if;
  if quest.author_id = auth.uid() then
    perform private.refuse('own_quest');
  end if;
  if quest.access <> 'locked' then
    perform private.refuse('quest_not_locked');
  end if;
  if quest.price_credits = 0 then
    perform private.refuse('not_for_sale');
  end if;
  if private.has_quest_access(quest.id, auth.uid()) then
    perform private.refuse('already_has_access');
  end if;
  insert into public.quest_access_grants (quest_id, user_id, source, reference_id, paid_credits)
  values (quest.id, auth.uid(), 'purchase', purchase, quest.price_credits)
  on conflict (quest_id, user_id) do nothing
  returning * into bought;
  if bought.quest_id is null then
    perform private.refuse('already_has_access');  -- a simultaneous purchase (or approval) won
  end if;
  balance := private.post_credits(auth.uid(), -quest.price_credits, 'quest_purchase', quest.id, purchase, quest.title);
  update public.unlock_requests r
  set status = 'cancelled', decided_at = now(), decision_reason = 'Bought with credits.'
  where r.user_id = auth.uid() and r.quest_id = quest.id and r.status = 'pending';
  return jsonb_build_object('quest_id', quest.id, 'source', bought.source, 'purchase_id', purchase,
                            'paid_credits', bought.paid_credits, 'granted_at', bought.granted_at, 'balance', balance);
end;
$$;
comment on function private.buy_quest_access(uuid) is
  'Buys access to a published locked quest at its price, exactly once: grant first (serialised by its key), then the debit (quest_purchase), one purchase id; cancels the buyer''s pending unlock request.';
grant execute on function private.buy_quest_access(uuid) to authenticated;

create function public.buy_quest_access(quest_id uuid)
returns jsonb
language sql
security invoker
set search_path = ''
as $$
  select private.buy_quest_access(quest_id);
$$;
comment on function public.buy_quest_access(uuid) is
  'RPC: buy access to a locked quest with credits. Returns {quest_id, source: purchase, purchase_id, paid_credits, granted_at, balance}. Errors: forbidden, rate_limited, quest_not_found, own_quest, quest_not_locked, not_for_sale, already_has_access, insufficient_credits.';
revoke execute on function public.buy_quest_access(uuid) from public, anon;
grant execute on function public.buy_quest_access(uuid) to authenticated;
