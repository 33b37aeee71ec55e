-- The platform our schema stands on behaves as Supabase's does (facts in
-- ../shared/reference/supabase-platform-facts.md). Passes against the local stand-in and against
-- a real `supabase start`, which is how the stand-in is kept faithful.
begin;
select plan(27);

-- Roles
select ok(not rolsuper and rolbypassrls and rolcreaterole and rolcreatedb, 'postgres is not a superuser but bypasses RLS, as in Studio')
from pg_roles where rolname = 'postgres';
select ok(not rolbypassrls and not rolcanlogin, 'anon cannot log in and does not bypass RLS') from pg_roles where rolname = 'anon';
select ok(not rolbypassrls and not rolcanlogin, 'authenticated cannot log in and does not bypass RLS') from pg_roles where rolname = 'authenticated';
select ok(rolbypassrls, 'service_role bypasses RLS') from pg_roles where rolname = 'service_role';
select ok(pg_has_role('authenticator', 'authenticated', 'member') and pg_has_role('authenticator', 'anon', 'member'),
  'authenticator can switch to anon and authenticated');
select ok(pg_has_role('postgres', 'authenticated', 'member'), 'postgres can act as authenticated (set local role)');

-- Default privileges: a new table in public is fully granted to the API roles
create table public.stand_in_probe (id int primary key);
select ok(has_table_privilege('anon', 'public.stand_in_probe', 'select, insert, update, delete'),
  'a table postgres creates in public is granted to anon by default');
select ok(has_table_privilege('authenticated', 'public.stand_in_probe', 'select, insert, update, delete'),
  'a table postgres creates in public is granted to authenticated by default');

-- auth helpers
select is(auth.uid(), null, 'auth.uid() is null without claims');
select set_config('request.jwt.claims', '{"sub":"a1b2c3d4-0000-4000-8000-000000000001","role":"authenticated","email":"x@y.z"}', true);
select is(auth.uid(), 'a1b2c3d4-0000-4000-8000-000000000001'::uuid, 'auth.uid() reads sub from request.jwt.claims');
select is(auth.role(), 'authenticated', 'auth.role() reads role from request.jwt.claims');
select is(auth.email(), 'x@y.z', 'auth.email() reads email from request.jwt.claims');
select is(auth.jwt() ->> 'sub', 'a1b2c3d4-0000-4000-8000-000000000001', 'auth.jwt() returns the claims');
select set_config('request.jwt.claim.sub', 'a1b2c3d4-0000-4000-8000-000000000002', true);
select is(auth.uid(), 'a1b2c3d4-0000-4000-8000-000000000002'::uuid, 'the legacy request.jwt.claim.sub wins when set');
select set_config('request.jwt.claim.sub', '', true);
select set_config('request.jwt.claims', '', true);
select ok(not has_table_privilege('authenticated', 'auth.users', 'select'), 'auth.users is not granted to authenticated');

-- storage helpers and the direct-delete guard
select is(storage.foldername('a/b/c.png'), array['a', 'b'], 'storage.foldername lists the folders');
select is(storage.foldername('c.png'), '{}'::text[], 'storage.foldername of a bare file name is empty');
select is(storage.filename('a/b/c.png'), 'c.png', 'storage.filename is the last segment');
select is(storage.extension('a/b/c.tar.gz'), 'gz', 'storage.extension is the text after the last dot');
select is(storage.extension('noext'), 'noext', 'storage.extension of a name without a dot is the name');
insert into storage.buckets (id, name) values ('stand-in-probe', 'stand-in-probe');
insert into storage.objects (bucket_id, name) values ('stand-in-probe', 'u/x.png');
select is((select path_tokens from storage.objects where bucket_id = 'stand-in-probe'), array['u', 'x.png'], 'path_tokens is generated from the name');
select throws_ok($$delete from storage.objects where bucket_id = 'stand-in-probe'$$, '42501', null,
  'direct SQL deletes from storage.objects are refused');

-- realtime.send and broadcast_changes
select realtime.send('{"hello":"world"}', 'greeting', 'stand-in:probe');
select results_eq(
  $$select event, private, extension, payload ->> 'hello', payload ? 'id' from realtime.messages where topic = 'stand-in:probe'$$,
  $$values ('greeting', true, 'broadcast', 'world', true)$$,
  'realtime.send writes one private broadcast row with an id in the payload');
select is(realtime.topic(), 'stand-in:probe', 'realtime.topic() is the topic realtime.send set for the transaction');
set local role authenticated;
select realtime.send('{"x":1}', 'refused', 'stand-in:probe-rls');
reset role;
select is((select count(*)::int from realtime.messages where topic = 'stand-in:probe-rls'), 0,
  'realtime.send swallows an RLS refusal (no row, no error)');
select throws_ok($$select realtime.broadcast_changes('t', 'e', 'TRUNCATE', 'x', 'public', null, null)$$, 'P0001', null,
  'realtime.broadcast_changes refuses an operation other than INSERT, UPDATE or DELETE');
select ok(exists (select 1 from pg_publication where pubname = 'supabase_realtime'), 'publication supabase_realtime exists');

select * from finish();
rollback;
