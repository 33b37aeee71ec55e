-- Scheduled jobs of teams and events (issue 14), under pg_cron like every job (docs/scheduled-jobs.md):
--   events-schedule       every minute: starts scheduled events whose start has come (together:
--                         every team's run starts) and ends events whose window is over
--                         (private.run_event_schedule);
--   runs-time-limit       every minute: ends runs past their deadline (a quest's or an event's time
--                         limit) as timed_out (private.end_overdue_runs); the judge also ends one
--                         itself when an attempt comes too late;
--   team-positions-prune  hourly: deletes event positions past their retention (private.prune_team_positions).
select cron.schedule('events-schedule', '* * * * *', 'select private.run_event_schedule()');
select cron.schedule('runs-time-limit', '* * * * *', 'select private.end_overdue_runs()');
select cron.schedule('team-positions-prune', '23 * * * *', 'select private.prune_team_positions()');
