-- The push outbox: every notification kind has push texts; notifications and chat messages queue
-- pushes in their own transaction (rolled back: nothing), for the right devices only, one pg_net
-- call per transaction; a kind without texts still works; the claim hands rows to one drainer,
-- drops what must no longer go out (moved token, deleted message, muted chat, switched-off kind,
-- stale) and renders texts per device language with data, badge and quiet hours; outcomes are
-- recorded as documented; the jobs and the prune do what docs/push.md says.
begin;
select plan(49);

-- Texts as data: every notification kind has its push (the merge adds rows for new kinds).
select is(array(select e.enumlabel::text from pg_enum e where e.enumtypid = 'public.notification_kind'::regtype
                except select k.kind from private.push_kinds k),
  '{}', 'every notification kind has a push kind (screen and data fields)');
select is(array(select format('%s/%s', e.enumlabel, l) from pg_enum e cross join unnest(array['ru', 'en']) l
                where e.enumtypid = 'public.notification_kind'::regtype
                except select format('%s/%s', t.kind, t.locale) from private.push_texts t where t.match = '{}'),
  '{}', 'every notification kind has push texts in Russian and English');
select is(array(select format('%s/%s', k, l) from unnest(array['chat_message', 'default']) k cross join unnest(array['ru', 'en']) l
                except select format('%s/%s', t.kind, t.locale) from private.push_texts t where t.match = '{}'),
  '{}', 'chat messages and the fallback have texts in both languages');
select is(array(select t.kind from private.push_texts t where t.kind <> 'default' except select k.kind from private.push_kinds k),
  '{}', 'texts exist only for known kinds and the fallback');
select is(array(select k.kind from private.push_kinds k where k.kind <> 'chat_message'
                except select e.enumlabel::text from pg_enum e where e.enumtypid = 'public.notification_kind'::regtype),
  '{}', 'every push kind but chat_message is a notification kind');
select throws_ok($$insert into private.push_kinds (kind, screen, data_fields, description) values ('x_kind', 'home', '{"from": "from"}', 'x')$$,
  '23514', null, 'a data field FCM refuses (from, message_type, google*, gcm*) cannot be configured');

-- Users and their phones.
select tests.create_user('po_sender', '{"display_name": "Sasha", "username": "sasha_po"}');
select tests.create_user('po_a');
select tests.create_user('po_b');
select tests.create_user('po_c');
select tests.create_user('po_d');
select tests.create_user('po_lonely');
select tests.create_user('po_thief');
select tests.authenticate_as('po_a');
select public.register_push_device('po-a-phone-token-0001', 'android', 'ru');
select public.register_push_device('po-a-ipad-token-00001', 'ios', 'en');
select tests.authenticate_as('po_b');
select public.register_push_device('po-b-phone-token-0001', 'android', 'en');
select tests.authenticate_as('po_c');
select public.register_push_device('po-c-phone-token-0001', 'android', 'en');
select public.set_push_kind('chat_added', false);
select tests.authenticate_as('po_d');
select public.register_push_device('po-d-phone-token-0001', 'ios', 'en');
select tests.authenticate_as('po_sender');
select public.register_push_device('po-sender-token-00001', 'android', 'en');
select tests.clear_authentication();

create temporary table drain_calls as
  select count(*) as before from net.http_request_queue where url like '%/functions/v1/push-send';

-- Notifications.
select private.notify(tests.get_user_id('po_a'), 'friend_request',
  jsonb_build_object('request_id', gen_random_uuid(), 'from', tests.get_user_id('po_sender'), 'username', 'sasha_po'));
select is((select count(*)::int from private.push_outbox where user_id = tests.get_user_id('po_a') and kind = 'friend_request'), 2,
  'a notification queues one push per device of its user, in the same transaction');
select is((select count(*) - (select before from drain_calls) from net.http_request_queue where url like '%/functions/v1/push-send'), 1::bigint,
  'and asks push-send to drain (through pg_net, sent after commit)');
