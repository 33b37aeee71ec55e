-- Stock hoarding: every item has a per-user limit, 5 units unless staff choose another (1–1000),
-- so no buyer can take a whole item's stock into their orders (pending orders also expire: see
-- 20261202300600_merch_pending_expiry.sql). Items that had no limit get the default.
update public.merch_items set per_user_limit = 5 where per_user_limit is null;
alter table public.merch_items
  alter column per_user_limit set default 5,
  alter column per_user_limit set not null;
comment on column public.merch_items.per_user_limit is
  'Most units one user may hold in orders that are not cancelled (1–1000; 5 unless staff set another): nobody hoards a whole stock.';

-- Image paths stored on an item point into its own folder of merch-images and mean what they say.
update public.merch_items i set image_paths = array(
  select p from unnest(i.image_paths) p where private.is_safe_object_path(p) and p ~ ('^' || i.id::text || '/[^/]+$'))
where exists (select 1 from unnest(i.image_paths) p where not (private.is_safe_object_path(p) and p ~ ('^' || i.id::text || '/[^/]+$')));

insert into private.error_codes (code, http_status, message_en, message_ru) values
  ('invalid_image_path', 400, 'An image path must be <item id>/<file name> in merch-images.', 'Путь к изображению должен иметь вид <id товара>/<имя файла> в merch-images.');

create function private.check_merch_item()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  bad text;
begin
  select p into bad from unnest(new.image_paths) p
  where p is null or not (private.is_safe_object_path(p) and p ~ ('^' || new.id::text || '/[^/]+$'))
  limit 1;
  if found then
    perform private.refuse('invalid_image_path', jsonb_build_object('field', 'image_paths', 'path', bad));
  end if;
  return new;
end;
$$;
comment on function private.check_merch_item() is
  'Trigger on merch_items: every image path is <item id>/<file> and safe (private.is_safe_object_path), else 400 invalid_image_path.';
revoke execute on function private.check_merch_item() from public;

create trigger check_merch_item
  before insert or update of image_paths on public.merch_items
  for each row execute function private.check_merch_item();
comment on trigger check_merch_item on public.merch_items is 'Image paths point into the item''s own folder.';
