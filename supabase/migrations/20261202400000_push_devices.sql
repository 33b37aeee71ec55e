-- Push notifications, part 1: the phones a user receives pushes on. The app registers its Firebase
-- Cloud Messaging registration token (firebase_messaging's getToken / onTokenRefresh) with the
-- platform, app version and the language the app shows; signing out removes it. A token belongs
-- to one account at a time: registering it under another account moves it (the phone changed
-- hands or accounts), and nothing queued for the previous owner is ever sent to it (the outbox
-- checks the owner when it sends, see push_outbox). Users read their own devices; all writes go
-- through the two RPCs. See docs/push.md.

create type public.push_platform as enum ('android', 'ios', 'web');
comment on type public.push_platform is 'Where a push token comes from: android, ios (FCM relays to APNs) or web.';

create table public.push_devices (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  token text not null unique check (char_length(token) between 16 and 4096),
  platform public.push_platform not null,
  app_version text check (char_length(app_version) between 1 and 32),
  locale public.app_locale not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now()
);
comment on table public.push_devices is
  'Devices that receive push notifications (FCM registration tokens), one account per token. Written only by register_push_device / unregister_push_device and by the push-send function (dead tokens).';
comment on column public.push_devices.user_id is 'The account the device receives pushes for.';
comment on column public.push_devices.token is 'FCM registration token (unique: a token belongs to one account at a time).';
comment on column public.push_devices.platform is 'android, ios or web.';
comment on column public.push_devices.app_version is 'App version that registered the token (for support), up to 32 characters.';
comment on column public.push_devices.locale is 'Language of the pushes to this device (the app''s language on it).';
comment on column public.push_devices.last_seen_at is 'Last registration or refresh; tokens unseen for 270 days are removed (FCM treats them as stale).';
create index push_devices_user_id_idx on public.push_devices (user_id, last_seen_at desc);

alter table public.push_devices enable row level security;
revoke all on public.push_devices from anon;
revoke insert, update, delete, truncate, references, trigger on public.push_devices from authenticated;

create policy push_devices_select on public.push_devices for select to authenticated
  using (user_id = (select auth.uid()));
comment on policy push_devices_select on public.push_devices is 'A user sees their own devices only (banned users too).';

insert into private.rate_limits (action, max_hits, per, description) values
  ('push.register', 30, interval '1 hour', 'Push token registrations and refreshes per user (a phone registers at start and on token refresh).');

-- At most this many devices per account: registering one more drops the least recently seen.
create function private.register_push_device(token text, platform text, locale text, app_version text, replaces text)
returns public.push_devices
language plpgsql
security definer
set search_path = ''
as $$
declare
  me uuid := auth.uid();
  clean_token text := btrim(token);
  clean_version text := nullif(btrim(app_version), '');
  device public.push_devices;
begin
  perform private.throttle('push.register');
  if clean_token is null or char_length(clean_token) not between 16 and 4096 or clean_token !~ '^[\x21-\x7e]+$' then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'token',
      'reason', 'an FCM registration token: 16 to 4096 visible ASCII characters'));
  end if;
  if platform is null or platform not in ('android', 'ios', 'web') then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'platform', 'reason', 'android, ios or web'));
  end if;
  if locale is null or locale not in ('ru', 'en') then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'locale', 'reason', 'ru or en'));
  end if;
  if clean_version is not null and clean_version !~ '^[\x20-\x7e]{1,32}$' then
    perform private.refuse('invalid_parameter', jsonb_build_object('parameter', 'app_version',
      'reason', 'up to 32 printable ASCII characters'));
  end if;

  if replaces is not null and btrim(replaces) <> clean_token then
    delete from public.push_devices d where d.token = btrim(replaces) and d.user_id = me;
  end if;
  insert into public.push_devices as d (user_id, token, platform, app_version, locale)
  values (me, clean_token, platform::public.push_platform, clean_version, locale::public.app_locale)
  on conflict on constraint push_devices_token_key do update
    set user_id = excluded.user_id, platform = excluded.platform, app_version = excluded.app_version,
        locale = excluded.locale, last_seen_at = now(),
        created_at = case when d.user_id = excluded.user_id then d.created_at else now() end
  returning d.* into device;
  delete from public.push_devices d
  where d.user_id = me and d.id not in (
    select k.id from public.push_devices k where k.user_id = me order by k.last_seen_at desc, k.id limit 10);
  return device;
end;
$$;
comment on function private.register_push_device(text, text, text, text, text) is
  'Registers or refreshes the caller''s push token (moving it from another account if needed), optionally removing the token it replaces; keeps the 10 most recently seen devices per account.';

create function private.unregister_push_device(token text)
returns boolean
language sql
security definer
set search_path = ''
as $$
  with removed as (
    delete from public.push_devices d where d.token = btrim(unregister_push_device.token) and d.user_id = auth.uid() returning 1
  )
  select exists (select 1 from removed);
$$;
comment on function private.unregister_push_device(text) is
  'Removes the caller''s own device with this token (sign-out); true when one was removed. Other accounts'' tokens are never touched.';

grant execute on function private.register_push_device(text, text, text, text, text), private.unregister_push_device(text) to authenticated;

create function public.register_push_device(token text, platform text, locale text, app_version text default null, replaces text default null)
returns public.push_devices
language sql
security invoker
set search_path = ''
as $$
  select * from private.register_push_device(token, platform, locale, app_version, replaces);
$$;
comment on function public.register_push_device(text, text, text, text, text) is
  'RPC: register or refresh this phone''s FCM token (platform android/ios/web, locale ru/en, app version; `replaces` = the previous token after onTokenRefresh). Moves a token registered under another account. Errors: invalid_parameter, rate_limited.';

create function public.unregister_push_device(token text)
returns boolean
language sql
security invoker
set search_path = ''
as $$
  select private.unregister_push_device(token);
$$;
comment on function public.unregister_push_device(text) is
  'RPC: call on sign-out (before signOut): this phone stops receiving the account''s pushes. Returns true when the token was registered to the caller; idempotent.';

revoke execute on function public.register_push_device(text, text, text, text, text), public.unregister_push_device(text) from public, anon;
grant execute on function public.register_push_device(text, text, text, text, text), public.unregister_push_device(text) to authenticated;
