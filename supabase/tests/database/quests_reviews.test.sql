-- Reviews: one per user and quest, rating 1–5, text ≤ 2000; the quest's rating follows every
-- change in the same transaction and counts visible reviews only; moderators hide / unhide with a
-- reason and answer once, all audited; deleting an account keeps its reviews, anonymised.
begin;
select plan(31);

select tests.create_user('r_author');
select tests.create_user('r_ann');
select tests.create_user('r_ben');
select tests.create_user('r_mod');
select tests.create_user('r_banned_mod');
insert into public.user_roles (user_id, role) values (tests.get_user_id('r_mod'), 'moderator'), (tests.get_user_id('r_banned_mod'), 'moderator');
insert into public.user_bans (user_id, reason) values (tests.get_user_id('r_banned_mod'), 'abuse');
insert into public.quests (id, author_id, title, slug, city, status, published_at) values
  ('f0000000-0000-4000-a000-000000000001', tests.get_user_id('r_author'), 'Reviewed quest', 'r-quest', 'Отзывград', 'published', now());

create function pg_temp.rating() returns text language sql as $$
  select rating_avg || '/' || rating_count from public.quests where id = 'f0000000-0000-4000-a000-000000000001';
$$;
grant execute on function pg_temp.rating() to anon, authenticated;

-- Writing
select tests.authenticate_as('r_ann');
select lives_ok($$insert into public.reviews (quest_id, rating, body) values ('f0000000-0000-4000-a000-000000000001', 5, 'Loved it')$$,
  'a user reviews a published quest');
select is(pg_temp.rating(), '5.00/1', 'the rating follows in the same transaction');
select throws_ok($$insert into public.reviews (quest_id, rating) values ('f0000000-0000-4000-a000-000000000001', 4)$$, 'PT409', 'already_reviewed',
  'one review per user and quest: a second is already_reviewed, not a raw 23505');
select tests.authenticate_as('r_ben');
select throws_ok($$insert into public.reviews (quest_id, rating) values ('f0000000-0000-4000-a000-000000000001', 6)$$, 'PT400', 'out_of_range',
  'a rating is 1 to 5 (out_of_range naming the field)');
select throws_ok($$insert into public.reviews (quest_id, rating) values ('f0000000-0000-4000-a000-000000000001', 0)$$, 'PT400', 'out_of_range',
  'a rating of 0 is refused too');
select throws_ok(format($$insert into public.reviews (quest_id, rating, body) values ('f0000000-0000-4000-a000-000000000001', 3, %L)$$, repeat('я', 2001)),
  'PT400', 'invalid_length', 'a text longer than 2000 characters is refused (invalid_length naming the field)');
select lives_ok(format($$insert into public.reviews (quest_id, rating, body) values ('f0000000-0000-4000-a000-000000000001', 2, %L)$$, repeat('я', 2000)),
  'a text of exactly 2000 characters is fine');
select is(pg_temp.rating(), '3.50/2', 'two reviews: the average of 5 and 2');
select is((select author_id from public.reviews where quest_id = 'f0000000-0000-4000-a000-000000000001' and rating = 2), tests.get_user_id('r_ben'), 'the author is set from the token');
update public.reviews set rating = 4 where author_id = auth.uid();
select is(pg_temp.rating(), '4.50/2', 'editing a rating updates the average');

-- Moderation
select throws_ok($$select public.hide_review((select id from public.reviews where quest_id = 'f0000000-0000-4000-a000-000000000001' and rating = 5), 'spam')$$, 'PT403', 'forbidden',
  'a user cannot hide a review');
select tests.authenticate_as('r_banned_mod');
select throws_ok($$select public.hide_review((select id from public.reviews where quest_id = 'f0000000-0000-4000-a000-000000000001' and rating = 5), 'spam')$$, 'PT403', 'forbidden',
  'a banned moderator cannot hide a review');
select tests.authenticate_as('r_mod');
select throws_ok($$select public.hide_review((select id from public.reviews where quest_id = 'f0000000-0000-4000-a000-000000000001' and rating = 5), '  ')$$, 'PT400', 'reason_required',
  'hiding needs a reason');
