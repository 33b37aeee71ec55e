-- "My …" calls return the caller's rows only, whoever calls, staff included (issue 12: "my wallet"
-- broke .single() for admins); staff read other people's through separate calls that check their
-- permission; every list is a (key, id) keyset that skips nothing when keys tie, and a bad cursor
-- is a 400 with a code (a year-0000 cursor used to be a 22008 500).
begin;
select plan(34);

select tests.create_user('my_player');
select tests.create_user('my_other');
select tests.create_user('my_admin');
select tests.create_user('my_mod');
insert into public.user_roles (user_id, role) values (tests.get_user_id('my_admin'), 'admin'), (tests.get_user_id('my_mod'), 'moderator');
insert into public.quests (id, title, slug, city, status, access, price_credits, published_at) values
  ('3d000000-0000-4000-a000-000000000001', 'Locked one', 'my-locked-one', 'Mytown', 'published', 'locked', 0, now()),
  ('3d000000-0000-4000-a000-000000000002', 'Locked two', 'my-locked-two', 'Mytown', 'published', 'locked', 0, now()),
  ('3d000000-0000-4000-a000-000000000003', 'Locked three', 'my-locked-three', 'Mytown', 'published', 'locked', 0, now());
insert into public.quest_points (quest_id, position, title, location)
select id, 1, 'Gate', extensions.st_makepoint(50, 50)::extensions.geography from public.quests where slug like 'my-locked-%';
-- Five ledger rows for the player in one transaction: they share created_at, so only the id
-- breaks the tie (a created_at-only cursor would skip rows).
select private.post_credits(tests.get_user_id('my_player'), n, 'staff_grant', null, null, 'grant ' || n) from generate_series(1, 5) n;
select private.post_credits(tests.get_user_id('my_admin'), 7, 'staff_grant');
insert into public.quest_access_grants (quest_id, user_id, source) values
  ('3d000000-0000-4000-a000-000000000001', tests.get_user_id('my_admin'), 'staff'),
  ('3d000000-0000-4000-a000-000000000001', tests.get_user_id('my_player'), 'staff');
-- Three pending requests at the same instant, two of them by the admin's and moderator's own player accounts.
select tests.authenticate_as('my_player');
select public.request_unlock('3d000000-0000-4000-a000-000000000002', 'one');
select public.request_unlock('3d000000-0000-4000-a000-000000000003', 'two');
select tests.authenticate_as('my_mod');
select public.request_unlock('3d000000-0000-4000-a000-000000000002', 'mod asks too');

-- The tables: each caller reads their own rows only.
select tests.authenticate_as('my_admin');
select is((select count(*)::int from public.wallets), 1, 'an admin (credits.grant) reads one wallet: their own (.single() works)');
select is((select balance from public.wallets), 7, 'and it is theirs');
select is((select count(*)::int from public.credit_ledger where user_id <> auth.uid()), 0, 'an admin reads only their own ledger rows');
select is((select count(*)::int from public.quest_access_grants where user_id <> auth.uid()), 0,
  'an admin (unlock.decide) reads only their own access grants');
select is((select count(*)::int from public.unlock_requests where user_id <> auth.uid()), 0,
  'and only their own unlock requests, though the queue holds others''');
select tests.authenticate_as('my_mod');
select is((select count(*)::int from public.unlock_requests), 1, 'a moderator reads their own request only');

-- wallet_screen: one call, newest first, (created_at, id) keyset.
select tests.authenticate_as('my_player');
create temporary table page1 as select public.wallet_screen(null, 2) as screen;
select is((select (screen ->> 'balance')::int from page1), 15, 'wallet_screen gives the balance');
select is((select array(select (e ->> 'amount')::int from jsonb_array_elements(screen -> 'items') e) from page1), array[5, 4],
  'and the newest entries first');
create temporary table page2 as select public.wallet_screen((select screen -> 'next_cursor' from page1), 2) as screen;
create temporary table page3 as select public.wallet_screen((select screen -> 'next_cursor' from page2), 2) as screen;
select is((select array(select (e ->> 'amount')::int from jsonb_array_elements(screen -> 'items') e) from page2), array[3, 2],
  'the next page continues after the cursor although every row has the same created_at');
select is((select array(select (e ->> 'amount')::int from jsonb_array_elements(screen -> 'items') e) from page3), array[1],
  'the last page holds the rest');
select is((select screen -> 'next_cursor' from page3), 'null'::jsonb, 'and says there is no more');
select throws_ok($$select public.wallet_screen('{"list": "wallet", "key": "0000-01-01 00:00:00+00", "id": "1"}', 2)$$, 'PT400', 'invalid_cursor',
  'a year-0000 cursor is invalid_cursor, not a 500');
