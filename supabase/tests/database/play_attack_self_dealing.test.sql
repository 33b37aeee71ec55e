-- Attack: credits and leaderboard places minted by self-dealing (issue 11, hole 1). Written as the
-- attacker. Rules proved:
--   - rewards and leaderboard entries come only from published quests the player did not author;
--     authors and staff may test-play (a practice run: pays nothing, ranks nowhere);
--   - the leaderboards keep their invariant whatever happens to a quest (delete, archive, a staff
--     change of its city): quest_leaderboard holds, per published quest and player, the best
--     counting run; city_leaderboard holds, per city and player, the sum of the best scores and
--     times over that city's published quests (and nothing else).
begin;
select plan(29);

select tests.create_user('sd_attacker');
select tests.create_user('sd_player');
select tests.create_user('sd_rival');
select tests.create_user('sd_admin');
select tests.create_user('sd_mod');
insert into public.user_roles (user_id, role) values
  (tests.get_user_id('sd_admin'), 'admin'), (tests.get_user_id('sd_mod'), 'moderator');

-- The invariant, as a list of violations for the given cities (empty = consistent).
create function pg_temp.leaderboard_violations(cities text[]) returns text[] language plpgsql as $$
begin
  return (with counting as (
    select distinct on (r.quest_id, r.user_id) r.quest_id, r.user_id, r.score, r.duration_s
    from public.quest_runs r join public.quests q on q.id = r.quest_id
    where q.status = 'published' and q.city = any (cities) and r.status = 'completed'
      and not r.practice and (r.review_state is null or r.review_state = 'cleared')
    order by r.quest_id, r.user_id, r.score desc, r.duration_s, r.finished_at
  ),
  expected_city as (
    select q.city, c.user_id, sum(c.score)::int as total, sum(c.duration_s)::int as duration, count(*)::int as completed
    from counting c join public.quests q on q.id = c.quest_id group by q.city, c.user_id
  ),
  quest_rows as (
    select l.quest_id, l.user_id, l.best_score, l.best_duration_s from public.quest_leaderboard l
    join public.quests q on q.id = l.quest_id where q.city = any (cities)
  )
  select array(
    select format('quest %s / %s: expected %s', x.quest_id, x.user_id, x.score) from (
      select quest_id, user_id, score, duration_s from counting
      except select quest_id, user_id, best_score, best_duration_s from quest_rows) x
    union all
    select format('quest %s / %s: unexpected %s', x.quest_id, x.user_id, x.best_score) from (
      select quest_id, user_id, best_score, best_duration_s from quest_rows
      except select quest_id, user_id, score, duration_s from counting) x
    union all
    select format('city %s / %s: expected %s', x.city, x.user_id, x.total) from (
      select city, user_id, total, duration, completed from expected_city
      except select city, user_id, total_score, total_duration_s, quests_completed from public.city_leaderboard where city = any (cities)) x
    union all
    select format('city %s / %s: unexpected %s', x.city, x.user_id, x.total_score) from (
      select city, user_id, total_score, total_duration_s, quests_completed from public.city_leaderboard where city = any (cities)
      except select city, user_id, total, duration, completed from expected_city) x
    order by 1));
end;
$$;

-- One-point quests, so that a single check-in at (10, 10) finishes a run.
create function pg_temp.add_point(quest uuid) returns void language sql as $$
  insert into public.quest_points (quest_id, position, title, location, radius_m)
  values (quest, 1, 'The only point', extensions.st_makepoint(10, 10)::extensions.geography, 30);
$$;
grant execute on function pg_temp.add_point(uuid) to authenticated;

