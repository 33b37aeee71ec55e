-- Platform stand-in, part 3: the `auth` schema of Supabase Auth as our schema sees it:
-- auth.users (the 35 columns, in order), auth.identities, auth.sessions, and the claim helpers
-- auth.uid(), auth.role(), auth.email(), auth.jwt().
-- Mirrors supabase/auth (GoTrue v2.19x, CLI 3.1.0 runs v2.197.0) migrations, supabase/postgres
-- 00000000000001-auth-schema / update-auth-permissions, and
-- docs/supabase-platform.md, section 3.
-- LOCAL WORK AND TESTS ONLY: loaded by `supabase_admin`; never pushed.
--
-- Not reproduced: the other GoTrue tables (refresh_tokens, mfa_*, sso_*, saml_*, flow_state,
-- one_time_tokens, oauth_*, audit_log_entries, instances, schema_migrations); sessions keeps its
-- oauth_client_id column but not the foreign key to auth.oauth_clients.

create schema auth authorization supabase_admin;
comment on schema auth is 'Supabase Auth: users, identities, sessions; not exposed by the API.';

create type auth.aal_level as enum ('aal1', 'aal2', 'aal3');
comment on type auth.aal_level is 'Authenticator assurance level of a session (aal2 after MFA).';

create table auth.users (
  instance_id uuid null,
  id uuid not null,
  aud varchar(255) null,
  "role" varchar(255) null,
  email varchar(255) null,
  encrypted_password varchar(255) null,
  email_confirmed_at timestamptz null,
  invited_at timestamptz null,
  confirmation_token varchar(255) null,
  confirmation_sent_at timestamptz null,
  recovery_token varchar(255) null,
  recovery_sent_at timestamptz null,
  email_change_token_new varchar(255) null,
  email_change varchar(255) null,
  email_change_sent_at timestamptz null,
  last_sign_in_at timestamptz null,
  raw_app_meta_data jsonb null,
  raw_user_meta_data jsonb null,
  is_super_admin boolean null,
  created_at timestamptz null,
  updated_at timestamptz null,
  phone text null default null,
  phone_confirmed_at timestamptz null,
  phone_change text null default '',
  phone_change_token varchar(255) null default '',
  phone_change_sent_at timestamptz null,
  confirmed_at timestamptz generated always as (least(email_confirmed_at, phone_confirmed_at)) stored,
  email_change_token_current varchar(255) null default '',
  email_change_confirm_status smallint null default 0
    check (email_change_confirm_status >= 0 and email_change_confirm_status <= 2),
  banned_until timestamptz null,
  reauthentication_token varchar(255) null default '',
  reauthentication_sent_at timestamptz null,
  is_sso_user boolean not null default false,
  deleted_at timestamptz null,
  is_anonymous boolean not null default false,
  constraint users_pkey primary key (id),
  constraint users_phone_key unique (phone)
);
comment on table auth.users is 'Auth: Stores user login data within a secure schema.';
comment on column auth.users.raw_app_meta_data is 'Set by Auth and the service role only (provider, providers, custom app data).';
comment on column auth.users.raw_user_meta_data is 'Sign-up options.data; the user can change it: never authorize on it (lint 0015).';
comment on column auth.users.banned_until is 'Auth refuses sign-in and token refresh while this is in the future.';
comment on column auth.users.is_sso_user is 'Auth: Set this column to true when the account comes from SSO. These accounts can have duplicate emails.';

create index users_instance_id_idx on auth.users using btree (instance_id);
create index users_instance_id_email_idx on auth.users using btree (instance_id, lower((email)::text));
create index users_is_anonymous_idx on auth.users using btree (is_anonymous);
create unique index users_email_partial_key on auth.users using btree (email) where (is_sso_user = false);
comment on index auth.users_email_partial_key is 'Auth: A partial unique index that applies only when is_sso_user is false';
-- One-time tokens are unique unless empty or numeric (OTP codes).
create unique index confirmation_token_idx on auth.users using btree (confirmation_token)
  where ((confirmation_token)::text !~ '^[0-9 ]*$');
create unique index recovery_token_idx on auth.users using btree (recovery_token)
  where ((recovery_token)::text !~ '^[0-9 ]*$');
create unique index email_change_token_current_idx on auth.users using btree (email_change_token_current)
  where ((email_change_token_current)::text !~ '^[0-9 ]*$');
create unique index email_change_token_new_idx on auth.users using btree (email_change_token_new)
  where ((email_change_token_new)::text !~ '^[0-9 ]*$');
create unique index reauthentication_token_idx on auth.users using btree (reauthentication_token)
  where ((reauthentication_token)::text !~ '^[0-9 ]*$');

create table auth.identities (
  provider_id text not null,
  user_id uuid not null,
  identity_data jsonb not null,
  provider text not null,
  last_sign_in_at timestamptz null,
  created_at timestamptz null,
  updated_at timestamptz null,
  email text generated always as (lower(identity_data ->> 'email')) stored,
  id uuid not null default gen_random_uuid(),
  constraint identities_pkey primary key (id),
  constraint identities_provider_id_provider_unique unique (provider_id, provider),
  constraint identities_user_id_fkey foreign key (user_id) references auth.users (id) on delete cascade
);
comment on table auth.identities is 'Auth: Stores identities associated to a user.';
comment on column auth.identities.email is 'Auth: Email is a generated column that references the optional email property in the identity_data';
create index identities_user_id_idx on auth.identities using btree (user_id);
create index identities_email_idx on auth.identities using btree (email text_pattern_ops);
comment on index auth.identities_email_idx is 'Auth: Ensures indexed queries on the email column';

