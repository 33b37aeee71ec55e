-- The catalogue attacked (issue 11), each test written as the attacker and named as the rule it
-- proves: server-maintained values forged on insert or update, forged values surviving
-- publication, self-set rewards, staff deciding their own quests, draft slugs revealed or squatted,
-- paths escaping their folder, files left behind, unbounded repetition, and input the database
-- would answer with a raw error instead of a code.
begin;
select plan(95);

-- What the app receives: 'accepted', or the SQLSTATE, the code and the params (the refusal's hint).
create function pg_temp.refusal(who text, statement text) returns text language plpgsql as $$
begin
  if who = 'anon' then perform tests.authenticate_as_anon(); else perform tests.authenticate_as(who); end if;
  begin
    execute statement;
    perform tests.clear_authentication();
    return 'accepted';
  exception when others then
    declare state text; msg text; hint text;
    begin
      get stacked diagnostics state = returned_sqlstate, msg = message_text, hint = pg_exception_hint;
      perform tests.clear_authentication();
      return state || ' ' || msg || case when state like 'PT%' and hint <> '{}' then ' ' || hint else '' end;
    end;
  end;
end;
$$;
grant execute on function tests.outcome(text, text), pg_temp.refusal(text, text) to anon, authenticated, service_role;

select tests.create_user('i_author');
select tests.create_user('i_rival');
select tests.create_user('i_player');
select tests.create_user('i_mod');
select tests.create_user('i_admin');
select tests.create_user('i_admin_author');
insert into public.user_roles (user_id, role) values
  (tests.get_user_id('i_mod'), 'moderator'), (tests.get_user_id('i_admin'), 'admin'), (tests.get_user_id('i_admin_author'), 'admin');
insert into public.activities (id, slug, name_ru, name_en) values ('a1000000-0000-4000-a000-000000000001', 'i-riddles', 'Загадки', 'Riddles');

-- Quests for the attacks: ID draft of i_author, IP published (i_author), IA published by an admin.
insert into public.quests (id, author_id, title, slug, city, status, access, price_credits, reward_credits, published_at) values
  ('a1000000-0000-4000-a000-0000000000d1', tests.get_user_id('i_author'), 'Integrity draft', 'i-draft', 'Целоград', 'draft', 'open', 0, 10, null),
  ('a1000000-0000-4000-a000-0000000000b1', tests.get_user_id('i_author'), 'Integrity live', 'i-live', 'Целоград', 'published', 'open', 0, 10, now()),
  ('a1000000-0000-4000-a000-0000000000c1', tests.get_user_id('i_admin_author'), 'Admin''s own', 'i-admins-own', 'Целоград', 'published', 'open', 0, 10, now());
insert into public.quest_points (quest_id, position, title, lat, lng) values
  ('a1000000-0000-4000-a000-0000000000d1', 1, 'Start', 45, 45), ('a1000000-0000-4000-a000-0000000000b1', 1, 'Start', 45, 45);

-- 1. Server-maintained columns cannot be set through the API, on INSERT or UPDATE, by anyone.
select is(tests.outcome('i_author', format('insert into public.quests (title, slug, city, %I) values (''Forged'', ''forged'', ''X'', %s)', c, v)),
          'denied', format('a user cannot set quests.%s on insert', c))
from (values ('rating_avg', '5'), ('rating_count', '1000'), ('favourites_count', '1000'),
             ('activity_ids', '''{a1000000-0000-4000-a000-000000000001}'''), ('status', '''published'''), ('author_id', 'gen_random_uuid()'),
             ('published_at', 'now()'), ('submitted_at', 'now()'), ('review_note', '''ok'''), ('id', 'gen_random_uuid()'),
             ('created_at', 'now()'), ('updated_at', 'now()'), ('cover_path', 'null'),
             ('start_location', '''SRID=4326;POINT(1 1)''')) f (c, v);
select is(tests.outcome('i_admin', format('update public.quests set %I = %s where slug = ''i-live''', c, v)), 'denied',
          format('even an admin (quests.manage) cannot set quests.%s by an update', c))
from (values ('rating_avg', '5'), ('rating_count', '1000'), ('favourites_count', '1000'), ('activity_ids', '''{}'''),
             ('status', '''archived'''), ('author_id', 'null'), ('published_at', 'now()'), ('review_note', '''x'''),
             ('start_location', 'null'), ('created_at', 'now()')) f (c, v);
select is(tests.outcome(who, statement), 'denied', rule) from (values
  ('i_author', $$insert into public.quest_points (quest_id, position, title, lat, lng, id) values ('a1000000-0000-4000-a000-0000000000d1', 2, 'P', 1, 1, gen_random_uuid())$$,
   'a point''s id is the server''s'),
  ('i_author', $$insert into public.quest_points (quest_id, position, title, location) values ('a1000000-0000-4000-a000-0000000000d1', 2, 'P', 'SRID=4326;POINT(1 1)')$$,
   'a point''s geography is kept from lat/lng, never written (a bad one would be a 500)'),
  ('i_author', $$insert into public.quest_points (quest_id, position, title, lat, lng, created_at) values ('a1000000-0000-4000-a000-0000000000d1', 2, 'P', 1, 1, now())$$,
   'a point''s timestamps are the server''s'),
  ('i_author', $$update public.quest_points set quest_id = 'a1000000-0000-4000-a000-0000000000b1' where quest_id = 'a1000000-0000-4000-a000-0000000000d1'$$,
   'a point cannot be moved into another quest'),
  ('i_player', $$insert into public.favourites (quest_id, user_id) values ('a1000000-0000-4000-a000-0000000000b1', tests.get_user_id('i_rival'))$$,
   'a favourite''s user comes from the token'),
  ('i_player', $$insert into public.reviews (quest_id, rating, created_at) values ('a1000000-0000-4000-a000-0000000000b1', 5, '2020-01-01')$$,
   'a review''s time is the server''s'),
  ('i_player', $$insert into public.reviews (quest_id, rating, hidden_at) values ('a1000000-0000-4000-a000-0000000000b1', 5, null)$$,
   'a review''s moderation fields are the moderators'''),
  ('i_admin', $$insert into public.categories (id, slug, name_ru, name_en) values (gen_random_uuid(), 'i-new', 'Н', 'N')$$,
   'even an admin cannot choose a reference entry''s id'),
  ('i_admin', $$update public.vehicles set created_at = now()$$, 'nor its timestamps'),
  ('i_admin', $$insert into public.places (name, city, location) values ('P', 'C', 'SRID=4326;POINT(1 1)')$$, 'a place''s geography follows lat/lng'),
  ('i_mod', $$insert into public.review_responses (review_id, body, responder_role) values (gen_random_uuid(), 'x', 'admin')$$,
   'nobody writes an answer (or its role) directly')
) t (who, statement, rule);

-- 2. Values forged into a row by any path never survive publication.
insert into public.quests (id, author_id, title, slug, city, status, rating_avg, rating_count, favourites_count, activity_ids,
                           start_location, published_at) values
  ('a1000000-0000-4000-a000-0000000000f1', tests.get_user_id('i_author'), 'Forged draft', 'i-forged', 'Целоград', 'draft', 5, 1000, 1000,
   '{a1000000-0000-4000-a000-000000000001}', extensions.st_makepoint(0, 0)::extensions.geography, '2000-01-01');
insert into public.quest_points (quest_id, position, title, lat, lng) values ('a1000000-0000-4000-a000-0000000000f1', 1, 'Start', 45.5, 44.5);
update public.quests set start_location = extensions.st_makepoint(0, 0)::extensions.geography where id = 'a1000000-0000-4000-a000-0000000000f1';
select tests.authenticate_as('i_author');
select public.submit_quest('a1000000-0000-4000-a000-0000000000f1');
select tests.authenticate_as('i_mod');
select public.publish_quest('a1000000-0000-4000-a000-0000000000f1');
select tests.clear_authentication();
select results_eq($$select rating_avg, rating_count, favourites_count, activity_ids, extensions.st_astext(start_location::extensions.geometry),
                           published_at > now() - interval '1 minute'
                    from public.quests where id = 'a1000000-0000-4000-a000-0000000000f1'$$,
  $$values (0.00::numeric(3, 2), 0, 0, '{}'::uuid[], 'POINT(44.5 45.5)', true)$$,
  'publication recomputes rating, favourites, activities, start and publication time: forged values never reach the catalogue');

-- 3. Rewards: bounded, proposed on the draft, approved by publication, then staff-only and audited.
select is(pg_temp.refusal('i_author', $$insert into public.quests (title, slug, city, reward_credits) values ('Mint', 'i-mint', 'X', 100000)$$),
  'PT400 out_of_range {"max": 100, "min": 0, "field": "reward_credits"}', 'a draft cannot promise 100,000 credits (the cap is 100)');
select is(pg_temp.refusal('i_author', $$update public.quests set reward_credits = 101 where id = 'a1000000-0000-4000-a000-0000000000d1'$$),
  'PT400 out_of_range {"max": 100, "min": 0, "field": "reward_credits"}', 'nor be raised past the cap later');
select is(pg_temp.refusal('i_author', $$update public.quests set reward_credits = 100 where id = 'a1000000-0000-4000-a000-0000000000d1'$$),
  'accepted', 'the author proposes a reward up to the cap on their draft');
select is(tests.outcome('i_author', $$update public.quests set reward_credits = 100, price_credits = 0, access = 'open' where slug = 'i-live'$$),
  'no rows', 'the author cannot change the reward, price or access of their published quest');
select is(tests.outcome('i_mod', $$update public.quests set reward_credits = 100 where slug = 'i-live'$$),
  'no rows', 'a moderator without quests.manage cannot either');
select is(tests.outcome('i_admin_author', $$update public.quests set reward_credits = 100 where slug = 'i-admins-own'$$),
  'no rows', 'an admin cannot change the terms of their own published quest (four-eyes)');
select is(tests.outcome('i_admin_author', $$update public.quests set title = 'Rewritten after approval' where slug = 'i-admins-own'$$),
  'no rows', 'nor rewrite it after approval');
select tests.authenticate_as('i_admin');
update public.quests set reward_credits = 50, access = 'locked', price_credits = 30 where slug = 'i-live';
select tests.clear_authentication();
select results_eq($$select actor_id, action, before, after from public.audit_log where target_id = 'a1000000-0000-4000-a000-0000000000b1'$$,
  $$values (tests.get_user_id('i_admin'), 'quest.terms',
            '{"access": "open", "price_credits": 0, "reward_credits": 10}'::jsonb, '{"access": "locked", "price_credits": 30, "reward_credits": 50}'::jsonb)$$,
  'another admin (quests.manage) changes a published quest''s terms, audited with before and after');

-- 4. Four-eyes on the workflow and on review moderation.
insert into public.quests (id, author_id, title, slug, city, status) values
  ('a1000000-0000-4000-a000-0000000000e1', tests.get_user_id('i_mod'), 'Mod''s quest', 'i-mods', 'Целоград', 'in_review');
select is(pg_temp.refusal('i_mod', $$select public.publish_quest('a1000000-0000-4000-a000-0000000000e1')$$), 'PT403 cannot_moderate_own_quest',
  'a moderator cannot publish the quest they wrote');
select is(pg_temp.refusal('i_mod', $$select public.return_quest('a1000000-0000-4000-a000-0000000000e1', 'ok')$$), 'PT403 cannot_moderate_own_quest',
  'nor return it');
insert into public.reviews (id, quest_id, author_id, rating, body) values
  ('a1000000-0000-4000-a000-00000000aa01', 'a1000000-0000-4000-a000-0000000000c1', tests.get_user_id('i_player'), 1, 'Bad'),
  ('a1000000-0000-4000-a000-00000000aa02', 'a1000000-0000-4000-a000-0000000000b1', tests.get_user_id('i_mod'), 5, 'Mine');
select is(pg_temp.refusal('i_admin_author', $$select public.hide_review('a1000000-0000-4000-a000-00000000aa01', 'unfair')$$),
  'PT403 cannot_moderate_own_quest', 'a moderator cannot hide a bad review of their own quest');
update public.reviews set hidden_at = now(), hidden_reason = 'spam' where id = 'a1000000-0000-4000-a000-00000000aa02';
select is(pg_temp.refusal('i_mod', $$select public.unhide_review('a1000000-0000-4000-a000-00000000aa02', 'appeal')$$),
  'PT403 cannot_moderate_own_review', 'a moderator cannot unhide their own review');

-- 5. Who answered a review is not public: the role is, the person is in the audit log.
select tests.authenticate_as('i_admin');
select public.respond_to_review('a1000000-0000-4000-a000-00000000aa01', 'We are looking into it.');
select tests.authenticate_as_anon();
select is((select to_jsonb(r) - 'id' - 'created_at' from public.review_responses r where r.review_id = 'a1000000-0000-4000-a000-00000000aa01'),
  '{"body": "We are looking into it.", "review_id": "a1000000-0000-4000-a000-00000000aa01", "responder_role": "admin"}'::jsonb,
  'anon reads an answer with the responder''s role and nothing that names them');
select tests.clear_authentication();
select is((select actor_id from public.audit_log where action = 'review.respond' and target_id = 'a1000000-0000-4000-a000-00000000aa01'),
  tests.get_user_id('i_admin'), 'who answered is kept in the audit log');

-- 6. Draft slugs neither reserve nor reveal; publication refuses a taken slug with a code.
insert into public.quests (id, author_id, title, slug, city) values
  ('a1000000-0000-4000-a000-0000000000d2', tests.get_user_id('i_author'), 'Secret project', 'secret-project', 'Целоград');
select is(pg_temp.refusal('i_rival', $$insert into public.quests (title, slug, city) values ('Copycat', 'secret-project', 'Целоград')$$),
  'accepted', 'another user''s draft with the same slug is accepted: no 23505 reveals the hidden draft');
select is(pg_temp.refusal('i_rival', $$insert into public.quests (title, slug, city) values ('Live copy', 'i-live', 'Целоград')$$),
  'PT409 slug_taken {"slug": "i-live"}', 'the slug of a published quest is taken (public knowledge)');
insert into public.quests (id, author_id, title, slug, city, status) values
  ('a1000000-0000-4000-a000-0000000000e2', tests.get_user_id('i_rival'), 'Second', 'i-live-2', 'Целоград', 'in_review'),
  ('a1000000-0000-4000-a000-0000000000e3', tests.get_user_id('i_rival'), 'Old link', 'i-old-link', 'Целоград', 'archived');
update public.quests set slug = 'i-old-link' where id = 'a1000000-0000-4000-a000-0000000000e2';
select is(pg_temp.refusal('i_mod', $$select public.publish_quest('a1000000-0000-4000-a000-0000000000e2')$$),
  'PT409 slug_taken {"slug": "i-old-link"}', 'publishing under an archived quest''s slug is refused with slug_taken (old links stay true)');

-- 7. Paths stay in their folder; stored paths name uploaded files.
insert into storage.objects (bucket_id, name) values
  ('quest-covers', 'a1000000-0000-4000-a000-0000000000d1/5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d.webp'),
  ('quest-covers', 'a1000000-0000-4000-a000-0000000000b1/7a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d.webp'),
  ('quest-media', 'a1000000-0000-4000-a000-0000000000d1/points/p1.jpg');
select is(pg_temp.refusal('i_author', format($$update public.quests set cover_path = %L where id = 'a1000000-0000-4000-a000-0000000000d1'$$, p)), expected, rule)
from (values
  ('a1000000-0000-4000-a000-0000000000d1/../a1000000-0000-4000-a000-0000000000b1/7a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d.webp',
   'PT400 invalid_format {"field": "cover_path"}', 'a cover path cannot climb into another quest''s folder'),
  ('a1000000-0000-4000-a000-0000000000b1/7a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d.webp',
   'PT400 invalid_format {"field": "cover_path"}', 'nor name another quest''s cover'),
  ('a1000000-0000-4000-a000-0000000000d1/cover.webp', 'PT400 invalid_format {"field": "cover_path"}', 'nor a guessable name'),
  ('a1000000-0000-4000-a000-0000000000d1/9a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d.webp',
   'PT400 file_not_uploaded {"field": "cover_path"}', 'a cover must be uploaded before it is named'),
  ('a1000000-0000-4000-a000-0000000000d1/5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d.webp', 'accepted', 'the author names the cover they uploaded')
) t (p, expected, rule);
select is(pg_temp.refusal('i_author', format($$update public.quest_points set media_path = %L where quest_id = 'a1000000-0000-4000-a000-0000000000d1'$$, p)), expected, rule)
from (values
  ('a1000000-0000-4000-a000-0000000000d1/points/../../a1000000-0000-4000-a000-0000000000b1/points/x.jpg',
   'PT400 invalid_format {"field": "media_path"}', 'a point''s media path cannot climb out with ".."'),
  ('a1000000-0000-4000-a000-0000000000d1/points/missing.jpg', 'PT400 file_not_uploaded {"field": "media_path"}', 'a point''s media must be uploaded first'),
  ('a1000000-0000-4000-a000-0000000000d1/points/p1.jpg', 'accepted', 'the author names media they uploaded')
) t (p, expected, rule);

select is(tests.outcome(who, statement), 'no rows', rule) from (values
  ('i_rival', $$select cover_path from public.quests where id = 'a1000000-0000-4000-a000-0000000000d1'$$,
   'another user cannot read a draft''s cover_path (the only place its random name is written)'),
  ('anon', $$select cover_path from public.quests where id = 'a1000000-0000-4000-a000-0000000000d1'$$, 'nor can a visitor'),
  ('i_rival', $$select name from storage.objects where bucket_id = 'quest-covers' and name like 'a1000000-0000-4000-a000-0000000000d1/%'$$,
   'nor list the draft''s covers to find the name'),
  ('anon', $$select name from storage.objects where bucket_id = 'quest-covers'$$, 'nor can a visitor list any cover'),
  ('i_rival', $$select 1 from json_array_elements(public.search_quests('{"city": "Целоград", "page_size": 50}') -> 'items') s where s ->> 'cover_path' like 'a1000000-0000-4000-a000-0000000000d1/%'$$,
   'and search never hands out a draft''s cover')
) t (who, statement, rule);

-- 8. Files left behind: a replaced cover and a deleted quest's files are queued for removal.
insert into storage.objects (bucket_id, name) values ('quest-covers', 'a1000000-0000-4000-a000-0000000000d1/8a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d.png');
select tests.authenticate_as('i_author');
update public.quests set cover_path = 'a1000000-0000-4000-a000-0000000000d1/8a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d.png'
where id = 'a1000000-0000-4000-a000-0000000000d1';
select tests.clear_authentication();
select is(array(select bucket_id || ':' || name from private.pending_storage_deletions where name like 'a1000000-0000-4000-a000-0000000000d1/%'),
  array['quest-covers:a1000000-0000-4000-a000-0000000000d1/5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d.webp'],
  'a replaced cover is queued for removal');
select tests.authenticate_as('i_author');
delete from public.quests where id = 'a1000000-0000-4000-a000-0000000000d1';
select tests.clear_authentication();
select is(array(select bucket_id || ':' || name from private.pending_storage_deletions where name like 'a1000000-0000-4000-a000-0000000000d1/%' order by 1),
  array['quest-covers:a1000000-0000-4000-a000-0000000000d1/5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d.webp',
        'quest-covers:a1000000-0000-4000-a000-0000000000d1/8a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d.png',
        'quest-media:a1000000-0000-4000-a000-0000000000d1/points/p1.jpg'],
  'deleting a draft queues every file of its folders in both buckets');

-- Cleanup by the server is never throttled: an admin deleting 130 quests in one statement removes a
-- user's 130 favourites by cascade, and counts against nobody's favourites.toggle limit.
select tests.create_user('i_collector');
insert into public.quests (id, title, slug, city, status, published_at)
select ('a2000000-0000-4000-a000-' || lpad(i::text, 12, '0'))::uuid, 'Bulk ' || i, 'i-bulk-' || i, 'Целоград', 'published', now()
from generate_series(1, 130) i;
insert into public.favourites (user_id, quest_id)
select tests.get_user_id('i_collector'), ('a2000000-0000-4000-a000-' || lpad(i::text, 12, '0'))::uuid from generate_series(1, 130) i;
select is(pg_temp.refusal('i_admin', $$delete from public.quests where slug like 'i-bulk-%'$$), 'accepted',
  'an admin deletes 130 quests at once; their favourites go by cascade, unthrottled');
select is((select count(*)::integer from private.rate_limit_hits where action = 'favourites.toggle'
           and subject in ('user:' || tests.get_user_id('i_admin'), 'user:' || tests.get_user_id('i_collector'))), 0,
  'and no favourites.toggle hit is counted for anyone');

-- 9. Unbounded repetition: every cheap write of the catalogue is rate limited.
-- Runs the statements (# = the round) as `who` round after round, 'server:' ones as the server,
-- and says after how many full rounds the app was refused, and with what.
create function pg_temp.repeat_until_refused(who text, statements text[], times integer) returns text language plpgsql as $$
declare
  i integer;
  statement text;
  outcome text;
begin
  for i in 1 .. times loop
    foreach statement in array statements loop
      if statement like 'server:%' then
        execute replace(substr(statement, 8), '#', i::text);
      else
        outcome := pg_temp.refusal(who, replace(statement, '#', i::text));
        if outcome <> 'accepted' then
          return format('%s after %s', split_part(outcome, ' ', 2), i - 1);
        end if;
      end if;
    end loop;
  end loop;
  return 'never refused';
end;
$$;
grant execute on function pg_temp.repeat_until_refused(text, text[], integer) to anon, authenticated, service_role;
select tests.create_user('i_spammer');
select is(pg_temp.repeat_until_refused('i_spammer', array[$$insert into public.quests (title, slug, city) values ('Spam #', 'spam-#', 'X')$$], 30),
  'rate_limited after 20', 'drafts: 20 a day, then rate_limited');
select is(pg_temp.repeat_until_refused('i_player', array[
    $$insert into public.reviews (quest_id, rating) values ('a1000000-0000-4000-a000-0000000000b1', 5)$$,
    $$delete from public.reviews where author_id = auth.uid() and quest_id = 'a1000000-0000-4000-a000-0000000000b1'$$], 30),
  'rate_limited after 10', 'review writes (posting and deleting both count): 20 an hour, then rate_limited');
select is(pg_temp.repeat_until_refused('i_player', array[
    $$insert into public.favourites (quest_id) values ('a1000000-0000-4000-a000-0000000000b1')$$,
    $$delete from public.favourites where quest_id = 'a1000000-0000-4000-a000-0000000000b1'$$], 100),
  'rate_limited after 60', 'favourite toggling (adding and removing both count): 120 an hour, then rate_limited');
insert into public.quest_points (id, quest_id, position, title, lat, lng) values
  ('a1000000-0000-4000-a000-00000000bb01', 'a1000000-0000-4000-a000-0000000000d2', 1, 'Start', 45, 45);
-- (rules are data: the bcrypt-heavy and per-day rules are tried with a smaller limit)
update private.rate_limits set max_hits = 3 where action in ('quests.point_secret', 'quests.submit');
select is(pg_temp.repeat_until_refused('i_author', array[$$select public.set_point_secret('a1000000-0000-4000-a000-00000000bb01', 'answer #')$$], 10),
  'rate_limited after 3', 'setting answers (a bcrypt hash each) is rate limited');

-- 10. Expected bad input gets a code naming the field, never a raw constraint error or a 500.
select is(pg_temp.refusal('i_rival', statement), expected, rule) from (values
  ($$insert into public.quests (title, slug, city) values ('Ab', 'ab', 'X')$$, 'PT400 invalid_length {"max": 128, "min": 3, "field": "title"}',
   'a title of 2 characters: invalid_length naming the field'),
  ($$insert into public.quests (slug, city) values ('no-title', 'X')$$, 'PT400 field_required {"field": "title"}', 'a missing title: field_required, not 23502'),
  ($$insert into public.quests (title, slug, city) values ('Bad slug', 'Bad Slug!', 'X')$$, 'PT400 invalid_format {"field": "slug"}', 'a malformed slug'),
  ($$insert into public.quests (title, slug, city, difficulty) values ('Hard', 'hard', 'X', 9)$$,
   'PT400 out_of_range {"max": 5, "min": 1, "field": "difficulty"}', 'a difficulty of 9'),
  ($$insert into public.quests (title, slug, city, duration_min) values ('Long', 'long', 'X', 2000000000)$$,
   'PT400 out_of_range {"max": 10080, "min": 1, "field": "duration_min"}', 'an absurd duration'),
  ($$insert into public.quests (title, slug, city, description) values ('Wordy', 'wordy', 'X', repeat('x', 20001))$$,
   'PT400 invalid_length {"max": 20000, "min": 0, "field": "description"}', 'a description over 20,000 characters'),
  ($$insert into public.quests (title, slug, city, category_id) values ('Lost', 'lost', 'X', gen_random_uuid())$$,
   'PT409 invalid_reference {"field": "category_id"}', 'a category that does not exist: invalid_reference, not 23503'),
  ($$insert into public.quests (title, slug, city, summary) values ('Null summary', 'null-summary', 'X', null)$$, 'accepted',
   'a null summary is stored as empty, not a 23502'),
  ($$insert into public.quest_points (quest_id, position, title, lat, lng) values ('a1000000-0000-4000-a000-0000000000d2', 2, 'P', 95, 30)$$,
   'PT404 quest_not_found', 'points go only into one''s own drafts'),
  ($$select public.set_point_secret('a1000000-0000-4000-a000-00000000bb01', 'x')$$, 'PT404 point_not_found', 'another author''s point is not found')
) t (statement, expected, rule);
select is(pg_temp.refusal('i_author', statement), expected, rule) from (values
  ($$insert into public.quest_points (quest_id, position, title, lat, lng) values ('a1000000-0000-4000-a000-0000000000d2', 2, 'P', 95, 30)$$,
   'PT400 out_of_range {"max": 90, "min": -90, "field": "lat"}', 'a latitude of 95 is refused, not silently wrapped'),
  ($$insert into public.quest_points (quest_id, position, title, lat, lng) values ('a1000000-0000-4000-a000-0000000000d2', 2, 'P', null, 30)$$,
   'PT400 field_required {"field": "lat"}', 'a point needs its latitude'),
  ($$insert into public.quest_points (quest_id, position, title, lat, lng, radius_m) values ('a1000000-0000-4000-a000-0000000000d2', 2, 'P', 45, 30, 1)$$,
   'PT400 out_of_range {"max": 1000, "min": 5, "field": "radius_m"}', 'a radius of 1 m'),
  ($$insert into public.quest_points (quest_id, position, title, lat, lng) values ('a1000000-0000-4000-a000-0000000000d2', 501, 'P', 45, 30)$$,
   'PT400 out_of_range {"max": 500, "min": 1, "field": "position"}', 'a position past 500'),
  ($$insert into public.quest_points (quest_id, position, title, lat, lng) values ('a1000000-0000-4000-a000-0000000000d2', 2, '', 45, 30)$$,
   'PT400 invalid_length {"max": 128, "min": 1, "field": "title"}', 'an empty point title'),
  ($$insert into public.quest_activities (quest_id, activity_id) values ('a1000000-0000-4000-a000-0000000000d2', gen_random_uuid())$$,
   'PT409 invalid_reference {"field": "activity_id"}', 'an activity that does not exist'),
  ($$insert into public.quest_activities (quest_id, activity_id) values ('a1000000-0000-4000-a000-0000000000d2', 'a1000000-0000-4000-a000-000000000001');
    insert into public.quest_activities (quest_id, activity_id) values ('a1000000-0000-4000-a000-0000000000d2', 'a1000000-0000-4000-a000-000000000001')$$,
   'PT409 already_added {"field": "activity_id"}', 'an activity added twice: already_added, not 23505'),
  ($$select public.set_point_secret('a1000000-0000-4000-a000-00000000bb01', repeat('x', 201))$$,
   'PT400 invalid_length {"max": 200, "min": 0, "field": "answer"}', 'an answer over 200 characters')
) t (statement, expected, rule);
set constraints "Check_point_positions" immediate;
select is(pg_temp.refusal('i_author',
  $$insert into public.quest_points (quest_id, position, title, lat, lng) values ('a1000000-0000-4000-a000-0000000000d2', 1, 'Twin', 45, 30)$$),
  'PT409 duplicate_position {"position": 1}', 'two points at one position: duplicate_position, ahead of the unique constraint''s 23505');
set constraints "Check_point_positions" deferred;

-- (a fresh author for the last two limits, which earlier steps would have eaten into)
select tests.create_user('i_busy');
insert into public.quests (id, author_id, title, slug, city) values
  ('a1000000-0000-4000-a000-0000000000d3', tests.get_user_id('i_busy'), 'Busy draft', 'i-busy', 'Целоград');
insert into public.quest_points (quest_id, position, title, lat, lng) values ('a1000000-0000-4000-a000-0000000000d3', 1, 'Start', 45, 45);
select is(pg_temp.repeat_until_refused('i_busy', array[
    $$select public.submit_quest('a1000000-0000-4000-a000-0000000000d3')$$,
    $$server:update public.quests set status = 'draft' where id = 'a1000000-0000-4000-a000-0000000000d3'$$], 10),
  'rate_limited after 3', 'submitting for review is rate limited');
select is(pg_temp.repeat_until_refused('i_busy', array[
    $$update public.quests set summary = 'Edit #' where id = 'a1000000-0000-4000-a000-0000000000d3'$$], 700),
  'rate_limited after 600', 'edits of one''s drafts: 600 an hour, then rate_limited');

select * from finish();
rollback;
