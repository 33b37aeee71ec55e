-- private.touch_updated_at(): a `before update` trigger function that keeps `updated_at` honest.
-- Tables attach it with:
--   create trigger touch_updated_at before update on public.<table>
--     for each row execute function private.touch_updated_at();
create function private.touch_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

comment on function private.touch_updated_at() is
  'Trigger: sets updated_at to now() on every update, whatever the client sent.';
