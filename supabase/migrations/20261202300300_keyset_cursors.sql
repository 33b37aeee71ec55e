-- Keyset cursors for lists ordered by (created_at, id): a cursor is the text
-- `<created_at in UTC, microseconds>~<id>` of a row, handed to the app with each row and passed
-- back as `after` for the next page. (key, id) pairs never skip or repeat rows that share a
-- timestamp, and reading a cursor refuses anything malformed (a year-0000 date, a bad uuid) with
-- a 400 invalid_parameter instead of a database error.

create function private.keyset_cursor(at timestamptz, id uuid)
returns text
language sql
stable
set search_path = ''
as $$
  select to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '~' || id::text;
$$;
comment on function private.keyset_cursor(timestamptz, uuid) is
  'The cursor of a row in a list ordered by (created_at, id): "<UTC timestamp>~<uuid>".';

create function private.read_keyset_cursor(cursor text, parameter text, out at timestamptz, out id uuid)
language plpgsql
stable
set search_path = ''
as $$
begin
  if cursor is null then
    return;
  end if;
  begin
    if cursor !~ '^[^~]{1,40}~[0-9a-fA-F-]{36}$' then
      raise invalid_text_representation;
    end if;
    at := split_part(cursor, '~', 1)::timestamptz;
    id := split_part(cursor, '~', 2)::uuid;
    if at not between '2000-01-01'::timestamptz and '3000-01-01'::timestamptz then
      raise datetime_field_overflow;
    end if;
  exception when data_exception then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', parameter, 'reason', 'not a cursor of this list'));
  end;
end;
$$;
comment on function private.read_keyset_cursor(text, text) is
  'Reads a cursor made by private.keyset_cursor; null gives nulls (first page); anything else is a 400 invalid_parameter naming `parameter`.';

create function private.require_page_size(page_size integer)
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
comment on function private.require_page_size(integer) is 'Returns the page size, or refuses 400 invalid_parameter unless it is 1–100.';

revoke execute on function private.keyset_cursor(timestamptz, uuid), private.read_keyset_cursor(text, text),
  private.require_page_size(integer) from public;
grant execute on function private.keyset_cursor(timestamptz, uuid), private.read_keyset_cursor(text, text),
  private.require_page_size(integer) to authenticated;
