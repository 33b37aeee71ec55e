-- Attack (paid content by another path, found by the probe of main): an organiser without access to a
-- locked quest created an event on it, and the game master's view (every team's accepted check-in
-- positions, the overview, the replay) traced the route the players had paid for. An event on a
-- locked quest needs the organiser's access, and each co-game master's.
begin;
select plan(5);

select tests.create_user(u) from unnest(array['lr_org', 'lr_paid_org', 'lr_helper', 'lr_paid_helper']) u;
insert into public.user_roles (user_id, role) values (tests.get_user_id('lr_org'), 'organiser'), (tests.get_user_id('lr_paid_org'), 'organiser');
insert into public.quests (id, title, slug, city, status, access, price_credits, published_at) values
  ('9e000000-0000-4000-a000-000000000001', 'Locked walk', 'lr-locked', 'Locktown', 'published', 'locked', 50, now()),
  ('9e000000-0000-4000-a000-000000000002', 'Open walk', 'lr-open', 'Locktown', 'published', 'open', 0, now());
insert into public.quest_points (quest_id, position, title, lat, lng) values
  ('9e000000-0000-4000-a000-000000000001', 1, 'L1', 63, 47), ('9e000000-0000-4000-a000-000000000002', 1, 'O1', 63, 47);
insert into public.quest_access_grants (quest_id, user_id, source) values
  ('9e000000-0000-4000-a000-000000000001', tests.get_user_id('lr_paid_org'), 'purchase'),
  ('9e000000-0000-4000-a000-000000000001', tests.get_user_id('lr_paid_helper'), 'purchase');

select tests.authenticate_as('lr_org');
select throws_ok($$insert into public.events (quest_id, title, starts_at, ends_at)
                   values ('9e000000-0000-4000-a000-000000000001', 'Free peek', now() + interval '1 hour', now() + interval '2 hours')$$,
  'PT403', 'no_access', 'an organiser without access cannot run an event on a locked quest');
select lives_ok($$insert into public.events (quest_id, title, starts_at, ends_at)
                  values ('9e000000-0000-4000-a000-000000000002', 'Open race', now() + interval '1 hour', now() + interval '2 hours')$$,
  'an open quest needs no access');
select throws_ok($$update public.events set quest_id = '9e000000-0000-4000-a000-000000000001' where title = 'Open race'$$,
  '42501', 'permission denied for table events', 'nor move an event onto a locked quest (an event''s quest is not writable)');

select tests.authenticate_as('lr_paid_org');
insert into public.events (quest_id, title, starts_at, ends_at)
values ('9e000000-0000-4000-a000-000000000001', 'Paid race', now() + interval '1 hour', now() + interval '2 hours');
select throws_ok(format($$select public.add_game_master('%s', '%s')$$, (select id from public.events where title = 'Paid race'), tests.get_user_id('lr_helper')),
  'PT403', 'member_no_access', 'an organiser with access cannot appoint a co-game master without it');
select lives_ok(format($$select public.add_game_master('%s', '%s')$$, (select id from public.events where title = 'Paid race'), tests.get_user_id('lr_paid_helper')),
  'a co-game master with access is appointed');

select * from finish();
rollback;
