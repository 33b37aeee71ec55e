-- Teams (issue 14): created with a code and a group chat; joined by a friend's invitation or by the
-- code (an unknown code is a counted answer); bans, blocks and the size cap respected; leave, remove,
-- hand over, disband; the team chat follows the team and cannot be joined or left on its own.
begin;
select plan(58);

select tests.create_user('to_owner');
select tests.create_user('to_friend');
select tests.create_user('to_second');
select tests.create_user('to_stranger');
select tests.create_user('to_blocked');
select tests.create_user('to_banned');
insert into public.friendships (user_low, user_high)
select least(tests.get_user_id('to_owner'), tests.get_user_id(f)), greatest(tests.get_user_id('to_owner'), tests.get_user_id(f))
from unnest(array['to_friend', 'to_second', 'to_blocked', 'to_banned']) f;
insert into public.user_bans (user_id, reason) values (tests.get_user_id('to_banned'), 'spam');

-- Creating.
select tests.authenticate_as('to_owner');
select throws_ok($$select public.create_team('   ')$$, 'PT400', 'field_required', 'a blank name is refused with a code');
select throws_ok($$select public.create_team(repeat('x', 65))$$, 'PT400', 'invalid_length', 'a name over 64 characters is refused');
select throws_ok($$select public.create_team('Bad' || chr(7))$$, 'PT400', 'invalid_characters', 'control characters are refused');
select throws_ok($$select public.create_team('Foxes', 11)$$, 'PT400', 'out_of_range', 'max_members above the setting (10) is refused');
select throws_ok($$select public.create_team('Foxes', 1)$$, 'PT400', 'out_of_range', 'a team has room for at least 2');
create temporary table team as select * from public.create_team('  Foxes  ', 3);
grant select on team to authenticated;
select is((select name from team), 'Foxes', 'a team is created with its name trimmed');
select ok((select join_code ~ '^[A-HJ-NP-Z2-9]{8}$' from team), 'it gets an 8-character join code');
select results_eq($$select c.kind::text, c.title from public.chats c where c.id = (select chat_id from team)$$,
  $$values ('group', 'Foxes')$$, 'and a group chat named like it');
select results_eq($$select role::text from public.chat_members where chat_id = (select chat_id from team)$$,
  $$values ('owner')$$, 'whose owner is the team''s owner');
select results_eq($$select role::text from public.team_members where team_id = (select id from team)$$, $$values ('owner')$$,
  'the creator is the owner');

-- Invitations: friends only, never twice.
select throws_ok(format($$select public.invite_to_team('%s', '%s')$$, (select id from team), tests.get_user_id('to_stranger')),
  'PT403', 'not_friends', 'only friends are invited');
select throws_ok(format($$select public.invite_to_team('%s', '%s')$$, (select id from team), tests.get_user_id('to_owner')),
  'PT400', 'invalid_member', 'nobody invites themselves');
select lives_ok(format($$select public.invite_to_team('%s', '%s')$$, (select id from team), tests.get_user_id('to_friend')),
  'the owner invites a friend');
select throws_ok(format($$select public.invite_to_team('%s', '%s')$$, (select id from team), tests.get_user_id('to_friend')),
  'PT409', 'already_invited', 'not twice');
select tests.authenticate_as('to_friend');
select is((select kind::text from public.notifications where user_id = auth.uid() order by created_at desc limit 1), 'team_invite',
  'the friend is notified');
select is((select (public.my_team_invitations() -> 'items' -> 0 ->> 'team_name')), 'Foxes', 'and finds the invitation in their list');
select throws_ok(format($$select public.invite_to_team('%s', '%s')$$, (select id from team), tests.get_user_id('to_second')),
  'PT404', 'team_not_found', 'a team one is not in does not exist for them');
