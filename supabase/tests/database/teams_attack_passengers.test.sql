-- Attack (found by the probe of main): a team run paid the quest's reward to every member, so one
-- player with extra accounts in a team walked the route once and was paid once per account, each
-- account also becoming a completer of the quest (merch rules, refunds). Only members who checked
-- in (accepted) at a point of the run themselves are its players: paid, and completers.
begin;
select plan(6);

select tests.create_user(u) from unnest(array['pa_walker', 'pa_puppet1', 'pa_puppet2', 'pa_friend', 'pa_author']) u;
insert into public.quests (id, author_id, title, slug, city, status, access, reward_credits, published_at) values
  ('7c000000-0000-4000-a000-000000000001', tests.get_user_id('pa_author'), 'Passenger walk', 'pa-walk', 'Ridetown', 'published', 'open', 25, now());
insert into public.quest_points (id, quest_id, position, title, lat, lng, radius_m, task_type) values
  ('7d000000-0000-4000-a000-000000000001', '7c000000-0000-4000-a000-000000000001', 1, 'Start', 57.0000, 41, 30, 'gps'),
  ('7d000000-0000-4000-a000-000000000002', '7c000000-0000-4000-a000-000000000001', 2, 'End', 57.0002, 41, 30, 'gps');

create function pg_temp.team_of(owner text, members text[]) returns uuid language plpgsql as $$
declare
  created public.teams;
  member text;
begin
  perform tests.authenticate_as(owner);
  created := public.create_team('Team ' || owner, 5);
  foreach member in array members loop
    perform tests.authenticate_as(member);
    perform public.join_team(created.join_code);
  end loop;
  perform tests.clear_authentication();
  return created.id;
end;
$$;
create temporary table teams (name text primary key, id uuid) on commit drop;
grant select on teams to authenticated;
insert into teams values ('riders', pg_temp.team_of('pa_walker', array['pa_puppet1', 'pa_puppet2']));
insert into teams values ('pair', pg_temp.team_of('pa_friend', array['pa_puppet2']));

-- The walker checks in at every point; the puppets ride along.
select tests.authenticate_as('pa_walker');
create temporary table run as select * from public.start_team_run((select id from teams where name = 'riders'), '7c000000-0000-4000-a000-000000000001');
grant select on run to authenticated;
select public.check_in((select id from run), 57.0000, 41, 5);
select is((public.check_in((select id from run), 57.0002, 41, 5) ->> 'reward_credits')::int, 25,
  'the team completes the quest: one reward, for the one member who checked in');
select tests.clear_authentication();
select is((select array_agg(user_id) from public.credit_ledger where reference_id = (select id from run) and reason = 'quest_reward'),
  array[tests.get_user_id('pa_walker')], 'members who never checked in are not paid');
select is((select array_agg(reward_credits order by reward_credits desc) from public.team_run_members where run_id = (select id from run)),
  array[25, 0, 0], 'each member''s line says what the run paid them');
select is(private.has_completed_quest(tests.get_user_id('pa_puppet1'), '7c000000-0000-4000-a000-000000000001'), false,
  'a passenger has not completed the quest (merch rules, refunds)');

-- A passenger who later plays for real (checks in for another team) is paid then, once.
select tests.authenticate_as('pa_puppet2');
create temporary table second_run as select * from public.start_team_run((select id from teams where name = 'pair'), '7c000000-0000-4000-a000-000000000001');
grant select on second_run to authenticated;
select public.check_in((select id from second_run), 57.0000, 41, 5);
select tests.authenticate_as('pa_friend');
select public.check_in((select id from second_run), 57.0002, 41, 5);
select tests.clear_authentication();
select is((select array_agg(user_id order by user_id) from public.credit_ledger where reference_id = (select id from second_run) and reason = 'quest_reward'),
  (select array_agg(u order by u) from unnest(array[tests.get_user_id('pa_friend'), tests.get_user_id('pa_puppet2')]) u),
  'a former passenger who checked in this time is paid, with the teammate who finished');
select ok(private.has_completed_quest(tests.get_user_id('pa_puppet2'), '7c000000-0000-4000-a000-000000000001'),
  'and has completed the quest');

select * from finish();
rollback;
