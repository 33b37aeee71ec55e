-- Attack (found by the probe of main): a member the owner removed knew the join code and joined
-- straight back with it. Removal now renews the code: the old one finds nothing, the members get
-- the new one, and the removed member returns only when invited or given the new code.
begin;
select plan(5);

select tests.create_user(u) from unnest(array['rm_owner', 'rm_mate', 'rm_griefer']) u;
select tests.authenticate_as('rm_owner');
create temporary table team on commit drop as select * from public.create_team('Kickers', 5);
grant select on team to authenticated;
select tests.authenticate_as('rm_mate');
select public.join_team((select join_code from team));
select tests.authenticate_as('rm_griefer');
select public.join_team((select join_code from team));

select tests.authenticate_as('rm_owner');
select public.remove_team_member((select id from team), tests.get_user_id('rm_griefer'));
select tests.authenticate_as('rm_griefer');
select is(public.join_team((select join_code from team)) ->> 'refusal', 'join_code_not_found',
  'the removed member cannot rejoin with the code they knew');
select tests.clear_authentication();
select is((select count(*)::int from public.team_members where team_id = (select id from team) and user_id = tests.get_user_id('rm_griefer')), 0,
  'and is not in the team');
select tests.authenticate_as('rm_mate');
select isnt((select join_code from public.teams where id = (select id from team)), (select join_code from team),
  'the members read the new code');
select tests.authenticate_as('rm_griefer');
select is_empty($$select join_code from public.teams where id = (select id from team)$$, 'which the removed member cannot read');

select tests.clear_authentication();
create temporary table code_before on commit drop as select join_code from public.teams where id = (select id from team);
select tests.authenticate_as('rm_mate');
select public.leave_team((select id from team));
select tests.clear_authentication();
select is((select join_code from public.teams where id = (select id from team)), (select join_code from code_before),
  'leaving of one''s own accord keeps the code');

select * from finish();
rollback;
