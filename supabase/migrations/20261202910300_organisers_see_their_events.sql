-- The organiser reads their own events (issue 14). docs/teams-and-events.md creates an event with
-- `from('events').insert({...}).select().single()`: PostgREST inserts with RETURNING, and Postgres
-- then checks the row against the SELECT policy before the after-insert trigger has made the
-- organiser its first game master (private.add_event_organiser), so a code-only event (visible to
-- its game masters and participants only) was refused with 42501 "new row violates row-level
-- security policy" — found by running the guide's call in tests/journey.test.ts. Public events,
-- and every event once its game masters exist, were never affected.
alter policy events_select on public.events
  using (visibility = 'public' or organiser_id = (select auth.uid())
         or (select private.is_event_game_master(id)) or (select private.is_event_participant(id)));
comment on policy events_select on public.events is
  'Public events for every signed-in user; code-only ones for their organiser, game masters and participants.';
