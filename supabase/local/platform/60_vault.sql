-- Platform stand-in, part 6: Supabase Vault (the `supabase_vault` extension, schema `vault`), as
-- much of it as our migrations use: secrets stored by name, read back through
-- vault.decrypted_secrets (docs/supabase-platform.md, section 9). Hosted projects keep the project
-- URL and the service key there so that scheduled jobs can call edge functions without any key in
-- a migration.
-- LOCAL WORK AND TESTS ONLY: loaded by `supabase_admin`; never pushed.
--
-- Difference: the real Vault encrypts `secret` at rest (libsodium AEAD with a key the database
-- never stores) and decrypts it only in the view; this stand-in stores the text as it is. Local
-- secrets are the well-known local keys, so nothing is lost by it.

create schema vault authorization supabase_admin;
comment on schema vault is 'Supabase Vault stand-in: named secrets for SQL (plain text locally; encrypted on the platform).';

create table vault.secrets (
  id uuid primary key default gen_random_uuid(),
  name text,
  description text not null default '',
  secret text not null,
  key_id uuid,
  nonce bytea,
  created_at timestamptz not null default current_timestamp,
  updated_at timestamptz not null default current_timestamp
);
comment on table vault.secrets is 'Named secrets (the platform stores `secret` encrypted; read them through vault.decrypted_secrets).';
create unique index secrets_name_idx on vault.secrets (name) where name is not null;

create view vault.decrypted_secrets as
  select s.id, s.name, s.description, s.secret, s.secret as decrypted_secret, s.key_id, s.nonce, s.created_at, s.updated_at
  from vault.secrets s;
comment on view vault.decrypted_secrets is 'Secrets with their decrypted value (decrypted_secret).';

create function vault.create_secret(new_secret text, new_name text default null, new_description text default '',
  new_key_id uuid default null)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  created uuid;
begin
  insert into vault.secrets (secret, name, description, key_id)
  values (new_secret, new_name, coalesce(new_description, ''), new_key_id)
  returning id into created;
  return created;
end
$$;
comment on function vault.create_secret(text, text, text, uuid) is 'Stores a secret (optionally named) and returns its id.';

create function vault.update_secret(secret_id uuid, new_secret text default null, new_name text default null,
  new_description text default null, new_key_id uuid default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  update vault.secrets s
  set secret = coalesce(new_secret, s.secret),
      name = coalesce(new_name, s.name),
      description = coalesce(new_description, s.description),
      key_id = coalesce(new_key_id, s.key_id),
      updated_at = now()
  where s.id = secret_id;
end
$$;
comment on function vault.update_secret(uuid, text, text, text, uuid) is 'Changes a secret''s value, name or description.';

-- As on the platform: postgres manages and reads secrets; the API roles get nothing.
revoke all on schema vault from public;
revoke execute on function vault.create_secret(text, text, text, uuid), vault.update_secret(uuid, text, text, text, uuid) from public;
grant usage on schema vault to postgres with grant option;
grant select, delete on vault.secrets, vault.decrypted_secrets to postgres with grant option;
grant execute on function vault.create_secret(text, text, text, uuid), vault.update_secret(uuid, text, text, text, uuid)
  to postgres with grant option;
