-- Rules that hold for the whole schema, whatever the migration: they catch a new table without
-- RLS, a definer function reachable over the API, a function with a mutable search_path, an
-- unindexed foreign key or an undocumented object before any advisor or reviewer does. The hosted
-- linter's lints 0025–0029 (not in the CLI) are checked here too. A function that still calls a
-- helper another migration dropped (nothing in Postgres tracks calls inside function bodies) is
-- caught here too, and so is a list that pages with anything but the shared list helpers.
begin;
select plan(12);

select tests.rls_enabled('public');

select is(
  array(
    select p.oid::regprocedure::text
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public' and p.prosecdef
      and (has_function_privilege('anon', p.oid, 'execute') or has_function_privilege('authenticated', p.oid, 'execute'))
    order by 1
  ),
  '{}'::text[],
  'no security definer function in public is executable by anon or authenticated (lints 0028/0029)'
);

select is(
  array(
    select p.oid::regprocedure::text
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    left join pg_depend d on d.objid = p.oid and d.deptype = 'e'
    where n.nspname in ('public', 'private') and d.objid is null
      and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')
    order by 1
  ),
  '{}'::text[],
  'every function in public and private sets its search_path (lint 0011)'
);

select is(
  array(
    select format('%s.%s', c.conrelid::regclass, c.conname)
    from pg_constraint c
    join pg_namespace n on n.oid = (select relnamespace from pg_class where oid = c.conrelid)
    where c.contype = 'f' and n.nspname in ('public', 'private')
      and not exists (
        select 1 from pg_index i
        where i.indrelid = c.conrelid
          and (i.indkey::int2[])[0:array_length(c.conkey, 1) - 1] @> c.conkey
          and (i.indkey::int2[])[0:array_length(c.conkey, 1) - 1] <@ c.conkey
      )
    order by 1
  ),
  '{}'::text[],
  'every foreign key has an index that starts with its columns (lint 0001)'
);

select is(
  array(
    select c.relname::text
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm') and obj_description(c.oid, 'pg_class') is null
    order by 1
  ),
  '{}'::text[],
  'every table and view in public has a comment (Studio shows it)'
);

select is(
  array(
    select format('%s.%s', c.relname, a.attname)
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    where n.nspname = 'public' and c.relkind in ('r', 'p') and col_description(c.oid, a.attnum) is null
      and a.attname not in ('id', 'created_at', 'updated_at')
    order by 1
  ),
  '{}'::text[],
  'every column in public has a comment, the obvious id/created_at/updated_at aside'
);

select is(
  array(
    select p.oid::regprocedure::text
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    left join pg_depend d on d.objid = p.oid and d.deptype = 'e'
    where n.nspname in ('public', 'private') and d.objid is null and obj_description(p.oid, 'pg_proc') is null
    order by 1
  ),
  '{}'::text[],
  'every function in public and private has a comment'
);

select is(
  array(
    select c.relname::text
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'v'
      and not coalesce('security_invoker=true' = any (c.reloptions) or 'security_invoker=on' = any (c.reloptions), false)
    order by 1
  ),
  '{}'::text[],
  'every view in public runs with the caller''s rights (security_invoker, lint 0010)'
);

select is(
  array(
    select pol.polname::text
    from pg_policy pol
    join pg_class c on c.oid = pol.polrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ('public', 'storage', 'realtime') and pol.polroles = '{0}'
    order by 1
  ),
  '{}'::text[],
  'every policy names its roles (no policy applies to PUBLIC)'
);

-- Calls inside function bodies are not dependencies: dropping a helper leaves its callers to fail
-- at run time. Every private.<name>( a function body calls must exist.
select is(
  array(
    select distinct format('%s calls private.%s', p.oid::regprocedure, m[1])
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    cross join lateral regexp_matches(p.prosrc, '\mprivate\.([a-z_][a-z0-9_]*)\s*\(', 'g') m
    where n.nspname in ('public', 'private') and p.prolang <> 13  -- 13: C functions have no body
      and not exists (select 1 from pg_proc q join pg_namespace qn on qn.oid = q.pronamespace
                      where qn.nspname = 'private' and q.proname = m[1])
      and not exists (select 1 from pg_class c join pg_namespace cn on cn.oid = c.relnamespace  -- insert into private.t (…)
                      where cn.nspname = 'private' and c.relname = m[1])
    order by 1
  ),
  '{}'::text[],
  'every private function a function body calls exists (no caller of a dropped helper is left behind)'
);

-- The list helpers that the one list convention replaced (docs/conventions.md, "Lists") are named
-- by no function: the per-feature cursors and pages, the second profile helper, and the
-- two-argument page-size guard.
select is(
  array(
    select distinct format('%s names %s', p.oid::regprocedure, m[1])
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    cross join lateral regexp_matches(p.prosrc,
      '\m(private\.(keyset_cursor|keyset_position|keyset_page|ranking_cursor|event_ranking_cursor|param_keyset|profile_card)\M|private\.require_page_size\s*\(\s*[^(),]+,)', 'g') m
    where n.nspname in ('public', 'private') and p.prolang <> 13
    order by 1
  ),
  '{}'::text[],
  'no function calls a replaced list helper (keyset_cursor, keyset_position, keyset_page, ranking_cursor, event_ranking_cursor, param_keyset, profile_card, require_page_size with two arguments)'
);

-- Every list's cursors are made by private.make_cursor (tagged with their list, read back by
-- private.read_cursor): no function builds one by hand. Search keeps its own cursor, a key of its
-- one filters argument (docs/conventions.md).
select is(
  array(
    select p.oid::regprocedure::text
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    where n.nspname in ('public', 'private') and p.prolang <> 13
      and p.prosrc ~ '''cursor''\s*,\s*jsonb?_build_object'
      and p.oid <> 'private.search_quest_page(jsonb)'::regprocedure
    order by 1
  ),
  '{}'::text[],
  'every list cursor is made by private.make_cursor (search aside), never built by hand'
);

select * from finish();
rollback;