select lives_ok(format($$select public.accept_team_invite('%s')$$, (select id from team)), 'the friend accepts');
select is((select count(*)::int from public.team_members where team_id = (select id from team)), 2, 'and is a member');
select is((select count(*)::int from public.chat_members where chat_id = (select chat_id from team)), 2, 'and in the team chat');
select throws_ok(format($$select public.accept_team_invite('%s')$$, (select id from team)), 'PT404', 'invitation_not_found',
  'an invitation is used once');
select throws_ok(format($$select public.invite_to_team('%s', '%s')$$, (select id from team), tests.get_user_id('to_second')),
  'PT403', 'not_team_owner', 'a member does not invite');

-- Joining by code: unknown codes are answers (counted), blocks and bans refuse, the cap holds.
select tests.authenticate_as('to_stranger');
select results_eq($$select (r ->> 'joined')::boolean, r ->> 'refusal' from public.join_team('ZZZZZZZZ') r$$,
  $$values (false, 'join_code_not_found')$$, 'an unknown code is an answer, not an error');
select throws_ok($$select public.join_team(repeat('A', 33))$$, 'PT400', 'invalid_parameter', 'an absurd code is bad input');
select tests.clear_authentication();
select is((select count(*)::int from private.rate_limit_hits where action = 'teams.join' and subject = 'user:' || tests.get_user_id('to_stranger')),
  1, 'the wrong guess stays counted (teams.join)');
insert into public.blocks (blocker_id, blocked_id) values (tests.get_user_id('to_friend'), tests.get_user_id('to_blocked'));
select tests.authenticate_as('to_blocked');
select throws_ok(format($$select public.join_team('%s')$$, (select join_code from team)), 'PT403', 'blocked',
  'nobody joins a team in which someone blocked them');
