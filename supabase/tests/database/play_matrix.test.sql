-- The access matrix of play, credits and unlocks: every table of the area, for each role (anon, the
-- owner of the rows, another user, a banned owner, an admin holding every staff permission) and
-- each action (select / insert / update / delete). tests.outcome runs one statement as one caller
-- and undoes it, answering
--   allowed (rows returned or changed) · no rows (RLS filtered it silently) · denied (42501)
-- Reads: a user reads their own rows (banned users too: reading is not acting); leaderboards are
-- public to signed-in users; nobody else reads anyone's rows, staff included (staff use the calls
-- of play_my_calls.test.sql). Writes: nobody writes any of these tables through the API; only the
-- definer functions of the area do.
begin;

select tests.create_user('pm_owner');
select tests.create_user('pm_other');
select tests.create_user('pm_banned');
select tests.create_user('pm_admin');
insert into public.user_roles (user_id, role) values (tests.get_user_id('pm_admin'), 'admin');

-- Rows of every table for pm_owner and pm_banned (as the play functions would have left them).
insert into public.quests (id, title, slug, city, status, access, price_credits, reward_credits, published_at) values
  ('9a000000-0000-4000-a000-000000000001', 'Matrix walk', 'pm-walk', 'Matrixburg', 'published', 'locked', 10, 5, now());
insert into public.quest_points (id, quest_id, position, title, location, hint_cost) values
  ('9b000000-0000-4000-a000-000000000001', '9a000000-0000-4000-a000-000000000001', 1, 'Gate', extensions.st_makepoint(70, 70)::extensions.geography, 5);
insert into private.point_hints (point_id, hint) values ('9b000000-0000-4000-a000-000000000001', 'matrix hint');
select private.post_credits(tests.get_user_id(u), 100, 'staff_grant') from unnest(array['pm_owner', 'pm_banned']) u;
select tests.authenticate_as('pm_owner');
select public.buy_quest_access('9a000000-0000-4000-a000-000000000001');
select public.take_hint((public.start_run('9a000000-0000-4000-a000-000000000001')).id);
select public.check_in((select id from public.quest_runs where status = 'in_progress'), 70, 70, 5);
select tests.authenticate_as('pm_banned');
select public.buy_quest_access('9a000000-0000-4000-a000-000000000001');
select public.take_hint((public.start_run('9a000000-0000-4000-a000-000000000001')).id);
select public.check_in((select id from public.quest_runs where status = 'in_progress'), 70, 70, 5);
select tests.clear_authentication();
insert into public.quests (id, title, slug, city, status, access, price_credits, published_at) values
  ('9a000000-0000-4000-a000-000000000002', 'Matrix request', 'pm-request', 'Matrixburg', 'published', 'locked', 0, now());
insert into public.unlock_requests (quest_id, user_id) values
  ('9a000000-0000-4000-a000-000000000002', tests.get_user_id('pm_owner')),
  ('9a000000-0000-4000-a000-000000000002', tests.get_user_id('pm_banned'));
insert into public.user_bans (user_id, reason) values (tests.get_user_id('pm_banned'), 'cheating');

-- One owner column and one updatable-looking column per table.
create temporary table area (relname text, owner_column text, some_column text) on commit drop;
insert into area values
  ('quest_runs', 'user_id', 'score'), ('run_checkins', 'run_id', 'accepted'), ('run_hints', 'run_id', 'cost'),
  ('quest_leaderboard', 'user_id', 'best_score'), ('city_leaderboard', 'user_id', 'total_score'),
  ('quest_access_grants', 'user_id', 'paid_credits'), ('unlock_requests', 'user_id', 'status'),
  ('wallets', 'user_id', 'balance'), ('credit_ledger', 'user_id', 'amount');

-- The rows of a user in a table (for run_checkins / run_hints: through their runs).
create function pg_temp.rows_of(relname text, who text) returns text language sql as $$
  select case when relname in ('run_checkins', 'run_hints')
    then format('run_id in (select id from public.quest_runs where user_id = %L)', tests.get_user_id(who))
    else format('user_id = %L', tests.get_user_id(who)) end;
$$;
grant execute on function pg_temp.rows_of(text, text) to anon, authenticated;

create temporary table expectations (who text, statement text, expected text, rule text) on commit drop;
insert into expectations
-- Reads
select 'anon', format('select 1 from public.%I', a.relname), 'denied', format('anon cannot read %s', a.relname) from area a
union all
select 'pm_owner', format('select 1 from public.%I where %s', a.relname, pg_temp.rows_of(a.relname, 'pm_owner')), 'allowed',
       format('a user reads their own %s', a.relname) from area a
union all
select 'pm_banned', format('select 1 from public.%I where %s', a.relname, pg_temp.rows_of(a.relname, 'pm_banned')), 'allowed',
       format('a banned user still reads their own %s', a.relname) from area a
union all
select 'pm_other', format('select 1 from public.%I where %s', a.relname, pg_temp.rows_of(a.relname, 'pm_owner')),
       case when a.relname like '%leaderboard' then 'allowed' else 'no rows' end,
       format(case when a.relname like '%leaderboard' then 'another user reads %s (public to signed-in users)'
                   else 'another user does not read someone''s %s' end, a.relname) from area a
union all
select 'pm_admin', format('select 1 from public.%I where %s', a.relname, pg_temp.rows_of(a.relname, 'pm_owner')),
       case when a.relname like '%leaderboard' then 'allowed' else 'no rows' end,
       format(case when a.relname like '%leaderboard' then 'an admin reads %s like anyone'
                   else 'an admin holding every permission does not read someone''s %s from the table' end, a.relname) from area a
-- Writes
union all
select w.who, format('insert into public.%I default values', a.relname), 'denied', format('%s cannot insert into %s', w.who, a.relname)
from area a cross join (values ('anon'), ('pm_owner'), ('pm_banned'), ('pm_admin')) w (who)
union all
select w.who, format('update public.%I set %I = %I where %s', a.relname, a.some_column, a.some_column, pg_temp.rows_of(a.relname, 'pm_owner')),
       'denied', format('%s cannot update %s', w.who, a.relname)
from area a cross join (values ('anon'), ('pm_owner'), ('pm_banned'), ('pm_admin')) w (who)
union all
select w.who, format('delete from public.%I where %s', a.relname, pg_temp.rows_of(a.relname, 'pm_owner')),
       'denied', format('%s cannot delete from %s', w.who, a.relname)
from area a cross join (values ('anon'), ('pm_owner'), ('pm_banned'), ('pm_admin')) w (who);

select plan((select count(*)::int + 1 from expectations));
select is(tests.outcome(who, statement), expected, rule) from expectations order by rule;
select ok((select count(*) = 9 from area a where exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
                                                          where n.nspname = 'public' and c.relname = a.relname and c.relrowsecurity)),
  'every table of the area has row-level security');

select * from finish();
rollback;
