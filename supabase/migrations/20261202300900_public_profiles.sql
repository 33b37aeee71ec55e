-- The public face of a user, for visitors too: public.public_profiles (id, username, display_name,
-- avatar_path). Quest authors, reviewers, leaderboard players and chat peers are embedded through
-- it (PostgREST follows the foreign keys to profiles.id into the view). Visitors (anon) may read
-- exactly these four columns of profiles, by any path: the view, the table or an embed; bio, city,
-- locale and the timestamps stay for signed-in users, who read every profile as before.

grant select (id, username, display_name, avatar_path) on public.profiles to anon;

create policy profiles_select_anon on public.profiles
  for select to anon
  using (true);
comment on policy profiles_select_anon on public.profiles is
  'Visitors read every profile, but only the columns granted to anon: id, username, display_name, avatar_path.';

create view public.public_profiles
with (security_invoker = true)
as
select p.id, p.username, p.display_name, p.avatar_path
from public.profiles p;
comment on view public.public_profiles is
  'Public profile of every user (visitors included): id, username, display_name, avatar_path. Embed it: select=*,author:public_profiles(username,avatar_path).';
comment on column public.public_profiles.id is 'The user''s id.';
comment on column public.public_profiles.username is 'Unique handle.';
comment on column public.public_profiles.display_name is 'Name shown in the app (may be null: show the username).';
comment on column public.public_profiles.avatar_path is 'Avatar path in the public bucket avatars (null = none).';

revoke all on public.public_profiles from anon, authenticated;
grant select on public.public_profiles to anon, authenticated;
