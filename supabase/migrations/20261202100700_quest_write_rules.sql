-- Rules for every direct write the app makes to the catalogue's tables (quests, route points, a
-- quest's activities and tools, reference lists, places), in BEFORE triggers that run ahead of the
-- policies and constraints, so that a refusal is a catalogued code naming the field:
-- - authorize_<…> (app requests only): who — a banned user gets forbidden, a quest one cannot see
--   quest_not_found, one's own quest that is no longer a draft quest_not_editable, a list without
--   quests.manage forbidden (the policies stay the guard); how often — the quests.create and
--   quests.edit rate limits; duplicates (already_added);
-- - check_<…> (every writer): values — lengths, ranges, formats, references, the reward cap, files
--   that must exist (field_required, invalid_length, out_of_range, invalid_format,
--   invalid_reference, file_not_uploaded, slug_taken, duplicate_position).
-- Staff rights never apply to one's own quest (four-eyes): a holder of quests.manage edits other
-- people's quests, and their own only as an author, while it is a draft. Reward, price and access
-- of a quest that is no longer a draft change only by quests.manage and are audited (quest.terms).
-- Updates the server makes (status, counters, ratings, start) change no client column and pass
-- untouched.

insert into private.rate_limits (action, max_hits, per, description) values
  ('quests.create', 20, interval '1 day', 'New quest drafts per user: plenty for an author, no flood of rows.'),
  ('quests.edit', 600, interval '1 hour', 'Writes to one''s drafts (quest fields, points, activities, tools): autosave-friendly, bounded.'),
  ('quests.submit', 10, interval '1 day', 'Submissions for review per user: each lands in the moderators'' queue.');

-- Four-eyes: staff rights (quests.manage) never apply to a quest one wrote.
create or replace function private.can_edit_quest(target uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.is_active() and exists (
    select 1 from public.quests q
    where q.id = target
      and ((q.author_id = auth.uid() and q.status = 'draft')
           or (q.author_id is distinct from auth.uid() and private.authorize('quests.manage')))
  );
$$;
comment on function private.can_edit_quest(uuid) is
  'True when the caller may edit this quest, its points and media: its author while it is a draft, or a holder of quests.manage when it is someone else''s quest (never banned).';

alter policy quests_update on public.quests
  using ((select private.is_active())
         and ((author_id = (select auth.uid()) and status = 'draft')
              or (author_id is distinct from (select auth.uid()) and (select private.authorize('quests.manage')))))
  with check ((author_id = (select auth.uid()) and status = 'draft')
              or (author_id is distinct from (select auth.uid()) and (select private.authorize('quests.manage'))));
comment on policy quests_update on public.quests is
  'Authors edit their drafts; holders of quests.manage edit other people''s quests (not their own once submitted).';
alter policy quests_delete on public.quests
  using ((select private.is_active())
         and ((author_id = (select auth.uid()) and status = 'draft')
              or (author_id is distinct from (select auth.uid()) and (select private.authorize('quests.manage')))));
comment on policy quests_delete on public.quests is
  'Authors delete their drafts; holders of quests.manage delete other people''s quests.';

-- Why the caller may not write under this quest, as a code (called before the policies refuse).
create function private.require_editable_quest(target uuid)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if target is null then
    perform private.refuse('field_required', jsonb_build_object('field', 'quest_id'));
  end if;
  perform private.require_active();
  if not private.can_edit_quest(target) then
    if not private.can_view_quest(target) then
      perform private.refuse('quest_not_found');
    elsif exists (select 1 from public.quests q where q.id = target and q.author_id = auth.uid()) then
      perform private.refuse('quest_not_editable');
    end if;
    perform private.refuse('forbidden');
  end if;
end;
$$;
comment on function private.require_editable_quest(uuid) is
  'Refuses field_required, forbidden (banned or no right), quest_not_found (not visible) or quest_not_editable (one''s own quest after submission).';

create function private.file_exists(bucket text, object_name text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from storage.objects o where o.bucket_id = bucket and o.name = object_name);
$$;
comment on function private.file_exists(text, text) is 'True when Storage holds that object (a stored path must name an uploaded file).';

-- What the app writes of a quest; an update changing none of it is the server's (workflow,
-- counters, ratings, start) and passes both triggers untouched.
create function private.quest_content_changed(after public.quests, before public.quests)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select (after.title, after.slug, after.summary, after.description, after.cover_path, after.city, after.place_id,
          after.category_id, after.vehicle_id, after.difficulty, after.duration_min, after.distance_m, after.min_age,
          after.price_credits, after.reward_credits, after.access)
    is distinct from (before.title, before.slug, before.summary, before.description, before.cover_path, before.city,
          before.place_id, before.category_id, before.vehicle_id, before.difficulty, before.duration_min, before.distance_m,
          before.min_age, before.price_credits, before.reward_credits, before.access);
