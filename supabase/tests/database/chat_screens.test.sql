-- One call per screen (issue 12): friends, another user's profile, chats list, chat, notifications;
-- their shapes, orders, keyset cursors (no row skipped on equal times), previews that never show
-- deleted text, unread counts, and notifications delivered on user:<id> in the same shape.
begin;
select plan(35);

select tests.create_user('sc_ann', '{"username": "sc_ann", "display_name": "Ann"}');
select tests.create_user('sc_ben', '{"username": "sc_ben"}');
select tests.create_user('sc_cat', '{"username": "sc_cat"}');
select tests.create_user('sc_dan', '{"username": "sc_dan"}');
select tests.create_user('sc_eve', '{"username": "sc_eve"}');
select tests.create_user('sc_fay', '{"username": "sc_fay"}');
insert into public.friendships (user_low, user_high)
select least(tests.get_user_id('sc_ann'), tests.get_user_id(f)), greatest(tests.get_user_id('sc_ann'), tests.get_user_id(f))
from unnest(array['sc_ben', 'sc_cat']) f;

create function pg_temp.uid(name text) returns uuid language sql as $$ select tests.get_user_id(name) $$;
grant execute on function pg_temp.uid(text) to anon, authenticated, service_role;

select tests.authenticate_as('sc_dan');
select public.send_friend_request(pg_temp.uid('sc_ann'));
select tests.authenticate_as('sc_ann');
select public.send_friend_request(pg_temp.uid('sc_eve'));
select public.block_user(pg_temp.uid('sc_fay'));
create temporary table chat (name text primary key, id uuid) on commit drop;
grant select on chat to authenticated;
insert into chat values ('d', public.open_direct_chat(pg_temp.uid('sc_ben'))),
                        ('g', public.create_group_chat('Screens', array[pg_temp.uid('sc_ben'), pg_temp.uid('sc_cat')]));
create function pg_temp.chat(key text) returns uuid language sql as $$ select id from chat where name = key $$;
grant execute on function pg_temp.chat(text) to anon, authenticated, service_role;

-- History with distinct times (one transaction has one now(): set them as the server would have).
select tests.clear_authentication();
create temporary table timeline (chat text, sender text, body text, at timestamptz) on commit drop;
insert into timeline values
  ('g', 'sc_ann', 'hello', '2026-01-01 10:01+00'), ('g', 'sc_cat', 'ciao', '2026-01-01 10:01:30+00'),
  ('g', 'sc_ben', 'Re: hello', '2026-01-01 10:03+00'), ('g', 'sc_ben', 'oops', '2026-01-01 10:04+00'),
  ('d', 'sc_ben', 'first', '2026-01-01 10:05+00'), ('d', 'sc_ann', 'same time', '2026-01-01 10:05+00'),
  ('d', 'sc_ben', 'same time too', '2026-01-01 10:05+00');
insert into public.messages (chat_id, sender_id, body) select pg_temp.chat(chat), pg_temp.uid(sender), body from timeline where body <> 'Re: hello';
insert into public.messages (chat_id, sender_id, body, reply_to_id)
select pg_temp.chat('g'), pg_temp.uid('sc_ben'), 'Re: hello', id from public.messages where body = 'hello';
update public.messages m set created_at = t.at from timeline t where t.body = m.body;
update public.chats set last_message_at = case id when pg_temp.chat('g') then '2026-01-01 10:04+00'::timestamptz else '2026-01-01 10:05+00' end
where id in (pg_temp.chat('g'), pg_temp.chat('d'));
update public.chat_members set last_read_at = '2026-01-01 10:00+00' where chat_id in (pg_temp.chat('g'), pg_temp.chat('d'));
select tests.authenticate_as('sc_ben');
select public.delete_message((select id from public.messages where body = 'oops'));

-- Friends screen
select tests.authenticate_as('sc_ann');
select is(
  (select jsonb_build_object(
     'friends', (select jsonb_agg(f -> 'user' ->> 'username') from jsonb_array_elements(o -> 'friends') f),
     'incoming', (select jsonb_agg(f -> 'user' ->> 'username') from jsonb_array_elements(o -> 'incoming') f),
     'outgoing', (select jsonb_agg(f -> 'user' ->> 'username') from jsonb_array_elements(o -> 'outgoing') f),
     'blocked', (select jsonb_agg(f -> 'user' ->> 'username') from jsonb_array_elements(o -> 'blocked') f))
   from public.friends_overview() o),
  '{"friends": ["sc_ben", "sc_cat"], "incoming": ["sc_dan"], "outgoing": ["sc_eve"], "blocked": ["sc_fay"]}'::jsonb,
  'friends_overview: friends by username, incoming and outgoing requests, blocked users, in one call');
select is((select array(select jsonb_object_keys(o -> 'incoming' -> 0) order by 1) from public.friends_overview() o),
  array['created_at', 'request_id', 'user'], 'a request entry carries its id, time and the other user');
