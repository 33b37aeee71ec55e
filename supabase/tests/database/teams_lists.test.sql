-- The lists of teams and events follow the one list convention (issues 12, 14; docs/conventions.md):
-- {items, next_cursor}, every item with its cursor made by private.make_cursor, next_cursor the last
-- item's cursor or null on the last page; paging one item at a time through rows whose sort keys
-- tie (everything below is written in one transaction: equal times) returns every row once, in
-- the list's order; a cursor of another list is invalid_cursor.
begin;
select plan(22);

select tests.create_user(u) from unnest(array['tl_player', 'tl_org', 'tl_o1', 'tl_o2', 'tl_o3', 'tl_o4', 'tl_o5', 'tl_o6', 'tl_author']) u;
insert into public.user_roles (user_id, role) values (tests.get_user_id('tl_org'), 'organiser');
insert into public.quests (id, author_id, title, slug, city, status, access, published_at) values
  ('7e000000-0000-4000-a000-000000000001', tests.get_user_id('tl_author'), 'List walk', 'tl-walk', 'Listburg', 'published', 'open', now());
insert into public.quest_points (quest_id, position, title, lat, lng) values ('7e000000-0000-4000-a000-000000000001', 1, 'L1', 60, 30);

-- Follows next_cursor from the first page to the last, page_size items at a time, as the app does;
-- the statement takes the cursor as $1. Returns the value at `field` of every item, in order.
create function pg_temp.walk(statement text, field text, page_size integer default 1) returns text[] language plpgsql as $$
declare
  page jsonb;
  after jsonb;
  seen text[] := '{}';
