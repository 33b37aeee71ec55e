-- Route points: the ordered steps of a quest. Each has a location and a check-in radius, a task
-- type (gps: be there; answer: type the answer; qr: scan the code on site), a hint and media.
-- Answers and QR payloads are stored only as bcrypt hashes in private.point_secrets, a table no
-- client role can read; private.check_point_answer() compares. Points of a locked quest are
-- visible only to users with access; everybody else gets the teaser (public.quest_teaser).

create type public.point_task_type as enum ('gps', 'answer', 'qr');
comment on type public.point_task_type is 'gps: check in within the radius; answer: also type the answer; qr: also scan the code on site.';

create table public.quest_points (
  id uuid primary key default gen_random_uuid(),
  quest_id uuid not null references public.quests (id) on delete cascade,
  position integer not null check (position between 1 and 500),
  title text not null check (char_length(title) between 1 and 128),
  description text not null default '' check (char_length(description) <= 4000),
  location extensions.geography(point, 4326) not null,
  radius_m integer not null default 30 check (radius_m between 5 and 1000),
  task_type public.point_task_type not null default 'gps',
  hint text check (char_length(hint) <= 1000),
  hint_cost integer not null default 10 check (hint_cost between 0 and 1000),
  media_path text check (char_length(media_path) <= 512),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint quest_points_position_key unique (quest_id, position) deferrable initially deferred
);
comment on table public.quest_points is 'Ordered route points of a quest. Visible with full access only; see public.quest_teaser for the rest.';
comment on column public.quest_points.quest_id is 'The quest.';
comment on column public.quest_points.position is 'Order in the route, from 1 (unique per quest; checked at commit, so points can be reordered in one transaction).';
comment on column public.quest_points.title is 'Title (≤ 128).';
comment on column public.quest_points.description is 'What to do or look at here (≤ 4000).';
comment on column public.quest_points.location is 'Coordinates: geography(Point, 4326).';
comment on column public.quest_points.radius_m is 'Check-in radius in metres (5–1000), before the GPS-accuracy allowance.';
comment on column public.quest_points.task_type is 'gps, answer or qr.';
comment on column public.quest_points.hint is 'Hint a player may take (costs hint_cost score).';
comment on column public.quest_points.hint_cost is 'Score a player loses by taking the hint.';
comment on column public.quest_points.media_path is 'Image, audio or video in bucket quest-media, under <quest id>/.';
create index quest_points_location_idx on public.quest_points using gist (location);
create trigger touch_updated_at before update on public.quest_points for each row execute function private.touch_updated_at();

create table private.point_secrets (
  point_id uuid primary key references public.quest_points (id) on delete cascade,
  answer_hash text,
  qr_hash text
);
comment on table private.point_secrets is
  'Bcrypt hashes of the answer / QR payload of a point. In `private`: no client role can read it; written by public.set_point_secret, compared by private.check_point_answer.';
comment on column private.point_secrets.point_id is 'The point.';
comment on column private.point_secrets.answer_hash is 'bcrypt of the normalised answer (lower case, no white space).';
comment on column private.point_secrets.qr_hash is 'bcrypt of the QR payload.';
alter table private.point_secrets enable row level security;
revoke all on private.point_secrets from public, anon, authenticated, service_role;

