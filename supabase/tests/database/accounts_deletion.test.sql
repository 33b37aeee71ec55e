-- Account deletion for a real user: X earned rewards, bought merch (orders in every state), was
-- granted access to a locked quest, reviewed, wrote a published quest and two unpublished ones,
-- chats with friends, was banned once, and acted as an admin (grants, roles, bans, moderation).
-- private.delete_account(X) (what the account-delete function runs) must succeed, and afterwards
-- X's personal data is gone or anonymised exactly as docs/auth-and-profiles.md says, and X's id
-- is found nowhere in the public schema. The data is built with direct writes and fresh ids (safe
-- next to any other test), plus the merch and staff RPCs where the rows they write matter.
begin;
select plan(41);

select tests.create_user('del_x', '{"display_name": "Xenia"}');
select tests.create_user('del_admin');
select tests.create_user('del_author');
select tests.create_user('del_b');
select tests.create_user('del_c');
select tests.create_user('del_d');
insert into public.user_roles (user_id, role, granted_by) values
  (tests.get_user_id('del_admin'), 'admin', null),
  (tests.get_user_id('del_x'), 'admin', tests.get_user_id('del_admin'));

create temporary table k (name text primary key, id uuid not null default gen_random_uuid());
insert into k (name) values ('published'), ('draft'), ('in_review'), ('others_quest'), ('item'), ('direct'), ('group'),
  ('x_review'), ('b_review'), ('c_request');
grant select, insert on k to authenticated, service_role;
create function pg_temp.k(n text) returns uuid language sql stable as $$ select id from k where name = n $$;
create function pg_temp.x() returns uuid language sql stable as $$ select tests.get_user_id('del_x') $$;
grant execute on function pg_temp.k(text), pg_temp.x() to authenticated, service_role;

-- Quests: X's published, draft and in-review quests; another author's quest X played and reviewed.
insert into public.quests (id, author_id, title, slug, city, status, published_at) values
  (pg_temp.k('published'), pg_temp.x(), 'X published', 'del-pub-' || left(pg_temp.k('published')::text, 8), 'Kazan', 'published', now()),
  (pg_temp.k('draft'), pg_temp.x(), 'X draft', 'del-draft-' || left(pg_temp.k('draft')::text, 8), 'Kazan', 'draft', null),
  (pg_temp.k('in_review'), pg_temp.x(), 'X in review', 'del-rev-' || left(pg_temp.k('in_review')::text, 8), 'Kazan', 'in_review', null),
  (pg_temp.k('others_quest'), tests.get_user_id('del_author'), 'Other quest', 'del-other-' || left(pg_temp.k('others_quest')::text, 8), 'Kazan', 'published', now());

-- Stored files.
insert into storage.objects (bucket_id, name, owner_id) values
  ('avatars', pg_temp.x() || '/avatar.webp', pg_temp.x()),
  ('quest-media', pg_temp.k('draft') || '/cover.webp', pg_temp.x()),
  ('quest-media', pg_temp.k('draft') || '/points/p1.webp', pg_temp.x()),
  ('quest-media', pg_temp.k('published') || '/cover.webp', pg_temp.x()),
  ('chat-attachments', pg_temp.k('group') || '/photo.jpg', pg_temp.x()),
  ('chat-attachments', pg_temp.k('group') || '/never-sent.jpg', pg_temp.x());
-- The draft's route point shows its uploaded media (a stored path must name an uploaded file).
insert into public.quest_points (quest_id, position, title, location, media_path) values
  (pg_temp.k('draft'), 1, 'Start', extensions.st_point(49.1, 55.8)::extensions.geography, pg_temp.k('draft') || '/points/p1.webp');
update public.profiles set avatar_path = pg_temp.x() || '/avatar.webp', bio = 'Loves riddles', city = 'Kazan' where id = pg_temp.x();

-- Credits: a reward, an unlock debit, an admin's grant (audited).
select private.post_credits(pg_temp.x(), 40, 'quest_reward', pg_temp.k('others_quest'));
select private.post_credits(pg_temp.x(), -5, 'unlock', pg_temp.k('others_quest'));
select tests.authenticate_as('del_admin');
select public.grant_credits(pg_temp.x(), 100, 'welcome bonus for Xenia');

-- Merch: five orders, moved into every state by the admin and the buyer.
select tests.clear_authentication();
insert into public.merch_items (id, title, price_credits, stock, per_user_limit) values (pg_temp.k('item'), 'Deletion mug', 10, 10, 10);
create function pg_temp.buy(idempotency_key text) returns uuid language plpgsql as $$
declare
  shipping jsonb := '{"name": "Xenia Petrova", "phone": "+7 900 000-00-01", "address": "Lenina 1", "city": "Kazan", "postal_code": "420000", "country": "RU"}';
  placed uuid;