begin
  for i in 1..100 loop
    execute statement into page using after, page_size;
    if exists (select 1 from jsonb_array_elements(page -> 'items') e where e.value -> 'cursor' is null
               or e.value #>> '{cursor,list}' is null) then
      raise exception 'an item without its list cursor: %', page;
    end if;
    if page -> 'next_cursor' <> 'null' and page -> 'next_cursor' is distinct from page -> 'items' -> -1 -> 'cursor' then
      raise exception 'next_cursor is not the last item''s cursor: %', page;
    end if;
    seen := seen || array(select e.value #>> string_to_array(field, '.') from jsonb_array_elements(page -> 'items') with ordinality e order by e.ordinality);
    after := page -> 'next_cursor';
    if after is null or after = 'null' then
      return seen;
    end if;
  end loop;
  raise exception 'more than 100 pages';
end;
$$;
grant execute on function pg_temp.walk(text, text, integer) to authenticated;

-- Six teams; the player is in three of them and invited to the three others (joined and invited
-- at the same moment: the keys tie).
create temporary table teams (owner text primary key, id uuid, code text) on commit drop;
grant select on teams to authenticated;
create function pg_temp.team_of(owner text) returns void language plpgsql as $$
declare created public.teams;
begin
  perform tests.authenticate_as(owner);
  created := public.create_team('Team ' || owner, 5);
  perform tests.clear_authentication();
  insert into teams values (owner, created.id, created.join_code);
end;
$$;
select pg_temp.team_of(o) from unnest(array['tl_o1', 'tl_o2', 'tl_o3', 'tl_o4', 'tl_o5', 'tl_o6']) o;
select tests.authenticate_as('tl_player');
select public.join_team(code) from teams where owner in ('tl_o1', 'tl_o2', 'tl_o3');
select tests.clear_authentication();
insert into public.team_invitations (team_id, user_id, invited_by)
select id, tests.get_user_id('tl_player'), tests.get_user_id(owner) from teams where owner in ('tl_o4', 'tl_o5', 'tl_o6');

select tests.authenticate_as('tl_player');
select is(pg_temp.walk('select public.my_teams($1, $2)', 'id'),
  (select array_agg(id::text order by id desc) from teams where owner in ('tl_o1', 'tl_o2', 'tl_o3')),
  'my_teams: one by one through equal join times, every team once, newest first then by id');
select is(pg_temp.walk('select public.my_team_invitations($1, $2)', 'team_id', 2),
  (select array_agg(id::text order by id desc) from teams where owner in ('tl_o4', 'tl_o5', 'tl_o6')),
  'my_team_invitations: two by two, every invitation once');
select is(public.my_teams() -> 'next_cursor', 'null'::jsonb, 'a list that fits in one page has no next page');
select throws_ok(format($$select public.my_team_invitations(%L)$$, public.my_teams(null, 1) -> 'next_cursor'), 'PT400', 'invalid_cursor',
  'a cursor of my_teams is refused by my_team_invitations');
select is(public.my_teams(null, 1) #>> '{items,0,cursor,list}', 'my_teams', 'a team''s cursor names its list');

-- Three public events starting at the same moment; the organiser runs them all.
select tests.clear_authentication();
insert into public.events (quest_id, organiser_id, title, starts_at, ends_at)
select '7e000000-0000-4000-a000-000000000001', tests.get_user_id('tl_org'), 'List race ' || i, now() + interval '1 hour', now() + interval '3 hours'
from generate_series(1, 3) i;
create temporary table races as select id from public.events where title like 'List race %';
grant select on races to authenticated;
select tests.authenticate_as('tl_player');
select is(
  (select array_agg(x order by o) from unnest(pg_temp.walk('select public.upcoming_events($1, $2)', 'id')) with ordinality u (x, o)
   where x::uuid in (select id from races)),
  (select array_agg(id::text order by id) from races),
  'upcoming_events: one by one, every event once, soonest first then by id');
select tests.authenticate_as('tl_org');
select is(pg_temp.walk('select public.my_events($1, $2)', 'id'), (select array_agg(id::text order by id desc) from races),
  'my_events: one by one, every event once, newest start first then by id');
select is((public.my_events() #>> '{items,0,my_role}'), 'organiser', 'with the caller''s role');

-- The first race: six teams registered at one moment, scores that tie.
select tests.clear_authentication();
create temporary table race as select id from races order by id limit 1;
grant select on race to authenticated;
insert into public.event_teams (event_id, team_id, registered_by, score, score_at)
select (select id from race), t.id, tests.get_user_id(t.owner),
       case when t.owner in ('tl_o1', 'tl_o2', 'tl_o3') then 100 when t.owner = 'tl_o4' then 300 else 50 end,
       case when t.owner = 'tl_o3' then now() - interval '1 minute' else now() end
from teams t;
select tests.authenticate_as('tl_org');
select is(pg_temp.walk('select public.event_overview((select id from race), $1, $2)', 'team.id'),
  (select array_agg(id::text order by id) from teams),
  'event_overview: one by one through equal registration times, every team once');
-- Leaderboard order: 300 (o4), then 100 reached first (o3), then the two other 100s by team id, then the 50s by team id.
create temporary table expected_board as
select t.id, row_number() over (order by case t.owner when 'tl_o4' then 0 when 'tl_o3' then 1 else 2 end,
                                         case when t.owner in ('tl_o1', 'tl_o2') then 0 else 1 end, t.id) as n
from teams t;
select is(pg_temp.walk('select public.event_leaderboard((select id from race), $1, $2)', 'team.id'),
  (select array_agg(id::text order by n) from expected_board),
  'event_leaderboard: one by one, by score, then who reached it first, then team: every team once');
select is(pg_temp.walk('select public.event_leaderboard((select id from race), $1, $2)', 'team.id', 4),
  (select array_agg(id::text order by n) from expected_board), 'the same four by four');
select is(
  (select array_agg((i ->> 'rank')::int order by o) from (
     select p.value as i, p.ordinality as o from jsonb_array_elements(public.event_leaderboard((select id from race), null, 100) -> 'items') with ordinality p) x),
  array[1, 2, 3, 3, 5, 5], 'ranks: a full tie (score and time) shares its rank');
select results_eq(
  $$select ((c ->> 'key')::private.event_ranking_key).score, ((c ->> 'key')::private.event_ranking_key).score_at, (c ->> 'id')::uuid
    from (select public.event_leaderboard((select id from race), null, 2) -> 'next_cursor' as c) x$$,
  $$select 100, now() - interval '1 minute', (select id from teams where owner = 'tl_o3')$$,
  'a leaderboard cursor keys on (score, when it was reached) and the team, like the personal leaderboards'' (score, time) and player');
select throws_ok(format($$select public.event_overview((select id from race), %L)$$, public.event_leaderboard((select id from race), null, 1) -> 'next_cursor'),
  'PT400', 'invalid_cursor', 'a leaderboard cursor is refused by the overview');

-- The feed: five items of one transaction, newest (highest id) first.
select tests.clear_authentication();
insert into public.event_activity (event_id, team_id, kind, payload)
select (select id from race), null, 'message', jsonb_build_object('n', i) from generate_series(1, 5) i;
select tests.authenticate_as('tl_org');
select is(pg_temp.walk('select public.event_activity((select id from race), $1, $2)', 'id', 2),
  (select array_agg(id::text order by id desc) from public.event_activity where event_id = (select id from race)),
  'event_activity: two by two, every item once, newest first');
select is(public.event_activity((select id from race), null, 1) #>> '{items,0,cursor,list}', 'event_activity', 'a feed item''s cursor names its list');

-- Positions of one team, kept at one moment: oldest first, by id on a tie.
select tests.clear_authentication();
insert into public.team_positions (event_id, team_id, reported_by, lat, lng, accuracy_m)
select (select id from race), (select id from teams where owner = 'tl_o1'), tests.get_user_id('tl_o1'), 60, 30 + i / 1000.0, 5
from generate_series(1, 3) i;
select tests.authenticate_as('tl_org');
select is(pg_temp.walk('select public.team_replay((select id from race), (select id from teams where owner = ''tl_o1''), $1, $2)', 'lng'),
  (select array_agg(lng::text order by id) from public.team_positions where event_id = (select id from race)),
  'team_replay: one by one, every position once, oldest first');
select tests.authenticate_as('tl_player');
select is(jsonb_array_length(public.team_replay((select id from race), (select id from teams where owner = 'tl_o1')) -> 'items'), 3,
  'a member of the team replays it too');

-- Page sizes: 1–100, the convention's default 20.
select tests.authenticate_as('tl_org');
select throws_ok($$select public.event_overview((select id from race), null, 101)$$, 'PT400', 'invalid_parameter', 'page_size 101 is refused');
select throws_ok($$select public.team_replay((select id from race), (select id from teams where owner = 'tl_o1'), null, 0)$$,
  'PT400', 'invalid_parameter', 'page_size 0 is refused');
select is(
  array(select format('%s: %s', p.proname, substring(pg_get_function_arguments(p.oid) from 'page_size integer DEFAULT (\d+)'))
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public' and p.proname in ('my_teams', 'my_team_invitations', 'upcoming_events', 'my_events', 'event_overview',
                                                     'event_leaderboard', 'event_activity', 'team_replay')
        order by 1),
  array['event_activity: 20', 'event_leaderboard: 20', 'event_overview: 20', 'my_events: 20', 'my_team_invitations: 20', 'my_teams: 20',
        'team_replay: 20', 'upcoming_events: 20'],
  'every team and event list defaults to 20 items a page');
select is(jsonb_array_length(public.event_overview((select id from race)) -> 'items'), 6, 'and answers its page at that size');

select * from finish();
rollback;
