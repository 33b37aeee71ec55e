-- The audit log: every staff action (role changes, bans, publishing, moderation, credit grants, …)
-- leaves one row: who, on what, what, why, when, before/after. Insert-only: rows are written by
-- private.audit() from inside the definer functions that perform the action; nobody updates or
-- deletes them (a trigger refuses it to everyone but the service role). Readable with audit.read.

create table public.audit_log (
  id bigint generated always as identity primary key,
  actor_id uuid references auth.users (id) on delete set null,
  action text not null check (action ~ '^[a-z_]+\.[a-z_]+$'),
  target_table text not null,
  target_id text not null,
  reason text,
  before jsonb,
  after jsonb,
  created_at timestamptz not null default now()
);
comment on table public.audit_log is
  'Insert-only record of staff actions, written by private.audit(). Readable by holders of audit.read (admins).';
comment on column public.audit_log.actor_id is 'Who acted (null once that account is deleted, or for the system).';
comment on column public.audit_log.action is 'What was done, as <subject>.<verb>: role.grant, user.ban, quest.publish, review.hide, …';
comment on column public.audit_log.target_table is 'The table of the row acted upon, e.g. public.quests.';
comment on column public.audit_log.target_id is 'The id of the row acted upon (text: ids are uuids or numbers).';
comment on column public.audit_log.reason is 'The reason the staff member gave.';
comment on column public.audit_log.before is 'The relevant fields before the action (null for creations).';
comment on column public.audit_log.after is 'The relevant fields after the action (null for deletions).';
comment on column public.audit_log.created_at is 'When.';

create index audit_log_actor_id_idx on public.audit_log (actor_id);
create index audit_log_target_idx on public.audit_log (target_table, target_id);
create index audit_log_created_at_idx on public.audit_log (created_at desc);

alter table public.audit_log enable row level security;
revoke all on public.audit_log from anon;
revoke insert, update, delete, truncate on public.audit_log from authenticated;

create policy audit_log_select on public.audit_log
  for select to authenticated
  using ((select private.authorize('audit.read')));
comment on policy audit_log_select on public.audit_log is 'Only holders of audit.read (admins) read the audit log.';

create function private.refuse_append_only_change()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user = 'service_role' then
    return coalesce(new, old);
  end if;
  raise exception using errcode = 'PT403', message = tg_table_name || '_is_append_only',
    detail = format('Rows of %s cannot be changed or deleted.', tg_table_name);
end;
$$;
comment on function private.refuse_append_only_change() is
  'Trigger for append-only tables (audit log, credit ledger): refuses update, delete and truncate to everyone but the service role, Studio''s postgres included.';

create trigger refuse_change
  before update or delete on public.audit_log
  for each row execute function private.refuse_append_only_change();
create trigger refuse_truncate
  before truncate on public.audit_log
  for each statement execute function private.refuse_append_only_change();

create function private.audit(
  action text,
  target_table text,
  target_id text,
  reason text default null,
  before jsonb default null,
  after jsonb default null
)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into public.audit_log (actor_id, action, target_table, target_id, reason, before, after)
  values (auth.uid(), action, target_table, target_id, reason, before, after);
$$;
comment on function private.audit(text, text, text, text, jsonb, jsonb) is
  'Writes one audit row for the caller. Called only from definer functions that perform staff actions; not executable by API roles.';

revoke execute on function private.audit(text, text, text, text, jsonb, jsonb) from public;
revoke execute on function private.refuse_append_only_change() from public;
