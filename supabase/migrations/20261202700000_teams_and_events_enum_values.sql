-- Enum values that teams and events (issue 14) use, in a migration of their own: a new enum value
-- cannot be used in the transaction that adds it (the following migrations use them).
--   app_role 'organiser'         a user who runs events; granted by staff with grant_role, like
--                                moderator and admin (ordered between user and moderator, so the
--                                token's user_role claim and the "top role" stay admin > moderator);
--   app_permission 'events.organise'   create events and run them as their game master (held by
--                                organiser, moderator and admin: 20261202700300_events.sql);
--   run_status 'timed_out'       a run ended by a time limit (the quest's, the event's) or by the
--                                end of its event: its partial score stands, it pays nothing;
--   notification_kind            team_invite, team_removed, event_started, event_message,
--                                team_disqualified (payloads in docs/teams-and-events.md).
alter type public.app_role add value if not exists 'organiser' before 'moderator';
alter type public.app_permission add value if not exists 'events.organise';
alter type public.run_status add value if not exists 'timed_out';
alter type public.notification_kind add value if not exists 'team_invite';
alter type public.notification_kind add value if not exists 'team_removed';
alter type public.notification_kind add value if not exists 'event_started';
alter type public.notification_kind add value if not exists 'event_message';
alter type public.notification_kind add value if not exists 'team_disqualified';