select is((select o -> 'friends' -> 0 -> 'user' from public.friends_overview() o),
  jsonb_build_object('id', pg_temp.uid('sc_ben'), 'username', 'sc_ben', 'display_name', null, 'avatar_path', null),
  'people come with their public fields only (id, username, display_name, avatar_path)');

-- Another user's profile
select is((select public.user_profile_card(pg_temp.uid('sc_ben')) - 'friends_since' - 'stats'),
  jsonb_build_object('id', pg_temp.uid('sc_ben'), 'username', 'sc_ben', 'display_name', null, 'avatar_path', null,
                     'friendship', 'friends', 'request_id', null, 'direct_chat_id', pg_temp.chat('d')),
  'profile card of a friend: public fields, friends, the direct chat');
select ok((public.user_profile_card(pg_temp.uid('sc_ben')) ->> 'friends_since') is not null, 'and since when they are friends');
select is(public.user_profile_card(pg_temp.uid('sc_dan')) ->> 'friendship', 'request_received', 'a request from them: request_received');
select is(public.user_profile_card(pg_temp.uid('sc_dan')) ->> 'request_id',
  (select id::text from public.friend_requests where sender_id = pg_temp.uid('sc_dan')), 'with the request to accept');
select is(public.user_profile_card(pg_temp.uid('sc_eve')) ->> 'friendship', 'request_sent', 'a request to them: request_sent');
select is(public.user_profile_card(pg_temp.uid('sc_fay')) ->> 'friendship', 'blocked', 'someone I blocked: blocked');
select is(public.user_profile_card(auth.uid()) ->> 'friendship', 'self', 'my own card: self');
select throws_ok($$select public.user_profile_card(gen_random_uuid())$$, 'PT404', 'user_not_found', 'an unknown user: user_not_found');
select tests.authenticate_as('sc_fay');
select is(public.user_profile_card(pg_temp.uid('sc_ann')) ->> 'friendship', 'none', 'a block is not revealed to the blocked user');
select tests.clear_authentication();
insert into public.quests (id, title, slug, city, status, published_at) values
  ('00000000-0000-4000-9000-000000000001', 'Screens quest one', 'screens-quest-one', 'Kazan', 'published', now()),
  ('00000000-0000-4000-9000-000000000002', 'Screens quest two', 'screens-quest-two', 'Kazan', 'published', now());
with runs as (
  insert into public.quest_runs (quest_id, user_id, status, points_total, score, finished_at)
  select q, pg_temp.uid('sc_ben'), 'completed', 1, s, now()
  from (values ('00000000-0000-4000-9000-000000000001'::uuid, 90), ('00000000-0000-4000-9000-000000000002'::uuid, 80)) v (q, s)
  returning *)
insert into public.quest_leaderboard (quest_id, user_id, best_score, best_duration_s, run_id, achieved_at)
select quest_id, user_id, score, 600, id, now() from runs;
select tests.authenticate_as('sc_ann');
select is(public.user_profile_card(pg_temp.uid('sc_ben')) -> 'stats', '{"quests_completed": 2, "total_score": 170, "friends_count": 1}'::jsonb,
  'public stats: quests completed and score from the leaderboards, number of friends');

-- Chats list
select is((select jsonb_agg(i ->> 'id') from jsonb_array_elements(public.chat_list() -> 'items') i),
  jsonb_build_array(pg_temp.chat('d'), pg_temp.chat('g')), 'chat_list: the chats by last activity, newest first');
select is((select i -> 'peer' ->> 'username' from jsonb_array_elements(public.chat_list() -> 'items') i where i ->> 'kind' = 'direct'), 'sc_ben',
  'a direct chat shows the other person''s public fields');
select is((select i - 'last_message' - 'last_read_at' from jsonb_array_elements(public.chat_list() -> 'items') i where i ->> 'kind' = 'group'),
  jsonb_build_object('id', pg_temp.chat('g'), 'kind', 'group', 'title', 'Screens', 'avatar_path', null, 'role', 'owner', 'peer', null,
                     'unread_count', 2, 'last_activity_at', '2026-01-01T10:04:00+00:00',
                     'cursor', jsonb_build_object('list', 'chat_list', 'key', '2026-01-01 10:04:00+00', 'id', pg_temp.chat('g'))),
  'a group shows its title, picture, my role and the unread count (others'' messages after my read marker, deleted ones aside)');
select is((select i -> 'last_message' ->> 'body' from jsonb_array_elements(public.chat_list() -> 'items') i where i ->> 'kind' = 'group'), 'Re: hello',
  'the preview skips the deleted last message: its text is never shown');
select is((select array(select jsonb_object_keys(i -> 'last_message') order by 1) from jsonb_array_elements(public.chat_list() -> 'items') i
           where i ->> 'kind' = 'group'),
  array['body', 'created_at', 'deleted', 'has_attachment', 'id', 'sender_id', 'sender_username'], 'a preview names its sender');
select is((select jsonb_agg(i ->> 'id') from jsonb_array_elements(public.chat_list(public.chat_list(null, 1) -> 'next_cursor', 1) -> 'items') i),
  jsonb_build_array(pg_temp.chat('g')), 'the cursor of the first page leads to the second');
