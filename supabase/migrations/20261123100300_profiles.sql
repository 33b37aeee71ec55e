-- Profiles: exactly one per auth user, created by a trigger in the same transaction as the
-- auth.users row (a bad username fails the sign-up and leaves nothing behind). Signed-in users
-- read any profile; a user edits only their own editable columns (column grants), and never
-- roles, credits or bans, which live in other tables written only by audited functions.

create type public.app_locale as enum ('ru', 'en');
comment on type public.app_locale is 'Languages of the app and of Auth emails; Russian by default.';

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  username text not null constraint profiles_username_format check (username ~ '^[a-z0-9_]{3,32}$'),
  display_name text constraint profiles_display_name_length check (char_length(display_name) between 1 and 64),
  avatar_path text constraint profiles_avatar_path_length check (char_length(avatar_path) <= 512),
  bio text constraint profiles_bio_length check (char_length(bio) <= 500),
  city text constraint profiles_city_length check (char_length(city) <= 128),
  locale public.app_locale not null default 'ru',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.profiles is
  'Public face of a user, one row per auth user (created by private.create_profile_for_new_user). Readable by signed-in users; editable by its owner.';
comment on column public.profiles.id is 'The auth user''s id.';
comment on column public.profiles.username is 'Unique handle, 3–32 of [a-z0-9_], stored lower-case; unique case-insensitively.';
comment on column public.profiles.display_name is 'Name shown in the app (1–64 characters).';
comment on column public.profiles.avatar_path is 'Path of the avatar in bucket `avatars`, under <user id>/.';
comment on column public.profiles.bio is 'Short self-description (≤ 500 characters).';
comment on column public.profiles.city is 'Home city, free text (≤ 128 characters).';
comment on column public.profiles.locale is 'Language of the app and of emails (ru or en).';
comment on column public.profiles.created_at is 'When the account was created.';
comment on column public.profiles.updated_at is 'Last profile edit.';

create unique index profiles_username_key on public.profiles (lower(username));
create index profiles_username_prefix_idx on public.profiles (username text_pattern_ops);

create trigger touch_updated_at
  before update on public.profiles
  for each row execute function private.touch_updated_at();

alter table public.profiles enable row level security;

-- Profiles are for signed-in users only; clients never insert or delete them, and update only these columns.
revoke all on public.profiles from anon;
revoke insert, update, delete, truncate on public.profiles from authenticated;
grant update (username, display_name, avatar_path, bio, city, locale) on public.profiles to authenticated;

create policy profiles_select on public.profiles
  for select to authenticated
  using (true);
comment on policy profiles_select on public.profiles is 'Any signed-in user reads any profile (all its columns are public).';

create policy profiles_update on public.profiles
  for update to authenticated
  using (id = (select auth.uid()) and (select private.is_active()))
  with check (id = (select auth.uid()));
comment on policy profiles_update on public.profiles is 'A user edits their own profile, unless banned.';

create function private.normalize_username(raw text)
returns text
language sql
immutable
set search_path = ''
as $$
  select lower(btrim(raw));
$$;
comment on function private.normalize_username(text) is 'Trims and lower-cases a username as typed.';

create function private.normalize_profile_username()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.username := private.normalize_username(new.username);
  return new;
end;
$$;
comment on function private.normalize_profile_username() is 'Trigger: stores usernames trimmed and lower-case, so `Alice` and `alice` collide.';

create trigger normalize_username
  before insert or update of username on public.profiles
  for each row execute function private.normalize_profile_username();

create function private.create_profile_for_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  requested text := nullif(private.normalize_username(new.raw_user_meta_data ->> 'username'), '');
  chosen text;
  wanted_locale text := new.raw_user_meta_data ->> 'locale';
begin
  if requested is not null then
    if requested !~ '^[a-z0-9_]{3,32}$' then
      raise exception using errcode = 'PT400', message = 'invalid_username',
        detail = format('Username "%s" must be 3 to 32 characters of a-z, 0-9 and _.', requested);
    end if;
    if exists (select 1 from public.profiles p where lower(p.username) = requested) then
      raise exception using errcode = 'PT409', message = 'username_taken',
        detail = format('Username "%s" is already taken.', requested);
    end if;
    chosen := requested;
  else
    -- No username given (e.g. OAuth sign-in): user_<10 hex digits of the id>, unique in practice;
    -- the unique index still guards it.
    chosen := 'user_' || left(replace(new.id::text, '-', ''), 10);
  end if;

  insert into public.profiles (id, username, display_name, locale)
  values (
    new.id,
    chosen,
    nullif(left(btrim(coalesce(new.raw_user_meta_data ->> 'display_name', new.raw_user_meta_data ->> 'full_name', '')), 64), ''),
    case when wanted_locale in ('ru', 'en') then wanted_locale::public.app_locale else 'ru' end
  );
  return new;
end;
$$;
comment on function private.create_profile_for_new_user() is
  'Trigger on auth.users: creates the profile from sign-up metadata (username, display_name, locale). A bad or taken username aborts the sign-up.';

revoke execute on function private.create_profile_for_new_user() from public;

create trigger create_profile_for_new_user
  after insert on auth.users
  for each row execute function private.create_profile_for_new_user();
