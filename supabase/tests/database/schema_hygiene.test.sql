-- Rules that hold for the whole schema, whatever the migration: they catch a new table without
-- RLS, a definer function reachable over the API, a function with a mutable search_path, an
-- unindexed foreign key or an undocumented object before any advisor or reviewer does. The hosted
-- linter's lints 0025–0029 (not in the CLI) are checked here too.
begin;
select plan(9);

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

select * from finish();
rollback;