select tests.authenticate_as('to_banned');
select throws_ok(format($$select public.join_team('%s')$$, (select join_code from team)), 'PT403', 'forbidden', 'a banned user cannot join');
select tests.authenticate_as('to_stranger');
select results_eq(format($$select (r ->> 'joined')::boolean, r #>> '{team,name}' from public.join_team('%s') r$$, lower((select join_code from team))),
  $$values (true, 'Foxes')$$, 'the right code (any case) joins the team');
select throws_ok(format($$select public.join_team('%s')$$, (select join_code from team)), 'PT409', 'already_team_member', 'not twice');
select tests.authenticate_as('to_second');
select throws_ok(format($$select public.join_team('%s')$$, (select join_code from team)), 'PT409', 'team_full',
  'a full team (3 of 3) refuses');
select tests.authenticate_as('to_owner');
select throws_ok(format($$select public.invite_to_team('%s', '%s')$$, (select id from team), tests.get_user_id('to_second')),
  'PT409', 'team_full', 'and takes no invitation');
select throws_ok(format($$select public.update_team('%s', null, 2)$$, (select id from team)), 'PT400', 'out_of_range',
  'the size cannot go below the members');
select lives_ok(format($$select public.update_team('%s', 'Red Foxes', 4)$$, (select id from team)), 'the owner renames and resizes');
select is((select title from public.chats where id = (select chat_id from team)), 'Red Foxes', 'the chat follows the name');

-- The team chat follows the team.
select throws_ok(format($$select public.leave_chat('%s')$$, (select chat_id from team)), 'PT409', 'team_chat_membership',
  'a member does not leave the team chat on its own');
select throws_ok(format($$select public.add_chat_member('%s', '%s')$$, (select chat_id from team), tests.get_user_id('to_second')),
  'PT409', 'team_chat_membership', 'nor adds someone who is not in the team');
select tests.authenticate_as('to_stranger');
select lives_ok(format($$insert into public.messages (chat_id, body) values ('%s', 'Hi team')$$, (select chat_id from team)),
  'a member who joined by code writes in the team chat (no friendship needed in a group)');

-- Renewing the code.
select tests.authenticate_as('to_owner');
create temporary table old_code as select join_code from team;
select lives_ok(format($$select public.renew_team_code('%s')$$, (select id from team)), 'the owner renews the code');
select isnt((select join_code from public.teams where id = (select id from team)), (select join_code from old_code), 'to a new one');
select tests.authenticate_as('to_second');
select results_eq(format($$select (r ->> 'joined')::boolean from public.join_team('%s') r$$, (select join_code from old_code)),
  $$values (false)$$, 'the old code no longer works');

-- Removing, handing over, leaving.
select tests.authenticate_as('to_friend');
select throws_ok(format($$select public.remove_team_member('%s', '%s')$$, (select id from team), tests.get_user_id('to_stranger')),
  'PT403', 'not_team_owner', 'a member removes nobody');
select tests.authenticate_as('to_owner');
select throws_ok(format($$select public.remove_team_member('%s', '%s')$$, (select id from team), tests.get_user_id('to_owner')),
  'PT400', 'invalid_member', 'the owner leaves instead of removing themselves');
select lives_ok(format($$select public.remove_team_member('%s', '%s')$$, (select id from team), tests.get_user_id('to_stranger')),
  'the owner removes a member');
select tests.authenticate_as('to_stranger');
select is((select kind::text from public.notifications order by created_at desc limit 1), 'team_removed', 'who is notified');
select tests.authenticate_as('to_owner');
select is((select count(*)::int from public.chat_members where chat_id = (select chat_id from team) and user_id = tests.get_user_id('to_stranger')),
  0, 'and is out of the team chat');
select throws_ok(format($$select public.transfer_team_ownership('%s', '%s')$$, (select id from team), tests.get_user_id('to_second')),
  'PT404', 'member_not_found', 'ownership goes to a member only');
select lives_ok(format($$select public.transfer_team_ownership('%s', '%s')$$, (select id from team), tests.get_user_id('to_friend')),
  'the owner hands the team over');
select results_eq($$select user_id, role::text from public.chat_members where chat_id = (select chat_id from team) order by 2 desc$$,
  format($$values ('%s'::uuid, 'owner'), ('%s'::uuid, 'member')$$, tests.get_user_id('to_friend'), tests.get_user_id('to_owner')),
  'the chat''s owner follows');
select lives_ok(format($$select public.leave_team('%s')$$, (select id from team)), 'the old owner leaves');
select tests.authenticate_as('to_friend');
select is((select count(*)::int from public.team_members where team_id = (select id from team)), 1, 'one member is left');
select is((public.team_detail((select id from team)) #>> '{team,my_role}'), 'owner', 'the team screen shows who owns it');

-- Leaving as the owner hands over; the last one out disbands.
select tests.clear_authentication();
insert into public.team_members (team_id, user_id, joined_at) values ((select id from team), tests.get_user_id('to_second'), now() + interval '1 minute');
select tests.authenticate_as('to_friend');
select public.leave_team((select id from team));
select tests.authenticate_as('to_second');
select is((select role::text from public.team_members where team_id = (select id from team) and user_id = auth.uid()), 'owner',
  'an owner who leaves hands the team to the longest-standing member');
select throws_ok(format($$select public.disband_team('%s')$$, gen_random_uuid()), 'PT404', 'team_not_found', 'an unknown team is not found');
select lives_ok(format($$select public.disband_team('%s')$$, (select id from team)), 'the owner disbands the team');
select tests.clear_authentication();
select results_eq($$select disbanded_at is not null, join_code is null, chat_id is null from public.teams where id = (select id from team)$$,
  $$values (true, true, true)$$, 'a disbanded team keeps its row without code or chat');
select is((select count(*)::int from public.team_members where team_id = (select id from team)), 0, 'and without members');

-- Direct writes are not possible.
select tests.authenticate_as('to_owner');
select throws_ok($$insert into public.teams (name) values ('Forged')$$, '42501', null, 'teams are not written directly');
select throws_ok(format($$insert into public.team_members (team_id, user_id) values ('%s', auth.uid())$$, (select id from team)),
  '42501', null, 'nor their members');

select * from finish();
rollback;
