-- One vocabulary for the fields a client writes (docs/conventions.md, "Helpers"): a length is
-- checked with private.check_length (field_required / invalid_length {field, min, max}), a number
-- with private.check_range (field_required / out_of_range {field, min, max}), a format is
-- invalid_format {field}. Profiles checked lengths with a code of their own (field_too_long
-- {field, max}) and credit packs refused every field as invalid_parameter (the code of RPC
-- parameters); both now use the shared helpers and codes, and field_too_long leaves the catalogue.
-- What each check accepts is unchanged.

create or replace function private.validate_profile()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' then
    perform private.throttle('profiles.update');
  end if;
  if new.username is null or new.username !~ '^[a-z0-9_]{3,32}$' then
    perform private.refuse('invalid_username', jsonb_build_object('field', 'username'));
  end if;
  if tg_op = 'INSERT' or new.username is distinct from old.username then
    -- Whoever claims a name first wins; the other waits here, then sees it taken.
    perform pg_advisory_xact_lock(hashtextextended('username/' || new.username, 0));
    if exists (select 1 from public.profiles p where lower(p.username) = new.username and p.id <> new.id) then
      perform private.refuse('username_taken', jsonb_build_object('field', 'username'));
    end if;
  end if;
  new.display_name := nullif(btrim(new.display_name), '');
  new.bio := nullif(btrim(new.bio), '');
  new.city := nullif(btrim(new.city), '');
  if new.display_name ~ '[[:cntrl:]]' then
    perform private.refuse('invalid_characters', jsonb_build_object('field', 'display_name'));
  end if;
  if new.city ~ '[[:cntrl:]]' then
    perform private.refuse('invalid_characters', jsonb_build_object('field', 'city'));
  end if;
  if new.bio ~ '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]' then
    perform private.refuse('invalid_characters', jsonb_build_object('field', 'bio'));
  end if;
  perform private.check_length('display_name', new.display_name, 0, 64);
  perform private.check_length('bio', new.bio, 0, 500);
  perform private.check_length('city', new.city, 0, 128);
  new.avatar_path := nullif(btrim(new.avatar_path), '');
  if new.avatar_path is not null
     and not (private.is_safe_object_path(new.avatar_path) and new.avatar_path ~ ('^' || new.id::text || '/[^/]+$')) then
    perform private.refuse('invalid_avatar_path', jsonb_build_object('field', 'avatar_path'));
  end if;
  return new;
end;
$$;
comment on function private.validate_profile() is
  'Before insert/update on profiles: username (invalid_username, username_taken under a lock on the name), display_name ≤ 64, bio ≤ 500, city ≤ 128 (invalid_length; control characters: invalid_characters), avatar_path in the owner''s folder (invalid_avatar_path); rate-limits edits (profiles.update).';

create or replace function private.check_credit_pack()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  actor constant uuid := auth.uid();
  terms_changed boolean;
  terms_by uuid;
begin
  new.title := btrim(coalesce(new.title, ''));
  new.currency := upper(btrim(coalesce(new.currency, '')));
  new.app_store_product_id := nullif(btrim(new.app_store_product_id), '');
  new.play_store_product_id := nullif(btrim(new.play_store_product_id), '');
  perform private.check_length('title', new.title, 1, 64);
  perform private.check_range('credits', new.credits, 1, 1000000);
  perform private.check_range('price_amount', new.price_amount, 1, 99999999);
  if new.currency !~ '^[A-Z]{3}$' then
    perform private.refuse('invalid_format', jsonb_build_object('field', 'currency'));  -- ISO 4217, e.g. EUR
  end if;
  if new.app_store_product_id !~ '^[A-Za-z0-9._]{1,100}$' then
    perform private.refuse('invalid_format', jsonb_build_object('field', 'app_store_product_id'));
  end if;
  if new.play_store_product_id !~ '^[a-z0-9][a-z0-9._]{0,139}$' then
    perform private.refuse('invalid_format', jsonb_build_object('field', 'play_store_product_id'));
  end if;
  perform private.check_range('sort_order', new.sort_order, -1000, 1000);
  if new.active is null then
    perform private.refuse('field_required', jsonb_build_object('field', 'active'));
  end if;
  if exists (select 1 from public.credit_packs p where p.id <> new.id
             and (p.app_store_product_id = new.app_store_product_id or p.play_store_product_id = new.play_store_product_id)) then
    perform private.refuse('product_id_taken');
  end if;

  terms_changed := tg_op = 'INSERT' or (new.credits, new.price_amount, new.currency, new.app_store_product_id, new.play_store_product_id)
    is distinct from (old.credits, old.price_amount, old.currency, old.app_store_product_id, old.play_store_product_id);
  if actor is not null then
    if terms_changed then
      if new.active then
        perform private.refuse('pack_review_required');
      end if;
    elsif new.active and not old.active then
      select t.set_by into terms_by from private.credit_pack_terms t where t.pack_id = new.id;
      if terms_by = actor then
        perform private.refuse('cannot_activate_own_pack');
      end if;
    end if;
  end if;
  return new;
end;
$$;
comment on function private.check_credit_pack() is
  'Before insert/update on credit_packs: validates every field (invalid_length, out_of_range, invalid_format, field_required; product_id_taken), and enforces four eyes for staff: new terms are saved inactive (pack_review_required) and activated by someone other than who set them (cannot_activate_own_pack).';

delete from private.error_codes where code = 'field_too_long';
