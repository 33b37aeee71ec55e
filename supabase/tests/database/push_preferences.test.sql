-- Push preferences: documented defaults, one RPC per setting, quiet hours in the user's own time
-- zone, chat mutes only for chats the user is in; each user reads and changes only their own;
-- bad input is a catalogued 400; changes are rate-limited; the account's deletion removes them.
begin;
select plan(34);

select tests.create_user('pp_user');
select tests.create_user('pp_friend');
select tests.create_user('pp_other');
insert into public.friendships (user_low, user_high)
values (least(tests.get_user_id('pp_user'), tests.get_user_id('pp_friend')), greatest(tests.get_user_id('pp_user'), tests.get_user_id('pp_friend')));

select set_config('tests.every_kind_on', (select jsonb_object_agg(k.kind, true) from private.push_kinds k)::text, true);

select tests.authenticate_as('pp_user');
create temporary table chat as select public.open_direct_chat(tests.get_user_id('pp_friend')) as id;
grant select on chat to authenticated;

-- Defaults.
select is(public.my_push_preferences(),
  jsonb_build_object('kinds', current_setting('tests.every_kind_on')::jsonb,
    'quiet_hours', null, 'message_previews', true, 'muted_chats', '[]'::jsonb),
  'defaults: every kind on, no quiet hours, previews shown, no muted chat');

-- Kinds.
select is(public.set_push_kind('friend_request', false) -> 'kinds' ->> 'friend_request', 'false', 'a user switches a kind off');
select is(public.set_push_kind('friend_request', false) -> 'kinds' ->> 'friend_request', 'false', 'switching it off twice keeps it off');
select is((select disabled_kinds from public.push_preferences), array['friend_request'], 'stored once');
select is(public.set_push_kind('chat_message', false) -> 'kinds' ->> 'chat_message', 'false', 'chat messages can be switched off too');
select is(public.set_push_kind('friend_request', true) -> 'kinds' ->> 'friend_request', 'true', 'and a kind back on');
select is((select disabled_kinds from public.push_preferences), array['chat_message'], 'only the switched-off kinds are stored');
select throws_ok($$select public.set_push_kind('default', false)$$, 'PT400', 'invalid_parameter', 'the fallback texts are not a kind');
select throws_ok($$select public.set_push_kind('no_such_kind', false)$$, 'PT400', 'invalid_parameter', 'an unknown kind is refused');
select throws_ok($$select public.set_push_kind('chat_added', null)$$, 'PT400', 'invalid_parameter', 'enabled must be true or false');

-- Quiet hours.
select is(public.set_quiet_hours('22:30', '07:00', 'Europe/Moscow') -> 'quiet_hours',
  '{"start": "22:30", "end": "07:00", "time_zone": "Europe/Moscow"}'::jsonb, 'a user sets overnight quiet hours in their time zone');
select is(public.set_quiet_hours(null, null, null) -> 'quiet_hours', 'null'::jsonb, 'and clears them');
select throws_ok($$select public.set_quiet_hours('24:00', '07:00', 'Europe/Moscow')$$, 'PT400', 'invalid_parameter', 'a start that is no time of day is refused');
select throws_ok($$select public.set_quiet_hours('22:00', '7', 'Europe/Moscow')$$, 'PT400', 'invalid_parameter', 'an end that is not HH:MM is refused');
select throws_ok($$select public.set_quiet_hours('22:00', '22:00', 'Europe/Moscow')$$, 'PT400', 'invalid_parameter', 'start and end must differ');
select throws_ok($$select public.set_quiet_hours('22:00', '07:00', 'Mars/Olympus')$$, 'PT400', 'invalid_parameter', 'an unknown time zone is refused');
select throws_ok($$select public.set_quiet_hours('22:00', '07:00', 'UTC+3')$$, 'PT400', 'invalid_parameter', 'a POSIX offset is not an IANA zone');
select throws_ok($$select public.set_quiet_hours('22:00', null, null)$$, 'PT400', 'invalid_parameter', 'half a setting is refused');

-- When quiet hours hold (the time of day in the user's zone).
select tests.clear_authentication();
select is(private.in_quiet_hours('22:00', '07:00', 'Europe/Moscow', '2026-12-01 20:30:00+00'), true,
  'overnight quiet hours hold at 23:30 in Moscow (20:30 UTC)');
select is(private.in_quiet_hours('22:00', '07:00', 'Europe/Moscow', '2026-12-01 04:30:00+00'), false,
  'and end at 07:00 Moscow time (04:30 UTC is 07:30 there)');
select is(private.in_quiet_hours('13:00', '15:00', 'Asia/Tokyo', '2026-12-01 05:00:00+00'), true, 'daytime quiet hours in another zone');
select tests.authenticate_as('pp_user');

-- Previews.
select is(public.set_message_previews(false) -> 'message_previews', 'false'::jsonb, 'a user hides message previews');
select throws_ok($$select public.set_message_previews(null)$$, 'PT400', 'invalid_parameter', 'previews must be true or false');

-- Chat mutes.
select is((public.mute_chat((select id from chat), now() + interval '8 hours')).chat_id, (select id from chat), 'a member mutes a chat for 8 hours');
select is((public.mute_chat((select id from chat))).muted_until, null, 'or until unmuted');
select is(jsonb_array_length(public.my_push_preferences() -> 'muted_chats'), 1, 'the mute is listed once');
select throws_ok($$select public.mute_chat((select id from chat), now() - interval '1 minute')$$, 'PT400', 'invalid_parameter',
  'a mute that already ended is refused');
select is(public.unmute_chat((select id from chat)), true, 'a member unmutes the chat');

-- Another user.
select tests.authenticate_as('pp_other');
select throws_ok($$select public.mute_chat((select id from chat))$$, 'PT404', 'chat_not_found', 'nobody mutes a chat they are not in');
select is((select count(*)::int from public.push_preferences) + (select count(*)::int from public.push_chat_mutes), 0,
  'another user reads none of someone''s settings');
select throws_ok($$update public.push_preferences set disabled_kinds = '{}'$$, '42501', null, 'settings change only through the RPCs');
select tests.authenticate_as_anon();
select throws_ok($$select public.my_push_preferences()$$, '42501', null, 'visitors have no push settings');

-- Rate limit.
select tests.clear_authentication();
update private.rate_limits set max_hits = 1 where action = 'push.preferences';
select tests.authenticate_as('pp_other');
select public.set_message_previews(true);
select throws_ok($$select public.set_message_previews(false)$$, 'PT429', 'rate_limited', 'setting changes are rate-limited per user');

-- Account deletion.
select tests.clear_authentication();
insert into public.push_chat_mutes (user_id, chat_id) select tests.get_user_id('pp_user'), id from chat;
delete from auth.users where id = tests.get_user_id('pp_user');
select is((select count(*)::int from public.push_preferences where user_id = tests.get_user_id('pp_user'))
          + (select count(*)::int from public.push_chat_mutes where user_id = tests.get_user_id('pp_user')), 0,
  'deleting the account deletes its settings and mutes');

select * from finish();
rollback;
