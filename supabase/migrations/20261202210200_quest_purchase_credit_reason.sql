-- Credit reason of buying access to a locked quest with credits (public.buy_quest_access): a debit
-- the buyer makes at once, as opposed to `unlock`, the debit made when staff approve an unlock
-- request. Both are refunded with `unlock_refund` when the quest is withdrawn.
-- Its own migration: a new enum value cannot be used in the transaction that adds it.
alter type public.credit_reason add value if not exists 'quest_purchase';