begin
  -- The purchase RPC as the app calls it (one JSON body; before issue 11, four parameters).
  if to_regprocedure('public.purchase_merch(json)') is not null then
    execute 'select (public.purchase_merch($1::json)).id' into placed
      using jsonb_build_object('item_id', pg_temp.k('item'), 'quantity', 1, 'idempotency_key', idempotency_key, 'shipping', shipping);
  else
    execute 'select (public.purchase_merch($1, 1, $2, $3)).id' into placed using pg_temp.k('item'), idempotency_key, shipping;
  end if;
  return placed;
end;
$$;
grant execute on function pg_temp.buy(text) to authenticated;
select tests.authenticate_as('del_x');
insert into k (name, id)
select 'order_' || s, pg_temp.buy('del-order-key-' || s)
from unnest(array['pending', 'paid', 'shipped', 'delivered', 'cancelled']) s;
select public.cancel_merch_order(pg_temp.k('order_cancelled'), 'changed my mind');
select tests.authenticate_as('del_admin');
select public.set_order_status(pg_temp.k(o), 'paid') from unnest(array['order_paid', 'order_shipped', 'order_delivered']) o;
select public.set_order_status(pg_temp.k(o), 'shipped', 'RA000000001RU') from unnest(array['order_shipped', 'order_delivered']) o;
select public.set_order_status(pg_temp.k('order_delivered'), 'delivered');

