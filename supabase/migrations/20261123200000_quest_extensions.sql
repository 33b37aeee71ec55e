-- Extensions the quest catalogue needs, in schema `extensions` as Supabase recommends (lint 0014):
-- PostGIS for places and route points, pg_trgm for typo-tolerant search, unaccent for
-- accent-insensitive search.
create extension if not exists postgis with schema extensions;
create extension if not exists pg_trgm with schema extensions;
create extension if not exists unaccent with schema extensions;
