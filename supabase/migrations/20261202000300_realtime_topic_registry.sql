-- Realtime topics, one registry. A private channel's topic is `<family>:<key>`; Realtime asks the
-- policies on realtime.messages whether the caller may receive (select) or send (insert) on it,
-- and both policies dispatch on the family through private.realtime_topic_families to one small
-- function of the feature that owns it: (key text, extension text) → boolean. A family without a
-- send function is written by the database only: its events can be trusted by the app, because
-- no client can send on it. Client events (typing, presence, live positions) get families of
-- their own. Database events are sent with private.broadcast(topic, event, payload).
-- A feature adds a topic family with one insert here; see docs/realtime.md.

create table private.realtime_topic_families (
  family text primary key check (family ~ '^[a-z][a-z0-9-]*$'),
  can_receive text not null check (can_receive ~ '^private\.[a-z_][a-z0-9_]*$'),
  can_send text check (can_send ~ '^private\.[a-z_][a-z0-9_]*$'),
  description text not null
);
comment on table private.realtime_topic_families is
  'Realtime topic families: who may receive (can_receive) and send (can_send; null = only the database) on <family>:<key>.';
comment on column private.realtime_topic_families.family is 'The part of the topic before the first colon.';
comment on column private.realtime_topic_families.can_receive is 'Name of a function private.<name>(key text, extension text) → boolean: may the caller receive?';
comment on column private.realtime_topic_families.can_send is 'Name of a function private.<name>(key text, extension text) → boolean: may the caller send? Null: nobody but the database.';
comment on column private.realtime_topic_families.description is 'What travels on the family and who may take part.';
alter table private.realtime_topic_families enable row level security;
revoke all on private.realtime_topic_families from public, anon, authenticated, service_role;

create function private.topic_rule(topic text, extension text, sending boolean)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  entry private.realtime_topic_families;
  rule text;
  allowed boolean;
begin
  if topic is null or position(':' in topic) = 0 then
    return false;
  end if;
  select * into entry from private.realtime_topic_families f where f.family = split_part(topic, ':', 1);
  rule := case when sending then entry.can_send else entry.can_receive end;
  if rule is null then
    return false;
  end if;
  -- The name matched ^private\.[a-z_][a-z0-9_]*$ when it was stored: safe to splice.
  execute format('select %s($1, $2)', rule) into allowed
    using substr(topic, char_length(entry.family) + 2), extension;
  return coalesce(allowed, false);
end;
$$;
comment on function private.topic_rule(text, text, boolean) is 'Looks up the topic''s family and asks its receive or send function; unknown families and database-only sends are refused.';

create or replace function private.can_receive_topic(topic text, extension text)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return private.topic_rule(topic, extension, false);
end;
$$;
comment on function private.can_receive_topic(text, text) is
  'May the caller receive on this Realtime topic (extension broadcast or presence)? Dispatched to the family''s can_receive (private.realtime_topic_families).';

create or replace function private.can_send_topic(topic text, extension text)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return private.topic_rule(topic, extension, true);
end;
$$;
comment on function private.can_send_topic(text, text) is
  'May the caller send on this Realtime topic? Dispatched to the family''s can_send; families without one are database-only.';

create function private.broadcast(topic text, event text, payload jsonb)
returns void
language sql
security definer
set search_path = ''
as $$
  select realtime.send(payload, event, topic, true);
$$;
comment on function private.broadcast(text, text, jsonb) is
  'Sends a database event on a private topic (as postgres, so no client policy is involved). The one way features broadcast.';

-- user:<user id>: notifications for one user, from the database only.
create function private.user_topic_can_receive(key text, extension text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select extension = 'broadcast' and key = auth.uid()::text;
$$;
comment on function private.user_topic_can_receive(text, text) is 'user:<id>: only that user receives (broadcast).';

-- chat:<chat id>: as before this registry (members receive; members who may post send typing and
-- presence). The chats feature narrows it (database events only) in its own migration.
create function private.chat_topic_can_receive(key text, extension text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select key ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
     and extension in ('broadcast', 'presence') and private.is_chat_member(key::uuid);
$$;
comment on function private.chat_topic_can_receive(text, text) is 'chat:<id>: current members receive.';

create function private.chat_topic_can_send(key text, extension text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select key ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
     and extension in ('broadcast', 'presence') and private.can_post_in(key::uuid);
$$;
comment on function private.chat_topic_can_send(text, text) is 'chat:<id>: members who may post send.';

insert into private.realtime_topic_families (family, can_receive, can_send, description) values
  ('user', 'private.user_topic_can_receive', null,
   'Notifications of one user (event notification), sent by the database only.'),
  ('chat', 'private.chat_topic_can_receive', 'private.chat_topic_can_send',
   'Messages of a chat (database) and typing/presence (members).');

-- Only the two policy entry points (can_receive_topic / can_send_topic, granted to authenticated
-- when they were created) are executable by the API roles: they are definer functions, so the
-- family functions they dispatch to run as their owner and need no grant.
revoke execute on function private.topic_rule(text, text, boolean), private.broadcast(text, text, jsonb),
  private.user_topic_can_receive(text, text), private.chat_topic_can_receive(text, text),
  private.chat_topic_can_send(text, text) from public;
