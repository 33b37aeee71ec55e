-- Platform stand-in, part 5: what Realtime keeps in the database for Broadcast from the database
-- and private channels: realtime.messages, realtime.topic(), realtime.send(),
-- realtime.broadcast_changes(), and the publications.
-- Mirrors supabase/realtime tenant migrations (Realtime v2.15x; CLI 3.1.0 runs v2.154.0),
-- supabase/postgres 00000000000003-realtime-schema / update-realtime-permissions, and
-- docs/supabase-platform.md, section 7.
-- LOCAL WORK AND TESTS ONLY: loaded by `supabase_admin`; never pushed.
--
-- Not reproduced: the Realtime server (sockets, channel joins, daily partition management),
-- Postgres Changes internals (realtime.subscription, apply_rls, list_changes, …), send_binary().
-- Difference: the service creates one partition per day and no default partition; here a DEFAULT
-- partition takes every row so that send() works without the service (were the real service
-- pointed at this database, it could not add a daily partition over rows already stored here).

create schema realtime authorization supabase_admin;
comment on schema realtime is 'Supabase Realtime: broadcast messages and channel authorization.';
grant usage on schema realtime to anon, authenticated, service_role;
grant usage on schema realtime to postgres with grant option;
grant all on schema realtime to supabase_realtime_admin with grant option;
-- Whatever supabase_admin (the Realtime migrations) creates here is fully granted to postgres.
alter default privileges for role supabase_admin in schema realtime
  grant all on tables to postgres, dashboard_user;
alter default privileges for role supabase_admin in schema realtime
  grant all on sequences to postgres, dashboard_user;
alter default privileges for role supabase_admin in schema realtime
  grant all on routines to postgres, dashboard_user;

-- Postgres Changes: tables are added to it with `alter publication supabase_realtime add table …`.
create publication supabase_realtime;
comment on publication supabase_realtime is 'Postgres Changes: created empty; add tables to stream their changes.';

create table realtime.messages (
  topic text not null,
  extension text not null,
  payload jsonb null,
  event text null,
  private boolean null default false,
  updated_at timestamp without time zone not null default now(),
  inserted_at timestamp without time zone not null default now(),
  id uuid not null default gen_random_uuid(),
  binary_payload bytea null,
  constraint messages_pkey primary key (id, inserted_at),
  constraint messages_payload_exclusive check (payload is null or binary_payload is null)
) partition by range (inserted_at);
comment on table realtime.messages is 'Broadcast messages (one row per send) and the table Realtime probes with the caller''s role to authorize private channels.';
comment on column realtime.messages.topic is 'Channel topic, e.g. chat:42; realtime.topic() inside policies.';
comment on column realtime.messages.extension is 'broadcast or presence.';
comment on column realtime.messages.private is 'True for private channels (authorized by the policies on this table).';
create index messages_topic_index on realtime.messages using btree (topic);
create index messages_inserted_at_topic_index on realtime.messages using btree (inserted_at desc, topic)
  where extension = 'broadcast' and private is true;
alter table realtime.messages enable row level security;

create table realtime.messages_default partition of realtime.messages default;
comment on table realtime.messages_default is 'Stand-in only: catch-all partition replacing the daily partitions the Realtime service manages.';
alter table realtime.messages_default enable row level security;

-- Realtime streams realtime.messages through its own publication (it creates it on first use).
create publication supabase_realtime_messages_publication for table realtime.messages;
comment on publication supabase_realtime_messages_publication is 'Broadcast from the database: Realtime reads new realtime.messages rows from it.';

create function realtime.topic()
returns text
language sql
stable
as $$
  select nullif(pg_catalog.current_setting('realtime.topic', true), '')::text
$$;
comment on function realtime.topic() is 'Topic of the channel being authorized or broadcast to (realtime.topic setting); use it in realtime.messages policies.';

-- Broadcasts a message to a topic: one row in realtime.messages, inserted with the caller's rights
-- (security invoker: RLS applies). A failure, an RLS refusal included, never aborts the caller's
-- transaction: it becomes a WARNING and the message is lost.
create function realtime.send(payload jsonb, event text, topic text, private boolean default true)
returns void
language plpgsql
as $$
declare
  message_id uuid := gen_random_uuid();
  message_payload jsonb;
begin
  begin
    message_payload := case
      when payload ? 'id' then payload
      else jsonb_set(payload, '{id}', to_jsonb(message_id))
    end;
    perform pg_catalog.set_config('realtime.topic', topic, true);
    insert into realtime.messages (id, payload, event, topic, private, extension)
    values (message_id, message_payload, send.event, send.topic, send.private, 'broadcast');
  exception when others then
    raise warning 'WarnSendingBroadcastMessage: %', sqlerrm;
  end;
end
$$;
comment on function realtime.send(jsonb, text, text, boolean) is 'Broadcasts payload as event to topic (private by default); adds an id to the payload; errors become warnings.';

-- Trigger helper: broadcasts a row change as {old_record, record, operation, table, schema}.
create function realtime.broadcast_changes(
  topic_name text,
  event_name text,
  operation text,
  table_name text,
  table_schema text,
  new record,
  old record,
  level text default 'ROW'
)
returns void
language plpgsql
as $$
begin
  if level = 'STATEMENT' then
    raise exception 'Failed to process the row: function can only be triggered for each row, not for each statement';
  end if;
  if operation is null or operation not in ('INSERT', 'UPDATE', 'DELETE') then
    raise exception 'Failed to process the row: Unexpected operation type: %', operation;
  end if;
  perform realtime.send(
    jsonb_build_object(
      'old_record', old,
      'record', new,
      'operation', operation,
      'table', table_name,
      'schema', table_schema
    ),
    event_name,
    topic_name,
    true
  );
end
$$;
comment on function realtime.broadcast_changes(text, text, text, text, text, record, record, text) is 'Call from a row trigger: broadcasts {old_record, record, operation, table, schema} privately to topic_name.';

-- Everything belongs to Realtime.
alter table realtime.messages owner to supabase_realtime_admin;
alter table realtime.messages_default owner to supabase_realtime_admin;
alter function realtime.topic() owner to supabase_realtime_admin;
alter function realtime.send(jsonb, text, text, boolean) owner to supabase_realtime_admin;
alter function realtime.broadcast_changes(text, text, text, text, text, record, record, text) owner to supabase_realtime_admin;

-- The API roles read, write and update messages under RLS; postgres gets everything.
grant select, insert, update on realtime.messages to anon, authenticated, service_role;
grant all on realtime.messages, realtime.messages_default to postgres, dashboard_user;
