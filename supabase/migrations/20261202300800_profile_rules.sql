-- Profile writes checked in the database, with catalogued refusals instead of raw constraint
-- errors: private.validate_profile (BEFORE INSERT OR UPDATE) checks every field the owner may set
-- and refuses with invalid_username, username_taken, field_too_long, invalid_characters or
-- invalid_avatar_path {field}. Usernames are claimed under a lock on the name, so two people taking
-- the same one at the same moment get one success and one username_taken (not a 23505).
-- avatar_path must be `<own id>/<file name>`, a safe path (private.is_safe_object_path): never
-- another user's folder, never `..`. Profile edits by users are rate limited (profiles.update).
-- Changing `locale` updates Auth's user metadata in the same transaction, so Auth's e-mails follow.

insert into private.error_codes (code, http_status, message_en, message_ru) values
  ('field_too_long', 400, '{field}: at most {max} characters.', '{field}: не более {max} символов.'),
  ('invalid_characters', 400, '{field} contains characters that are not allowed (control characters).', 'Поле {field} содержит недопустимые (управляющие) символы.'),
  ('invalid_avatar_path', 400, 'The avatar must be a file in your own folder of the avatars bucket: <your user id>/<file name>.', 'Аватар должен лежать в вашей папке бакета avatars: <ваш id>/<имя файла>.');

insert into private.rate_limits (action, max_hits, per, description) values
  ('profiles.update', 30, interval '1 hour', 'Profile edits per user (renames, avatar changes, …).');

-- Existing paths that do not point into the owner's folder are dropped, then the rule holds for good.
update public.profiles p set avatar_path = null
where p.avatar_path is not null
  and not (private.is_safe_object_path(p.avatar_path) and p.avatar_path ~ ('^' || p.id::text || '/[^/]+$'));
alter table public.profiles add constraint profiles_avatar_path_own_folder
  check (avatar_path is null or (private.is_safe_object_path(avatar_path) and avatar_path ~ ('^' || id::text || '/[^/]+$')));
comment on column public.profiles.avatar_path is 'Path of the avatar in bucket `avatars`: <user id>/<file name>, in the owner''s own folder (checked).';

create function private.validate_profile()
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
  if char_length(new.display_name) > 64 then
    perform private.refuse('field_too_long', jsonb_build_object('field', 'display_name', 'max', 64));
  end if;
  if char_length(new.bio) > 500 then
    perform private.refuse('field_too_long', jsonb_build_object('field', 'bio', 'max', 500));
  end if;
  if char_length(new.city) > 128 then
    perform private.refuse('field_too_long', jsonb_build_object('field', 'city', 'max', 128));
  end if;
  new.avatar_path := nullif(btrim(new.avatar_path), '');
  if new.avatar_path is not null
     and not (private.is_safe_object_path(new.avatar_path) and new.avatar_path ~ ('^' || new.id::text || '/[^/]+$')) then
    perform private.refuse('invalid_avatar_path', jsonb_build_object('field', 'avatar_path'));
  end if;
  return new;
end;
$$;
comment on function private.validate_profile() is
  'Trigger on profiles (after normalize_username): rate limit for edits, username format and uniqueness under a lock, trimmed texts within their lengths without control characters, avatar_path in the owner''s folder. Refuses with catalogued codes naming the field.';
revoke execute on function private.validate_profile() from public;

create trigger validate_profile
  before insert or update on public.profiles
  for each row execute function private.validate_profile();
comment on trigger validate_profile on public.profiles is 'Catalogued refusals for every field a user may set.';

-- Sign-up: the profile comes from Auth's metadata; private.validate_profile refuses a bad or taken
-- username (which fails the whole sign-up, so check with username_available first).
create or replace function private.create_profile_for_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  wanted_locale text := new.raw_user_meta_data ->> 'locale';
begin
  insert into public.profiles (id, username, display_name, locale)
  values (
    new.id,
    -- No username given (e.g. OAuth sign-in): user_<10 hex digits of the id>.
    coalesce(nullif(private.normalize_username(new.raw_user_meta_data ->> 'username'), ''),
             'user_' || left(replace(new.id::text, '-', ''), 10)),
    nullif(left(btrim(regexp_replace(coalesce(new.raw_user_meta_data ->> 'display_name', new.raw_user_meta_data ->> 'full_name', ''),
                                     '[[:cntrl:]]', ' ', 'g')), 64), ''),
    case when wanted_locale in ('ru', 'en') then wanted_locale::public.app_locale else 'ru' end
  );
  return new;
end;
$$;
comment on function private.create_profile_for_new_user() is
  'Trigger on auth.users: creates the profile from sign-up metadata (username, display_name, locale). A bad or taken username aborts the sign-up (invalid_username, username_taken).';

-- E-mails follow the profile's language: Auth's templates read the `locale` of the user metadata.
create function private.sync_locale_to_auth()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update auth.users u
  set raw_user_meta_data = coalesce(u.raw_user_meta_data, '{}'::jsonb) || jsonb_build_object('locale', new.locale)
  where u.id = new.id;
  return null;
end;
$$;
comment on function private.sync_locale_to_auth() is
  'Trigger on profiles: copies a changed locale into auth.users.raw_user_meta_data.locale in the same transaction (Auth''s e-mail templates read it).';
revoke execute on function private.sync_locale_to_auth() from public;

create trigger sync_locale_to_auth
  after update of locale on public.profiles
  for each row when (old.locale is distinct from new.locale)
  execute function private.sync_locale_to_auth();
comment on trigger sync_locale_to_auth on public.profiles is 'Auth''s e-mails follow profiles.locale.';
