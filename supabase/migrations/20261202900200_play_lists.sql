-- The play lists in the list convention (docs/conventions.md): my_runs, my_access_grants,
-- my_unlock_requests, unlock_queue, flagged_runs answer {items, next_cursor} (they returned rows
-- before), wallet_screen, staff_wallet, quest_ranking and city_ranking call their list `items`
-- (it was `entries`), and next_cursor is null on the last page (it was set whenever a page was
-- full). Cursors come from private.make_cursor / private.read_cursor (invalid_cursor for a foreign
-- or malformed one), page sizes from private.require_page_size (1–100, default 20).
-- Return types change, so the public functions are dropped and created again.
-- my_runs and flagged_runs are defined once more, for team runs too, in
-- 20261202910000_team_runs_in_play_lists.sql.

drop function public.my_runs(jsonb, integer, public.run_status);
drop function public.my_access_grants(jsonb, integer);
drop function public.my_unlock_requests(jsonb, integer);
drop function public.unlock_queue(jsonb, integer);
drop function public.flagged_runs(jsonb, integer);
drop function public.quest_ranking(uuid, jsonb, integer);
drop function public.city_ranking(text, jsonb, integer);
drop function private.my_runs(jsonb, integer, public.run_status);
drop function private.my_access_grants(jsonb, integer);
drop function private.my_unlock_requests(jsonb, integer);
drop function private.unlock_queue(jsonb, integer);
drop function private.flagged_runs(jsonb, integer);

create function private.my_runs(after jsonb, page_size integer, only_status public.run_status)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  size integer := private.require_page_size(page_size);
  k record;
  items jsonb;
begin
  select * into k from private.read_cursor(after, 'my_runs', null::timestamptz, null::uuid);
  select coalesce(jsonb_agg(x.item order by x.started_at desc, x.id desc), '[]') into items
  from (
    select r.started_at, r.id, jsonb_build_object(
             'id', r.id, 'quest_id', r.quest_id, 'quest_title', q.title, 'quest_cover_path', q.cover_path, 'city', q.city,
             'status', r.status, 'practice', r.practice, 'review_state', r.review_state, 'score', r.score,
             'hints_used', r.hints_used, 'next_position', r.next_position, 'points_total', r.points_total,
             'started_at', r.started_at, 'finished_at', r.finished_at, 'duration_s', r.duration_s,
             'reward_credits', r.reward_credits, 'cursor', private.make_cursor('my_runs', r.started_at, r.id)) as item
    from public.quest_runs r
    join public.quests q on q.id = r.quest_id
    where r.user_id = auth.uid()
      and (only_status is null or r.status = only_status)
      and (k.id is null or (r.started_at, r.id) < (k.sort_key, k.id))
    order by r.started_at desc, r.id desc
    limit size + 1
  ) x;
  return private.list_page(items, size);
end;
$$;
comment on function private.my_runs(jsonb, integer, public.run_status) is
  'A page of the caller''s runs (optionally of one status), newest first, with quest title, cover and city.';