create table auth.sessions (
  id uuid not null,
  user_id uuid not null,
  created_at timestamptz null,
  updated_at timestamptz null,
  factor_id uuid null,
  aal auth.aal_level null,
  not_after timestamptz null,
  refreshed_at timestamp without time zone null,
  user_agent text null,
  ip inet null,
  tag text null,
  oauth_client_id uuid null,
  refresh_token_hmac_key text null,
  refresh_token_counter bigint null,
  scopes text null,
  constraint sessions_pkey primary key (id),
  constraint sessions_user_id_fkey foreign key (user_id) references auth.users (id) on delete cascade,
  constraint sessions_scopes_length check (char_length(scopes) <= 4096)
);
comment on table auth.sessions is 'Auth: Stores session data associated to a user.';
comment on column auth.sessions.not_after is 'Auth: Not after is a nullable column that contains a timestamp after which the session should be regarded as expired.';
create index sessions_user_id_idx on auth.sessions using btree (user_id);
create index user_id_created_at_idx on auth.sessions using btree (user_id, created_at);
create index sessions_not_after_idx on auth.sessions using btree (not_after desc);
create index sessions_oauth_client_id_idx on auth.sessions using btree (oauth_client_id);

-- GoTrue enables RLS on every auth table and adds no policy: only postgres (bypassrls) and the
-- owner read them; the API roles have no table privileges at all.
alter table auth.users enable row level security;
alter table auth.identities enable row level security;
alter table auth.sessions enable row level security;

-- Claim helpers. The legacy per-claim setting (request.jwt.claim.<name>, PostgREST < 9) wins when
-- set and non-empty; otherwise the claim is read from request.jwt.claims (what PostgREST 12+,
-- Storage and Realtime set). Null when neither is set.
create function auth.uid()
returns uuid
language sql
stable
as $$
  select coalesce(
    nullif(pg_catalog.current_setting('request.jwt.claim.sub', true), ''),
    nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'
  )::uuid
$$;
comment on function auth.uid() is 'Deprecated. Use auth.jwt() -> ''sub'' instead.';

create function auth.role()
returns text
language sql
stable
as $$
  select coalesce(
    nullif(pg_catalog.current_setting('request.jwt.claim.role', true), ''),
    nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb ->> 'role'
  )::text
$$;
comment on function auth.role() is 'Deprecated. Use auth.jwt() -> ''role'' instead.';

create function auth.email()
returns text
language sql
stable
as $$
  select coalesce(
    nullif(pg_catalog.current_setting('request.jwt.claim.email', true), ''),
    nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb ->> 'email'
  )::text
$$;
comment on function auth.email() is 'Deprecated. Use auth.jwt() -> ''email'' instead.';

create function auth.jwt()
returns jsonb
language sql
stable
as $$
  select coalesce(
    nullif(pg_catalog.current_setting('request.jwt.claim', true), ''),
    nullif(pg_catalog.current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;
comment on function auth.jwt() is 'The claims of the request''s JWT (request.jwt.claims), as jsonb; null without a token.';

-- Everything belongs to Supabase Auth.
alter type auth.aal_level owner to supabase_auth_admin;
alter table auth.users owner to supabase_auth_admin;
alter table auth.identities owner to supabase_auth_admin;
alter table auth.sessions owner to supabase_auth_admin;
alter function auth.uid() owner to supabase_auth_admin;
alter function auth.role() owner to supabase_auth_admin;
alter function auth.email() owner to supabase_auth_admin;
alter function auth.jwt() owner to supabase_auth_admin;
alter schema auth owner to supabase_auth_admin;

-- The API roles reach the helper functions (executable by PUBLIC), not the tables.
grant usage on schema auth to anon, authenticated, service_role;
grant all on schema auth to supabase_auth_admin, dashboard_user;
-- postgres (migrations, Studio): usage without create; all on the tables, so that Studio can
-- delete users and migrations can add foreign keys and triggers to auth.users.
grant usage on schema auth to postgres;
grant all on all tables in schema auth to postgres, dashboard_user;
grant select on all tables in schema auth to postgres with grant option;
grant all on all sequences in schema auth to postgres, dashboard_user;
grant all on all routines in schema auth to postgres, dashboard_user;
alter default privileges for role supabase_auth_admin in schema auth
  grant all on tables to postgres, dashboard_user;
alter default privileges for role supabase_auth_admin in schema auth
  grant all on sequences to postgres, dashboard_user;
alter default privileges for role supabase_auth_admin in schema auth
  grant all on routines to postgres, dashboard_user;
-- Realtime evaluates policies that call auth.uid() / auth.jwt().
grant usage on schema auth to supabase_realtime_admin;
grant execute on all functions in schema auth to supabase_realtime_admin;
