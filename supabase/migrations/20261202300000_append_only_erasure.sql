-- The append-only tables (public.audit_log, public.credit_ledger) and account deletion.
-- Their rows are never changed or deleted, by anyone: not by the API roles (no privileges), not by
-- the service role (it used to be let through), not by Studio's `postgres` (the table owner, but
-- the trigger below refuses its statements too). There is exactly one exception, the account
-- deletion: when an account is deleted, the references to it in these rows are cleared (the rows
-- stay: amounts, reasons and actions are the project's accounting and accountability).
--
-- How the trigger recognises the account deletion: private.erase_account_content(), the BEFORE
-- DELETE trigger on auth.users (next migration), records the id in the transaction-local setting
-- `questcity.erased_accounts`; private.erased_accounts() returns the ids recorded there whose
-- auth.users row is already gone in this transaction. An UPDATE of an append-only row is accepted
-- only when it moves the row towards private.erase_account_references(row, those ids) and changes
-- nothing else; the trigger then stores exactly that anonymised row. Setting the marker by hand
-- achieves nothing: an id whose account still exists is ignored, and references to an account
-- that no longer exists are cleared in the same transaction as its deletion.
--
-- What is cleared (docs/auth-and-profiles.md#what-happens-to-the-data):
-- - credit_ledger: user_id (the owner; with it the free-text note, which may be about them) and
--   created_by (who caused a movement of someone else's credits);
-- - audit_log: actor_id, target_id when the target is the account itself (bans, roles, grants),
--   and in before/after every top-level value equal to the account's id (e.g. a moderated
--   message's sender_id).

-- Each append-only table refuses with the code <table>_is_append_only (catalogued with the table).
insert into private.error_codes (code, http_status, message_en, message_ru) values
  ('audit_log_is_append_only', 403, 'Audit rows are never changed or deleted.', 'Записи журнала аудита нельзя изменять или удалять.'),
  ('credit_ledger_is_append_only', 403, 'Credit movements are never changed or deleted.', 'Движения кредитов нельзя изменять или удалять.');

-- The ledger keeps a deleted account's movements without their owner; the audit log keeps actions
-- on a deleted account without naming it.
alter table public.credit_ledger alter column user_id drop not null;
alter table public.credit_ledger drop constraint credit_ledger_user_id_fkey,
  add constraint credit_ledger_user_id_fkey foreign key (user_id) references auth.users (id) on delete set null;
comment on column public.credit_ledger.user_id is 'Whose credits moved; null once that account was deleted (the movement stays, without its owner).';
comment on column public.credit_ledger.note is 'Free text, e.g. the reason staff gave for a grant; cleared with user_id when the owner''s account is deleted.';
comment on column public.credit_ledger.created_by is 'Who caused it: the user, or the staff member who granted or decided; null once that account was deleted.';

alter table public.audit_log alter column target_id drop not null;
comment on column public.audit_log.target_id is 'The id of the row acted upon (text: ids are uuids or numbers); null when the target was an account that has since been deleted.';
comment on column public.audit_log.before is 'The relevant fields before the action (null for creations); a deleted account''s id is cleared from it.';
comment on column public.audit_log.after is 'The relevant fields after the action (null for deletions); a deleted account''s id is cleared from it.';

create function private.erased_accounts()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  listed uuid[];
begin
  begin
    listed := string_to_array(nullif(current_setting('questcity.erased_accounts', true), ''), ',')::uuid[];
  exception when invalid_text_representation then
    return '{}';
  end;
  return array(select a from unnest(listed) a where not exists (select 1 from auth.users u where u.id = a));
end;
$$;
comment on function private.erased_accounts() is
  'Accounts deleted in this transaction: the ids recorded by the account deletion (setting questcity.erased_accounts) whose auth.users row is gone. Ids of existing accounts are ignored, whoever recorded them.';

create function private.erase_account_references(table_name text, entry jsonb, accounts uuid[])
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select case table_name
    when 'credit_ledger' then entry
      || case when entry ->> 'user_id' = any (accounts::text[]) then '{"user_id": null, "note": null}'::jsonb else '{}' end
      || case when entry ->> 'created_by' = any (accounts::text[]) then '{"created_by": null}'::jsonb else '{}' end
    when 'audit_log' then entry
      || case when entry ->> 'actor_id' = any (accounts::text[]) then '{"actor_id": null}'::jsonb else '{}' end
      || case when entry ->> 'target_id' = any (accounts::text[]) then '{"target_id": null}'::jsonb else '{}' end
      || jsonb_build_object(
           'before', case when jsonb_typeof(entry -> 'before') = 'object'
                          then (select coalesce(jsonb_object_agg(e.key, case when e.value #>> '{}' = any (accounts::text[]) then 'null'::jsonb else e.value end), '{}')
                                from jsonb_each(entry -> 'before') e)
                          else entry -> 'before' end,
           'after', case when jsonb_typeof(entry -> 'after') = 'object'
                         then (select coalesce(jsonb_object_agg(e.key, case when e.value #>> '{}' = any (accounts::text[]) then 'null'::jsonb else e.value end), '{}')
                               from jsonb_each(entry -> 'after') e)
                         else entry -> 'after' end)
    else entry
  end;
$$;
comment on function private.erase_account_references(text, jsonb, uuid[]) is
  'The row (as jsonb) of an append-only table with every reference to the given deleted accounts cleared: credit_ledger user_id (+ note) and created_by; audit_log actor_id, target_id and top-level before/after values equal to an account id.';

create or replace function private.refuse_append_only_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  erased uuid[];
  stored jsonb;
  wanted jsonb;
begin
  if tg_op = 'UPDATE' then
    erased := private.erased_accounts();
    if cardinality(erased) > 0 then
      stored := to_jsonb(old);
      wanted := private.erase_account_references(tg_table_name, stored, erased);
      -- Accepted only when the row names a deleted account and the statement changes nothing
      -- but (some of) the references the erasure clears; the whole erasure is then stored.
      if wanted <> stored and not exists (
        select 1 from jsonb_each(to_jsonb(new)) asked
        where asked.value is distinct from stored -> asked.key and asked.value is distinct from wanted -> asked.key
      ) then
        return jsonb_populate_record(new, wanted);
      end if;
    end if;
  end if;
  -- audit_log_is_append_only, credit_ledger_is_append_only, … (one catalogued code per table).
  perform private.refuse(tg_table_name || '_is_append_only', jsonb_build_object('operation', lower(tg_op)));
  return null;
end;
$$;
comment on function private.refuse_append_only_change() is
  'Trigger of the append-only tables (audit_log, credit_ledger, …): refuses every UPDATE, DELETE and TRUNCATE with <table>_is_append_only, whoever runs it (service role and Studio''s postgres included), except the account deletion clearing a deleted account''s references (private.erase_account_references).';

revoke execute on function private.erased_accounts(), private.erase_account_references(text, jsonb, uuid[]),
  private.refuse_append_only_change() from public;
