-- Username checks are rate limited (accounts.username_check): visitors by IP address, signed-in
-- users by account, so the sign-up screen's check cannot be used to enumerate every username.
-- The function writes a rate-limit hit, so it is volatile now (PostgREST calls it with POST).

insert into private.rate_limits (action, max_hits, per, description) values
  ('accounts.username_check', 120, interval '10 minutes', 'Username availability checks per visitor IP or user (sign-up and rename screens).');

create or replace function private.username_available(candidate text)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.throttle('accounts.username_check');
  return private.normalize_username(candidate) ~ '^[a-z0-9_]{3,32}$'
     and not exists (select 1 from public.profiles p where lower(p.username) = private.normalize_username(candidate));
end;
$$;
comment on function private.username_available(text) is
  'True when the username is well-formed and nobody holds it (case-insensitively). Counts one accounts.username_check hit (rate_limited when used up).';

create or replace function public.username_available(username text)
returns boolean
language sql
volatile
security invoker
set search_path = ''
as $$
  select private.username_available(username);
$$;
comment on function public.username_available(text) is
  'RPC for sign-up and profile screens: is this username well-formed (3–32 of a-z, 0-9, _) and free? Callable with the anon key; rate limited per IP (visitors) or user (rate_limited).';
