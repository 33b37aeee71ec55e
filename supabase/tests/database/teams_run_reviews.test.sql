-- Flagged team runs in the staff queue and their review (issues 11, 12, 14): flagged_runs is a page
-- of the list convention that shows a team run with its team and players (and whose phone made
-- each attempt), no player of the team run reviews it, and clearing it pays those who checked in and tells every player.
begin;
select plan(11);

select tests.create_user(u) from unnest(array['rr_a', 'rr_b', 'rr_mod_player', 'rr_mod', 'rr_author']) u;
insert into public.user_roles (user_id, role) values
  (tests.get_user_id('rr_mod'), 'moderator'), (tests.get_user_id('rr_mod_player'), 'moderator');
insert into public.quests (id, author_id, title, slug, city, status, access, reward_credits, stage_order, published_at) values
  ('7c000000-0000-4000-a000-000000000001', tests.get_user_id('rr_author'), 'Review walk', 'rr-walk', 'Reviewtown', 'published', 'open', 20,
   'linear', now());
insert into public.quest_points (id, quest_id, position, title, lat, lng, radius_m, task_type) values
  ('7d000000-0000-4000-a000-000000000001', '7c000000-0000-4000-a000-000000000001', 1, 'Gate', 56.0000, 40, 30, 'gps'),
  ('7d000000-0000-4000-a000-000000000002', '7c000000-0000-4000-a000-000000000001', 2, 'Well', 56.0002, 40, 30, 'gps');

-- A team of three (one of them a moderator) plays; rr_a's phone jumps 111 km three times: flagged.
select tests.authenticate_as('rr_a');
create temporary table team as select * from public.create_team('Reviewed', 5);
grant select on team to authenticated;
select tests.authenticate_as('rr_b');
select public.join_team((select join_code from team));
select tests.authenticate_as('rr_mod_player');
select public.join_team((select join_code from team));
select tests.authenticate_as('rr_a');
create temporary table run as select * from public.start_team_run((select id from team), '7c000000-0000-4000-a000-000000000001');
grant select on run to authenticated;
select public.check_in((select id from run), 56, 40, 5);
select public.check_in((select id from run), 57, 40, 5) from generate_series(1, 3);
select tests.authenticate_as('rr_b');
select is(public.check_in((select id from run), 56.0002, 40, 5) ->> 'review_state', 'flagged',
  'a flagged team run can be finished by another member (it pays nothing yet)');
select tests.clear_authentication();
select is((select count(*)::int from public.credit_ledger where reference_id = (select id from run)), 0, 'nobody is paid while it is flagged');

-- The queue: the team and its players, not one player; whose phone made each attempt.
select tests.authenticate_as('rr_mod');
create temporary table queued as
  select i from jsonb_array_elements(public.flagged_runs(null, 100) -> 'items') i where (i ->> 'run_id')::uuid = (select id from run);
select is((select i -> 'player' from queued), 'null'::jsonb, 'a team run in the queue has no single player');
select is((select i #>> '{team,name}' from queued), 'Reviewed', 'but its team');
select is((select array_agg((p ->> 'id')::uuid order by p ->> 'id') from queued, jsonb_array_elements(i #> '{team,players}') p),
  (select array_agg(u order by u::text) from unnest(array[tests.get_user_id('rr_a'), tests.get_user_id('rr_b'), tests.get_user_id('rr_mod_player')]) u),
  'and the public fields of its players');
select is((select array_agg(distinct (a ->> 'attempted_by')::uuid) from queued, jsonb_array_elements(i -> 'attempts') a where a ->> 'refusal' = 'implausible_travel'),
  array[tests.get_user_id('rr_a')], 'each attempt says whose phone made it');
select is((select i #>> '{cursor,list}' from queued), 'flagged_runs', 'the item carries its flagged_runs cursor');

-- The review: no player of the run reviews it; another moderator clears it and every player hears.
select tests.authenticate_as('rr_mod_player');
select throws_ok(format($$select public.review_run('%s', true, 'My own team')$$, (select id from run)), 'PT403', 'cannot_review_own_run',
  'a moderator who plays the team run cannot review it');
select tests.authenticate_as('rr_mod');
select is((public.review_run((select id from run), true, 'GPS glitch')).review_state::text, 'cleared', 'another moderator clears it');
select tests.clear_authentication();
select is((select count(*)::int from public.credit_ledger where reference_id = (select id from run) and reason = 'quest_reward'), 2,
  'clearing pays each player of the team run who checked in (rr_a, rr_b; the moderator only rode along)');
select results_eq(
  $$select n.user_id, (n.payload ->> 'decision'), (n.payload ->> 'reward_credits')::int from public.notifications n
    where n.kind = 'run_reviewed' and (n.payload ->> 'run_id')::uuid = (select id from run) order by n.user_id$$,
  $$select u, 'cleared', case when u = tests.get_user_id('rr_mod_player') then 0 else 20 end
    from unnest(array[tests.get_user_id('rr_a'), tests.get_user_id('rr_b'), tests.get_user_id('rr_mod_player')]) u order by u$$,
  'every player is told, with what the run paid them');

select * from finish();
rollback;