$$;
comment on function private.quest_content_changed(public.quests, public.quests) is
  'True when an update changes a column the app writes (title … access, cover_path): the quest triggers'' test for "an app edit".';

create function private.authorize_quest_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and not private.quest_content_changed(new, old) then
    return new;
  end if;
  perform private.require_active();
  perform private.throttle(case tg_op when 'INSERT' then 'quests.create' else 'quests.edit' end);
  return new;
end;
$$;
comment on function private.authorize_quest_write() is
  'Trigger (app requests): forbidden when banned; rate limits quests.create and quests.edit.';

create trigger authorize_quest_write before insert or update on public.quests
  for each row when (current_user in ('anon', 'authenticated')) execute function private.authorize_quest_write();

create function private.check_quest_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  public_statuses public.quest_status[];
begin
  if tg_op = 'UPDATE' and not private.quest_content_changed(new, old) then
    return new;  -- a server update: nothing the client writes changed
  end if;
  new.summary := coalesce(new.summary, '');
  new.description := coalesce(new.description, '');
  perform private.check_length('title', new.title, 3, 128);
  perform private.check_length('slug', new.slug, 1, 128);
  if new.slug !~ '^[a-z0-9]+(-[a-z0-9]+)*$' then
    perform private.refuse('invalid_format', jsonb_build_object('field', 'slug'));
  end if;
  perform private.check_length('summary', new.summary, 0, 300);
  perform private.check_length('description', new.description, 0, 20000);
  perform private.check_length('city', new.city, 1, 128);
  perform private.check_range('difficulty', new.difficulty, 1, 5);
  perform private.check_range('duration_min', new.duration_min, 1, 10080);
  perform private.check_range('distance_m', new.distance_m, 0, 1000000);
  perform private.check_range('min_age', new.min_age, 0, 21);
  perform private.check_range('price_credits', new.price_credits, 0, 1000000);
  perform private.check_range('reward_credits', new.reward_credits, 0, 100);  -- the cap of quests_reward_credits_check
  if new.access is null then
    perform private.refuse('field_required', jsonb_build_object('field', 'access'));
  end if;
  if new.place_id is not null and not exists (select 1 from public.places p where p.id = new.place_id) then
    perform private.refuse('invalid_reference', jsonb_build_object('field', 'place_id'));
  end if;
  if new.category_id is not null and not exists (select 1 from public.categories c where c.id = new.category_id) then
    perform private.refuse('invalid_reference', jsonb_build_object('field', 'category_id'));
  end if;
  if new.vehicle_id is not null and not exists (select 1 from public.vehicles v where v.id = new.vehicle_id) then
    perform private.refuse('invalid_reference', jsonb_build_object('field', 'vehicle_id'));
  end if;
  if new.cover_path is not null and (tg_op = 'INSERT' or new.cover_path is distinct from old.cover_path) then
    if not (private.is_quest_cover_name(new.cover_path) and new.cover_path like new.id::text || '/%') then
      perform private.refuse('invalid_format', jsonb_build_object('field', 'cover_path'));
    end if;
    if not private.file_exists('quest-covers', new.cover_path) then
      perform private.refuse('file_not_uploaded', jsonb_build_object('field', 'cover_path'));
    end if;
  end if;

  -- A slug is taken only by a published (for a draft: public knowledge) or archived quest.
  if tg_op = 'INSERT' or new.slug is distinct from old.slug then
    public_statuses := case when new.status in ('draft', 'in_review') then array['published']::public.quest_status[]
                            else array['published', 'archived']::public.quest_status[] end;
    if exists (select 1 from public.quests o where o.slug = new.slug and o.id <> new.id and o.status = any (public_statuses)) then
      perform private.refuse('slug_taken', jsonb_build_object('slug', new.slug));
    end if;
  end if;

  -- Terms approved by publication change afterwards only by staff (the policies), audited.
  if tg_op = 'UPDATE' and old.status <> 'draft'
     and (new.price_credits, new.reward_credits, new.access) is distinct from (old.price_credits, old.reward_credits, old.access) then
    perform private.audit('quest.terms', 'public.quests', new.id::text, null,
      jsonb_build_object('price_credits', old.price_credits, 'reward_credits', old.reward_credits, 'access', old.access),
      jsonb_build_object('price_credits', new.price_credits, 'reward_credits', new.reward_credits, 'access', new.access));
  end if;
  return new;
