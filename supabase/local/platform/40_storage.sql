-- Platform stand-in, part 4: the `storage` schema of the Storage API as our policies see it:
-- storage.buckets, storage.objects, the path helpers and the guard against direct SQL deletes.
-- Mirrors supabase/storage tenant migrations 0001-0063 (storage-api v1.90.1 under CLI 3.1.0),
-- supabase/postgres 00000000000002-storage-schema, and
-- docs/supabase-platform.md, section 6.
-- LOCAL WORK AND TESTS ONLY: loaded by `supabase_admin`; never pushed.
--
-- Not reproduced: the API itself (uploads, size and MIME checks, public URLs, signed URLs), the
-- search / list functions, storage.migrations, S3 multipart, analytics and vector bucket tables.

create schema storage authorization supabase_admin;
comment on schema storage is 'Supabase Storage: buckets and object metadata; files live in the Storage API.';

-- What supabase_admin creates here is granted to postgres and the API roles (the image's defaults).
alter default privileges for role supabase_admin in schema storage
  grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema storage
  grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema storage
  grant all on sequences to postgres, anon, authenticated, service_role;

create type storage.buckettype as enum ('STANDARD', 'ANALYTICS', 'VECTOR');
comment on type storage.buckettype is 'Kind of bucket: STANDARD (files), ANALYTICS (Iceberg), VECTOR.';

create table storage.buckets (
  id text not null,
  name text not null,
  owner uuid null,
  created_at timestamptz null default now(),
  updated_at timestamptz null default now(),
  public boolean null default false,
  avif_autodetection boolean null default false,
  file_size_limit bigint null,
  allowed_mime_types text[] null,
  owner_id text null,
  type storage.buckettype not null default 'STANDARD',
  versioning_status text not null default 'DISABLED',
  constraint buckets_pkey primary key (id),
  constraint buckets_versioning_status_check
    check (versioning_status in ('DISABLED', 'ENABLED', 'SUSPENDED')),
  constraint buckets_versioning_standard_only_check
    check (type = 'STANDARD' or versioning_status = 'DISABLED'),
  constraint buckets_versioning_dark_check check (versioning_status = 'DISABLED')
);
comment on table storage.buckets is 'Storage buckets; create them from migrations with insert … on conflict (id) do update.';
comment on column storage.buckets.owner is 'Field is deprecated, use owner_id instead';
comment on column storage.buckets.file_size_limit is 'Largest accepted upload in bytes; null = the global limit.';
comment on column storage.buckets.allowed_mime_types is 'Accepted MIME types (wildcards like image/* allowed); null = any.';
create unique index bname on storage.buckets using btree (name);

create table storage.objects (
  id uuid not null default gen_random_uuid(),
  bucket_id text null,
  name text null,
  owner uuid null,
  created_at timestamptz null default now(),
  updated_at timestamptz null default now(),
  last_accessed_at timestamptz null default now(),
  metadata jsonb null,
  path_tokens text[] generated always as (string_to_array(name, '/')) stored,
  version text null,
  owner_id text null,
  user_metadata jsonb null,
  archived_at timestamptz null,
  is_delete_marker boolean not null default false,
  is_versioned boolean not null default false,
  constraint objects_pkey primary key (id),
  constraint "objects_bucketId_fkey" foreign key (bucket_id) references storage.buckets (id)
);
comment on table storage.objects is 'One row per stored file; policies on it decide uploads (insert), downloads and listing (select), replacement (update) and removal (delete).';
comment on column storage.objects.name is 'Full path inside the bucket, e.g. <user id>/avatar.png.';
comment on column storage.objects.owner is 'Field is deprecated, use owner_id instead';
comment on column storage.objects.owner_id is 'The uploader''s JWT sub, as text: compare with (select auth.uid()::text).';
create unique index bucketid_objname on storage.objects using btree (bucket_id, name);
create index name_prefix_search on storage.objects using btree (name text_pattern_ops);
create index idx_objects_bucket_id_name on storage.objects using btree (bucket_id, (name collate "C"));

-- Storage enables RLS and adds no policy: our migrations add them.
alter table storage.buckets enable row level security;
alter table storage.objects enable row level security;

-- Path helpers used in policies. Pure functions of the name: immutable.
create function storage.foldername(name text)
returns text[]
language plpgsql
immutable
as $$
declare
  segments text[] := pg_catalog.string_to_array(name, '/');
begin
  -- every segment but the last: '{}' for a bare file name
  return segments[1:pg_catalog.array_length(segments, 1) - 1];
end
$$;
comment on function storage.foldername(text) is 'Folders of an object path: foldername(''a/b/c.png'') = {a,b}; {} for a bare name.';

create function storage.filename(name text)
returns text
language plpgsql
immutable
as $$
declare
  segments text[] := pg_catalog.string_to_array(name, '/');
begin
  return segments[pg_catalog.array_length(segments, 1)];
end
$$;
comment on function storage.filename(text) is 'Last segment of an object path: filename(''a/b/c.png'') = c.png.';

create function storage.extension(name text)
returns text
language plpgsql
immutable
as $$
declare
  segments text[] := pg_catalog.string_to_array(name, '/');
  last_segment text := segments[pg_catalog.array_length(segments, 1)];
begin
  -- text after the last dot of the last segment; the whole segment when it has no dot
  return pg_catalog.reverse(pg_catalog.split_part(pg_catalog.reverse(last_segment), '.', 1));
end
$$;
comment on function storage.extension(text) is 'Extension of an object path: extension(''a/b.tar.gz'') = gz; the name itself when it has no dot.';

create function storage.operation()
returns text
language plpgsql
stable
as $$
begin
  return pg_catalog.current_setting('storage.operation', true);
end
$$;
comment on function storage.operation() is 'The Storage API operation of the current request (storage.operation setting); null outside the API.';

-- Keeps objects.updated_at current on every update.
create function storage.update_updated_at_column()
returns trigger
language plpgsql
as $$
begin
  new.updated_at := pg_catalog.now();
  return new;
end
$$;
comment on function storage.update_updated_at_column() is 'Trigger: sets updated_at to now() on update.';
create trigger update_objects_updated_at
  before update on storage.objects
  for each row execute function storage.update_updated_at_column();
comment on trigger update_objects_updated_at on storage.objects is 'Keeps updated_at current.';

-- Bucket names longer than 100 characters are refused.
create function storage.enforce_bucket_name_length()
returns trigger
language plpgsql
as $$
begin
  if pg_catalog.length(new.name) > 100 then
    raise exception 'bucket name "%" is too long (% characters). Max is 100.', new.name, pg_catalog.length(new.name);
  end if;
  return new;
end
$$;
comment on function storage.enforce_bucket_name_length() is 'Trigger: refuses bucket names longer than 100 characters.';
create trigger enforce_bucket_name_length_trigger
  before insert or update of name on storage.buckets
  for each row execute function storage.enforce_bucket_name_length();
comment on trigger enforce_bucket_name_length_trigger on storage.buckets is 'Bucket names are at most 100 characters.';

-- Direct SQL deletes would orphan the files: only the Storage API, which sets
-- storage.allow_delete_query = 'true' for its own transactions, may delete rows.
create function storage.protect_delete()
returns trigger
language plpgsql
as $$
begin
  if coalesce(pg_catalog.current_setting('storage.allow_delete_query', true), 'false') <> 'true' then
    raise exception using
      errcode = '42501',
      message = 'Direct deletion from storage tables is not allowed. Use the Storage API instead.',
      hint = 'This prevents accidental data loss from orphaned objects.';
  end if;
  return null;
end
$$;
comment on function storage.protect_delete() is 'Statement trigger: refuses DELETE unless storage.allow_delete_query is ''true'' (set by the Storage API).';
create trigger protect_buckets_delete
  before delete on storage.buckets
  for each statement execute function storage.protect_delete();
comment on trigger protect_buckets_delete on storage.buckets is 'Refuses direct SQL deletes: use the Storage API.';
create trigger protect_objects_delete
  before delete on storage.objects
  for each statement execute function storage.protect_delete();
comment on trigger protect_objects_delete on storage.objects is 'Refuses direct SQL deletes: use the Storage API.';

-- Everything belongs to the Storage API.
alter type storage.buckettype owner to supabase_storage_admin;
alter table storage.buckets owner to supabase_storage_admin;
alter table storage.objects owner to supabase_storage_admin;
alter function storage.foldername(text) owner to supabase_storage_admin;
alter function storage.filename(text) owner to supabase_storage_admin;
alter function storage.extension(text) owner to supabase_storage_admin;
alter function storage.operation() owner to supabase_storage_admin;
alter function storage.update_updated_at_column() owner to supabase_storage_admin;
alter function storage.enforce_bucket_name_length() owner to supabase_storage_admin;
alter function storage.protect_delete() owner to supabase_storage_admin;
alter schema storage owner to supabase_storage_admin;

grant usage on schema storage to anon, authenticated, service_role;
grant usage on schema storage to postgres with grant option;
grant all on schema storage to dashboard_user;
-- The API roles hold every table privilege: RLS policies decide.
grant all on storage.buckets, storage.objects to anon, authenticated, service_role;
grant all on storage.buckets, storage.objects to postgres with grant option;