select private.notify(tests.get_user_id('po_lonely'), 'chat_added', '{"chat_id": "00000000-0000-0000-0000-000000000001"}');
select is((select count(*)::int from private.push_outbox where user_id = tests.get_user_id('po_lonely')), 0, 'a user without devices gets nothing queued');
select private.notify(tests.get_user_id('po_b'), 'friend_request', jsonb_build_object('request_id', gen_random_uuid()));
select private.notify(tests.get_user_id('po_c'), 'chat_added', '{"chat_id": "00000000-0000-0000-0000-000000000002"}');
select is((select count(*)::int from private.push_outbox where user_id = tests.get_user_id('po_c')), 0, 'a switched-off kind is not queued');
select is((select count(*) - (select before from drain_calls) from net.http_request_queue where url like '%/functions/v1/push-send'), 1::bigint,
  'one call to push-send per transaction, however many pushes it queues');
-- The next transaction (a new transaction's setting) while that call still waits in pg_net's queue:
-- no second call (the first assertion above shows a call is made when none waits).
savepoint next_transaction;
select set_config('questcity.push_kicked', '', true);
select private.notify(tests.get_user_id('po_b'), 'friend_request', jsonb_build_object('request_id', gen_random_uuid()));
select is((select count(*) - (select before from drain_calls) from net.http_request_queue where url like '%/functions/v1/push-send'), 1::bigint,
  'another transaction adds no call while one waits (the waiting call drains what it queued)');
rollback to savepoint next_transaction;
savepoint before_rollback;
select private.notify(tests.get_user_id('po_b'), 'chat_added', '{"chat_id": "00000000-0000-0000-0000-000000000003"}');
rollback to savepoint before_rollback;
select is((select count(*)::int from private.push_outbox where user_id = tests.get_user_id('po_b') and kind = 'chat_added'), 0,
  'a rolled-back write leaves nothing in the outbox');

-- A kind without push texts (as a kind another area adds before its texts): stored, queued, generic text.
delete from private.push_texts where kind = 'unlock_rejected';
delete from private.push_kinds where kind = 'unlock_rejected';
select lives_ok($$select private.notify(tests.get_user_id('po_d'), 'unlock_rejected', '{"quest_id": "00000000-0000-0000-0000-000000000004"}')$$,
  'a notification of a kind without push texts is stored as before');
select is((select count(*)::int from private.push_outbox where user_id = tests.get_user_id('po_d') and kind = 'unlock_rejected'), 1, 'and queued');

-- Chat messages.
insert into public.friendships (user_low, user_high)
select least(tests.get_user_id('po_sender'), tests.get_user_id(f)), greatest(tests.get_user_id('po_sender'), tests.get_user_id(f))
from unnest(array['po_a', 'po_b', 'po_c', 'po_d']) f;
select tests.authenticate_as('po_sender');
create temporary table g as select public.create_group_chat('Night walk',
  array[tests.get_user_id('po_a'), tests.get_user_id('po_b'), tests.get_user_id('po_c'), tests.get_user_id('po_d')]) as id;
grant select on g to authenticated;
select tests.authenticate_as('po_b');
select public.set_push_kind('chat_message', false);
select tests.authenticate_as('po_c');
select public.mute_chat((select id from g));
select tests.authenticate_as('po_d');
select public.block_user(tests.get_user_id('po_sender'));
select tests.authenticate_as('po_sender');
insert into public.messages (chat_id, body) values ((select id from g), 'First');
insert into public.messages (chat_id, body) values ((select id from g), 'Second, and much longer: ' || repeat('walk ', 40));
select tests.clear_authentication();
select is(
  array(select u.identifier || ':' || count(*) from private.push_outbox o join tests.users u on u.id = o.user_id
        where o.kind = 'chat_message' group by u.identifier order by 1),
  array['po_a:2'],
  'a message is queued for the devices of every other member: not the sender, not a muted chat, not a switched-off kind, not across a block');
select is((select array_agg(distinct m.body like 'Second%') from private.push_outbox o join public.messages m on m.id = o.message_id
           where o.kind = 'chat_message'), array[true], 'a newer message replaced the chat''s waiting push (collapsed per chat)');

-- Quiet hours for d, around now in UTC.
insert into public.push_preferences (user_id, quiet_start, quiet_end, time_zone)
values (tests.get_user_id('po_d'), ((now() at time zone 'UTC') - interval '1 hour')::time, ((now() at time zone 'UTC') + interval '1 hour')::time, 'UTC');

-- Members read the chat a minute before these messages (the badge counts them as unread).
update public.chat_members set last_read_at = now() - interval '1 minute' where chat_id = (select id from g);

-- The claim: rendered rows, one drainer at a time.
create temporary table claimed as select * from private.claim_push_outbox(1000);
select is((select count(*)::int from claimed), (select count(*)::int from private.push_outbox), 'a drainer claims every due push');
select is((select count(*)::int from private.claim_push_outbox(1000)), 0, 'a claimed push is handed to no other drainer while the claim lasts');
select results_eq($$select title, body from claimed where token = 'po-a-phone-token-0001' and kind = 'friend_request'$$,
  $$values ('Заявка в друзья', 'sasha_po хочет добавить вас в друзья.')$$, 'the text is in the device''s language (Russian)');
select results_eq($$select title, body from claimed where token = 'po-a-ipad-token-00001' and kind = 'friend_request'$$,
  $$values ('Friend request', 'sasha_po wants to be your friend.')$$, 'the same user''s other device in English');
select is((select data from claimed where token = 'po-a-ipad-token-00001' and kind = 'friend_request'),
  jsonb_build_object('kind', 'friend_request', 'screen', 'friend_requests', 'user_id', tests.get_user_id('po_sender')::text,
    'request_id', (select payload ->> 'request_id' from public.notifications where user_id = tests.get_user_id('po_a') and kind = 'friend_request'),
    'notification_id', (select id::text from public.notifications where user_id = tests.get_user_id('po_a') and kind = 'friend_request')),
  'the data carry the screen and the ids to open it, as strings');
select results_eq($$select title, body from claimed where token = 'po-b-phone-token-0001' and kind = 'friend_request'$$,
  $$values ('QuestCity', 'You have a new notification.')$$, 'a payload without a placeholder''s field gets the generic text');
select results_eq($$select title, body, data ->> 'screen' from claimed where token = 'po-d-phone-token-0001' and kind = 'unlock_rejected'$$,
  $$values ('QuestCity', 'You have a new notification.', 'notifications')$$, 'a kind without texts gets the generic text and opens the notifications');
select is((select title || ' | ' || left(body, 36) from claimed where token = 'po-a-ipad-token-00001' and kind = 'chat_message'),
  'Night walk | Sasha: Second, and much longer: walk', 'a group message: the chat''s title, the sender''s display name and the text');
select is((select char_length(body) from claimed where token = 'po-a-ipad-token-00001' and kind = 'chat_message'), char_length('Sasha: ') + 120,
  'the preview is cut to 120 characters');
select ok((select body like '%…' from claimed where token = 'po-a-ipad-token-00001' and kind = 'chat_message'), 'with an ellipsis');
select is((select data - 'message_id' from claimed where token = 'po-a-ipad-token-00001' and kind = 'chat_message'),
  jsonb_build_object('kind', 'chat_message', 'screen', 'chat', 'chat_id', (select id::text from g), 'sender_id', tests.get_user_id('po_sender')::text),
  'a chat push opens the chat');
select is((select collapse_key from claimed where token = 'po-a-ipad-token-00001' and kind = 'chat_message'), 'chat:' || (select id from g),
  'chat pushes collapse per chat');
select is((select distinct badge from claimed where token = 'po-a-ipad-token-00001'), 4,
  'the badge counts unread notifications (friend request, chat added) and unread messages (two)');
select results_eq($$select distinct quiet from claimed where token in ('po-a-phone-token-0001', 'po-d-phone-token-0001') order by 1$$,
  $$values (false), (true)$$, 'pushes in a user''s quiet hours are marked for silent delivery');

-- Outcomes.
select private.settle_push_outbox(gen_random_uuid(), (select jsonb_agg(jsonb_build_object('id', id, 'result', 'sent')) from claimed));
select is((select count(*)::int from private.push_outbox where claimed_by is not null), (select count(*)::int from claimed),
  'the outcome of another claim changes nothing');
select private.settle_push_outbox((select claim from claimed limit 1), jsonb_build_array(
  jsonb_build_object('id', (select id from claimed where token = 'po-a-phone-token-0001' and kind = 'friend_request'), 'result', 'sent'),
  jsonb_build_object('id', (select id from claimed where token = 'po-a-ipad-token-00001' and kind = 'friend_request'), 'result', 'retry',
                     'retry_after_s', 120, 'error', '429 QUOTA_EXCEEDED'),
  jsonb_build_object('id', (select id from claimed where token = 'po-a-phone-token-0001' and kind = 'chat_message'), 'result', 'retry',
                     'error', '503 UNAVAILABLE'),
  jsonb_build_object('id', (select id from claimed where token = 'po-b-phone-token-0001' and kind = 'friend_request'), 'result', 'dead_token',
                     'error', '404 UNREGISTERED'),
  jsonb_build_object('id', (select id from claimed where token = 'po-d-phone-token-0001' and kind = 'unlock_rejected'), 'result', 'failed',
                     'error', '400 INVALID_ARGUMENT')));
select is((select count(*)::int from private.push_outbox where id = (select id from claimed where token = 'po-a-phone-token-0001' and kind = 'friend_request')),
  0, 'a sent push leaves the outbox');
select ok((select next_attempt_at between now() + interval '119 seconds' and now() + interval '121 seconds' and claimed_by is null
           and last_error = '429 QUOTA_EXCEEDED'
           from private.push_outbox where id = (select id from claimed where token = 'po-a-ipad-token-00001' and kind = 'friend_request')),
  'a push answered 429 waits for Retry-After');
select ok((select next_attempt_at between now() + interval '14 seconds' and now() + interval '16 seconds'
           from private.push_outbox where id = (select id from claimed where token = 'po-a-phone-token-0001' and kind = 'chat_message')),
  'without Retry-After it waits 15 s × 2^(attempts − 1)');
select is((select count(*)::int from public.push_devices where token = 'po-b-phone-token-0001')
          + (select count(*)::int from private.push_outbox o where o.user_id = tests.get_user_id('po_b')), 0,
  'a dead token''s device is removed with everything queued for it');
select ok((select failed_at is not null and last_error = '400 INVALID_ARGUMENT' from private.push_outbox
           where id = (select id from claimed where token = 'po-d-phone-token-0001' and kind = 'unlock_rejected')),
  'a permanent failure is kept as failed, for inspection');
update private.push_outbox set claimed_by = null, claimed_until = null, attempts = 10, next_attempt_at = now()
where id = (select id from claimed where token = 'po-a-phone-token-0001' and kind = 'chat_message');
select private.settle_push_outbox(c.claim, jsonb_build_array(jsonb_build_object('id', c.id, 'result', 'retry', 'error', '500 INTERNAL')))
from private.claim_push_outbox(1000) c;
select ok((select failed_at is not null from private.push_outbox where id = (select id from claimed where token = 'po-a-phone-token-0001' and kind = 'chat_message')),
  'after ten attempts a push is given up');
select private.settle_push_outbox(claim, (select jsonb_agg(jsonb_build_object('id', id, 'result', 'sent')) from claimed)) from claimed limit 1;

-- Dropped when sent: a token that changed hands, a deleted message, a chat muted since, a kind switched off since, a stale push.
select private.notify(tests.get_user_id('po_a'), 'chat_added', '{"chat_id": "00000000-0000-0000-0000-000000000005"}');
select tests.authenticate_as('po_thief');
select public.register_push_device('po-a-ipad-token-00001', 'ios', 'en');
select tests.authenticate_as('po_sender');
insert into public.messages (chat_id, body) values ((select id from g), 'Delete me');
select tests.clear_authentication();
create temporary table deleted_message as select id from public.messages where body = 'Delete me';
grant select on deleted_message to authenticated;
select is((select count(*)::int from private.push_outbox where message_id = (select id from deleted_message)), 1, 'queued for a''s phone');
select tests.authenticate_as('po_sender');
select public.delete_message((select id from deleted_message));
select tests.clear_authentication();
create temporary table second_claim as select * from private.claim_push_outbox(1000);
select is((select array_agg(token || ' ' || kind order by token) from second_claim), array['po-a-phone-token-0001 chat_added'],
  'a token registered by another account since gets nothing of its previous owner''s, and a deleted message is not pushed');
select is((select count(*)::int from private.push_outbox o where o.message_id = (select id from deleted_message)
           or (o.kind = 'chat_added' and o.device_id = (select d.id from public.push_devices d where d.token = 'po-a-ipad-token-00001'))), 0,
  'both are dropped from the outbox');
select private.settle_push_outbox(claim, (select jsonb_agg(jsonb_build_object('id', id, 'result', 'sent')) from second_claim)) from second_claim limit 1;
select tests.authenticate_as('po_sender');
insert into public.messages (chat_id, body) values ((select id from g), 'Muted since');
select tests.authenticate_as('po_a');
select public.mute_chat((select id from g), now() + interval '1 hour');
select tests.clear_authentication();
select private.notify(tests.get_user_id('po_a'), 'chat_added', '{"chat_id": "00000000-0000-0000-0000-000000000006"}');
select tests.authenticate_as('po_a');
select public.set_push_kind('chat_added', false);
select tests.clear_authentication();
select private.notify(tests.get_user_id('po_sender'), 'chat_added', '{"chat_id": "00000000-0000-0000-0000-000000000007"}');
update private.push_outbox set created_at = now() - interval '25 hours' where user_id = tests.get_user_id('po_sender');
select is((select count(*)::int from private.claim_push_outbox(1000)), 0, 'a chat muted or a kind switched off since, and a push older than a day, are not sent');
select is((select count(*)::int from private.push_outbox where failed_at is null and next_attempt_at <= now()), 0, 'and leave the outbox');

-- The job and the prune.
select results_eq($$select schedule, command from cron.job where jobname in ('push-send', 'push-outbox-prune') order by jobname$$,
  $$values ('17 * * * *', 'select private.prune_push_outbox()'), ('* * * * *', 'select private.push_drain_if_due()')$$,
  'push-send runs every minute (when pushes are due), the prune hourly');
select is(private.push_drain_if_due(), false, 'nothing due: the job calls nothing');
select tests.authenticate_as('po_a');
select public.set_push_kind('chat_added', true);
select tests.clear_authentication();
select private.notify(tests.get_user_id('po_a'), 'chat_added', '{"chat_id": "00000000-0000-0000-0000-000000000008"}');
select is(private.push_drain_if_due(), true, 'a due push: the job calls push-send');
update private.push_outbox set failed_at = now() - interval '8 days' where failed_at is not null;
update public.push_devices set last_seen_at = now() - interval '271 days' where token = 'po-sender-token-00001';
select is(private.prune_push_outbox(), 2, 'the prune deletes pushes failed over a week ago');
select is((select count(*)::int from public.push_devices where token = 'po-sender-token-00001'), 0, 'and devices unseen for 270 days');

-- Account deletion.
delete from auth.users where id = tests.get_user_id('po_a');
select is((select count(*)::int from private.push_outbox where user_id = tests.get_user_id('po_a')), 0, 'deleting an account deletes its queued pushes');

select * from finish();
rollback;
