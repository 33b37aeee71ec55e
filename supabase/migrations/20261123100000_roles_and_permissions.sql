-- Permissions as data: roles hold permissions (public.role_permissions), users hold roles
-- (public.user_roles). Policies and functions ask private.authorize('<permission>'), never a role
-- name, so giving moderators a new power is one row here, not a policy rewrite.

create type public.app_role as enum ('user', 'moderator', 'admin');
comment on type public.app_role is
  'Staff roles. Everyone is a `user` without a row; moderator and admin are granted in public.user_roles.';

create type public.app_permission as enum (
  'quests.manage',     -- edit any quest and the reference lists (categories, places, …)
  'quests.publish',    -- publish quests or send them back to their author
  'reviews.moderate',  -- answer and hide reviews
  'unlock.decide',     -- approve or reject unlock requests
  'merch.manage',      -- manage merch items
  'orders.manage',     -- move merch orders through their states
  'users.ban',         -- ban and unban users
  'roles.manage',      -- grant and revoke roles
  'chat.moderate',     -- delete any chat message
  'credits.grant',     -- grant credits with a reason
  'audit.read'         -- read the audit log
);
comment on type public.app_permission is 'Fine-grained staff permissions, granted to roles in public.role_permissions.';

create table public.role_permissions (
  role public.app_role not null,
  permission public.app_permission not null,
  primary key (role, permission)
);
comment on table public.role_permissions is
  'Which role holds which permission. Changed by migrations (or in Studio by the project owner), read by private.authorize().';
comment on column public.role_permissions.role is 'The role that holds the permission.';
comment on column public.role_permissions.permission is 'The permission held.';

insert into public.role_permissions (role, permission) values
  ('moderator', 'quests.publish'),
  ('moderator', 'reviews.moderate'),
  ('moderator', 'unlock.decide'),
  ('moderator', 'users.ban'),
  ('moderator', 'chat.moderate'),
  ('admin', 'quests.manage'),
  ('admin', 'quests.publish'),
  ('admin', 'reviews.moderate'),
  ('admin', 'unlock.decide'),
  ('admin', 'merch.manage'),
  ('admin', 'orders.manage'),
  ('admin', 'users.ban'),
  ('admin', 'roles.manage'),
  ('admin', 'chat.moderate'),
  ('admin', 'credits.grant'),
  ('admin', 'audit.read');

create table public.user_roles (
  id bigint generated always as identity primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  role public.app_role not null,
  granted_by uuid references auth.users (id) on delete set null,
  granted_at timestamptz not null default now(),
  constraint user_roles_user_role_key unique (user_id, role),
  constraint user_roles_not_user check (role <> 'user')
);
comment on table public.user_roles is
  'Staff roles held by users. Written only by public.grant_role / public.revoke_role (audited); a user without a row is a plain `user`.';
comment on column public.user_roles.user_id is 'The user who holds the role.';
comment on column public.user_roles.role is 'moderator or admin (plain `user` needs no row).';
comment on column public.user_roles.granted_by is 'The admin who granted it (null when granted by a migration or the seed).';
comment on column public.user_roles.granted_at is 'When it was granted.';

create index user_roles_granted_by_idx on public.user_roles (granted_by);

alter table public.role_permissions enable row level security;
alter table public.user_roles enable row level security;

-- Anonymous requests never see these tables; signed-in clients never write them directly:
-- writes go through audited functions.
revoke all on public.role_permissions, public.user_roles from anon;
revoke insert, update, delete, truncate on public.role_permissions, public.user_roles from authenticated;
