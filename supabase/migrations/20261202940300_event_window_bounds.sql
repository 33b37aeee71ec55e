-- Event windows the database cannot hold are refused with the catalogued code (found by the probe
-- of main: class "input the database rejects"): starts_at = 'infinity' passed every check of
-- check_event_write and met the events_window constraint as a raw 23514 naming it, and a start in
-- year 294276 overflowed starts_at + 7 days (22008). Now both times must be finite and the start
-- at most 10 years ahead, else invalid_time_window {reason}; the rest of the rules is unchanged.

create or replace function private.check_event_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  quest public.quests;
  registered integer;
  largest integer;
begin
  if tg_op = 'INSERT' then
    new.status := 'scheduled';
    new.started_at := null;
    new.paused_at := null;
    new.ended_at := null;
    new.join_code := private.new_join_code();
    if current_user in ('anon', 'authenticated') then
      new.organiser_id := auth.uid();
    end if;
  elsif (new.title, new.description, new.starts_at, new.ends_at, new.visibility, new.max_teams, new.max_team_size,
         new.start_mode, new.time_limit_min, new.quest_id)
        is not distinct from (old.title, old.description, old.starts_at, old.ends_at, old.visibility, old.max_teams,
         old.max_team_size, old.start_mode, old.time_limit_min, old.quest_id) then
    return new;  -- a server update (status, times)
  end if;
  new.description := coalesce(new.description, '');
  perform private.check_length('title', new.title, 3, 128);
  perform private.check_length('description', new.description, 0, 2000);
  if new.quest_id is null then
    perform private.refuse('field_required', jsonb_build_object('field', 'quest_id'));
  end if;
  select * into quest from public.quests q where q.id = new.quest_id;
  if quest.id is null or quest.status <> 'published' or not (auth.uid() is null or private.can_view_quest(quest.id)) then
    perform private.refuse('invalid_reference', jsonb_build_object('field', 'quest_id'));
  end if;
  if new.starts_at is null then
    perform private.refuse('field_required', jsonb_build_object('field', 'starts_at'));
  end if;
  if new.ends_at is null then
    perform private.refuse('field_required', jsonb_build_object('field', 'ends_at'));
  end if;
  if not (isfinite(new.starts_at) and isfinite(new.ends_at)) then
    perform private.refuse('invalid_time_window', jsonb_build_object('reason', 'starts_at and ends_at are finite times'));
  end if;
  if new.starts_at > now() + interval '10 years' then
    perform private.refuse('invalid_time_window', jsonb_build_object('reason', 'starts_at is more than 10 years ahead'));
  end if;
  if new.starts_at < now() - interval '1 minute' and (tg_op = 'INSERT' or new.starts_at is distinct from old.starts_at) then
    perform private.refuse('invalid_time_window', jsonb_build_object('reason', 'starts_at is in the past'));
  end if;
  if new.ends_at < new.starts_at + interval '5 minutes' then
    perform private.refuse('invalid_time_window', jsonb_build_object('reason', 'ends_at is less than 5 minutes after starts_at'));
  end if;
  if new.ends_at > new.starts_at + interval '7 days' then
    perform private.refuse('invalid_time_window', jsonb_build_object('reason', 'an event lasts at most 7 days'));
  end if;
  if new.visibility is null then
    perform private.refuse('field_required', jsonb_build_object('field', 'visibility'));
  end if;
  if new.start_mode is null then
    perform private.refuse('field_required', jsonb_build_object('field', 'start_mode'));
  end if;
  perform private.check_range('max_teams', new.max_teams, 1, 500);
  perform private.check_range('max_team_size', new.max_team_size, 2, private.play_setting('team_max_members'));
  if new.time_limit_min is not null then
    perform private.check_range('time_limit_min', new.time_limit_min, 5, 1440);
  end if;
  if tg_op = 'UPDATE' then
    select count(*), coalesce(max((select count(*) from public.team_members m where m.team_id = r.team_id)), 0)
    into registered, largest
    from public.event_teams r where r.event_id = new.id;
    if new.max_teams < registered then
      perform private.refuse('out_of_range', jsonb_build_object('field', 'max_teams', 'min', registered, 'max', 500));
    end if;
    if new.max_team_size < largest then
      perform private.refuse('out_of_range', jsonb_build_object('field', 'max_team_size', 'min', largest,
        'max', private.play_setting('team_max_members')));
    end if;
  end if;
  return new;
end;
$$;
comment on function private.check_event_write() is
  'Trigger (every writer): server values on insert (status scheduled, join code, organiser = the caller), then the written fields: title, description, a published quest the caller can see (invalid_reference), the window (finite, starting at most 10 years ahead: invalid_time_window), caps not below what is registered (out_of_range), codes naming the field.';
