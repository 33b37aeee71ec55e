-- Quests: the catalogue. An author (any active user) writes a draft, submits it for review;
-- holders of quests.publish publish it or send it back with a reason; published quests can be
-- archived. Anonymous and signed-in users see published quests only; authors see their own
-- drafts; staff see the review queue. Status and counters change only through functions and
-- triggers (column grants), never by a direct update.

create type public.quest_status as enum ('draft', 'in_review', 'published', 'archived');
comment on type public.quest_status is 'Quest workflow: draft → in_review → published → archived (in_review → draft when sent back).';
create type public.quest_access as enum ('open', 'locked');
comment on type public.quest_access is 'open: anyone may play; locked: needs an approved unlock request or a purchase (quest_access_grants).';

create table public.quests (
  id uuid primary key default gen_random_uuid(),
  author_id uuid default auth.uid() references auth.users (id) on delete set null,
  title text not null check (char_length(title) between 3 and 128),
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 128),
  summary text not null default '' check (char_length(summary) <= 300),
  description text not null default '' check (char_length(description) <= 20000),
  cover_path text check (char_length(cover_path) <= 512),
  city text not null check (char_length(city) between 1 and 128),
  place_id uuid references public.places (id) on delete set null,
  category_id uuid references public.categories (id),
  vehicle_id uuid references public.vehicles (id),
  difficulty smallint not null default 1 check (difficulty between 1 and 5),
  duration_min integer not null default 60 check (duration_min between 1 and 10080),
  distance_m integer not null default 0 check (distance_m between 0 and 1000000),
  min_age smallint not null default 0 check (min_age between 0 and 21),
  price_credits integer not null default 0 check (price_credits between 0 and 1000000),
  reward_credits integer not null default 0 check (reward_credits between 0 and 100000),
  access public.quest_access not null default 'open',
  status public.quest_status not null default 'draft',
  review_note text check (char_length(review_note) <= 1000),
  start_location extensions.geography(point, 4326),
  published_at timestamptz,
  rating_avg numeric(3, 2) not null default 0,
  rating_count integer not null default 0,
  favourites_count integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.quests is
  'City quests. Published ones are public; drafts belong to their author; status, counters and start_location change only through functions and triggers.';
comment on column public.quests.author_id is 'Who wrote it (null once the author deleted their account).';
comment on column public.quests.title is 'Title (3–128).';
comment on column public.quests.slug is 'URL-friendly unique identifier.';
comment on column public.quests.summary is 'One or two sentences for lists (≤ 300).';
comment on column public.quests.description is 'Full description, Markdown (≤ 20,000).';
comment on column public.quests.cover_path is 'Cover image path in bucket quest-media, under <quest id>/.';
comment on column public.quests.city is 'City the quest is played in.';
comment on column public.quests.place_id is 'Main place (optional).';
comment on column public.quests.category_id is 'Category (reference list).';
comment on column public.quests.vehicle_id is 'How it is travelled (reference list).';
comment on column public.quests.difficulty is 'Difficulty 1 (easy) to 5 (hard).';
comment on column public.quests.duration_min is 'Expected duration in minutes.';
comment on column public.quests.distance_m is 'Route length in metres.';
comment on column public.quests.min_age is 'Minimum age of players.';
comment on column public.quests.price_credits is 'Price in credits of a locked quest (0 = free).';
comment on column public.quests.reward_credits is 'Credits earned on a player''s first completion.';
comment on column public.quests.access is 'open or locked.';
comment on column public.quests.status is 'Workflow state; changed only by submit_quest, publish_quest, return_quest, archive_quest.';
comment on column public.quests.review_note is 'Why staff sent the quest back to its author.';
comment on column public.quests.start_location is 'Location of the first route point (kept by a trigger): used by near-me search.';
comment on column public.quests.published_at is 'When it was published.';
comment on column public.quests.rating_avg is 'Average rating of visible reviews (kept by triggers).';
comment on column public.quests.rating_count is 'Number of visible reviews (kept by triggers).';
comment on column public.quests.favourites_count is 'How many users favourited it (kept by triggers).';

create index quests_author_id_idx on public.quests (author_id, created_at desc);
create index quests_place_id_idx on public.quests (place_id);
create index quests_category_id_idx on public.quests (category_id);
create index quests_vehicle_id_idx on public.quests (vehicle_id);
create index quests_review_queue_idx on public.quests (updated_at) where status = 'in_review';
create index quests_start_location_idx on public.quests using gist (start_location) where status = 'published';

create trigger touch_updated_at before update on public.quests for each row execute function private.touch_updated_at();

create table public.quest_activities (
  quest_id uuid not null references public.quests (id) on delete cascade,
  activity_id uuid not null references public.activities (id),
  primary key (quest_id, activity_id)
);
comment on table public.quest_activities is 'Activities of a quest (many per quest).';
comment on column public.quest_activities.quest_id is 'The quest.';
comment on column public.quest_activities.activity_id is 'One of its activities.';
create index quest_activities_activity_id_idx on public.quest_activities (activity_id, quest_id);