create function private.my_access_grants(after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  size integer := private.require_page_size(page_size);
  k record;
  items jsonb;
begin
  select * into k from private.read_cursor(after, 'my_access_grants', null::timestamptz, null::uuid);
  select coalesce(jsonb_agg(x.item order by x.granted_at desc, x.quest_id desc), '[]') into items
  from (
    select g.granted_at, g.quest_id, jsonb_build_object(
             'quest_id', g.quest_id, 'quest_title', q.title, 'quest_status', q.status, 'source', g.source,
             'paid_credits', g.paid_credits, 'granted_at', g.granted_at,
             'cursor', private.make_cursor('my_access_grants', g.granted_at, g.quest_id)) as item
    from public.quest_access_grants g
    join public.quests q on q.id = g.quest_id
    where g.user_id = auth.uid()
      and (k.id is null or (g.granted_at, g.quest_id) < (k.sort_key, k.id))
    order by g.granted_at desc, g.quest_id desc
    limit size + 1
  ) x;
  return private.list_page(items, size);
end;
$$;
comment on function private.my_access_grants(jsonb, integer) is 'A page of the caller''s access grants, newest first, keyset (granted_at, quest_id).';

create function private.my_unlock_requests(after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  size integer := private.require_page_size(page_size);
  k record;
  items jsonb;
begin
  select * into k from private.read_cursor(after, 'my_unlock_requests', null::timestamptz, null::uuid);
  select coalesce(jsonb_agg(x.item order by x.created_at desc, x.id desc), '[]') into items
  from (
    select r.created_at, r.id, jsonb_build_object(
             'id', r.id, 'quest_id', r.quest_id, 'quest_title', q.title, 'status', r.status, 'message', r.message,
             'price_credits', r.price_credits, 'decision_reason', r.decision_reason, 'decided_at', r.decided_at,
             'created_at', r.created_at, 'cursor', private.make_cursor('my_unlock_requests', r.created_at, r.id)) as item
    from public.unlock_requests r
    join public.quests q on q.id = r.quest_id
    where r.user_id = auth.uid()
      and (k.id is null or (r.created_at, r.id) < (k.sort_key, k.id))
    order by r.created_at desc, r.id desc
    limit size + 1
  ) x;
  return private.list_page(items, size);
end;
$$;
comment on function private.my_unlock_requests(jsonb, integer) is 'A page of the caller''s unlock requests, newest first, keyset (created_at, id).';

create function private.unlock_queue(after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  size integer;
  k record;
  items jsonb;
begin
  perform private.require_permission('unlock.decide');
  size := private.require_page_size(page_size);
  select * into k from private.read_cursor(after, 'unlock_queue', null::timestamptz, null::uuid);
  select coalesce(jsonb_agg(x.item order by x.created_at, x.id), '[]') into items
  from (
    select r.created_at, r.id, jsonb_build_object(
             'id', r.id, 'quest_id', r.quest_id, 'quest_title', q.title, 'price_credits', q.price_credits,
             'message', r.message, 'created_at', r.created_at, 'requester', private.public_profile(r.user_id),
             'requester_can_afford', coalesce((select w.balance from public.wallets w where w.user_id = r.user_id), 0) >= q.price_credits,
             'cursor', private.make_cursor('unlock_queue', r.created_at, r.id)) as item
    from public.unlock_requests r
    join public.quests q on q.id = r.quest_id
    where r.status = 'pending'
      and (k.id is null or (r.created_at, r.id) > (k.sort_key, k.id))
    order by r.created_at, r.id
    limit size + 1
  ) x;
  return private.list_page(items, size);
end;
$$;
comment on function private.unlock_queue(jsonb, integer) is
  'unlock.decide: a page of pending unlock requests, oldest first, with the requester''s public fields and whether they can afford the price.';

create function private.flagged_runs(after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  size integer;
  k record;
  items jsonb;
begin
  perform private.require_permission('runs.review');
  size := private.require_page_size(page_size);
  select * into k from private.read_cursor(after, 'flagged_runs', null::timestamptz, null::uuid);
  select coalesce(jsonb_agg(x.item order by x.flagged_at, x.id), '[]') into items
  from (
    select r.flagged_at, r.id, jsonb_build_object(
             'run_id', r.id, 'quest_id', r.quest_id, 'quest_title', q.title, 'status', r.status, 'score', r.score,
             'points_total', r.points_total, 'next_position', r.next_position, 'started_at', r.started_at,
             'finished_at', r.finished_at, 'flagged_at', r.flagged_at, 'flag_reason', r.flag_reason,
             'implausible_attempts', r.implausible_attempts, 'player', private.public_profile(r.user_id),
             'attempts', (select coalesce(jsonb_agg(jsonb_build_object(
                                   'id', c.id, 'position', c.position, 'accepted', c.accepted, 'refusal', c.refusal,
                                   'lat', c.lat, 'lng', c.lng, 'accuracy_m', c.accuracy_m, 'distance_m', c.distance_m,
                                   'travel_speed_kmh', c.travel_speed_kmh, 'attempted_at', c.attempted_at) order by c.id), '[]')
                          from (select * from public.run_checkins c0 where c0.run_id = r.id order by c0.id desc limit 100) c),
             'cursor', private.make_cursor('flagged_runs', r.flagged_at, r.id)) as item
    from public.quest_runs r
    join public.quests q on q.id = r.quest_id
    where r.review_state = 'flagged'
      and (k.id is null or (r.flagged_at, r.id) > (k.sort_key, k.id))
    order by r.flagged_at, r.id
    limit size + 1
  ) x;
  return private.list_page(items, size);
end;
$$;
comment on function private.flagged_runs(jsonb, integer) is
  'runs.review: a page of flagged runs, oldest flag first, with the player''s public fields and the last 100 attempts.';

-- The ledger page of wallet_screen and staff_wallet.
create or replace function private.wallet_page(target_user uuid, after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  size integer := private.require_page_size(page_size);
  k record;
  wallet public.wallets;
  items jsonb;
begin
  select * into k from private.read_cursor(after, 'wallet', null::timestamptz, null::bigint);
  select * into wallet from public.wallets w where w.user_id = target_user;
  select coalesce(jsonb_agg(e.item order by e.created_at desc, e.id desc), '[]') into items
  from (
    select l.created_at, l.id, jsonb_build_object(
             'id', l.id, 'amount', l.amount, 'reason', l.reason, 'balance_after', l.balance_after,
             'quest_id', l.quest_id, 'quest_title', q.title, 'reference_id', l.reference_id, 'note', l.note,
             'created_at', l.created_at, 'cursor', private.make_cursor('wallet', l.created_at, l.id)) as item
    from public.credit_ledger l
    left join public.quests q on q.id = l.quest_id
    where l.user_id = target_user
      and (k.id is null or (l.created_at, l.id) < (k.sort_key, k.id))
    order by l.created_at desc, l.id desc
    limit size + 1
  ) e;
  return jsonb_build_object('balance', coalesce(wallet.balance, 0), 'updated_at', wallet.updated_at)
      || private.list_page(items, size);
end;
$$;
comment on function private.wallet_page(uuid, jsonb, integer) is
  'A wallet and a page of its ledger, newest first: {balance, updated_at, items: [{id, amount, reason, balance_after, quest_id, quest_title, reference_id, note, created_at, cursor}], next_cursor}.';

-- Leaderboard pages: keyset on the ranking order itself (score desc, time asc, player id).
create or replace function private.leaderboard_page(board text, board_key text, after jsonb, page_size integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  b record := private.leaderboard_board(board);
  list text := board || '_ranking';
  size integer := private.require_page_size(page_size);
  k record;
  first_rank integer := 1;
  items jsonb;
  mine jsonb;
  players integer;
begin
  select * into k from private.read_cursor(after, list, null::private.ranking_key, null::uuid);
  if k.id is not null then
    first_rank := private.leaderboard_rank(board, board_key, (k.sort_key).score, (k.sort_key).duration_s, k.id) + 1;
  end if;
  -- One item: the board's own columns (not its key, player or run) + rank, player, cursor.
  execute format($q$
    select coalesce(jsonb_agg(e.item order by e.n), '[]') from (
      select row_number() over (order by l.%4$I desc, l.%5$I, l.user_id) as n,
             (to_jsonb(l) - %2$L - 'user_id' - 'run_id') || jsonb_build_object(
               'rank', $6 + row_number() over (order by l.%4$I desc, l.%5$I, l.user_id) - 1,
               'player', private.public_profile(l.user_id),
               'cursor', private.make_cursor($7, row(l.%4$I, l.%5$I)::private.ranking_key, l.user_id)) as item
      from %1$s l
      where l.%2$I = $1::%3$s
        and ($4 is null or l.%4$I < $2 or (l.%4$I = $2 and (l.%5$I > $3 or (l.%5$I = $3 and l.user_id > $4))))
      order by l.%4$I desc, l.%5$I, l.user_id
      limit $5) e$q$, b.source, b.key_column, b.key_type, b.score_column, b.duration_column)
  into items using board_key, (k.sort_key).score, (k.sort_key).duration_s, k.id, size + 1, first_rank, list;
  execute format($q$
    select (select count(*)::integer from %1$s a where a.%2$I = $1::%3$s),
           (select (to_jsonb(l) - %2$L - 'user_id' - 'run_id') || jsonb_build_object('rank', private.leaderboard_rank($3, $1, l.%4$I, l.%5$I, l.user_id))
            from %1$s l where l.%2$I = $1::%3$s and l.user_id = $2)$q$,
    b.source, b.key_column, b.key_type, b.score_column, b.duration_column)
  into players, mine using board_key, auth.uid(), board;
  return jsonb_build_object('players', players, 'me', mine) || private.list_page(items, size);
end;
$$;
comment on function private.leaderboard_page(text, text, jsonb, integer) is
  'A page of a leaderboard (quest or city) in ranking order: {players, me, items: [{…board columns, rank, player, cursor}], next_cursor}.';

grant execute on function private.my_runs(jsonb, integer, public.run_status), private.my_access_grants(jsonb, integer),
  private.my_unlock_requests(jsonb, integer), private.unlock_queue(jsonb, integer), private.flagged_runs(jsonb, integer)
  to authenticated;

create function public.my_runs(after jsonb default null, page_size integer default 20, status_filter public.run_status default null)
returns jsonb language sql stable security invoker set search_path = ''
as $$ select private.my_runs(after, page_size, status_filter); $$;
comment on function public.my_runs(jsonb, integer, public.run_status) is
  'RPC: my runs (the caller''s only), newest first: {items: [{id, quest_id, quest_title, quest_cover_path, city, status, practice, review_state, score, hints_used, next_position, points_total, started_at, finished_at, duration_s, reward_credits, cursor}], next_cursor}. Errors: invalid_cursor, invalid_parameter.';
create function public.my_access_grants(after jsonb default null, page_size integer default 20)
returns jsonb language sql stable security invoker set search_path = ''
as $$ select private.my_access_grants(after, page_size); $$;
comment on function public.my_access_grants(jsonb, integer) is
  'RPC: my access to locked quests (the caller''s only), newest first: {items: [{quest_id, quest_title, quest_status, source, paid_credits, granted_at, cursor}], next_cursor}. Errors: invalid_cursor, invalid_parameter.';
create function public.my_unlock_requests(after jsonb default null, page_size integer default 20)
returns jsonb language sql stable security invoker set search_path = ''
as $$ select private.my_unlock_requests(after, page_size); $$;
comment on function public.my_unlock_requests(jsonb, integer) is
  'RPC: my unlock requests (the caller''s only), newest first: {items: [{id, quest_id, quest_title, status, message, price_credits, decision_reason, decided_at, created_at, cursor}], next_cursor}. Errors: invalid_cursor, invalid_parameter.';
create function public.unlock_queue(after jsonb default null, page_size integer default 20)
returns jsonb language sql stable security invoker set search_path = ''
as $$ select private.unlock_queue(after, page_size); $$;
comment on function public.unlock_queue(jsonb, integer) is
  'RPC (unlock.decide): the unlock queue, oldest first: {items: [{id, quest_id, quest_title, price_credits, message, created_at, requester, requester_can_afford, cursor}], next_cursor}. Errors: forbidden, invalid_cursor, invalid_parameter.';
create function public.flagged_runs(after jsonb default null, page_size integer default 20)
returns jsonb language sql stable security invoker set search_path = ''
as $$ select private.flagged_runs(after, page_size); $$;
comment on function public.flagged_runs(jsonb, integer) is
  'RPC (runs.review): flagged runs, oldest flag first: {items: [{run_id, quest_id, quest_title, status, score, points_total, next_position, started_at, finished_at, flagged_at, flag_reason, implausible_attempts, player, attempts, cursor}], next_cursor}. Errors: forbidden, invalid_cursor, invalid_parameter.';
create function public.quest_ranking(quest_id uuid, after jsonb default null, page_size integer default 20)
returns jsonb language sql stable security invoker set search_path = ''
as $$ select private.quest_ranking(quest_id, after, page_size); $$;
comment on function public.quest_ranking(uuid, jsonb, integer) is
  'RPC: a quest''s leaderboard: {quest_id, players, me, items: [{rank, player, best_score, best_duration_s, achieved_at, cursor}], next_cursor}. Errors: quest_not_found, invalid_cursor, invalid_parameter.';
create function public.city_ranking(city text, after jsonb default null, page_size integer default 20)
returns jsonb language sql stable security invoker set search_path = ''
as $$ select private.city_ranking(city, after, page_size); $$;
comment on function public.city_ranking(text, jsonb, integer) is
  'RPC: a city''s leaderboard: {city, players, me, items: [{rank, player, total_score, total_duration_s, quests_completed, cursor}], next_cursor}. Errors: invalid_cursor, invalid_parameter.';

revoke execute on function public.my_runs(jsonb, integer, public.run_status), public.my_access_grants(jsonb, integer),
  public.my_unlock_requests(jsonb, integer), public.unlock_queue(jsonb, integer), public.flagged_runs(jsonb, integer),
  public.quest_ranking(uuid, jsonb, integer), public.city_ranking(text, jsonb, integer) from public, anon;
grant execute on function public.my_runs(jsonb, integer, public.run_status), public.my_access_grants(jsonb, integer),
  public.my_unlock_requests(jsonb, integer), public.unlock_queue(jsonb, integer), public.flagged_runs(jsonb, integer),
  public.quest_ranking(uuid, jsonb, integer), public.city_ranking(text, jsonb, integer) to authenticated;
