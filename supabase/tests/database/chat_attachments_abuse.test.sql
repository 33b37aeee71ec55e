-- Attack (issue 11, hole 4): a chat member names another member's file as the attachment of their
-- own message, then deletes that message, which queued the victim's file for removal and stopped
-- serving it to everyone. The rule: an attachment is an object the sender uploaded (storage
-- owner_id) into that chat's folder, used by one message only; deleting a message (by its sender
-- or a moderator) only ever queues the sender's own file. Also: paths with `..` segments, uploads
-- in someone else's name, the group picture, and the files of a deleted chat.
begin;
select plan(22);

select tests.create_user('att_owner');
select tests.create_user('att_victim');
select tests.create_user('att_attacker');
select tests.create_user('att_mod');
insert into public.user_roles (user_id, role) values (tests.get_user_id('att_mod'), 'moderator');
insert into public.friendships (user_low, user_high)
select least(tests.get_user_id('att_owner'), tests.get_user_id(f)), greatest(tests.get_user_id('att_owner'), tests.get_user_id(f))
from unnest(array['att_victim', 'att_attacker']) f;

select tests.authenticate_as('att_owner');
create temporary table g as select public.create_group_chat('Attachments', array[tests.get_user_id('att_victim'), tests.get_user_id('att_attacker')]) as id;
create temporary table g2 as select public.create_group_chat('Other chat', array[tests.get_user_id('att_victim'), tests.get_user_id('att_attacker')]) as id;
grant select on g, g2 to authenticated;
select tests.clear_authentication();
create temporary table paths on commit drop as
select (select id from g) || '/victim.jpg' as victim_sent, (select id from g) || '/victim-unsent.jpg' as victim_unsent,
       (select id from g2) || '/victim-other.jpg' as victim_other, (select id from g) || '/mine.jpg' as mine;
grant select on paths to authenticated;

-- The victim uploads three files and sends one of them.
select tests.authenticate_as('att_victim');
insert into storage.objects (bucket_id, name, owner_id)
select 'chat-attachments', p, auth.uid()::text from paths, unnest(array[victim_sent, victim_unsent, victim_other]) p;
select lives_ok($$insert into public.messages (chat_id, attachment_path) select (select id from g), victim_sent from paths$$,
  'a member sends a file they uploaded to the chat');

-- The attacker
select tests.authenticate_as('att_attacker');
select throws_ok($$insert into public.messages (chat_id, attachment_path) select (select id from g), victim_sent from paths$$,
  'PT400', 'invalid_attachment', 'a member cannot attach a file another member uploaded (and sent)');
select throws_ok($$insert into public.messages (chat_id, attachment_path) select (select id from g), victim_unsent from paths$$,
  'PT400', 'invalid_attachment', 'a member cannot attach a file another member uploaded (not yet sent)');
select throws_ok($$insert into public.messages (chat_id, attachment_path) values ((select id from g), (select id from g) || '/ghost.jpg')$$,
  'PT400', 'invalid_attachment', 'a member cannot attach a path where nothing was uploaded');
select throws_ok($$insert into public.messages (chat_id, attachment_path) select (select id from g), (select id from g) || '/../' || victim_other from paths$$,
  'PT400', 'invalid_attachment', 'a path with a .. segment cannot point into another chat''s folder');
select throws_ok(format($$insert into storage.objects (bucket_id, name, owner_id) values ('chat-attachments', '%s/../%s/planted.jpg', auth.uid()::text)$$,
                        (select id from g), (select id from g2)),
  '42501', null, 'an upload path with a .. segment is refused by the storage policy');
select throws_ok(format($$insert into storage.objects (bucket_id, name, owner_id) values ('chat-attachments', '%s/forged.jpg', '%s')$$,
                        (select id from g), tests.get_user_id('att_victim')),
  '42501', null, 'nobody uploads a file in another member''s name (owner_id is the uploader)');
select lives_ok($$insert into storage.objects (bucket_id, name, owner_id) select 'chat-attachments', mine, auth.uid()::text from paths$$,
  'a member uploads their own file');
select lives_ok($$insert into public.messages (chat_id, attachment_path) select (select id from g), mine from paths$$,
  'and sends it');