select is(public.chat_list(public.chat_list(null, 1) -> 'next_cursor', 1) -> 'next_cursor', 'null'::jsonb, 'the last page has no next cursor');
update public.chat_members set last_read_at = now() where chat_id = pg_temp.chat('g') and user_id = auth.uid();
select is((select (i ->> 'unread_count')::int from jsonb_array_elements(public.chat_list() -> 'items') i where i ->> 'kind' = 'group'), 0,
  'moving the read marker clears the unread count');

-- Chat
select is((select jsonb_agg(i ->> 'body') from jsonb_array_elements(public.chat_messages(pg_temp.chat('g'), null, 2) -> 'items') i),
  '[null, "Re: hello"]'::jsonb, 'chat_messages: newest first, deleted messages without their text');
select is((select (i -> 'reply_to') - 'id' - 'created_at' from jsonb_array_elements(public.chat_messages(pg_temp.chat('g'), null, 2) -> 'items') i
           where i ->> 'body' = 'Re: hello'),
  jsonb_build_object('sender_id', pg_temp.uid('sc_ann'), 'sender_username', 'sc_ann', 'body', 'hello', 'has_attachment', false, 'deleted', false),
  'a reply carries the preview of the message it answers');
select is((select i -> 'sender' from jsonb_array_elements(public.chat_messages(pg_temp.chat('g'), null, 2) -> 'items') i where i ->> 'body' = 'Re: hello'),
  jsonb_build_object('id', pg_temp.uid('sc_ben'), 'username', 'sc_ben', 'display_name', null, 'avatar_path', null),
  'each message carries its sender''s public fields');
select is((select jsonb_agg(i ->> 'body') from jsonb_array_elements(
             public.chat_messages(pg_temp.chat('g'), public.chat_messages(pg_temp.chat('g'), null, 2) -> 'next_cursor', 2) -> 'items') i),
  '["ciao", "hello"]'::jsonb, 'the next page continues where the first ended');
select is((select array(select jsonb_array_elements(c -> 'members') ->> 'role' order by 1) from (select public.chat_messages(pg_temp.chat('g')) -> 'chat' as c) x),
  array['member', 'member', 'owner'], 'the first page carries the chat''s header with its members and roles');
select is(public.chat_messages(pg_temp.chat('g'), public.chat_messages(pg_temp.chat('g'), null, 2) -> 'next_cursor', 2) -> 'chat', 'null'::jsonb,
  'later pages do not repeat the header');
create function pg_temp.all_pages(chat_id uuid) returns text[] language plpgsql as $$
declare page jsonb; after jsonb; bodies text[] := '{}';
begin
  loop
    page := public.chat_messages(chat_id, after, 1);
    bodies := bodies || array(select i ->> 'body' from jsonb_array_elements(page -> 'items') i);
    after := page -> 'next_cursor';
    exit when after = 'null';
  end loop;
  return bodies;
end $$;
grant execute on function pg_temp.all_pages(uuid) to authenticated;
select is((select array(select unnest(pg_temp.all_pages(pg_temp.chat('d'))) order by 1)), array['first', 'same time', 'same time too'],
  'paging one by one through messages with the same time skips and repeats nothing (keyset on time and id)');
select is(public.chat_messages(pg_temp.chat('d')) -> 'chat' ->> 'post_refusal', null, 'the header says whether I may write (null: yes)');
select public.remove_friend(pg_temp.uid('sc_ben'));
select is(public.chat_messages(pg_temp.chat('d')) -> 'chat' ->> 'post_refusal', 'not_friends', 'or the code a message would get');

-- Notifications
select tests.clear_authentication();
select private.notify(pg_temp.uid('sc_ann'), 'order_updated', jsonb_build_object('order_id', gen_random_uuid(), 'status', 'shipped'));
select is((select payload from realtime.messages where topic = 'user:' || pg_temp.uid('sc_ann') and event = 'notification' and private
           and payload ->> 'kind' = 'order_updated') - 'payload' - 'id' - 'created_at',
  '{"kind": "order_updated", "read_at": null}'::jsonb, 'notify() broadcasts the notification on user:<id> (event notification)');
select tests.authenticate_as('sc_ann');
select is((select array(select jsonb_object_keys(public.notifications_page() -> 'items' -> 0) order by 1)),
  array['created_at', 'cursor', 'id', 'kind', 'payload', 'read_at'], 'notifications_page items have the broadcast''s shape and their cursor');
select is(public.notifications_page(null, 1) -> 'unread_count', '2'::jsonb, 'a page of notifications comes with the unread count');
update public.notifications set read_at = '2000-01-01' where id = (select (public.notifications_page(null, 1) -> 'items' -> 0 ->> 'id')::uuid);
select is((select read_at > '2020-01-01' from public.notifications where read_at is not null), true,
  'marking one read stamps the server''s time, whatever time the app sent');
update public.notifications set read_at = now() where read_at is null;
select is(public.notifications_page() -> 'unread_count', '0'::jsonb, 'marking all read in one call');

select * from finish();
rollback;