-- X as an admin: grants credits, a role, a ban; the admin bans X once (lifted).
select tests.authenticate_as('del_x');
select public.grant_credits(tests.get_user_id('del_b'), 50, 'help with the beta');
select public.grant_role(tests.get_user_id('del_c'), 'moderator', 'trusted');
select public.ban_user(tests.get_user_id('del_d'), 'spam', interval '1 day');
select tests.authenticate_as('del_admin');
select public.ban_user(pg_temp.x(), 'rude', interval '1 day');
select public.unban_user(pg_temp.x(), 'apologised');
-- The admin moderates a message of X (the audit row keeps the message, sender X); X moderates B's
-- (as delete_message records them: private.audit with the moderator's claims).
select tests.clear_authentication();
select set_config('request.jwt.claims', jsonb_build_object('sub', tests.get_user_id('del_admin'), 'role', 'authenticated')::text, true);
select private.audit('message.delete', 'public.messages', gen_random_uuid()::text, 'insult',
  jsonb_build_object('sender_id', pg_temp.x(), 'chat_id', pg_temp.k('group'), 'body', 'you fool'), null);
select set_config('request.jwt.claims', jsonb_build_object('sub', pg_temp.x(), 'role', 'authenticated')::text, true);
select private.audit('message.delete', 'public.messages', gen_random_uuid()::text, 'spam',
  jsonb_build_object('sender_id', tests.get_user_id('del_b'), 'chat_id', pg_temp.k('group'), 'body', 'buy now'), null);
select tests.clear_authentication();

-- Play, unlocks, reviews, moderation columns.
insert into public.quest_runs (quest_id, user_id, status, points_total, score, finished_at)
values (pg_temp.k('others_quest'), pg_temp.x(), 'completed', 1, 100, now());
insert into public.quest_leaderboard (quest_id, user_id, best_score, best_duration_s, run_id, achieved_at)
select r.quest_id, r.user_id, r.score, 60, r.id, now() from public.quest_runs r where r.user_id = pg_temp.x();
insert into public.city_leaderboard (city, user_id, total_score, total_duration_s, quests_completed) values ('Kazan', pg_temp.x(), 100, 60, 1);
insert into public.favourites (user_id, quest_id) values (pg_temp.x(), pg_temp.k('others_quest'));
insert into public.unlock_requests (quest_id, user_id, status) values (pg_temp.k('others_quest'), pg_temp.x(), 'pending');
insert into public.unlock_requests (id, quest_id, user_id, status, decided_at, decision_reason)
values (pg_temp.k('c_request'), pg_temp.k('published'), tests.get_user_id('del_c'), 'rejected', now(), 'no');
insert into public.reviews (id, quest_id, author_id, rating, body) values
  (pg_temp.k('x_review'), pg_temp.k('others_quest'), pg_temp.x(), 4, 'Nice walk'),
  (pg_temp.k('b_review'), pg_temp.k('published'), tests.get_user_id('del_b'), 2, 'Meh');
update public.reviews set hidden_at = now(), hidden_reason = 'rude' where id = pg_temp.k('b_review');
insert into public.review_responses (review_id, responder_role, body) values (pg_temp.k('b_review'), 'moderator', 'Thanks anyway');
insert into public.audit_log (actor_id, action, target_table, target_id, after)
values (pg_temp.x(), 'review.respond', 'public.reviews', pg_temp.k('b_review')::text, '{"body": "Thanks anyway"}');

-- Friends, chats, notifications.
insert into public.friendships (user_low, user_high)
values (least(pg_temp.x(), tests.get_user_id('del_b')), greatest(pg_temp.x(), tests.get_user_id('del_b')));
insert into public.friend_requests (sender_id, receiver_id) values (tests.get_user_id('del_c'), pg_temp.x());
insert into public.blocks (blocker_id, blocked_id) values (pg_temp.x(), tests.get_user_id('del_d'));
insert into public.chats (id, kind, direct_key, created_by) values
  (pg_temp.k('direct'), 'direct', least(pg_temp.x(), tests.get_user_id('del_b')) || ':' || greatest(pg_temp.x(), tests.get_user_id('del_b')), pg_temp.x());
insert into public.chats (id, kind, title, created_by) values (pg_temp.k('group'), 'group', 'Walkers', pg_temp.x());
insert into public.chat_members (chat_id, user_id, role, joined_at) values
  (pg_temp.k('direct'), pg_temp.x(), 'member', now()), (pg_temp.k('direct'), tests.get_user_id('del_b'), 'member', now()),
  (pg_temp.k('group'), pg_temp.x(), 'owner', now() - interval '3 days'),
  (pg_temp.k('group'), tests.get_user_id('del_b'), 'member', now() - interval '2 days'),
  (pg_temp.k('group'), tests.get_user_id('del_c'), 'member', now() - interval '1 day');
insert into public.messages (chat_id, sender_id, body, attachment_path) values
  (pg_temp.k('group'), pg_temp.x(), 'Look at this', pg_temp.k('group') || '/photo.jpg'),
  (pg_temp.k('direct'), pg_temp.x(), 'Hi B', null),
  (pg_temp.k('direct'), tests.get_user_id('del_b'), 'Hi X', null);
insert into public.notifications (user_id, kind, payload) values
  (pg_temp.x(), 'chat_added', jsonb_build_object('chat_id', pg_temp.k('group'))),
  (tests.get_user_id('del_b'), 'friend_accepted', jsonb_build_object('by', pg_temp.x(), 'username', 'xenia'));

-- Push (devices, preferences, mutes) and a credit top-up.
insert into public.push_devices (user_id, token, platform, locale) values (pg_temp.x(), 'fcm-token-' || pg_temp.x(), 'android', 'ru');
insert into public.push_preferences (user_id, disabled_kinds) values (pg_temp.x(), array['chat_message']);
insert into public.push_chat_mutes (user_id, chat_id) values (pg_temp.x(), pg_temp.k('group'));
insert into k (name) values ('pack'), ('payment');
insert into public.credit_packs (id, title, credits, price_amount, currency) values (pg_temp.k('pack'), 'Deletion pack', 100, 199, 'EUR');
insert into public.payments (id, user_id, pack_id, provider, credits, amount, currency)
values (pg_temp.k('payment'), pg_temp.x(), pg_temp.k('pack'), 'stripe', 100, 199, 'EUR');

create temporary table ledger_before as select id, user_id, created_by, amount, note from public.credit_ledger
  where user_id = pg_temp.x() or created_by = pg_temp.x();
create temporary table audit_before as select id, actor_id, target_id from public.audit_log
  where actor_id = pg_temp.x() or target_id = pg_temp.x()::text or before::text like '%' || pg_temp.x() || '%';
create temporary table x_id as select pg_temp.x() as id;

-- The deletion, as the account-delete function runs it.
select lives_ok($$select private.delete_account(pg_temp.x())$$,
  'an account whose wallet moved, who bought, played, chatted and acted as staff is deleted');

select is((select count(*)::int from auth.users where id = (select id from x_id)), 0, 'the auth user is gone');
select is((select count(*)::int from public.profiles where id = (select id from x_id)), 0, 'the profile is gone');
select is((select count(*)::int from public.wallets where user_id = (select id from x_id)), 0, 'the wallet is gone');

-- Ledger: kept, without the owner.
select is((select count(*)::int from public.credit_ledger l join ledger_before b using (id)), (select count(*)::int from ledger_before),
  'every ledger row of or by the account is kept (accounting)');
select is((select count(*)::int from public.credit_ledger l join ledger_before b using (id)
           where b.user_id = (select id from x_id) and (l.user_id is not null or l.note is not null)), 0,
  'the account''s own movements lose their owner and their note');
select results_eq($$select l.created_by, l.note from public.credit_ledger l join ledger_before b using (id) where b.user_id = tests.get_user_id('del_b')$$,
  $$values (null::uuid, 'help with the beta'::text)$$, 'a grant the account made to someone else keeps its note and loses its author');
select is((select sum(l.amount)::int from public.credit_ledger l join ledger_before b using (id)), (select sum(amount)::int from ledger_before),
  'no amount changed');
select is((select count(*)::int from public.credit_ledger where reason = 'merch_refund'
           and reference_id in (pg_temp.k('order_pending'), pg_temp.k('order_paid'))), 2,
  'the open orders were refunded through the ledger before the wallet went');

-- Orders: open ones cancelled with stock back, all kept without the person.
select results_eq($$select status::text, cancellation::text from public.merch_orders
                    where id in (pg_temp.k('order_pending'), pg_temp.k('order_paid')) order by 1$$,
  $$values ('cancelled', 'account_deleted'), ('cancelled', 'account_deleted')$$, 'pending and paid orders are cancelled (account_deleted)');
select is((select stock from public.merch_items where id = pg_temp.k('item')), 8, 'their stock is back (only the shipped and delivered units are gone)');
select is((select count(*)::int from public.merch_orders where id in (select id from k where name like 'order_%')), 5,
  'every order is kept as an accounting record');
select is((select count(*)::int from public.merch_orders where id in (select id from k where name like 'order_%')
           and user_id is null and ship_name is null and ship_phone is null and ship_address is null and ship_city is null
           and ship_postal_code is null and tracking_number is null and ship_country = 'RU'), 5,
  'orders lose the buyer, name, phone, address, city, postal code and tracking number; the country stays');
select is((select coalesce(sum(quantity), 0)::int from public.merch_order_items where order_id in (select id from k where name like 'order_%')), 5,
  'order lines stay');

-- Quests.
select is((select count(*)::int from public.quests where id in (pg_temp.k('draft'), pg_temp.k('in_review'))), 0,
  'unpublished quests (draft, in review) are deleted');
select is((select author_id from public.quests where id = pg_temp.k('published')), null, 'the published quest stays, without author');

-- Files.
select results_eq($$select bucket_id, name from private.pending_storage_deletions
                    where name like any (array[(select id from x_id) || '/%', pg_temp.k('draft') || '/%', pg_temp.k('group') || '/%']) order by 1, 2$$,
  format($$values ('avatars', '%s/avatar.webp'), ('chat-attachments', '%s/never-sent.jpg'), ('quest-media', '%s/cover.webp'), ('quest-media', '%s/points/p1.webp')$$,
         pg_temp.x(), pg_temp.k('group'), pg_temp.k('draft'), pg_temp.k('draft')),
  'the avatar, the unsent chat upload and the unpublished quests'' media are queued for removal; sent attachments stay');
select is((select count(*)::int from storage.objects where (owner_id = (select id::text from x_id) or owner = (select id from x_id))
           and not exists (select 1 from private.pending_storage_deletions d where d.bucket_id = storage.objects.bucket_id and d.name = storage.objects.name)), 0,
  'files that stay (published quest media, sent attachments) no longer name their uploader');

-- Content shared with others: kept without the author.
select is((select author_id is null and body = 'Nice walk' from public.reviews where id = pg_temp.k('x_review')), true,
  'the account''s review stays as "deleted user"');
select is((select count(*)::int from public.messages where chat_id in (pg_temp.k('group'), pg_temp.k('direct')) and sender_id is null), 2,
  'the account''s messages stay in the conversations, without sender');
select is((select body from public.messages where chat_id = pg_temp.k('direct') and sender_id = tests.get_user_id('del_b')), 'Hi X',
  'the other person''s messages are untouched');
select is((select direct_key from public.chats where id = pg_temp.k('direct')), 'erased:' || pg_temp.k('direct'),
  'the direct chat stays for the other person, with a key that no longer names the account');
select is((select user_id from public.chat_members where chat_id = pg_temp.k('group') and role = 'owner'), tests.get_user_id('del_b'),
  'the group goes to the longest-standing member');

-- The person's own rows.
select is((select count(*)::int from public.friendships where (select id from x_id) in (user_low, user_high))
        + (select count(*)::int from public.friend_requests where (select id from x_id) in (sender_id, receiver_id))
        + (select count(*)::int from public.blocks where (select id from x_id) in (blocker_id, blocked_id))
        + (select count(*)::int from public.chat_members where user_id = (select id from x_id)), 0,
  'friendships, requests, blocks and memberships are gone');
select is((select count(*)::int from public.quest_runs where user_id = (select id from x_id))
        + (select count(*)::int from public.quest_leaderboard where user_id = (select id from x_id))
        + (select count(*)::int from public.city_leaderboard where user_id = (select id from x_id))
        + (select count(*)::int from public.favourites where user_id = (select id from x_id))
        + (select count(*)::int from public.unlock_requests where user_id = (select id from x_id)), 0,
  'runs, leaderboard places, favourites and unlock requests are gone');
select is((select count(*)::int from public.user_roles where user_id = (select id from x_id))
        + (select count(*)::int from public.user_bans where user_id = (select id from x_id)), 0, 'roles and bans are gone');
select is((select count(*)::int from public.notifications where user_id = (select id from x_id)
           or payload::text like '%' || (select id from x_id) || '%'), 0,
  'the account''s notifications, and other users'' notifications naming it, are gone');
select is((select count(*)::int from private.rate_limit_hits where subject = 'user:' || (select id from x_id)), 0,
  'its rate-limit hits are forgotten');

-- What the account did as staff stays, without naming it.
select is((select granted_by from public.user_roles where user_id = tests.get_user_id('del_c')), null,
  'a role it granted stays, granter cleared');
select is((select banned_by from public.user_bans where user_id = tests.get_user_id('del_d')), null, 'a ban it imposed stays, author cleared');
select is((select hidden_reason from public.reviews where id = pg_temp.k('b_review') and hidden_at is not null), 'rude',
  'a review it hid stays hidden');
select is((select responder_role::text || ': ' || body from public.review_responses where review_id = pg_temp.k('b_review')), 'moderator: Thanks anyway',
  'its answer to a review stays (answers show the role, never the person)');
select is((select status::text from public.unlock_requests where id = pg_temp.k('c_request')), 'rejected', 'its unlock decision stays');

-- Audit: every row kept, the account named nowhere.
select is((select count(*)::int from public.audit_log a join audit_before b using (id)), (select count(*)::int from audit_before),
  'every audit row by or about the account is kept');
select is((select count(*)::int from public.audit_log a join audit_before b using (id) where b.actor_id = (select id from x_id) and a.actor_id is null), 
  (select count(*)::int from audit_before where actor_id = (select id from x_id)), 'its own staff actions stay, actor cleared');
select is((select count(*)::int from public.audit_log a join audit_before b using (id) where b.target_id = (select id::text from x_id) and a.target_id is null),
  (select count(*)::int from audit_before where target_id = (select id::text from x_id)), 'actions on the account (ban, lift, grant) stay, target cleared');
select results_eq($$select a.before ->> 'sender_id', a.before ->> 'body' from public.audit_log a join audit_before b using (id)
                    where a.action = 'message.delete' and a.reason = 'insult'$$,
  $$values (null::text, 'you fool'::text)$$, 'a moderation of its message keeps the evidence, without the sender');

select is((select count(*)::int from public.push_devices where user_id = (select id from x_id))
        + (select count(*)::int from public.push_preferences where user_id = (select id from x_id))
        + (select count(*)::int from public.push_chat_mutes where user_id = (select id from x_id)), 0,
  'push devices, preferences and mutes are gone');
select is((select user_id from public.payments where id = pg_temp.k('payment')), null, 'a credit top-up stays for accounting, without the buyer');

-- Nowhere.
create function pg_temp.columns_naming(account uuid) returns text[] language plpgsql as $$
declare
  col record;
  hits integer;
  found text[] := '{}';
begin
  for col in
    select c.relname, a.attname from pg_class c
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    join pg_type t on t.oid = a.atttypid
    where c.relkind in ('r', 'p') and t.typname in ('uuid', 'text', 'jsonb', 'json', '_uuid', '_text', 'varchar')
  loop
    execute format('select count(*) from public.%I where %I::text like %L', col.relname, col.attname, '%' || account || '%') into hits;
    if hits > 0 then
      found := found || format('%s.%s', col.relname, col.attname);
    end if;
  end loop;
  return found;
end;
$$;
select is(pg_temp.columns_naming((select id from x_id)), '{}', 'no column of any table in public holds the deleted account''s id');
select is((select count(*)::int from public.credit_ledger where user_id = tests.get_user_id('del_b') and created_by is null and note = 'help with the beta'), 1,
  'other people''s credits are untouched');

select * from finish();
rollback;