select throws_ok($$insert into public.messages (chat_id, attachment_path) select (select id from g), mine from paths$$,
  'PT400', 'invalid_attachment', 'one message per attachment: the same file cannot be sent twice');

-- A forged reference left over from before the rule (written with triggers off, as old data would
-- be): deleting it must not touch the victim's file.
select tests.clear_authentication();
set local session_replication_role = replica;
create temporary table forged as
  with m as (insert into public.messages (chat_id, sender_id, attachment_path)
             select (select id from g), tests.get_user_id('att_attacker'), victim_unsent from paths returning id)
  select id from m;
set local session_replication_role = origin;
grant select on forged to authenticated;
select tests.authenticate_as('att_attacker');
select lives_ok($$select public.delete_message((select id from forged))$$, 'the attacker deletes their message naming the victim''s file');
select tests.clear_authentication();
select is((select count(*)::int from private.pending_storage_deletions where bucket_id = 'chat-attachments' and name = (select victim_unsent from paths)),
  0, 'deleting a message never queues a file someone else uploaded');
select tests.authenticate_as('att_victim');
select is((select count(*)::int from storage.objects where bucket_id = 'chat-attachments' and name = (select victim_unsent from paths)), 1,
  'the victim''s file is still served');

-- Deleting one's own message, and a moderator deleting the victim's: the sender's own files go.
select tests.authenticate_as('att_attacker');
select lives_ok($$select public.delete_message((select id from public.messages where attachment_path = (select mine from paths)))$$,
  'the sender deletes their message with their own file');
select tests.clear_authentication();
create temporary table victim_message as select id from public.messages where attachment_path = (select victim_sent from paths);
grant select on victim_message to authenticated;
select tests.authenticate_as('att_mod');
select lives_ok($$select public.delete_message((select id from victim_message), 'Reported')$$, 'a moderator deletes the victim''s message');
select tests.clear_authentication();
select results_eq(
  $$select name from private.pending_storage_deletions where bucket_id = 'chat-attachments' order by name$$,
  $$select unnest(array[mine, victim_sent]) from paths order by 1$$,
  'the deleted messages'' files, each its sender''s own, are queued for removal (and nothing else)');
select tests.authenticate_as('att_owner');
select is((select count(*)::int from storage.objects where bucket_id = 'chat-attachments' and name in (select mine from paths union select victim_sent from paths)), 0,
  'the files of deleted messages are no longer served');

-- The group picture: the owner's own upload in the chat folder, never a member's file.
select throws_ok($$update public.chats set avatar_path = (select victim_unsent from paths) where id = (select id from g)$$,
  'PT400', 'invalid_chat_avatar', 'the owner cannot make another member''s file the group picture');
insert into storage.objects (bucket_id, name, owner_id)
select 'chat-attachments', (select id from g) || p, auth.uid()::text from unnest(array['/cover.png', '/cover2.png']) p;
select lives_ok($$update public.chats set avatar_path = (select id from g) || '/cover.png' where id = (select id from g)$$,
  'the owner sets a picture they uploaded to the chat');
select lives_ok($$update public.chats set avatar_path = (select id from g) || '/cover2.png' where id = (select id from g)$$,
  'and replaces it');
select tests.clear_authentication();
select ok(exists (select 1 from private.pending_storage_deletions where name = (select id from g) || '/cover.png'),
  'the replaced group picture is queued for removal');

-- A group whose last member leaves is deleted with every file of its folder.
select tests.authenticate_as('att_owner');
create temporary table solo as select public.create_group_chat('Solo') as id;
grant select on solo to authenticated;
insert into storage.objects (bucket_id, name, owner_id) values ('chat-attachments', (select id from solo) || '/note.pdf', auth.uid()::text);
select public.leave_chat((select id from solo));
select tests.clear_authentication();
select ok(exists (select 1 from private.pending_storage_deletions where name = (select id from solo) || '/note.pdf')
          and not exists (select 1 from public.chats where id = (select id from solo)),
  'when the last member leaves, the chat is deleted and its files are queued for removal');

select * from finish();
rollback;
