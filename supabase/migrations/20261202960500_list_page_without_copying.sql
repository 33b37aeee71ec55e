-- private.list_page without re-aggregating the page (measured by the events benchmark: on the game
-- master's overview, 100 items of about a kilobyte each, list_page took 3.4 ms of a 19 ms call,
-- because it expanded the array into rows and aggregated them again). A page that fits is returned
-- as it is; a page with the one extra item its caller fetched drops that item with `-` (no
-- expansion). Same answers: {items: the first page_size, next_cursor: the cursor of the last of
-- them when one more item exists, else null}.

create or replace function private.list_page(items jsonb, page_size integer)
returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
declare
  n integer := jsonb_array_length(items);
begin
  if n <= page_size then
    return jsonb_build_object('items', items, 'next_cursor', null);
  elsif n = page_size + 1 then
    return jsonb_build_object('items', items - page_size, 'next_cursor', items -> (page_size - 1) -> 'cursor');
  end if;
  return jsonb_build_object(
    'items', (select jsonb_agg(e.value order by e.n) from jsonb_array_elements(items) with ordinality e (value, n) where e.n <= page_size),
    'next_cursor', items -> (page_size - 1) -> 'cursor');
end;
$$;
comment on function private.list_page(jsonb, integer) is
  'A page of the list convention (docs/conventions.md) from up to page_size + 1 items in order (each with its "cursor"): {items: the first page_size, next_cursor: the cursor of the last of them when one more item exists, else null}.';
