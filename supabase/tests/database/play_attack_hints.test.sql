-- Attack: hints read for free (issue 11, hole 3). The hint text of a point is stored where no API
-- role can read it (private.point_hints); the app learns only has_hint and hint_cost, and the text
-- only from take_hint, which charges the score. Authors set hints with set_point_hint and read them
-- for editing with point_hints_for_editing (author, quests.manage, or quests.publish while under
-- review). Every other path (tables, views, embeds, the teaser, realtime, notifications, the audit
-- log, storage) is searched for the text and must not hold it.
begin;
select plan(27);

select tests.create_user('h_author');
select tests.create_user('h_player');
select tests.create_user('h_other');
select tests.create_user('h_mod');
insert into public.user_roles (user_id, role) values (tests.get_user_id('h_mod'), 'moderator');

-- Relations of `public` the current role can read whose rows (as JSON) contain the needle.
create function pg_temp.relations_containing(needle text) returns text[] language plpgsql as $$
declare
  rel text;
  hit boolean;
  hits text[] := '{}';
begin
  for rel in
    select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm') order by 1
  loop
    begin
      execute format('select exists (select 1 from public.%I t where to_jsonb(t)::text like %L)', rel, '%' || needle || '%') into hit;
      if hit then hits := hits || rel; end if;
    exception when insufficient_privilege then null;  -- a relation this role may not read at all
    end;
  end loop;
  return hits;
end;
$$;
grant execute on function pg_temp.relations_containing(text) to anon, authenticated, service_role;

-- A draft by h_author: point 1 (gps) with a hint, point 2 (gps) without.
insert into public.quests (id, author_id, title, slug, city, status) values
  ('4a000000-0000-4000-a000-000000000001', tests.get_user_id('h_author'), 'Hinted walk', 'h-hinted-walk', 'Hintburg', 'draft'),
  ('4a000000-0000-4000-a000-000000000002', tests.get_user_id('h_author'), 'Hinted review', 'h-hinted-review', 'Hintburg', 'draft');
insert into public.quest_points (id, quest_id, position, title, location, radius_m, hint_cost) values
  ('4b000000-0000-4000-a000-000000000001', '4a000000-0000-4000-a000-000000000001', 1, 'Gate', extensions.st_makepoint(20, 20)::extensions.geography, 30, 25),
  ('4b000000-0000-4000-a000-000000000002', '4a000000-0000-4000-a000-000000000001', 2, 'Yard', extensions.st_makepoint(20.0002, 20)::extensions.geography, 30, 10),
  ('4b000000-0000-4000-a000-000000000003', '4a000000-0000-4000-a000-000000000002', 1, 'Gate', extensions.st_makepoint(20, 20)::extensions.geography, 30, 10);
-- Free stage order: every point is shown to whoever has access (linear routes: teams_linear_route.test.sql).
update public.quests set stage_order = 'free' where id = '4a000000-0000-4000-a000-000000000001';

select tests.authenticate_as('h_author');
select lives_ok($$select public.set_point_hint('4b000000-0000-4000-a000-000000000001', 'SECRET-HINT-Q7Z: behind the lion')$$,
  'the author sets the hint of a point of their draft');
select lives_ok($$select public.set_point_hint('4b000000-0000-4000-a000-000000000003', 'SECRET-HINT-R2D: under the bench')$$,
  'and of another draft');
select throws_ok($$select public.set_point_hint('4b000000-0000-4000-a000-000000000002', repeat('x', 1001))$$, 'PT400', 'invalid_parameter',
  'a hint has at most 1000 characters');
select tests.authenticate_as('h_other');
select throws_ok($$select public.set_point_hint('4b000000-0000-4000-a000-000000000001', 'vandalised')$$, 'PT404', 'point_not_found',
  'another user cannot set (or learn of) a hint of someone''s draft');

-- Publish the first quest, send the second to review.
select tests.clear_authentication();
update public.quests set status = 'published', published_at = now() where id = '4a000000-0000-4000-a000-000000000001';
update public.quests set status = 'in_review' where id = '4a000000-0000-4000-a000-000000000002';

select is(array(select column_name::text from information_schema.columns
                where table_schema = 'public' and table_name = 'quest_points' and column_name = 'hint'), '{}',
  'quest_points has no hint column any more');
select ok(not has_table_privilege('anon', 'private.point_hints', 'select') and not has_table_privilege('authenticated', 'private.point_hints', 'select')
          and not has_table_privilege('service_role', 'private.point_hints', 'select'),
  'no API role may read the hint store');