-- 1. The exact attack of the issue: a draft with reward_credits = 100000, one point, a run, one check-in.
select tests.authenticate_as('sd_attacker');
insert into public.quests (id, title, slug, city, reward_credits)
values ('5d000000-0000-4000-a000-000000000001', 'Money printer', 'sd-money-printer', 'Sdgrad', 100000);
select pg_temp.add_point('5d000000-0000-4000-a000-000000000001');
create temporary table attack as
select public.check_in((public.start_run('5d000000-0000-4000-a000-000000000001')).id, 10, 10, 5) as result;
select is((select (result ->> 'finished')::boolean from attack), true, 'the author finishes a test-play of their draft');
select is((select (result ->> 'reward_credits')::int from attack), 0, 'a draft pays its author nothing');
select is((select balance from public.wallets), 0, 'the attacker''s wallet stays empty');
select is((select count(*)::int from public.credit_ledger where reason = 'quest_reward'), 0, 'no quest_reward row is written');
select is((select practice from public.quest_runs where quest_id = '5d000000-0000-4000-a000-000000000001'), true,
  'the run is recorded as a practice run');
select is_empty($$select 1 from public.quest_leaderboard where quest_id = '5d000000-0000-4000-a000-000000000001'$$,
  'a draft puts nobody on the quest leaderboard');
select is_empty($$select 1 from public.city_leaderboard where city = 'Sdgrad'$$, 'a draft puts nobody on the city leaderboard');
delete from public.quests where id = '5d000000-0000-4000-a000-000000000001';
select is_empty($$select 1 from public.city_leaderboard where user_id = auth.uid()$$,
  'after deleting the draft the attacker holds no city score anywhere');

-- 2. Authoring a published quest does not let its author earn from it either.
select tests.clear_authentication();
insert into public.quests (id, author_id, title, slug, city, status, reward_credits, published_at) values
  ('5d000000-0000-4000-a000-000000000002', tests.get_user_id('sd_attacker'), 'Own published', 'sd-own-published', 'Sdgrad', 'published', 500, now()),
  ('5d000000-0000-4000-a000-000000000003', tests.get_user_id('sd_rival'), 'Locked gem', 'sd-locked-gem', 'Sdgrad', 'published', 500, now()),
  ('5d000000-0000-4000-a000-000000000004', tests.get_user_id('sd_rival'), 'In review', 'sd-in-review', 'Sdgrad', 'in_review', 500, null),
  ('5d000000-0000-4000-a000-000000000005', tests.get_user_id('sd_rival'), 'Open walk', 'sd-open-walk', 'Sdgrad', 'published', 40, now());
update public.quests set access = 'locked', price_credits = 100 where id = '5d000000-0000-4000-a000-000000000003';
select pg_temp.add_point(id) from public.quests where slug like 'sd-%';
select tests.authenticate_as('sd_attacker');
select is((select (public.check_in((public.start_run('5d000000-0000-4000-a000-000000000002')).id, 10, 10, 5) ->> 'reward_credits')::int), 0,
  'the author of a published quest earns nothing from it');
select is_empty($$select 1 from public.quest_leaderboard where quest_id = '5d000000-0000-4000-a000-000000000002'$$,
  'nor a place on its leaderboard');

-- 3. Staff test-play: a locked quest they have not bought and a quest under review are practice;
--    an open published quest by someone else counts like anyone's run.
select tests.authenticate_as('sd_admin');
select is((select (public.check_in((public.start_run('5d000000-0000-4000-a000-000000000003')).id, 10, 10, 5) ->> 'reward_credits')::int), 0,
  'an admin playing a locked quest through quests.manage (no purchase) earns nothing');
select is((select (public.check_in((public.start_run('5d000000-0000-4000-a000-000000000004')).id, 10, 10, 5) ->> 'reward_credits')::int), 0,
  'an admin test-playing a quest under review earns nothing');
select is((select count(*)::int from public.quest_leaderboard where user_id = auth.uid()), 0, 'and ranks nowhere for them');
select is((select (public.check_in((public.start_run('5d000000-0000-4000-a000-000000000005')).id, 10, 10, 5) ->> 'reward_credits')::int), 40,
  'an admin playing an open published quest of someone else is paid like any player');
select tests.authenticate_as('sd_mod');
select is((select (public.check_in((public.start_run('5d000000-0000-4000-a000-000000000004')).id, 10, 10, 5) ->> 'reward_credits')::int), 0,
  'a moderator test-playing the quest they review earns nothing');

