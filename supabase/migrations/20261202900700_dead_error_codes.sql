-- No dead codes in the catalogue (supabase/tests/database/platform_errors.test.sql): route_not_found
-- is raised by nothing (no function, no edge function), so the app cannot meet it.
delete from private.error_codes where code = 'route_not_found';
