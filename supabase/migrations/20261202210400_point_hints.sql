-- Hints are paid content (issue 11, hole 3: quest_points.hint was a readable column, for anon too on
-- open quests, so the score cost of take_hint was voluntary). The text moves to private.point_hints,
-- which no API role can read; the app learns has_hint (a computed field of quest_points) and
-- hint_cost, and the text only from take_hint, which charges the run's score. Authors write hints
-- with set_point_hint and read them back for editing with point_hints_for_editing (the author,
-- quests.manage, or a reviewer with quests.publish while the quest is under review: reviewers of
-- published quests could otherwise read hints and play for a full score).

create table private.point_hints (
  point_id uuid primary key references public.quest_points (id) on delete cascade,
  hint text not null check (char_length(hint) between 1 and 1000),
  updated_at timestamptz not null default now()
);
comment on table private.point_hints is
  'Hint text of route points. In `private`: no API role reads it; written by set_point_hint, read by take_hint (charging) and point_hints_for_editing (authors, staff).';
comment on column private.point_hints.point_id is 'The point.';
comment on column private.point_hints.hint is 'The hint (1–1000 characters).';
comment on column private.point_hints.updated_at is 'Last change.';
alter table private.point_hints enable row level security;
revoke all on private.point_hints from public, anon, authenticated, service_role;

insert into private.point_hints (point_id, hint)
select p.id, btrim(p.hint) from public.quest_points p where nullif(btrim(p.hint), '') is not null;
alter table public.quest_points drop column hint;
comment on column public.quest_points.hint_cost is 'Score a player loses by taking the hint (the text is private: see public.take_hint).';
comment on table public.quest_points is
  'Ordered route points of a quest. Visible with full access only; see public.quest_teaser for the rest. Hint texts are not here (private.point_hints).';

insert into private.error_codes (code, http_status, message_en, message_ru) values
  ('point_not_found', 404, 'No such route point.', 'Такой точки маршрута нет.');

-- has_hint: a computed field, so `select('…, has_hint, hint_cost')` works on quest_points.
create function private.point_has_hint(point uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from private.point_hints h where h.point_id = point);
$$;
comment on function private.point_has_hint(uuid) is 'True when the point has a hint (its text stays private).';
grant execute on function private.point_has_hint(uuid) to anon, authenticated, service_role;

create function public.has_hint(public.quest_points)
returns boolean
language sql
stable
security invoker
set search_path = ''
as $$
  select private.point_has_hint($1.id);
$$;
comment on function public.has_hint(public.quest_points) is
  'Computed field of quest_points: whether the point has a hint to take (select has_hint with hint_cost). The text only comes from take_hint.';
revoke execute on function public.has_hint(public.quest_points) from public;
grant execute on function public.has_hint(public.quest_points) to anon, authenticated;

-- Authors set hints.
create function private.set_point_hint(point uuid, hint text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  quest uuid;
  text_given text := nullif(btrim(hint), '');
begin
  perform private.require_active();
  select p.quest_id into quest from public.quest_points p where p.id = point;
  if quest is null or not private.can_view_quest(quest) then
    perform private.refuse('point_not_found');
  end if;
  if not private.can_edit_quest(quest) then
    perform private.refuse('forbidden');
  end if;
  perform private.require_max_length(text_given, 'hint', 1000);
  if text_given is null then
    delete from private.point_hints h where h.point_id = point;
  else
    insert into private.point_hints (point_id, hint) values (point, text_given)
    on conflict (point_id) do update set hint = excluded.hint, updated_at = now();
  end if;
end;
$$;
comment on function private.set_point_hint(uuid, text) is
  'Sets (or with null/blank removes) the hint of a point after checking edit rights (the author of a draft, or quests.manage).';
grant execute on function private.set_point_hint(uuid, text) to authenticated;

create function public.set_point_hint(point_id uuid, hint text)
returns void
language sql
security invoker
set search_path = ''
as $$
  select private.set_point_hint(point_id, hint);
$$;
comment on function public.set_point_hint(uuid, text) is
  'RPC (author of a draft, quests.manage): set the hint of a point (null or blank removes it). Errors: forbidden, point_not_found, invalid_parameter (hint > 1000 characters).';
revoke execute on function public.set_point_hint(uuid, text) from public, anon;
grant execute on function public.set_point_hint(uuid, text) to authenticated;

-- Authors and reviewers read hints back for editing.
create function private.point_hints_for_editing(target_quest uuid)
returns table (point_id uuid, "position" integer, title text, hint text, hint_cost integer)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  quest public.quests;
begin
  perform private.require_active();
  select * into quest from public.quests q where q.id = target_quest;
  if quest.id is null or not private.can_view_quest(target_quest) then
    perform private.refuse('quest_not_found');
  end if;
  if not (quest.author_id = auth.uid() or private.authorize('quests.manage')
          or (quest.status = 'in_review' and private.authorize('quests.publish'))) then
    perform private.refuse('forbidden');
  end if;
  return query
    select p.id, p.position, p.title, h.hint, p.hint_cost
    from public.quest_points p left join private.point_hints h on h.point_id = p.id
    where p.quest_id = target_quest
    order by p.position;
end;
$$;
comment on function private.point_hints_for_editing(uuid) is
  'Every point of a quest with its hint text, for its author, quests.manage, or quests.publish while the quest is under review.';
grant execute on function private.point_hints_for_editing(uuid) to authenticated;

create function public.point_hints_for_editing(quest_id uuid)
returns table (point_id uuid, "position" integer, title text, hint text, hint_cost integer)
language sql
stable
security invoker
set search_path = ''
as $$
  select * from private.point_hints_for_editing(quest_id);
$$;
comment on function public.point_hints_for_editing(uuid) is
  'RPC (the author, quests.manage, quests.publish while under review): the points of a quest with their hint texts, for the editor. Errors: forbidden, quest_not_found.';
revoke execute on function public.point_hints_for_editing(uuid) from public, anon;
grant execute on function public.point_hints_for_editing(uuid) to authenticated;

-- take_hint: the one way a player gets the text, and it charges.
create or replace function private.take_hint(target_run uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.quest_runs := private.locked_run(target_run);
  point public.quest_points := private.next_point(run);
  hint_text text;
  charged integer;
begin
  select h.hint into hint_text from private.point_hints h where h.point_id = point.id;
  if hint_text is null then
    perform private.refuse('no_hint');
  end if;
  insert into public.run_hints (run_id, point_id, cost) values (run.id, point.id, point.hint_cost)
  on conflict (run_id, point_id) do nothing
  returning cost into charged;
  if charged is not null then
    update public.quest_runs r set score = greatest(0, r.score - charged), hints_used = r.hints_used + 1
    where r.id = run.id
    returning * into run;
  end if;
  return jsonb_build_object('point_id', point.id, 'position', point.position, 'hint', hint_text,
                            'cost', coalesce(charged, 0), 'score', run.score);
end;
$$;
comment on function private.take_hint(uuid) is
  'Reveals the hint of the run''s next point; the first time costs its hint_cost in score (again: free, same text).';
comment on function public.take_hint(uuid) is
  'RPC: the hint of the next point, {point_id, position, hint, cost, score}; the first take costs hint_cost score. Errors: forbidden, run_not_found, run_not_in_progress, no_hint.';
