-- Input the database used to reject with a 500-class or raw constraint error (23514
-- chats_title_check, messages_has_content, messages_body_check) or silently ignore: each is now a
-- 4xx with a catalogued code. NUL characters never reach a function: PostgREST passes a request's
-- JSON through json_to_record, which refuses "\u0000" with 22P05 (class 22, HTTP 400); the tests
-- replay that statement shape.
begin;
select plan(25);

select tests.create_user('bi_ann');
select tests.create_user('bi_ben');
insert into public.friendships (user_low, user_high)
values (least(tests.get_user_id('bi_ann'), tests.get_user_id('bi_ben')), greatest(tests.get_user_id('bi_ann'), tests.get_user_id('bi_ben')));

select tests.authenticate_as('bi_ann');
-- Group titles
select throws_ok($$select public.create_group_chat('')$$, 'PT400', 'invalid_title', 'an empty group title is invalid_title, not 23514');
select throws_ok($$select public.create_group_chat('   ')$$, 'PT400', 'invalid_title', 'a blank group title is invalid_title');
select throws_ok($$select public.create_group_chat(repeat('x', 129))$$, 'PT400', 'invalid_title', 'a title over 128 characters is invalid_title');
select throws_ok($$select public.create_group_chat(null)$$, 'PT400', 'invalid_title', 'a missing title is invalid_title');
select throws_ok($$select public.create_group_chat(E'Line\nbreak')$$, 'PT400', 'invalid_title', 'a title with control characters is invalid_title');
select throws_ok($$select public.create_group_chat(x.title) from json_to_record('{"title": "a\u0000b"}'::json) as x (title text)$$,
  '22P05', null, 'a NUL character in a title is refused as PostgREST passes it (22P05, HTTP 400), before any function runs');
create temporary table g as select public.create_group_chat('  Walkers  ', array[tests.get_user_id('bi_ben')]) as id;
create temporary table d as select public.open_direct_chat(tests.get_user_id('bi_ben')) as id;
grant select on g, d to authenticated;
select is((select title from public.chats where id = (select id from g)), 'Walkers', 'titles are stored trimmed');
select throws_ok($$update public.chats set title = '' where id = (select id from g)$$, 'PT400', 'invalid_title',
  'renaming a group to an empty title is invalid_title, not 23514');
select throws_ok($$update public.chats set title = repeat('y', 200) where id = (select id from g)$$, 'PT400', 'invalid_title',
  'renaming a group to a too long title is invalid_title');
select throws_ok($$update public.chats set avatar_path = 'elsewhere/pic.png' where id = (select id from g)$$, 'PT400', 'invalid_chat_avatar',
  'a group picture outside the chat folder is invalid_chat_avatar');

-- Message bodies
select throws_ok($$insert into public.messages (chat_id, body) values ((select id from g), '')$$, 'PT400', 'invalid_body_text',
  'an empty message text is invalid_body_text, not 23514');
select throws_ok($$insert into public.messages (chat_id, body) values ((select id from g), E' \n ')$$, 'PT400', 'invalid_body_text',
  'a blank message text is invalid_body_text');
select throws_ok($$insert into public.messages (chat_id, body) values ((select id from g), repeat('z', 4001))$$, 'PT400', 'invalid_body_text',
  'a text over 4000 characters is invalid_body_text');
select throws_ok($$insert into public.messages (chat_id) values ((select id from g))$$, 'PT400', 'message_empty',
  'a message with neither text nor attachment is message_empty, not 23514');
select throws_ok($$insert into public.messages (chat_id, body) select x.chat_id, x.body
                   from json_to_record(format('{"chat_id": "%s", "body": "a\u0000b"}', (select id from g))::json) as x (chat_id uuid, body text)$$,
  '22P05', null, 'a NUL character in a message is refused as PostgREST passes it (22P05, HTTP 400)');

-- Replies
insert into public.messages (chat_id, body) values ((select id from g), 'In the group'), ((select id from d), 'In private');
select throws_ok($$insert into public.messages (chat_id, body, reply_to_id) values ((select id from g), 'Re', (select id from public.messages where body = 'In private'))$$,
  'PT400', 'invalid_reply', 'a reply to a message of another chat is invalid_reply');
select throws_ok($$insert into public.messages (chat_id, body, reply_to_id) values ((select id from g), 'Re', gen_random_uuid())$$,
  'PT400', 'invalid_reply', 'a reply to a message that does not exist is invalid_reply (not a foreign-key error)');

-- Edits
select throws_ok($$update public.messages set body = '' where body = 'In the group'$$, 'PT400', 'invalid_body_text',
  'editing a text to empty is invalid_body_text');
select throws_ok($$update public.messages set body = null where body = 'In the group'$$, 'PT400', 'message_empty',
  'editing away the only content is message_empty');
select public.delete_message((select id from public.messages where body = 'In private'));
select throws_ok($$update public.messages set body = 'resurrected' where chat_id = (select id from d)$$, 'PT409', 'already_deleted',
  'editing a deleted message is already_deleted (not silently ignored)');

-- Cursors and page sizes of the screen calls
select throws_ok($$select public.chat_list('"not a cursor"')$$, 'PT400', 'invalid_cursor', 'a malformed cursor is invalid_cursor');
select throws_ok($$select public.chat_messages((select id from g), jsonb_build_object('list', 'chat_messages', 'key', '0000-01-01 00:00:00+00', 'id', gen_random_uuid()))$$,
  'PT400', 'invalid_cursor', 'a year-0000 cursor is invalid_cursor, never a date error');
select throws_ok($$select public.chat_messages((select id from g), public.chat_list() -> 'items' -> 0 -> 'cursor')$$, 'PT400', 'invalid_cursor',
  'a cursor of another list (the chats list) is invalid_cursor');
select throws_ok($$select public.notifications_page(null, 0)$$, 'PT400', 'invalid_parameter', 'a page size of 0 is invalid_parameter');
select throws_ok($$select public.chat_messages(gen_random_uuid())$$, 'PT404', 'chat_not_found', 'the history of a chat one is not in: chat_not_found');

select * from finish();
rollback;
