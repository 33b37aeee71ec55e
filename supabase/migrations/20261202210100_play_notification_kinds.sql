-- Notification kinds of play and unlocks (payloads in docs/unlock-requests.md for quest_withdrawn
-- and docs/play-and-credits.md for run_reviewed):
--   quest_withdrawn  a quest the user paid for or asked for was archived or deleted: paid access
--                    refunded, pending request rejected;
--   run_reviewed     a moderator cleared or voided the user's flagged run.
-- Their own migration: a new enum value cannot be used in the transaction that adds it.
alter type public.notification_kind add value if not exists 'quest_withdrawn';
alter type public.notification_kind add value if not exists 'run_reviewed';
