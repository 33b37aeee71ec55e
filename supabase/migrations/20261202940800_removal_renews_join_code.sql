-- Removing a member renews the team's join code (found by the probe of main): the removed member
-- knew the code (members read it) and joined straight back with it, so the owner's removal held
-- for one call. Now remove_team_member gives the team a new code in the same transaction (as
-- renew_team_code does; the members read it with team_detail / my_teams), so the removed member
-- comes back only if the owner invites them or shares the new code. Leaving of one's own accord
-- keeps the code.
create or replace function private.remove_team_member(team uuid, member uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  team_name text;
begin
  perform private.require_team_role(team, true);
  if member is null or member = auth.uid() then
    perform private.refuse('invalid_member');  -- leave_team is the way out
  end if;
  select t.name into team_name from public.teams t where t.id = team for update;
  perform private.drop_team_member(team, member);
  update public.teams t set join_code = private.new_join_code() where t.id = team and t.join_code is not null;
  perform private.notify(member, 'team_removed', jsonb_build_object('team_id', team, 'team_name', team_name, 'by', auth.uid()));
end;
$$;
comment on function private.remove_team_member(uuid, uuid) is
  'The owner removes a member (notified: team_removed); the team gets a new join code, so the removed member cannot rejoin with the old one. Refuses forbidden, team_not_found, not_team_owner, invalid_member, member_not_found.';
comment on function public.remove_team_member(uuid, uuid) is
  'RPC (owner): remove a member (notified: team_removed); the join code is renewed. Errors: forbidden, team_not_found, not_team_owner, invalid_member, member_not_found.';
