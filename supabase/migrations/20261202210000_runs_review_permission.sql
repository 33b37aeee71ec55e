-- The permission to review runs flagged by the check-in plausibility rules (clear or void them).
-- Its own migration: a new enum value cannot be used in the transaction that adds it; the roles
-- get it in 20261202110600_run_review.sql.
alter type public.app_permission add value if not exists 'runs.review';