-- 4. The invariant through delete, archive and a staff change of city. Two cities, three quests.
select tests.clear_authentication();
insert into public.quests (id, author_id, title, slug, city, status, reward_credits, published_at) values
  ('5d000000-0000-4000-a000-000000000011', tests.get_user_id('sd_rival'), 'North A', 'sd-north-a', 'Northburg', 'published', 10, now()),
  ('5d000000-0000-4000-a000-000000000012', tests.get_user_id('sd_rival'), 'North B', 'sd-north-b', 'Northburg', 'published', 10, now()),
  ('5d000000-0000-4000-a000-000000000013', tests.get_user_id('sd_rival'), 'South C', 'sd-south-c', 'Southport', 'published', 10, now());
select pg_temp.add_point(id) from public.quests where slug in ('sd-north-a', 'sd-north-b', 'sd-south-c');
select tests.authenticate_as('sd_player');
select public.check_in((public.start_run(q)).id, 10, 10, 5)
from unnest(array['5d000000-0000-4000-a000-000000000011', '5d000000-0000-4000-a000-000000000012',
                  '5d000000-0000-4000-a000-000000000013']::uuid[]) q;
select tests.authenticate_as('sd_attacker');
select public.check_in((public.start_run(q)).id, 10, 10, 5)
from unnest(array['5d000000-0000-4000-a000-000000000011', '5d000000-0000-4000-a000-000000000013']::uuid[]) q;
select tests.clear_authentication();
select is(pg_temp.leaderboard_violations(array['Northburg', 'Southport']), '{}', 'the leaderboards start consistent');
select is((select quests_completed from public.city_leaderboard where city = 'Northburg' and user_id = tests.get_user_id('sd_player')), 2,
  'a player''s city entry counts their quests of that city');

select tests.authenticate_as('sd_mod');
select lives_ok($$select public.archive_quest('5d000000-0000-4000-a000-000000000011', 'Season over')$$, 'a moderator archives a quest');
select tests.clear_authentication();
select is(pg_temp.leaderboard_violations(array['Northburg', 'Southport']), '{}', 'after archiving, the leaderboards are consistent');
select is_empty($$select 1 from public.quest_leaderboard where quest_id = '5d000000-0000-4000-a000-000000000011'$$,
  'an archived quest has no leaderboard');
select is((select quests_completed from public.city_leaderboard where city = 'Northburg' and user_id = tests.get_user_id('sd_player')), 1,
  'the archived quest no longer counts in the city');
select is_empty(format($$select 1 from public.city_leaderboard where city = 'Northburg' and user_id = '%s'$$, tests.get_user_id('sd_attacker')),
  'a player whose only quest of the city was archived leaves the city leaderboard');

select tests.authenticate_as('sd_admin');
update public.quests set city = 'Southport' where id = '5d000000-0000-4000-a000-000000000012';
select tests.clear_authentication();
select is(pg_temp.leaderboard_violations(array['Northburg', 'Southport']), '{}', 'after a staff change of city, both cities are consistent');
select is((select quests_completed from public.city_leaderboard where city = 'Southport' and user_id = tests.get_user_id('sd_player')), 2,
  'the quest''s scores moved to its new city');

update public.quests set status = 'in_review' where id = '5d000000-0000-4000-a000-000000000012';
select is(pg_temp.leaderboard_violations(array['Northburg', 'Southport']), '{}', 'after a quest goes back to review, the leaderboards are consistent');
update public.quests set status = 'published' where id = '5d000000-0000-4000-a000-000000000012';
select isnt_empty($$select 1 from public.quest_leaderboard where quest_id = '5d000000-0000-4000-a000-000000000012'$$,
  'publishing it again rebuilds its leaderboard from the counting runs');

select tests.authenticate_as('sd_admin');
delete from public.quests where id = '5d000000-0000-4000-a000-000000000013';
select tests.clear_authentication();
select is(pg_temp.leaderboard_violations(array['Northburg', 'Southport']), '{}', 'after a staff delete, the leaderboards are consistent');
select is(pg_temp.leaderboard_violations(array['Sdgrad']), '{}', 'Sdgrad''s leaderboard is consistent after the attacks');
select is((select count(*)::int from public.city_leaderboard where user_id = tests.get_user_id('sd_attacker')), 0,
  'the attacker ends with no city score at all');

select * from finish();
rollback;
