-- The error catalogue (private.error_codes) and private.refuse(): every code the database raises
-- is catalogued with its status and both languages; refuse() raises what PostgREST turns into the
-- documented response (status from SQLSTATE PT<status>, message = code, details = English text,
-- hint = params as JSON).
begin;
select plan(10);

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

-- Every code raised anywhere in our functions is in the catalogue.
create temporary table raised_codes on commit drop as
with sources as (
  select p.oid::regprocedure::text as fn, p.prosrc
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname in ('public', 'private')
)
select distinct fn, m[1] as code from sources, regexp_matches(prosrc, $re$errcode\s*=\s*'PT\d{3}'\s*,\s*message\s*=\s*'([a-z0-9_]+)'$re$, 'g') m
union
select distinct fn, m[1] from sources, regexp_matches(prosrc, $re$private\.refuse\(\s*'([a-z0-9_]+)'$re$, 'g') m
union
select distinct fn, m[1] from sources, regexp_matches(prosrc, $re$private\.purchase_refusal\(\s*'([a-z0-9_]+)'$re$, 'g') m;

select cmp_ok((select count(*)::int from raised_codes), '>', 30, 'the scan finds the codes our functions raise');
select is(
  array(select format('%s raises %s', fn, code) from raised_codes
        where code not in (select e.code from private.error_codes e) order by 1),
  '{}', 'every code raised by a function in public or private is in the error catalogue');
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
