-- The reward of a quest is bounded. Rewards are new credits (no one pays them), earned once per
-- player on a first completion, and credits buy locked quests (100–300 credits in the demo
-- catalogue) and merch. 100 credits keeps a single quest worth at most about one locked quest, so
-- a ring of accounts completing each other's quests cannot mint much, while leaving authors room
-- above every reward in use (10 + 5 × difficulty ≤ 35). The amount is proposed by the author on the
-- draft and approved by publication; on a quest that is no longer a draft only holders of
-- quests.manage change it, audited (see quest_write_rules). The validation trigger refuses more
-- with out_of_range {field: reward_credits, min: 0, max: 100}; this check is the last line.

update public.quests set reward_credits = 100 where reward_credits > 100;
alter table public.quests
  drop constraint quests_reward_credits_check,
  add constraint quests_reward_credits_check check (reward_credits between 0 and 100);
comment on column public.quests.reward_credits is
  'Credits a player earns on their first completion (0–100, docs/quests.md): proposed by the author on the draft, approved by publication; later changed only by quests.manage, audited.';
