-- Attack (moderation evaded by another path, found by the probe of main): the author of a review a
-- moderator hid deleted it and posted the same text again at once, visible and counted in the
-- rating, as often as reviews.write allowed. A hidden review now stays: deleting it is review_hidden,
-- and it keeps the author's one review of the quest.
begin;
select plan(6);

select tests.create_user(u) from unnest(array['hr_author', 'hr_critic', 'hr_moderator']) u;
insert into public.user_roles (user_id, role) values (tests.get_user_id('hr_moderator'), 'moderator');
insert into public.quests (id, author_id, title, slug, city, status, access, published_at) values
  ('9b000000-0000-4000-a000-000000000001', tests.get_user_id('hr_author'), 'Reviewed walk', 'hr-walk', 'Reviewtown', 'published', 'open', now());

select tests.authenticate_as('hr_critic');
insert into public.reviews (quest_id, rating, body) values ('9b000000-0000-4000-a000-000000000001', 1, 'Insults about the author');
select tests.authenticate_as('hr_moderator');
select public.hide_review((select id from public.reviews where quest_id = '9b000000-0000-4000-a000-000000000001'), 'Insults');
select tests.clear_authentication();
select is((select rating_count from public.quests where id = '9b000000-0000-4000-a000-000000000001'), 0, 'the hidden review stops counting');

select tests.authenticate_as('hr_critic');
select throws_ok($$delete from public.reviews where quest_id = '9b000000-0000-4000-a000-000000000001'$$, 'PT409', 'review_hidden',
  'its author cannot delete the hidden review');
select throws_ok($$insert into public.reviews (quest_id, rating, body) values ('9b000000-0000-4000-a000-000000000001', 1, 'Insults about the author')$$,
  'PT409', 'already_reviewed', 'nor post it again');
select is_empty($$update public.reviews set body = 'Nice walk' where quest_id = '9b000000-0000-4000-a000-000000000001' returning id$$,
  'nor edit it back into view');
select tests.clear_authentication();
select is((select rating_count from public.quests where id = '9b000000-0000-4000-a000-000000000001'), 0, 'the rating is still without it');

select tests.authenticate_as('hr_moderator');
select public.unhide_review((select id from public.reviews where quest_id = '9b000000-0000-4000-a000-000000000001'), 'Appeal accepted');
select tests.authenticate_as('hr_critic');
select lives_ok($$delete from public.reviews where quest_id = '9b000000-0000-4000-a000-000000000001'$$,
  'once a moderator unhid it, its author may delete it again');

select * from finish();
rollback;
