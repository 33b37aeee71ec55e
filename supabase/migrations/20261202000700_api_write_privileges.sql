-- What the API roles may write is granted table by table, column by column, never by default.
-- Supabase's default privileges grant anon and authenticated ALL on every new table in `public`
-- (RLS then decides rows); but RLS cannot stop a client from setting a column the server maintains
-- (a counter, a status, an owner, a timestamp) on a row it may otherwise write. So tables created
-- from now on start with no INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES or TRIGGER for the API
-- roles, and each migration grants exactly the columns a client may set:
--   grant insert (title, body) on public.things to authenticated;
-- TRUNCATE, REFERENCES and TRIGGER are never needed by a client: taken from every existing table.
-- supabase/tests/database/api_surface.test.sql lists every writable column and fails on any other.
alter default privileges for role postgres in schema public
  revoke insert, update, delete, truncate, references, trigger on tables from anon, authenticated;
revoke truncate, references, trigger on all tables in schema public from anon, authenticated;
