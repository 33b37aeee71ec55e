-- Realtime topics of teams and events (issue 14), registered like every family
-- (private.realtime_topic_families; keys are ids, read with private.chat_id_of_key, which turns a
-- topic key that is a uuid into one and anything else into null):
--   team:<team id>        database events of a team (member_joined, member_left, owner_changed,
--                         team_updated, team_disbanded, event_registered, event_withdrawn,
--                         run_started, checkin, hint_taken, hint_granted, run_ended, score_adjusted,
--                         message, disqualified, event_started, event_paused, event_resumed,
--                         event_ended): its members and the game masters of its events receive;
--                         nobody sends (the app trusts them);
--   team-live:<team id>   client events (live positions every few seconds, presence): the team's
--                         members (not banned) and the game masters of its events send, members and
--                         game masters receive. Hints from peers, never facts (the database keeps
--                         positions through report_team_position);
--   event:<event id>      the activity feed of an event (activity): its game masters receive;
--                         nobody sends.

create function private.team_topic_can_receive(key text, extension text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select extension = 'broadcast'
     and (private.is_team_member(private.chat_id_of_key(key)) or private.is_team_game_master(private.chat_id_of_key(key)));
$$;
comment on function private.team_topic_can_receive(text, text) is 'team:<id> (database events): the team''s members and the game masters of its events receive broadcasts.';

create function private.team_live_can_receive(key text, extension text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select extension in ('broadcast', 'presence')
     and (private.is_team_member(private.chat_id_of_key(key)) or private.is_team_game_master(private.chat_id_of_key(key)));
$$;
comment on function private.team_live_can_receive(text, text) is 'team-live:<id> (positions, presence): the team''s members and the game masters of its events receive.';

create function private.team_live_can_send(key text, extension text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select extension in ('broadcast', 'presence') and private.is_active()
     and (private.is_team_member(private.chat_id_of_key(key)) or private.is_team_game_master(private.chat_id_of_key(key)));
$$;
comment on function private.team_live_can_send(text, text) is 'team-live:<id> (positions, presence): the team''s members and the game masters of its events send, when not banned.';

create function private.event_topic_can_receive(key text, extension text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select extension = 'broadcast' and private.is_event_game_master(private.chat_id_of_key(key));
$$;
comment on function private.event_topic_can_receive(text, text) is 'event:<id> (the activity feed): the event''s game masters receive broadcasts.';

revoke execute on function private.team_topic_can_receive(text, text), private.team_live_can_receive(text, text),
  private.team_live_can_send(text, text), private.event_topic_can_receive(text, text) from public;

insert into private.realtime_topic_families (family, can_receive, can_send, description) values
  ('team', 'private.team_topic_can_receive', null,
   'Database events of a team (membership, runs, check-ins, hints, game master messages, event state): members and the game masters of its events receive and may trust them.'),
  ('team-live', 'private.team_live_can_receive', 'private.team_live_can_send',
   'Client events of a team (live positions, presence): members and the game masters of its events send and receive. Hints from peers, never facts.'),
  ('event', 'private.event_topic_can_receive', null,
   'The activity feed of an event (event activity), sent by the database only: its game masters receive.');