select throws_ok($$select public.wallet_screen('{"list": "wallet", "key": "2026-01-01 00:00:00+00", "id": "x"}', 2)$$, 'PT400', 'invalid_cursor',
  'a cursor with a bad id is invalid_cursor');
select throws_ok($$select public.wallet_screen('"yesterday"', 2)$$, 'PT400', 'invalid_cursor', 'a cursor that is not an object is invalid_cursor');
select throws_ok($$select public.wallet_screen(null, 0)$$, 'PT400', 'invalid_parameter', 'page_size 0 is refused');
select throws_ok($$select public.wallet_screen(null, 101)$$, 'PT400', 'invalid_parameter', 'page_size 101 is refused');

-- The other "my" lists.
select is((select array_agg((i ->> 'quest_id')::uuid order by i ->> 'quest_id') from jsonb_array_elements(public.my_unlock_requests() -> 'items') i),
  array['3d000000-0000-4000-a000-000000000002', '3d000000-0000-4000-a000-000000000003']::uuid[], 'my_unlock_requests lists mine');
select is((select jsonb_array_length(public.my_unlock_requests(public.my_unlock_requests(null, 1) -> 'next_cursor', 1) -> 'items')), 1,
  'and pages by its cursor');
select throws_ok($$select public.my_unlock_requests(public.wallet_screen(null, 1) -> 'next_cursor')$$, 'PT400', 'invalid_cursor',
  'a cursor of another list (the wallet) is invalid_cursor');
select is((select array_agg(i ->> 'quest_title') from jsonb_array_elements(public.my_access_grants() -> 'items') i), array['Locked one'],
  'my_access_grants lists mine with the quest title');
select lives_ok($$select public.start_run('3d000000-0000-4000-a000-000000000001')$$, 'a player with a grant starts a run');
select is(jsonb_array_length(public.my_runs() -> 'items'), 1, 'my_runs lists my run');
select is(jsonb_array_length(public.my_runs(null, 20, 'completed') -> 'items'), 0, 'and filters by status');
select tests.authenticate_as('my_admin');
select is(jsonb_array_length(public.my_runs() -> 'items'), 0, 'an admin''s my_runs holds only their own runs');
select is(jsonb_array_length(public.my_access_grants() -> 'items'), 1, 'and my_access_grants their own grants');

-- Staff calls for other people's rows.
select is((select public.staff_wallet(tests.get_user_id('my_player'), null, 10) -> 'user' ->> 'username'),
  (select username from public.profiles where id = tests.get_user_id('my_player')), 'staff_wallet names the user by their public fields');
select is((select (public.staff_wallet(tests.get_user_id('my_player'), null, 10) ->> 'balance')::int), 15, 'and gives their balance');
select is((select jsonb_array_length(public.staff_wallet(tests.get_user_id('my_player'), null, 10) -> 'items')), 5, 'and their ledger');
select throws_ok($$select public.staff_wallet(gen_random_uuid())$$, 'PT404', 'user_not_found', 'an unknown user is user_not_found');
select tests.authenticate_as('my_mod');
select throws_ok(format($$select public.staff_wallet('%s')$$, tests.get_user_id('my_player')), 'PT403', 'forbidden',
  'a moderator (no credits.grant) cannot read another wallet');
select tests.authenticate_as('my_admin');
select is(
  (select count(distinct q.id)::int from (
     select i ->> 'id' as id from jsonb_array_elements(public.unlock_queue(null, 100) -> 'items') i where i ->> 'quest_id' like '3d000000-%'
     union all
     select i ->> 'id' from jsonb_array_elements(public.unlock_queue(public.unlock_queue(null, 1) -> 'next_cursor', 100) -> 'items') i
     where i ->> 'quest_id' like '3d000000-%') q),
  3, 'the unlock queue pages by (created_at, id): three requests of one instant, none lost');
select ok((select i -> 'requester' ? 'username' and i -> 'requester' ? 'avatar_path' and not i -> 'requester' ? 'bio' and i ->> 'quest_title' is not null
           from jsonb_array_elements(public.unlock_queue(null, 100) -> 'items') i where i ->> 'quest_id' like '3d000000-%' limit 1),
  'each queue item carries the quest title and the requester''s public fields only');
select tests.authenticate_as('my_player');
select throws_ok($$select public.unlock_queue()$$, 'PT403', 'forbidden', 'a player cannot read the queue');
select tests.authenticate_as_anon();
select throws_ok($$select public.wallet_screen()$$, '42501', null, 'anon has no wallet screen');

select * from finish();
rollback;
