-- Push texts of the notification kinds of teams and events (issue 14), as every kind has them
-- (20261202400100_push_texts.sql): the screen each opens, the payload fields sent along, ru/en texts.
insert into private.push_kinds (kind, screen, data_fields, description) values
  ('team_invite', 'team_invitations', '{"team_id": "team_id", "user_id": "by"}', 'A friend invited the user to their team.'),
  ('team_removed', 'teams', '{"team_id": "team_id"}', 'The owner of a team removed the user from it.'),
  ('event_started', 'event', '{"event_id": "event_id", "team_id": "team_id"}', 'An event the user''s team is registered for started.'),
  ('event_message', 'event', '{"event_id": "event_id", "team_id": "team_id"}', 'A game master of an event the user plays sent a message.'),
  ('team_disqualified', 'event', '{"event_id": "event_id", "team_id": "team_id"}', 'A game master disqualified the user''s team from an event.');

insert into private.push_texts (kind, locale, match, title, body) values
  ('team_invite', 'en', '{}', 'Team invitation', '{username} invites you to the team «{team_name}».'),
  ('team_invite', 'ru', '{}', 'Приглашение в команду', '{username} приглашает вас в команду «{team_name}».'),
  ('team_removed', 'en', '{}', 'Removed from a team', 'You are no longer in the team «{team_name}».'),
  ('team_removed', 'ru', '{}', 'Вы больше не в команде', 'Вас исключили из команды «{team_name}».'),
  ('event_started', 'en', '{}', 'The event has started', '«{event_title}» has started: good luck!'),
  ('event_started', 'ru', '{}', 'Событие началось', '«{event_title}» началось: удачи!'),
  ('event_started', 'en', '{"start_mode": "per_team"}', 'The event is open', '«{event_title}» is open: start when your team is ready.'),
  ('event_started', 'ru', '{"start_mode": "per_team"}', 'Событие открыто', '«{event_title}» открыто: начинайте, когда команда готова.'),
  ('event_message', 'en', '{}', '{event_title}', '{body}'),
  ('event_message', 'ru', '{}', '{event_title}', '{body}'),
  ('team_disqualified', 'en', '{}', 'Disqualified', 'Your team was disqualified from «{event_title}»: {reason}'),
  ('team_disqualified', 'ru', '{}', 'Дисквалификация', 'Ваша команда дисквалифицирована с «{event_title}»: {reason}');
