-- How a quest is played, as data the author writes on the quest and its points (issue 14), with
-- the catalogue's write rules (column grants, BEFORE triggers with codes naming the field):
--   quests.stage_order          linear (points in position order, each revealed only once the
--                               previous one is checked in), free (any remaining point, in any
--                               order, all shown) or qr_start (the run starts by scanning the QR
--                               code of any qr point, then continues in position order from there,
--                               wrapping around to point 1);
--   quests.time_limit_s         a limit per run (60 s – 24 h): the run ends (timed_out) when it is up;
--   score rules                 score_per_point (0–1000, 100 as before), wrong_answer_penalty
--                               (0–1000 per wrong answer or QR), time_bonus_per_min (0–100 per whole
--                               minute left under the run's time limit at the finish; needs a limit);
--                               the hint penalty is each point's hint_cost. They are applied in one
--                               place, private.apply_score_rule (20261202700400_team_runs.sql);
--   quest_points.requires_point_id / requires_first_try
--                               a conditional point: it appears only after that other point of the
--                               same quest was checked in (with requires_first_try: only when that
--                               point was answered right without a wrong answer or QR before);
--   quest_points.hint_delay_s   the hint unlocks this many seconds after the point opened for the
--                               run (the "arrival": the previous check-in, or the start);
--   quest_points.time_limit_s   a check-in later than this after the point opened scores 0 (the
--                               point must still be checked in to go on).
-- The rules for who may write stay the catalogue's (drafts by their author, others' quests by
-- quests.manage, four-eyes); these columns are validated in check_quest_write / check_point_write.

create type public.stage_order as enum ('linear', 'free', 'qr_start');
comment on type public.stage_order is
  'Order of a quest''s points: linear (in position order, each revealed after the previous check-in), free (any order, all shown), qr_start (start by scanning any qr point, then in position order from it, wrapping around).';

alter table public.quests
  add column stage_order public.stage_order not null default 'linear',
  add column time_limit_s integer check (time_limit_s between 60 and 86400),
  add column score_per_point integer not null default 100 check (score_per_point between 0 and 1000),
  add column wrong_answer_penalty integer not null default 0 check (wrong_answer_penalty between 0 and 1000),
  add column time_bonus_per_min integer not null default 0 check (time_bonus_per_min between 0 and 100),
  add constraint quests_time_bonus_needs_limit check (time_bonus_per_min = 0 or time_limit_s is not null);
comment on column public.quests.stage_order is 'linear, free or qr_start: in which order the points are played and what a player sees ahead (docs/teams-and-events.md).';
comment on column public.quests.time_limit_s is 'Time limit of a run in seconds (60–86,400), or null: past it the run ends as timed_out.';
comment on column public.quests.score_per_point is 'Score of a point checked in within its time limit (0–1000; default 100).';
comment on column public.quests.wrong_answer_penalty is 'Score lost per wrong answer or wrong QR code (0–1000).';
comment on column public.quests.time_bonus_per_min is 'Score added at the finish per whole minute left under the run''s time limit (0–100; needs time_limit_s).';

alter table public.quest_points
  add column requires_point_id uuid references public.quest_points (id) on delete set null,
  add column requires_first_try boolean not null default false,
  add column hint_delay_s integer check (hint_delay_s between 0 and 86400),
  add column time_limit_s integer check (time_limit_s between 10 and 86400),
  add constraint quest_points_not_own_requirement check (requires_point_id is distinct from id),
  add constraint quest_points_first_try_needs_point check (not requires_first_try or requires_point_id is not null);
comment on column public.quest_points.requires_point_id is 'A conditional point: it appears only after this other point of the quest was checked in (null: always part of the route).';
comment on column public.quest_points.requires_first_try is 'With requires_point_id: only when that point was answered right at the first try (no wrong answer or QR before).';
comment on column public.quest_points.hint_delay_s is 'Seconds after the point opened for the run before its hint can be taken (null or 0: at once).';
comment on column public.quest_points.time_limit_s is 'Seconds after the point opened within which a check-in scores; later ones score 0 (null: no limit).';
create index quest_points_requires_point_id_idx on public.quest_points (requires_point_id);

grant insert (stage_order, time_limit_s, score_per_point, wrong_answer_penalty, time_bonus_per_min),
  update (stage_order, time_limit_s, score_per_point, wrong_answer_penalty, time_bonus_per_min) on public.quests to authenticated;
