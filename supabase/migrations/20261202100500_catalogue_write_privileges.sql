-- What the app may write in the catalogue, column by column, on INSERT as on UPDATE. These tables
-- were created while every column was insertable by default, so `insert into quests (…, rating_avg,
-- rating_count, favourites_count, activity_ids)` was accepted and the forged values lived on into
-- the catalogue. Server-maintained columns are now granted to no API role, staff included: ids,
-- timestamps, authors and users (set from the token), statuses, review notes, ratings, counters,
-- activity_ids, start_location, search_document, published / submitted times, point locations
-- (kept from lat/lng). RLS still decides which rows; validation triggers decide values.

revoke insert, update on public.quests from authenticated;
grant insert (title, slug, summary, description, city, place_id, category_id, vehicle_id, difficulty, duration_min,
  distance_m, min_age, price_credits, reward_credits, access) on public.quests to authenticated;
grant update (title, slug, summary, description, cover_path, city, place_id, category_id, vehicle_id, difficulty,
  duration_min, distance_m, min_age, price_credits, reward_credits, access) on public.quests to authenticated;

-- A quest's activities and tools are added and removed, never edited.
revoke update on public.quest_activities, public.quest_tools from authenticated;

-- Route points (the hint is authored through the play feature's own call).
revoke insert, update on public.quest_points from authenticated;
grant insert (quest_id, position, title, description, lat, lng, radius_m, task_type, hint_cost, media_path)
  on public.quest_points to authenticated;
grant update (position, title, description, lat, lng, radius_m, task_type, hint_cost, media_path)
  on public.quest_points to authenticated;

-- Favourites: the user is the caller (default auth.uid()), the time is the server's.
revoke insert on public.favourites from authenticated;
grant insert (quest_id) on public.favourites to authenticated;

-- Reference lists and places (written by holders of quests.manage): their content only.
revoke insert, update on public.categories, public.vehicles, public.activities, public.tools, public.places from authenticated;
grant insert (slug, name_ru, name_en, icon, sort_order), update (slug, name_ru, name_en, icon, sort_order)
  on public.categories, public.vehicles, public.activities, public.tools to authenticated;
grant insert (name, address, city, lat, lng), update (name, address, city, lat, lng) on public.places to authenticated;