-- Visibility of points: full access only.
create function private.can_read_points(target_quest uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.can_view_quest(target_quest)
     and (private.has_quest_access(target_quest, auth.uid())
          or exists (select 1 from public.quests q where q.id = target_quest and q.status <> 'published'));
$$;
comment on function private.can_read_points(uuid) is
  'True when the caller may read every point of the quest: visible to them and (accessible to them, or not yet published, i.e. its author or staff).';
revoke execute on function private.can_read_points(uuid) from public;
grant execute on function private.can_read_points(uuid) to anon, authenticated, service_role;

alter table public.quest_points enable row level security;
revoke insert, update, delete, truncate on public.quest_points from anon;

create policy quest_points_select on public.quest_points for select to anon, authenticated
  using ((select private.can_read_points(quest_id)));
comment on policy quest_points_select on public.quest_points is 'Points of open published quests for everyone; of locked quests only with access; drafts for author and staff.';
create policy quest_points_insert on public.quest_points for insert to authenticated
  with check ((select private.can_edit_quest(quest_id)));
comment on policy quest_points_insert on public.quest_points is 'The author of a draft, or quests.manage.';
create policy quest_points_update on public.quest_points for update to authenticated
  using ((select private.can_edit_quest(quest_id))) with check ((select private.can_edit_quest(quest_id)));
comment on policy quest_points_update on public.quest_points is 'The author of a draft, or quests.manage.';
create policy quest_points_delete on public.quest_points for delete to authenticated
  using ((select private.can_edit_quest(quest_id)));
comment on policy quest_points_delete on public.quest_points is 'The author of a draft, or quests.manage.';

-- The quest's start location follows its first point (near-me search uses it).
create function private.sync_quest_start_location()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  quest uuid := coalesce(new.quest_id, old.quest_id);
begin
  update public.quests q
  set start_location = (select p.location from public.quest_points p where p.quest_id = quest order by p.position limit 1)
  where q.id = quest;
  return null;
end;
$$;
comment on function private.sync_quest_start_location() is 'Trigger: keeps quests.start_location equal to the location of point 1.';
revoke execute on function private.sync_quest_start_location() from public;
create trigger sync_quest_start_location
  after insert or update of position, location or delete on public.quest_points
  for each row execute function private.sync_quest_start_location();

-- Answers and QR payloads.
create function private.normalize_answer(answer text)
returns text
language sql
immutable
set search_path = ''
as $$
  select regexp_replace(lower(coalesce(answer, '')), '\s+', '', 'g');
$$;
comment on function private.normalize_answer(text) is 'Answers compare case- and space-insensitively: lower case, white space removed.';

create function private.set_point_secret(point uuid, answer text, qr_payload text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  quest uuid;
begin
  select p.quest_id into quest from public.quest_points p where p.id = point;
  if quest is null or not private.can_edit_quest(quest) then
    raise exception using errcode = 'PT403', message = 'forbidden', detail = 'Only the author of a draft or quests.manage sets answers.';
  end if;
  insert into private.point_secrets (point_id, answer_hash, qr_hash)
  values (
    point,
    case when nullif(private.normalize_answer(answer), '') is not null
         then extensions.crypt(private.normalize_answer(answer), extensions.gen_salt('bf', 8)) end,
    case when nullif(qr_payload, '') is not null then extensions.crypt(qr_payload, extensions.gen_salt('bf', 8)) end
  )
  on conflict (point_id) do update set answer_hash = excluded.answer_hash, qr_hash = excluded.qr_hash;
end;
$$;
comment on function private.set_point_secret(uuid, text, text) is 'Stores the bcrypt hashes of a point''s answer and QR payload after checking edit rights.';
revoke execute on function private.set_point_secret(uuid, text, text) from public;
grant execute on function private.set_point_secret(uuid, text, text) to authenticated;

create function public.set_point_secret(point_id uuid, answer text default null, qr_payload text default null)
returns void
language sql
security invoker
set search_path = ''
as $$
  select private.set_point_secret(point_id, answer, qr_payload);
$$;
comment on function public.set_point_secret(uuid, text, text) is
  'RPC for authors: set the expected answer (compared case- and space-insensitively) and/or QR payload of a point; stored hashed, never readable. Errors: forbidden.';
revoke execute on function public.set_point_secret(uuid, text, text) from public, anon;
grant execute on function public.set_point_secret(uuid, text, text) to authenticated;

create function private.check_point_answer(point uuid, answer text, qr_payload text default null)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select case p.task_type
    when 'gps' then true
    when 'answer' then s.answer_hash is not null
      and s.answer_hash = extensions.crypt(private.normalize_answer(answer), s.answer_hash)
    when 'qr' then s.qr_hash is not null and qr_payload is not null
      and s.qr_hash = extensions.crypt(qr_payload, s.qr_hash)
  end
  from public.quest_points p
  left join private.point_secrets s on s.point_id = p.id
  where p.id = point;
$$;
comment on function private.check_point_answer(uuid, text, text) is
  'True when the answer (answer points) or the QR payload (qr points) matches the stored hash; gps points need none. Called by check-in functions only.';
revoke execute on function private.check_point_answer(uuid, text, text) from public;

-- The teaser of a quest: what anyone who can see the quest learns of its route without access.
create function private.quest_teaser(target uuid)
returns table (point_count integer, first_point_title text, first_point_location extensions.geography)
language sql
stable
security definer
set search_path = ''
as $$
  select (select count(*)::integer from public.quest_points c where c.quest_id = target),
         p.title, p.location
  from public.quest_points p
  where p.quest_id = target and p.position = (select min(m.position) from public.quest_points m where m.quest_id = target)
    and private.can_view_quest(target);
$$;
comment on function private.quest_teaser(uuid) is 'Number of points plus title and location of the first one, for any quest the caller can see.';
revoke execute on function private.quest_teaser(uuid) from public;
grant execute on function private.quest_teaser(uuid) to anon, authenticated, service_role;

create function public.quest_teaser(quest_id uuid)
returns table (point_count integer, first_point_title text, first_point_location extensions.geography)
language sql
stable
security invoker
set search_path = ''
as $$
  select * from private.quest_teaser(quest_id);
$$;
comment on function public.quest_teaser(uuid) is
  'RPC: the teaser of a quest the caller can see, locked or not: the number of points, and the title and location of the first point. Nothing else of the route (no descriptions, hints, media, answers).';
grant execute on function public.quest_teaser(uuid) to anon, authenticated;
