-- The quest workflow: draft → in_review (the author submits) → published (quests.publish) or back
-- to draft with a reason (quests.publish); published → archived (quests.publish). Each transition
-- is one conditional update (a second, concurrent decision finds the status changed and gets
-- invalid_transition); staff transitions are audited.

create function private.move_quest(target uuid, from_status public.quest_status, to_status public.quest_status, note text)
returns public.quests
language plpgsql
security definer
set search_path = ''
as $$
declare
  moved public.quests;
  action text;
begin
  if from_status = 'draft' then
    if not private.is_active() or not exists (select 1 from public.quests q where q.id = target and q.author_id = auth.uid()) then
      raise exception using errcode = 'PT403', message = 'forbidden', detail = 'Only the author submits a quest.';
    end if;
    if not exists (select 1 from public.quest_points p where p.quest_id = target) then
      raise exception using errcode = 'PT400', message = 'quest_has_no_points', detail = 'Add at least one route point before submitting.';
    end if;
  else
    perform private.require_permission('quests.publish');
    if to_status = 'draft' or to_status = 'archived' then
      note := private.require_reason(note);
    end if;
  end if;

  update public.quests q
  set status = to_status,
      review_note = case when to_status = 'draft' then note when to_status = 'published' then null else q.review_note end,
      published_at = case when to_status = 'published' then now() else q.published_at end
  where q.id = target and q.status = from_status
  returning q.* into moved;
  if moved.id is null then
    if not exists (select 1 from public.quests q where q.id = target) then
      raise exception using errcode = 'PT404', message = 'quest_not_found', detail = 'No such quest.';
    end if;
    raise exception using errcode = 'PT409', message = 'invalid_transition',
      detail = format('The quest is not %s (any more).', from_status);
  end if;

  if from_status <> 'draft' then
    action := case to_status when 'published' then 'quest.publish' when 'draft' then 'quest.return' else 'quest.archive' end;
    perform private.audit(action, 'public.quests', target::text, note,
      jsonb_build_object('status', from_status), jsonb_build_object('status', to_status));
  end if;
  return moved;
end;
$$;
comment on function private.move_quest(uuid, public.quest_status, public.quest_status, text) is
  'Moves a quest along its workflow with one conditional update, checking who may; audits staff moves.';
revoke execute on function private.move_quest(uuid, public.quest_status, public.quest_status, text) from public;
grant execute on function private.move_quest(uuid, public.quest_status, public.quest_status, text) to authenticated;

create function public.submit_quest(quest_id uuid)
returns public.quests
language sql
security invoker
set search_path = ''
as $$
  select * from private.move_quest(quest_id, 'draft', 'in_review', null);
$$;
comment on function public.submit_quest(uuid) is 'RPC (author): send a draft to review. Errors: forbidden, quest_has_no_points, quest_not_found, invalid_transition.';

create function public.publish_quest(quest_id uuid, note text default null)
returns public.quests
language sql
security invoker
set search_path = ''
as $$
  select * from private.move_quest(quest_id, 'in_review', 'published', note);
$$;
comment on function public.publish_quest(uuid, text) is 'RPC (quests.publish): publish a quest under review; audited. Errors: forbidden, quest_not_found, invalid_transition.';

create function public.return_quest(quest_id uuid, reason text)
returns public.quests
language sql
security invoker
set search_path = ''
as $$
  select * from private.move_quest(quest_id, 'in_review', 'draft', reason);
$$;
comment on function public.return_quest(uuid, text) is 'RPC (quests.publish): send a quest back to its author with a reason (review_note); audited. Errors: forbidden, reason_required, quest_not_found, invalid_transition.';

create function public.archive_quest(quest_id uuid, reason text)
returns public.quests
language sql
security invoker
set search_path = ''
as $$
  select * from private.move_quest(quest_id, 'published', 'archived', reason);
$$;
comment on function public.archive_quest(uuid, text) is 'RPC (quests.publish): take a published quest out of the catalogue; audited. Errors: forbidden, reason_required, quest_not_found, invalid_transition.';

revoke execute on function public.submit_quest(uuid), public.publish_quest(uuid, text), public.return_quest(uuid, text),
  public.archive_quest(uuid, text) from public, anon;
grant execute on function public.submit_quest(uuid), public.publish_quest(uuid, text), public.return_quest(uuid, text),
  public.archive_quest(uuid, text) to authenticated;