end;
$$;
comment on function private.check_quest_write() is
  'Trigger (every writer): validates the client-written fields of a quest (codes naming the field), slug_taken against published/archived quests, audits reward/price/access changes after submission.';

create trigger check_quest_write before insert or update on public.quests
  for each row execute function private.check_quest_write();

-- Route points.
create function private.authorize_point_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    perform private.require_editable_quest(new.quest_id);
  end if;
  perform private.throttle('quests.edit');
  return coalesce(new, old);
end;
$$;
comment on function private.authorize_point_write() is
  'Trigger (app requests): who may add a point (codes), and the quests.edit rate limit on every point write.';

create trigger authorize_point_write before insert or update or delete on public.quest_points
  for each row when (current_user in ('anon', 'authenticated')) execute function private.authorize_point_write();

create function private.check_point_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and (new.quest_id, new.position, new.title, new.description, new.lat, new.lng, new.location, new.radius_m,
        new.task_type, new.hint_cost, new.media_path)
      is not distinct from (old.quest_id, old.position, old.title, old.description, old.lat, old.lng, old.location, old.radius_m,
        old.task_type, old.hint_cost, old.media_path) then
    return new;
  end if;
  new.description := coalesce(new.description, '');
  perform private.check_range('position', new.position, 1, 500);
  perform private.check_length('title', new.title, 1, 128);
  perform private.check_length('description', new.description, 0, 4000);
  perform private.check_range('radius_m', new.radius_m, 5, 1000);
  perform private.check_range('hint_cost', new.hint_cost, 0, 1000);
  if new.task_type is null then
    perform private.refuse('field_required', jsonb_build_object('field', 'task_type'));
  end if;
  if new.media_path is not null and (tg_op = 'INSERT' or new.media_path is distinct from old.media_path) then
    if not (private.is_safe_object_path(new.media_path) and new.media_path like new.quest_id::text || '/points/_%') then
      perform private.refuse('invalid_format', jsonb_build_object('field', 'media_path'));
    end if;
    if not private.file_exists('quest-media', new.media_path) then
      perform private.refuse('file_not_uploaded', jsonb_build_object('field', 'media_path'));
    end if;
  end if;
  return new;
end;
$$;
comment on function private.check_point_write() is
  'Trigger (every writer): validates a route point''s client-written fields (codes naming the field); lat/lng are checked by sync_coordinates.';

create trigger check_point_write before insert or update on public.quest_points
  for each row execute function private.check_point_write();

-- Two points of a quest never share a position. Checked at commit, like the unique constraint
-- (points can be reordered in one transaction), and before it, so the refusal carries a code.
create function private.check_point_positions()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (select 1 from public.quest_points p where p.id = new.id and p.position = new.position)
     and exists (select 1 from public.quest_points p
                 where p.quest_id = new.quest_id and p.position = new.position and p.id <> new.id) then
    perform private.refuse('duplicate_position', jsonb_build_object('position', new.position));
  end if;
  return null;
end;
$$;
comment on function private.check_point_positions() is
  'Deferred constraint trigger: refuses duplicate_position {position} at commit (ahead of the unique constraint).';

-- Triggers of one row fire in name order (byte order): the capital C puts this one ahead of the
-- unique constraint's internal "Unique_ConstraintTrigger_…", so a duplicate is refused with the code.
create constraint trigger "Check_point_positions" after insert or update of position on public.quest_points
  deferrable initially deferred
  for each row execute function private.check_point_positions();

-- A quest's activities and tools: added and removed by whoever edits the quest.
create function private.authorize_quest_list_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  item_column text := tg_argv[0];
  found boolean;
begin
  if tg_op = 'INSERT' then
    perform private.require_editable_quest(new.quest_id);
  end if;
  perform private.throttle('quests.edit');
  if tg_op = 'DELETE' then
    return old;
  end if;
  execute format('select exists (select 1 from public.%I x where x.quest_id = $1 and x.%I = $2)', tg_table_name, item_column)
    into found using new.quest_id, (to_jsonb(new) ->> item_column)::uuid;
  if found then
    perform private.refuse('already_added', jsonb_build_object('field', item_column));
  end if;
  return new;
end;
$$;
comment on function private.authorize_quest_list_write() is
  'Trigger (app requests; quest_activities, quest_tools; argument: the item column): who may add (codes), already_added, the quests.edit rate limit.';

create function private.check_quest_list_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  item_column text := tg_argv[0];
  list_table text := tg_argv[1];
  item uuid := (to_jsonb(new) ->> item_column)::uuid;
  found boolean;
