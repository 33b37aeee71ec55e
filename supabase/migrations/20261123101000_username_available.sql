-- Sign-up screens check a username before calling Auth (a taken one would fail the whole sign-up
-- with Auth's generic "Database error saving new user"). Anonymous callers cannot read profiles,
-- so the check runs in a definer helper that answers only yes or no.

create function private.username_available(candidate text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.normalize_username(candidate) ~ '^[a-z0-9_]{3,32}$'
     and not exists (select 1 from public.profiles p where lower(p.username) = private.normalize_username(candidate));
$$;
comment on function private.username_available(text) is 'True when the username is well-formed and nobody holds it (case-insensitively).';
revoke execute on function private.username_available(text) from public;
grant execute on function private.username_available(text) to anon, authenticated;
grant execute on function private.normalize_username(text) to anon, authenticated;

create function public.username_available(username text)
returns boolean
language sql
stable
security invoker
set search_path = ''
as $$
  select private.username_available(username);
$$;
comment on function public.username_available(text) is
  'RPC for sign-up and profile screens: is this username well-formed (3–32 of a-z, 0-9, _) and free? Callable with the anon key.';
revoke execute on function public.username_available(text) from public;
grant execute on function public.username_available(text) to anon, authenticated;
