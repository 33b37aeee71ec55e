-- Custom Access Token hook: Supabase Auth calls it (as supabase_auth_admin) every time it issues a
-- token. It adds a top-level `user_role` claim (admin > moderator > user) for the app's UI, and
-- refuses tokens to banned users. The claim is a convenience only: every permission check reads
-- the tables (private.authorize), so a revoked role or a ban bites before the token expires.
-- Enabled in config.toml [auth.hook.custom_access_token]; on the hosted project, enable it in
-- Authentication → Hooks.

create function public.custom_access_token_hook(event jsonb)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  uid uuid := (event ->> 'user_id')::uuid;
  top_role public.app_role;
begin
  if private.is_banned(uid) then
    return jsonb_build_object('error', jsonb_build_object('http_code', 403, 'message', 'This account is banned.'));
  end if;
  select ur.role into top_role
  from public.user_roles ur
  where ur.user_id = uid
  order by ur.role desc
  limit 1;
  return jsonb_build_object(
    'claims', jsonb_set(event -> 'claims', '{user_role}', to_jsonb(coalesce(top_role, 'user'::public.app_role)))
  );
end;
$$;
comment on function public.custom_access_token_hook(jsonb) is
  'Auth hook: adds the user_role claim (admin, moderator or user) and refuses tokens while a ban is in force. Executable only by supabase_auth_admin.';

grant usage on schema public to supabase_auth_admin;
grant execute on function public.custom_access_token_hook(jsonb) to supabase_auth_admin;
revoke execute on function public.custom_access_token_hook(jsonb) from authenticated, anon, public;

grant select on table public.user_roles, public.user_bans to supabase_auth_admin;
grant usage on schema private to supabase_auth_admin;
grant execute on function private.is_banned(uuid) to supabase_auth_admin;

create policy user_roles_select_auth_admin on public.user_roles
  for select to supabase_auth_admin
  using (true);
comment on policy user_roles_select_auth_admin on public.user_roles is 'Supabase Auth reads roles for the access token hook.';

create policy user_bans_select_auth_admin on public.user_bans
  for select to supabase_auth_admin
  using (true);
comment on policy user_bans_select_auth_admin on public.user_bans is 'Supabase Auth reads bans for the access token hook.';
