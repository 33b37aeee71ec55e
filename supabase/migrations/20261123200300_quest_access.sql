-- Who may play a quest. Open published quests: everyone signed in. Locked quests: their author,
-- holders of quests.manage, and users holding a grant in public.quest_access_grants (written by
-- an approved unlock request or a purchase, from the play issue, or by staff). The one answer
-- everything asks is private.has_quest_access(quest, user).

create type public.quest_access_source as enum ('unlock_request', 'purchase', 'staff');
comment on type public.quest_access_source is 'How a user got access to a locked quest.';

create table public.quest_access_grants (
  quest_id uuid not null references public.quests (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  source public.quest_access_source not null,
  reference_id uuid,
  granted_at timestamptz not null default now(),
  primary key (quest_id, user_id)
);
comment on table public.quest_access_grants is
  'Access to locked quests. Written only by definer functions (unlock approval, purchase, staff); a user reads their own.';
comment on column public.quest_access_grants.quest_id is 'The locked quest.';
comment on column public.quest_access_grants.user_id is 'Who may play it.';
comment on column public.quest_access_grants.source is 'How access was obtained.';
comment on column public.quest_access_grants.reference_id is 'The unlock request or order behind it.';
comment on column public.quest_access_grants.granted_at is 'When.';
create index quest_access_grants_user_id_idx on public.quest_access_grants (user_id, quest_id);

alter table public.quest_access_grants enable row level security;
revoke all on public.quest_access_grants from anon;
revoke insert, update, delete, truncate on public.quest_access_grants from authenticated;

create policy quest_access_grants_select on public.quest_access_grants for select to authenticated
  using (user_id = (select auth.uid()) or (select private.authorize('unlock.decide')));
comment on policy quest_access_grants_select on public.quest_access_grants is 'A user reads their own grants; holders of unlock.decide read all.';

create function private.has_quest_access(target_quest uuid, target_user uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.quests q
    where q.id = target_quest
      and (
        (q.status = 'published' and q.access = 'open')
        or q.author_id = target_user
        or private.has_permission(target_user, 'quests.manage')
        or (q.status = 'published' and exists (
              select 1 from public.quest_access_grants g
              where g.quest_id = q.id and g.user_id = target_user))
      )
  );
$$;
comment on function private.has_quest_access(uuid, uuid) is
  'True when that user may play the quest and see all its points: open and published, their own, quests.manage, or a grant for a published locked quest.';
revoke execute on function private.has_quest_access(uuid, uuid) from public;
grant execute on function private.has_quest_access(uuid, uuid) to anon, authenticated, service_role;
