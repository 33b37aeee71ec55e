-- Check-in performance (issue 13): in linear and qr_start modes a check-in opens the next point by
-- walking the remaining points in route order and stopping at the first whose condition is met,
-- instead of checking the condition of every remaining point and then sorting them (a 20-point
-- route checked up to 19 conditions per check-in for the one point it opens). The point opened is
-- the same: the first, in cycle_key order, after the last one reached, not opened yet, whose
-- condition is met; free mode is unchanged.

create or replace function private.open_next_points(run public.quest_runs, at timestamptz)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  mode public.stage_order := (select q.stage_order from public.quests q where q.id = run.quest_id);
  last_key integer;
  candidate public.quest_points;
begin
  if mode = 'free' then
    insert into private.run_points (run_id, point_id, opened_at)
    select run.id, p.id, at from public.quest_points p
    where p.quest_id = run.quest_id and private.condition_met(run.id, p)
    on conflict do nothing;
    return;
  end if;
  if mode = 'qr_start' and run.start_position is null then
    return;  -- not started: the first check-in at any qr point opens the route
  end if;
  if exists (select 1 from private.run_points rp where rp.run_id = run.id and rp.checked_at is null) then
    return;  -- one point at a time
  end if;
  select max(private.cycle_key(p.position, run.start_position)) into last_key
  from private.run_points rp join public.quest_points p on p.id = rp.point_id
  where rp.run_id = run.id;
  for candidate in
    select p.* from public.quest_points p
    where p.quest_id = run.quest_id and private.cycle_key(p.position, run.start_position) > coalesce(last_key, -1)
      and not exists (select 1 from private.run_points rp where rp.run_id = run.id and rp.point_id = p.id)
    order by private.cycle_key(p.position, run.start_position)
  loop
    if private.condition_met(run.id, candidate) then
      insert into private.run_points (run_id, point_id, opened_at) values (run.id, candidate.id, at);
      return;
    end if;
  end loop;
end;
$$;