select throws_ok($$select public.hide_review(gen_random_uuid(), 'spam')$$, 'PT404', 'review_not_found', 'hiding a missing review is a 404');
select lives_ok($$select public.hide_review((select id from public.reviews where quest_id = 'f0000000-0000-4000-a000-000000000001' and rating = 5), 'Advertising')$$, 'a moderator hides a review');
select is(pg_temp.rating(), '4.00/1', 'a hidden review stops counting at once');
select throws_ok($$select public.hide_review((select id from public.reviews where quest_id = 'f0000000-0000-4000-a000-000000000001' and rating = 5), 'again')$$, 'PT409', 'already_hidden',
  'hiding twice is a conflict');
select tests.authenticate_as('r_ben');
select is_empty($$select 1 from public.reviews where quest_id = 'f0000000-0000-4000-a000-000000000001' and rating = 5$$, 'other users no longer see the hidden review');
select tests.authenticate_as('r_ann');
select is((select hidden_reason from public.reviews where author_id = auth.uid()), 'Advertising', 'its author sees it, with the reason');
select is((select count(*)::int from public.reviews r where r.author_id = auth.uid() and to_jsonb(r)::text like '%' || tests.get_user_id('r_mod') || '%'), 0,
  'but nothing in the row names the moderator who hid it (who did: audit log only)');
select tests.authenticate_as('r_mod');
select lives_ok($$select public.unhide_review((select id from public.reviews where quest_id = 'f0000000-0000-4000-a000-000000000001' and rating = 5), 'Appeal accepted')$$, 'a moderator unhides it');
select is(pg_temp.rating(), '4.50/2', 'an unhidden review counts again');
select throws_ok($$select public.unhide_review((select id from public.reviews where quest_id = 'f0000000-0000-4000-a000-000000000001' and rating = 5), 'again')$$, 'PT409', 'not_hidden',
  'unhiding a visible review is a conflict');
select lives_ok($$select public.respond_to_review((select id from public.reviews where quest_id = 'f0000000-0000-4000-a000-000000000001' and rating = 4), 'Thank you for the feedback!')$$,
  'a moderator answers a review');
select throws_ok($$select public.respond_to_review((select id from public.reviews where quest_id = 'f0000000-0000-4000-a000-000000000001' and rating = 4), 'Second answer')$$, 'PT409', 'already_responded',
  'a review gets one answer only');
select throws_ok($$select public.respond_to_review((select id from public.reviews where quest_id = 'f0000000-0000-4000-a000-000000000001' and rating = 5), '')$$, 'PT400', 'field_required',
  'an answer is not empty');
select tests.authenticate_as('r_ann');
select throws_ok($$select public.respond_to_review((select id from public.reviews where quest_id = 'f0000000-0000-4000-a000-000000000001' and rating = 4), 'Me too')$$, 'PT403', 'forbidden',
  'a user cannot answer as staff');
select tests.clear_authentication();
select is((select array_agg(action || ':' || coalesce(reason, '-') || ':' || coalesce(before ->> 'body', '-') order by id)
           from public.audit_log where target_table = 'public.reviews' and actor_id = tests.get_user_id('r_mod')),
  array['review.hide:Advertising:Loved it', 'review.unhide:Appeal accepted:Loved it', 'review.respond:-:-'],
  'every moderation is audited, the hidden text kept as it was');

-- Deleting
select tests.authenticate_as('r_ben');
delete from public.reviews where author_id = auth.uid();
select is(pg_temp.rating(), '5.00/1', 'deleting a review updates the rating');
select tests.clear_authentication();
delete from auth.users where id = tests.get_user_id('r_ann');
select is((select author_id is null and body = 'Loved it' from public.reviews where quest_id = 'f0000000-0000-4000-a000-000000000001' and rating = 5), true,
  'a deleted account''s review stays, with no author ("deleted user")');
select is(pg_temp.rating(), '5.00/1', 'and it still counts');

select * from finish();
rollback;
