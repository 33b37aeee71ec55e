-- A team's chat is named after the team (probe of main: the team owner, who owns the team chat,
-- renamed it through `chats` and it no longer matched the team). The team chat's title changes
-- only with the team's name (update_team renames both in one transaction); any other rename is
-- team_chat_title. The group picture stays the chat owner's to change.

insert into private.error_codes (code, http_status, message_en, message_ru) values
  ('team_chat_title', 409, 'The team chat is named after the team: rename the team instead.',
   'Чат команды называется как команда: переименуйте команду.');

create function private.guard_team_chat_title()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (select 1 from public.teams t where t.chat_id = new.id and t.name is distinct from new.title) then
    perform private.refuse('team_chat_title');
  end if;
  return new;
end;
$$;
comment on function private.guard_team_chat_title() is
  'Trigger on chats: a team''s chat keeps the team''s name as its title (team_chat_title); update_team renames both.';
revoke execute on function private.guard_team_chat_title() from public;
create trigger guard_team_chat_title before update of title on public.chats
  for each row when (new.title is distinct from old.title) execute function private.guard_team_chat_title();
comment on trigger guard_team_chat_title on public.chats is 'A team chat''s title follows the team''s name.';