-- Visitors and players: has_hint and hint_cost, never the text.
select tests.authenticate_as_anon();
select is(pg_temp.relations_containing('SECRET-HINT'), '{}', 'nothing anon can read holds a hint''s text');
select results_eq($$select p.position, public.has_hint(p), p.hint_cost from public.quest_points p
                    where p.quest_id = '4a000000-0000-4000-a000-000000000001' order by p.position$$,
  $$values (1, true, 25), (2, false, 10)$$, 'visitors see whether a point has a hint and what it costs');
select is((select count(*)::int from public.quest_teaser('4a000000-0000-4000-a000-000000000001') t where to_jsonb(t)::text like '%SECRET-HINT%'), 0,
  'the teaser does not hold the hint');
select tests.authenticate_as('h_player');
select is(pg_temp.relations_containing('SECRET-HINT'), '{}', 'nothing a player can read holds a hint''s text');
select is((select count(*)::int from public.quests q, lateral (select to_jsonb(p) as row from public.quest_points p where p.quest_id = q.id) e
           where q.id = '4a000000-0000-4000-a000-000000000001' and e.row::text like '%SECRET-HINT%'), 0,
  'nor does the quest with its points embedded');
select throws_ok($$select * from public.point_hints_for_editing('4a000000-0000-4000-a000-000000000001')$$, 'PT403', 'forbidden',
  'a player cannot read the hints for editing');

-- take_hint: the one way to the text, and it charges.
create temporary table h_run as select * from public.start_run('4a000000-0000-4000-a000-000000000001');
create temporary table h_taken as select public.take_hint((select id from h_run)) as result;
select is((select result ->> 'hint' from h_taken), 'SECRET-HINT-Q7Z: behind the lion', 'take_hint gives the text of the next point''s hint');
select is((select (result ->> 'cost')::int from h_taken), 25, 'and charges its cost');
select is((select hints_used from public.quest_runs where id = (select id from h_run)), 1, 'the run records the hint taken');
select is(pg_temp.relations_containing('SECRET-HINT'), '{}', 'even after taking it, no table or view holds the text');
select public.check_in((select id from h_run), 20, 20, 5);
select throws_ok($$select public.take_hint((select id from h_run))$$, 'PT404', 'no_hint', 'a point without a hint has none to take');

-- Authors and reviewers read hints for editing.
select tests.authenticate_as('h_author');
select results_eq($$select position, hint, hint_cost from public.point_hints_for_editing('4a000000-0000-4000-a000-000000000001')$$,
  $$values (1, 'SECRET-HINT-Q7Z: behind the lion'::text, 25), (2, null, 10)$$, 'the author reads the hints of their quest for editing');
select tests.authenticate_as('h_mod');
select throws_ok($$select * from public.point_hints_for_editing('4a000000-0000-4000-a000-000000000001')$$, 'PT403', 'forbidden',
  'a moderator cannot read the hints of a published quest (they could play it)');
select is((select hint from public.point_hints_for_editing('4a000000-0000-4000-a000-000000000002')), 'SECRET-HINT-R2D: under the bench',
  'a moderator reads the hints of a quest under review');
select tests.authenticate_as('h_other');
select throws_ok($$select * from public.point_hints_for_editing('4a000000-0000-4000-a000-000000000002')$$, 'PT404', 'quest_not_found',
  'another user learns nothing of a quest under review');

-- No other path: realtime, notifications, the audit log, storage, any table or view.
select tests.clear_authentication();
select is(pg_temp.relations_containing('SECRET-HINT'), '{}', 'no table or view in public holds a hint''s text, whoever reads');
select is((select count(*)::int from realtime.messages m where m.payload::text like '%SECRET-HINT%'), 0, 'no realtime event carries it');
select is((select count(*)::int from public.notifications n where n.payload::text like '%SECRET-HINT%'), 0, 'no notification carries it');
select is((select count(*)::int from storage.objects o where to_jsonb(o)::text like '%SECRET-HINT%'), 0, 'no stored object names or describes it');
select is(
  array(select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname in ('public', 'private') and p.prosrc ~ 'private\.point_hints\M' order by 1),
  array['private.point_has_hint(uuid)', 'private.point_hints_for_editing(uuid)', 'private.set_point_hint(uuid,text)',
        'private.take_hint(uuid,uuid)'],
  'only take_hint, the author''s two calls and has_hint read the hint store');
select is(
  array(select format('%s.%s', c.table_schema, c.table_name) from information_schema.columns c
        where c.table_schema in ('public', 'storage', 'realtime') and c.column_name ~ 'hint' and c.column_name not in ('hint_cost', 'hints_used', 'hint_delay_s')
        order by 1),
  '{}', 'no exposed table has another column for hint text');

select * from finish();
rollback;