grant insert (requires_point_id, requires_first_try, hint_delay_s, time_limit_s),
  update (requires_point_id, requires_first_try, hint_delay_s, time_limit_s) on public.quest_points to authenticated;

-- The app's edits now include the play rules (rate limits, validation, four-eyes apply to them too).
create or replace function private.quest_content_changed(after public.quests, before public.quests)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select (after.title, after.slug, after.summary, after.description, after.cover_path, after.city, after.place_id,
          after.category_id, after.vehicle_id, after.difficulty, after.duration_min, after.distance_m, after.min_age,
          after.price_credits, after.reward_credits, after.access, after.stage_order, after.time_limit_s,
          after.score_per_point, after.wrong_answer_penalty, after.time_bonus_per_min)
    is distinct from (before.title, before.slug, before.summary, before.description, before.cover_path, before.city,
          before.place_id, before.category_id, before.vehicle_id, before.difficulty, before.duration_min, before.distance_m,
          before.min_age, before.price_credits, before.reward_credits, before.access, before.stage_order, before.time_limit_s,
          before.score_per_point, before.wrong_answer_penalty, before.time_bonus_per_min);
$$;
comment on function private.quest_content_changed(public.quests, public.quests) is
  'True when an update changes a column the app writes (title … access, cover_path, the play rules): the quest triggers'' test for "an app edit".';

create or replace function private.check_quest_write()
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
  -- How it is played.
  if new.stage_order is null then
    perform private.refuse('field_required', jsonb_build_object('field', 'stage_order'));
  end if;
  if new.time_limit_s is not null then
    perform private.check_range('time_limit_s', new.time_limit_s, 60, 86400);
  end if;
  perform private.check_range('score_per_point', new.score_per_point, 0, 1000);
  perform private.check_range('wrong_answer_penalty', new.wrong_answer_penalty, 0, 1000);
  perform private.check_range('time_bonus_per_min', new.time_bonus_per_min, 0, 100);
  if new.time_bonus_per_min > 0 and new.time_limit_s is null then
    perform private.refuse('field_required', jsonb_build_object('field', 'time_limit_s'));
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
  'Trigger (every writer): validates the client-written fields of a quest, play rules included (codes naming the field), slug_taken against published/archived quests, audits reward/price/access changes after submission.';

create or replace function private.check_point_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  required public.quest_points;
  step integer := 0;
begin
  if tg_op = 'UPDATE' and (new.quest_id, new.position, new.title, new.description, new.lat, new.lng, new.location, new.radius_m,
        new.task_type, new.hint_cost, new.media_path, new.requires_point_id, new.requires_first_try, new.hint_delay_s, new.time_limit_s)
      is not distinct from (old.quest_id, old.position, old.title, old.description, old.lat, old.lng, old.location, old.radius_m,
        old.task_type, old.hint_cost, old.media_path, old.requires_point_id, old.requires_first_try, old.hint_delay_s, old.time_limit_s) then
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
  if new.hint_delay_s is not null then
    perform private.check_range('hint_delay_s', new.hint_delay_s, 0, 86400);
  end if;
  if new.time_limit_s is not null then
    perform private.check_range('time_limit_s', new.time_limit_s, 10, 86400);
  end if;
  if new.requires_first_try is null then
    perform private.refuse('field_required', jsonb_build_object('field', 'requires_first_try'));
  end if;
  if new.requires_first_try and new.requires_point_id is null then
    perform private.refuse('field_required', jsonb_build_object('field', 'requires_point_id'));
  end if;
  -- A condition names another point of the same quest, and conditions never go round in a circle.
  if new.requires_point_id is not null then
    select * into required from public.quest_points p where p.id = new.requires_point_id;
    if required.id is null or required.quest_id <> new.quest_id or required.id = new.id then
      perform private.refuse('invalid_reference', jsonb_build_object('field', 'requires_point_id'));
    end if;
    while required.requires_point_id is not null and step < 500 loop
      if required.requires_point_id = new.id then
        perform private.refuse('invalid_reference', jsonb_build_object('field', 'requires_point_id'));
      end if;
      select * into required from public.quest_points p where p.id = required.requires_point_id;
      step := step + 1;
    end loop;
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
  'Trigger (every writer): validates a route point''s client-written fields, play rules included (codes naming the field; a condition names another point of the same quest, without a circle); lat/lng are checked by sync_coordinates.';
