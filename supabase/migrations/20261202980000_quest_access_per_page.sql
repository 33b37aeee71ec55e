-- Quest access answered for a whole page at once (issue 13). A search page asked
-- private.has_quest_access once per locked quest: each call a security-definer function whose
-- query ran its own executor and asked private.has_permission again (some 40 µs a card; a
-- 200-marker map has some 35 locked quests). The rule is now written once, set-based, in
-- private.accessible_quests(quest_ids, user): the same five cases, the caller's permissions
-- looked up once per call (scalar subqueries: evaluated once, and only when a quest needs them).
-- private.has_quest_access(quest, user) asks it for one quest: same arguments, result, comment
-- and grants as before (create or replace), and PL/pgSQL, so its plan is kept for the session.

create function private.accessible_quests(quest_ids uuid[], target_user uuid)
returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query
  select q.id from public.quests q
  where q.id = any (quest_ids)
    and (
      (q.status = 'published' and q.access = 'open')
      or q.author_id = target_user
      or (select private.has_permission(target_user, 'quests.manage'))
      or (q.status = 'in_review' and (select private.has_permission(target_user, 'quests.publish')))
      or (q.status = 'published' and exists (
            select 1 from public.quest_access_grants g
            where g.quest_id = q.id and g.user_id = target_user))
    );
end;
$$;
comment on function private.accessible_quests(uuid[], uuid) is
  'The quests among these that the user may play and see all points of: open and published, their own, quests.manage, quests.publish while under review, or a grant for a published locked quest. The one rule of quest access (private.has_quest_access asks it for one quest; search cards for a page).';

create or replace function private.has_quest_access(target_quest uuid, target_user uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return exists (select 1 from private.accessible_quests(array[target_quest], target_user));
end;
$$;
