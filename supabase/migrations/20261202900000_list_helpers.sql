-- One way to page a list (issue 12, the list convention of docs/conventions.md). Every list call
-- takes `after jsonb default null` (the `cursor` of the last item the app received) and
-- `page_size integer default 20` (1–100), and answers {"items": [...], "next_cursor": ...} where
-- every item carries its own "cursor" and next_cursor is the last item's cursor, or null on the
-- last page. A cursor is a (sort key, id) keyset position tagged with the list it belongs to:
--   private.make_cursor(list, sort_key, id)          the cursor of one item
--   private.read_cursor(after, list, key, id)        its position back, typed like the samples;
--                                                    a cursor of another list, or a malformed one,
--                                                    is refused with invalid_cursor (400)
--   private.require_page_size(page_size)             1–100, else invalid_parameter
--   private.list_page(items, page_size)              {items, next_cursor} from page_size + 1 items
--                                                    (created by 20261202700200_teams.sql)
-- The keys travel as their text form (ISO dates in UTC whatever the session's DateStyle and
-- TimeZone), so any type with a text input works: timestamptz keys, and composite keys such as private.ranking_key.
-- These replace the per-feature helpers (keyset_cursor, keyset_position, keyset_page, param_keyset,
-- ranking_cursor and the two-argument require_page_size), dropped once every list uses these.

create function private.make_cursor(list text, sort_key anyelement, id anycompatible)
returns jsonb
language sql
stable
set search_path = ''
set datestyle = 'ISO, YMD'
set timezone = 'UTC'
as $$
  select jsonb_build_object('list', list, 'key', sort_key::text, 'id', id::text);
$$;
comment on function private.make_cursor(text, anyelement, anycompatible) is
  'The cursor of one list item: {"list", "key", "id"} (the sort key and id as text). Opaque to the app, which passes it back as `after`; read it with private.read_cursor.';

create function private.read_cursor(after jsonb, list text, inout sort_key anyelement, inout id anycompatible)
language plpgsql
stable
set search_path = ''
set datestyle = 'ISO, YMD'
set timezone = 'UTC'
as $$
declare
  readable boolean := false;
begin
  -- sort_key and id come in as typed nulls (the samples) and go out as the cursor's position.
  sort_key := null;
  id := null;
  if after is null or jsonb_typeof(after) = 'null' then
    return;
  end if;
  if jsonb_typeof(after) = 'object' and after ->> 'list' is not distinct from list
     and (select count(*) from jsonb_object_keys(after)) = 3 then
    begin
      sort_key := after ->> 'key';
      id := after ->> 'id';
      readable := sort_key is not null and id is not null;  -- a composite key: every field present
    exception when others then
      readable := false;  -- a malformed key or id: a date out of range (year 0000, …), not a uuid, …
    end;
  end if;
  if not readable then
    perform private.refuse('invalid_cursor');
  end if;
end;
$$;
comment on function private.read_cursor(jsonb, text, anyelement, anycompatible) is
  'The keyset position of a cursor made by private.make_cursor for `list`, typed like the sample arguments (e.g. null::timestamptz, null::uuid); (null, null) when `after` is null. A cursor of another list or a malformed one: invalid_cursor.';

-- One page-size guard: the two-argument form (largest page) goes; every list allows 1–100.
drop function private.require_page_size(integer, integer);
create or replace function private.require_page_size(page_size integer)
returns integer
language plpgsql
immutable
set search_path = ''
as $$
begin
  if page_size is null or page_size not between 1 and 100 then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'page_size', 'reason', 'between 1 and 100'));
  end if;
  return page_size;
end;
$$;
comment on function private.require_page_size(integer) is
  'The page size of a list call, 1–100 (the list convention); else invalid_parameter {parameter: page_size}.';

-- private.list_page(items, page_size) was created by 20261202700200_teams.sql (teams paged their lists
-- this way first, with this very definition); it stays that one function, its comment pointing at the convention.
comment on function private.list_page(jsonb, integer) is
  'A page of the list convention (docs/conventions.md) from up to page_size + 1 items in order (each with its "cursor"): {items: the first page_size, next_cursor: the cursor of the last of them when one more item exists, else null}.';

-- The sort key of the leaderboards: score (descending), then time (ascending); the id is the player's.
create type private.ranking_key as (score integer, duration_s integer);
comment on type private.ranking_key is 'The sort key of a leaderboard entry (score desc, duration_s asc); with the player id it is the cursor of the entry.';