begin
  if item is null then
    perform private.refuse('field_required', jsonb_build_object('field', item_column));
  end if;
  execute format('select exists (select 1 from public.%I r where r.id = $1)', list_table) into found using item;
  if not found then
    perform private.refuse('invalid_reference', jsonb_build_object('field', item_column));
  end if;
  return new;
end;
$$;
comment on function private.check_quest_list_write() is
  'Trigger (every writer; quest_activities, quest_tools; arguments: item column, list table): field_required, invalid_reference.';

create trigger authorize_quest_list_write before insert or delete on public.quest_activities
  for each row when (current_user in ('anon', 'authenticated')) execute function private.authorize_quest_list_write('activity_id');
create trigger check_quest_list_write before insert on public.quest_activities
  for each row execute function private.check_quest_list_write('activity_id', 'activities');
create trigger authorize_quest_list_write before insert or delete on public.quest_tools
  for each row when (current_user in ('anon', 'authenticated')) execute function private.authorize_quest_list_write('tool_id');
create trigger check_quest_list_write before insert on public.quest_tools
  for each row execute function private.check_quest_list_write('tool_id', 'tools');

-- Reference lists and places (written by holders of quests.manage).
create function private.authorize_reference_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if not private.authorize('quests.manage') then
    perform private.refuse('forbidden');
  end if;
  return coalesce(new, old);
end;
$$;
comment on function private.authorize_reference_write() is
  'Trigger (app requests; reference lists, places): forbidden without quests.manage (the policies stay the guard).';

create function private.check_reference_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  found boolean;
  usage record;
begin
  if tg_op = 'DELETE' then
    select * into usage from (values
      ('categories', 'quests', 'category_id'), ('vehicles', 'quests', 'vehicle_id'),
      ('activities', 'quest_activities', 'activity_id'), ('tools', 'quest_tools', 'tool_id')) u (list, used_in, used_by)
    where u.list = tg_table_name;
    execute format('select exists (select 1 from public.%I x where x.%I = $1)', usage.used_in, usage.used_by) into found using old.id;
    if found then
      perform private.refuse('invalid_reference', jsonb_build_object('field', usage.used_by));
    end if;
    return old;
  end if;
  perform private.check_length('slug', new.slug, 1, 64);
  if new.slug !~ '^[a-z0-9]+(-[a-z0-9]+)*$' then
    perform private.refuse('invalid_format', jsonb_build_object('field', 'slug'));
  end if;
  perform private.check_length('name_ru', new.name_ru, 1, 128);
  perform private.check_length('name_en', new.name_en, 1, 128);
  perform private.check_length('icon', new.icon, 0, 64);
  if new.sort_order is null then
    perform private.refuse('field_required', jsonb_build_object('field', 'sort_order'));
  end if;
  -- A taken slug gets its code for the API's callers; server-side writers (the seed, Studio's
  -- postgres) keep the unique constraint's own behaviour, so `insert … on conflict do nothing` works.
  if coalesce(auth.role(), '') in ('anon', 'authenticated') and (tg_op = 'INSERT' or new.slug is distinct from old.slug) then
    execute format('select exists (select 1 from public.%I r where r.slug = $1 and r.id <> $2)', tg_table_name)
      into found using new.slug, new.id;
    if found then
      perform private.refuse('slug_taken', jsonb_build_object('slug', new.slug));
    end if;
  end if;
  return new;
end;
$$;
comment on function private.check_reference_write() is
  'Trigger (every writer; categories, vehicles, activities, tools): field codes, slug_taken, and invalid_reference when removing an entry quests still use.';

create function private.check_place_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.check_length('name', new.name, 1, 128);
  perform private.check_length('address', new.address, 0, 256);
  perform private.check_length('city', new.city, 1, 128);
  return new;
end;
$$;
comment on function private.check_place_write() is 'Trigger (every writer; places): field codes for name, address and city (coordinates: sync_coordinates).';

do $$
declare
  list text;
begin
  foreach list in array array['categories', 'vehicles', 'activities', 'tools', 'places'] loop
    execute format('create trigger authorize_reference_write before insert or update or delete on public.%I
      for each row when (current_user in (''anon'', ''authenticated'')) execute function private.authorize_reference_write()', list);
  end loop;
  foreach list in array array['categories', 'vehicles', 'activities', 'tools'] loop
    execute format('create trigger check_reference_write before insert or update or delete on public.%I
      for each row execute function private.check_reference_write()', list);
  end loop;
end;
$$;
create trigger check_place_write before insert or update on public.places
  for each row execute function private.check_place_write();
