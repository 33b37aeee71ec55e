-- Helpers shared by the calls of play, credits and unlocks (issue 12: every list is a keyset,
-- every person shown by their public fields only, every bad input a code, never a constraint name):
--   private.keyset_cursor(after, id_kind)        parses the `cursor` of the last item received,
--                                                {"at": timestamptz, "id": uuid | bigint}, refusing
--                                                anything else with invalid_cursor (never a 22008/22P02);
--   private.require_page_size(n)                 1–100, else invalid_parameter;
--   private.require_max_length(v, parameter, n)  text of at most n characters, else invalid_parameter
--                                                (instead of a 23514 from a check constraint);
--   (people are shown with private.public_profile(user) of the friends-and-chat migrations:
--   {id, username, display_name, avatar_path}).

insert into private.error_codes (code, http_status, message_en, message_ru) values
  ('invalid_cursor', 400, 'The cursor does not belong to this list (take it from the last item of the previous page).', 'Курсор не от этого списка (возьмите его у последнего элемента предыдущей страницы).');

create function private.keyset_cursor(after jsonb, id_kind text, out at timestamptz, out id text)
returns record
language plpgsql
stable
set search_path = ''
as $$
declare
  bad boolean := false;
begin
  if after is null then
    return;
  end if;
  begin
    at := (after ->> 'at')::timestamptz;
    id := after ->> 'id';
    bad := jsonb_typeof(after) <> 'object' or at is null or id is null or at in ('infinity', '-infinity')
           or (id_kind = 'uuid' and id::uuid is null) or (id_kind = 'bigint' and id::bigint is null);
  exception when others then
    bad := true;  -- a malformed id, or a timestamp out of range (year 0000, …) or unparsable
  end;
  if bad then
    perform private.refuse('invalid_cursor');
  end if;
end;
$$;
comment on function private.keyset_cursor(jsonb, text, out timestamptz, out text) is
  'Parses a list cursor {"at": timestamptz, "id": uuid or bigint (id_kind)}; null → no cursor; anything else (shape, unparsable or out-of-range time, wrong id) → invalid_cursor.';

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
comment on function private.require_page_size(integer) is 'Returns page_size, or refuses invalid_parameter unless it is between 1 and 100.';

create function private.require_max_length(value text, parameter text, max_length integer)
returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  if char_length(value) > max_length then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', parameter, 'reason', format('at most %s characters', max_length)));
  end if;
  return value;
end;
$$;
comment on function private.require_max_length(text, text, integer) is
  'Returns value, or refuses invalid_parameter (params parameter, reason) when it is longer than max_length characters.';

revoke execute on function private.keyset_cursor(jsonb, text), private.require_page_size(integer), private.require_max_length(text, text, integer)
  from public;
