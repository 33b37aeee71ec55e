-- Demo data for local work (`npm run dev`, `supabase start`, `npm run db:reset`): never pushed.
-- Runs as `postgres` after the migrations. Demo users sign in with their e-mail and the password
-- `questcity-demo-1`; `npm run dev` prints an access token for each of them.
-- Each section belongs to one capability; keep them in this order.

-- == accounts: demo users per role ==========================================================
-- Created as Supabase Auth creates users (confirmed e-mail, bcrypt password, an identity); the
-- sign-up trigger makes their profiles and wallets. Fixed ids so that the app team can hard-code
-- them in fixtures.
with demo (id, email, username, display_name, locale) as (
  values
    ('00000000-0000-4000-a000-000000000001'::uuid, 'admin@demo.questcity.app', 'admin', 'Анна (admin)', 'ru'),
    ('00000000-0000-4000-a000-000000000002'::uuid, 'moderator@demo.questcity.app', 'moderator', 'Max (moderator)', 'en'),
    ('00000000-0000-4000-a000-000000000003'::uuid, 'alice@demo.questcity.app', 'alice', 'Алиса', 'ru'),
    ('00000000-0000-4000-a000-000000000004'::uuid, 'bob@demo.questcity.app', 'bob', 'Bob', 'en'),
    ('00000000-0000-4000-a000-000000000005'::uuid, 'carol@demo.questcity.app', 'carol', 'Carol', 'en')
),
users as (
  insert into auth.users (
    instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
    raw_app_meta_data, raw_user_meta_data, created_at, updated_at
  )
  select '00000000-0000-0000-0000-000000000000', d.id, 'authenticated', 'authenticated', d.email,
         extensions.crypt('questcity-demo-1', extensions.gen_salt('bf')), now(),
         '{"provider":"email","providers":["email"]}',
         jsonb_build_object('username', d.username, 'display_name', d.display_name, 'locale', d.locale),
         now(), now()
  from demo d
  returning id, email
)
insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select u.id::text, u.id, jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true), 'email', now(), now(), now()
from users u;

insert into public.user_roles (user_id, role) values
  ('00000000-0000-4000-a000-000000000001', 'admin'),
  ('00000000-0000-4000-a000-000000000002', 'moderator');

update public.profiles set bio = 'Люблю старые дворы и загадки.', city = 'Москва'
where id = '00000000-0000-4000-a000-000000000003';
update public.profiles set bio = 'Weekend explorer.', city = 'Saint Petersburg'
where id = '00000000-0000-4000-a000-000000000004';

-- == quests: reference lists, places, quests, points, reviews ===============================

-- == play: runs, credits, unlock requests ===================================================

-- == friends and chat =======================================================================
-- Alice and Bob are friends with a direct chat; Carol has asked Alice; the three walk together in
-- a group chat owned by Alice.
insert into public.friendships (user_low, user_high)
values ('00000000-0000-4000-a000-000000000003', '00000000-0000-4000-a000-000000000004');
insert into public.friend_requests (sender_id, receiver_id)
values ('00000000-0000-4000-a000-000000000005', '00000000-0000-4000-a000-000000000003');

insert into public.chats (id, kind, direct_key, created_by) values
  ('00000000-0000-4000-c000-000000000001', 'direct',
   '00000000-0000-4000-a000-000000000003:00000000-0000-4000-a000-000000000004', '00000000-0000-4000-a000-000000000003');
insert into public.chats (id, kind, title, created_by) values
  ('00000000-0000-4000-c000-000000000002', 'group', 'Вечерние прогулки / Evening walks', '00000000-0000-4000-a000-000000000003');
insert into public.chat_members (chat_id, user_id, role) values
  ('00000000-0000-4000-c000-000000000001', '00000000-0000-4000-a000-000000000003', 'member'),
  ('00000000-0000-4000-c000-000000000001', '00000000-0000-4000-a000-000000000004', 'member'),
  ('00000000-0000-4000-c000-000000000002', '00000000-0000-4000-a000-000000000003', 'owner'),
  ('00000000-0000-4000-c000-000000000002', '00000000-0000-4000-a000-000000000004', 'admin'),
  ('00000000-0000-4000-c000-000000000002', '00000000-0000-4000-a000-000000000005', 'member');
insert into public.messages (chat_id, sender_id, body) values
  ('00000000-0000-4000-c000-000000000001', '00000000-0000-4000-a000-000000000003', 'Привет! Идём в субботу на квест?'),
  ('00000000-0000-4000-c000-000000000001', '00000000-0000-4000-a000-000000000004', 'Sure, the one near the Kremlin?'),
  ('00000000-0000-4000-c000-000000000002', '00000000-0000-4000-a000-000000000003', 'Встречаемся у фонтана в 19:00'),
  ('00000000-0000-4000-c000-000000000002', '00000000-0000-4000-a000-000000000005', 'I will bring a flashlight.');

-- == merch ==================================================================================