create table public.quest_tools (
  quest_id uuid not null references public.quests (id) on delete cascade,
  tool_id uuid not null references public.tools (id),
  primary key (quest_id, tool_id)
);
comment on table public.quest_tools is 'What to bring for a quest (many per quest).';
comment on column public.quest_tools.quest_id is 'The quest.';
comment on column public.quest_tools.tool_id is 'One thing to bring.';
create index quest_tools_tool_id_idx on public.quest_tools (tool_id);

-- Who may see and edit a quest, as small definer helpers the policies call per row.
create function private.can_view_quest(target uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.quests q
    where q.id = target
      and (q.status = 'published'
           or q.author_id = auth.uid()
           or private.authorize('quests.manage')
           or (q.status = 'in_review' and private.authorize('quests.publish')))
  );
$$;
comment on function private.can_view_quest(uuid) is 'True when the caller may see this quest: published, their own, or staff.';

create function private.can_edit_quest(target uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.is_active() and exists (
    select 1 from public.quests q
    where q.id = target
      and ((q.author_id = auth.uid() and q.status = 'draft') or private.authorize('quests.manage'))
  );
$$;
comment on function private.can_edit_quest(uuid) is 'True when the caller may edit this quest and its points: the author while it is a draft, or quests.manage.';

revoke execute on function private.can_view_quest(uuid), private.can_edit_quest(uuid) from public;
grant execute on function private.can_view_quest(uuid), private.can_edit_quest(uuid) to anon, authenticated, service_role;

alter table public.quests enable row level security;
alter table public.quest_activities enable row level security;
alter table public.quest_tools enable row level security;

revoke insert, update, delete, truncate on public.quests, public.quest_activities, public.quest_tools from anon;
revoke update on public.quests from authenticated;
grant update (title, slug, summary, description, cover_path, city, place_id, category_id, vehicle_id, difficulty,
  duration_min, distance_m, min_age, price_credits, reward_credits, access) on public.quests to authenticated;

create policy quests_select_anon on public.quests for select to anon using (status = 'published');
comment on policy quests_select_anon on public.quests is 'Anonymous visitors see published quests.';
create policy quests_select on public.quests for select to authenticated
  using (
    status = 'published'
    or author_id = (select auth.uid())
    or (select private.authorize('quests.manage'))
    or (status = 'in_review' and (select private.authorize('quests.publish')))
  );
comment on policy quests_select on public.quests is 'Signed-in users see published quests, their own drafts, and staff the review queue.';
create policy quests_insert on public.quests for insert to authenticated
  with check (author_id = (select auth.uid()) and status = 'draft' and (select private.is_active()));
comment on policy quests_insert on public.quests is 'An active user starts a draft of their own.';
create policy quests_update on public.quests for update to authenticated
  using (((author_id = (select auth.uid()) and status = 'draft') and (select private.is_active())) or (select private.authorize('quests.manage')))
  with check ((author_id = (select auth.uid()) and status = 'draft') or (select private.authorize('quests.manage')));
comment on policy quests_update on public.quests is 'Authors edit their drafts; holders of quests.manage edit any quest.';
create policy quests_delete on public.quests for delete to authenticated
  using (((author_id = (select auth.uid()) and status = 'draft') and (select private.is_active())) or (select private.authorize('quests.manage')));
comment on policy quests_delete on public.quests is 'Authors delete their drafts; holders of quests.manage delete any quest.';

create policy quest_activities_select on public.quest_activities for select to anon, authenticated
  using ((select private.can_view_quest(quest_id)));
comment on policy quest_activities_select on public.quest_activities is 'Visible with the quest.';
create policy quest_activities_insert on public.quest_activities for insert to authenticated
  with check ((select private.can_edit_quest(quest_id)));
comment on policy quest_activities_insert on public.quest_activities is 'Editable with the quest.';
create policy quest_activities_delete on public.quest_activities for delete to authenticated
  using ((select private.can_edit_quest(quest_id)));
comment on policy quest_activities_delete on public.quest_activities is 'Editable with the quest.';

create policy quest_tools_select on public.quest_tools for select to anon, authenticated
  using ((select private.can_view_quest(quest_id)));
comment on policy quest_tools_select on public.quest_tools is 'Visible with the quest.';
create policy quest_tools_insert on public.quest_tools for insert to authenticated
  with check ((select private.can_edit_quest(quest_id)));
comment on policy quest_tools_insert on public.quest_tools is 'Editable with the quest.';
create policy quest_tools_delete on public.quest_tools for delete to authenticated
  using ((select private.can_edit_quest(quest_id)));
comment on policy quest_tools_delete on public.quest_tools is 'Editable with the quest.';
