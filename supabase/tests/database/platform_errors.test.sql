-- The error catalogue (private.error_codes) and private.refuse(): every code the database raises
-- is catalogued with its status and both languages; refuse() raises what PostgREST turns into the
-- documented response (status from SQLSTATE PT<status>, message = code, details = English text,
-- hint = params as JSON).
begin;
select plan(13);

create function pg_temp.refusal(code text, params jsonb default '{}')
returns jsonb language plpgsql as $$
begin
  perform private.refuse(code, params);
  return null;
exception when others then
  declare state text; msg text; detail text; hint text;
  begin
    get stacked diagnostics state = returned_sqlstate, msg = message_text, detail = pg_exception_detail, hint = pg_exception_hint;
    return jsonb_build_object('state', state, 'message', msg, 'detail', detail, 'hint', hint);
  end;
end;
$$;

select is(pg_temp.refusal('insufficient_credits', '{"shortfall": 900}'),
  '{"state": "PT402", "message": "insufficient_credits", "detail": "This needs 900 more credits.", "hint": "{\"shortfall\": 900}"}'::jsonb,
  'refuse() raises PT<status> with the code as message, the filled-in English sentence as detail and the params as JSON hint');
select is(pg_temp.refusal('forbidden') ->> 'hint', '{}', 'a refusal without params carries an empty JSON object as hint');
select is(pg_temp.refusal('no_such_code') ->> 'message', 'unknown_error_code', 'an uncatalogued code is itself an error (PT500 unknown_error_code), never a silent success');
select is(pg_temp.refusal('no_such_code') ->> 'state', 'PT500', 'an uncatalogued code answers 500');

-- Only private.refuse raises a status of its own: every other function refuses through it.
select is(
  array(select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname not in ('pg_catalog', 'information_schema') and p.prolang <> 13  -- 13: C functions have no body
          and p.prosrc ~* $re$errcode\s*=\s*'PT$re$ and p.oid <> 'private.refuse(text, jsonb)'::regprocedure
        order by 1),
  '{}', 'no function but private.refuse raises with errcode = ''PT…'' (they call private.refuse)');

-- Every code raised anywhere in our functions is in the catalogue.
create temporary table raised_codes on commit drop as
with sources as (
  select p.oid::regprocedure::text as fn, p.prosrc
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname in ('public', 'private')
)
select distinct fn, m[1] as code from sources, regexp_matches(prosrc, $re$private\.refuse\(\s*'([a-z0-9_]+)'$re$, 'g') m
union
select distinct fn, 'invalid_parameter' from sources where prosrc ~ 'private\.refuse_parameter\('
union  -- the append-only trigger refuses with <table>_is_append_only
select distinct t.tgrelid::regclass::text, c.relname || '_is_append_only' from pg_trigger t join pg_class c on c.oid = t.tgrelid
where t.tgfoid = 'private.refuse_append_only_change()'::regprocedure;

select cmp_ok((select count(*)::int from raised_codes), '>', 30, 'the scan finds the codes our functions raise');
select is(
  array(select format('%s raises %s', fn, code) from raised_codes
        where code not in (select e.code from private.error_codes e) order by 1),
  '{}', 'every code raised by a function in public or private is in the error catalogue');

-- No dead codes. A catalogued code is used by the database (a function names it: it raises it,
-- answers it as a refusal value such as check_in's too_far, or passes it to private.refuse), or it
-- is one of the codes raised outside SQL, listed here with where they come from.
create temporary table raised_outside_sql (code text primary key, raised_by text) on commit drop;
insert into raised_outside_sql values
  ('invalid_json', 'edge functions: a request body that is not JSON (_shared/http.ts)'),
  ('invalid_body', 'edge functions: a request body that does not validate (zod, _shared/http.ts)'),
  ('invalid_token', 'edge functions: a present but invalid JWT (_shared/auth.ts)'),
  ('method_not_allowed', 'edge functions: another HTTP method than the function serves'),
  ('invalid_signature', 'payment webhooks: a bad Stripe signature or RevenueCat Authorization'),
  ('payments_not_configured', 'payment functions: the Stripe / RevenueCat secrets are not set'),
  ('provider_unavailable', 'payment functions: Stripe did not answer'),
  ('push_not_configured', 'push-send: the FCM service account is not set'),
  ('conflict', 'generic: 23505 / 40001 / 40P01 mapped by _shared/errors.ts'),
  ('constraint_violation', 'generic: 23514 / 23502 mapped by _shared/errors.ts'),
  ('invalid_input', 'generic: class 22 (NUL characters, out-of-range values) mapped by _shared/errors.ts'),
  ('timeout', 'generic: 57014 mapped by _shared/errors.ts'),
  ('database_unavailable', 'generic: class 08 and connection failures mapped by _shared/errors.ts'),
  ('internal_error', 'generic: anything else, without internals (_shared/errors.ts)');
create temporary table used_in_sql on commit drop as
select distinct m[1] as code
from pg_proc p join pg_namespace n on n.oid = p.pronamespace, regexp_matches(p.prosrc, $re$'([a-z][a-z0-9_]*)'$re$, 'g') m
where n.nspname in ('public', 'private')
union select code from raised_codes;
select is(
  array(select e.code from private.error_codes e
        where e.code not in (select code from used_in_sql) and e.code not in (select code from raised_outside_sql) order by 1),
  '{}', 'every catalogued code is raised somewhere: by a database function, or outside SQL as listed (no dead codes)');
select is(array(select code from raised_outside_sql where code not in (select e.code from private.error_codes e) order by 1), '{}',
  'the codes raised outside SQL are catalogued (the list is current)');

select is(
  array(select code from private.error_codes
        where btrim(message_en) = '' or btrim(message_ru) = '' or message_ru = message_en order by 1),
  '{}', 'every catalogued code has an English and a (different) Russian message');
select is(
  array(select code from private.error_codes e
        where array(select m[1] from regexp_matches(e.message_en, '\{(\w+)\}', 'g') m order by 1)
           <> array(select m[1] from regexp_matches(e.message_ru, '\{(\w+)\}', 'g') m order by 1)
        order by 1),
  '{}', 'the Russian and English messages of a code use the same {params}');
select ok(not has_table_privilege('authenticated', 'private.error_codes', 'insert')
          and not has_table_privilege('anon', 'private.error_codes', 'select'),
  'the catalogue is written by migrations only (the app reads the exported JSON)');
select is((select http_status from private.error_codes where code = 'rate_limited'), 429::smallint,
  'rate_limited answers 429');

select * from finish();
rollback;
