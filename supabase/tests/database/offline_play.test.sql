-- Offline play (issue 15): the quest bundle (who may download what, never an answer), versions and
-- what changed, and sync: a quest played offline and synced ends exactly as online; replayed and
-- overlapping batches change nothing; tampered batches are refused with codes; quests edited after
-- the download; solo and team runs.
begin;
select plan(56);

select tests.create_user(u) from unnest(array['of_online', 'of_offline', 'of_stranger', 'of_author', 'of_a', 'of_b', 'of_granted',
                                              'of_teleport', 'of_edit', 'of_banned']) u;
insert into public.quests (id, author_id, title, slug, city, status, access, reward_credits, price_credits, published_at,
                           stage_order, wrong_answer_penalty) values
  ('95000000-0000-4000-a000-000000000001', tests.get_user_id('of_author'), 'Offline walk', 'of-walk', 'Offtown', 'published', 'open', 25, 0, now(), 'free', 20),
  ('95000000-0000-4000-a000-000000000002', tests.get_user_id('of_author'), 'Locked line', 'of-locked', 'Offtown', 'published', 'locked', 25, 50, now(), 'linear', 0),
  ('95000000-0000-4000-a000-000000000003', tests.get_user_id('of_author'), 'Draft', 'of-draft', 'Offtown', 'draft', 'open', 0, 0, null, 'free', 0),
  ('95000000-0000-4000-a000-000000000004', tests.get_user_id('of_author'), 'Team walk', 'of-team', 'Offtown', 'published', 'open', 10, 0, now(), 'free', 0);
insert into public.quest_points (id, quest_id, position, title, lat, lng, radius_m, task_type, hint_cost) values
  ('95100000-0000-4000-a000-000000000001', '95000000-0000-4000-a000-000000000001', 1, 'Gate', 56.0000, 40, 30, 'gps', 0),
  ('95100000-0000-4000-a000-000000000002', '95000000-0000-4000-a000-000000000001', 2, 'Riddle', 56.0003, 40, 30, 'answer', 15),
  ('95100000-0000-4000-a000-000000000003', '95000000-0000-4000-a000-000000000001', 3, 'Code', 56.0006, 40, 30, 'qr', 0),
  ('95100000-0000-4000-a000-000000000011', '95000000-0000-4000-a000-000000000002', 1, 'First', 56.1000, 40, 30, 'gps', 0),
  ('95100000-0000-4000-a000-000000000012', '95000000-0000-4000-a000-000000000002', 2, 'Second', 56.1003, 40, 30, 'answer', 0),
  ('95100000-0000-4000-a000-000000000021', '95000000-0000-4000-a000-000000000003', 1, 'Draft point', 56.2000, 40, 30, 'gps', 0),
  ('95100000-0000-4000-a000-000000000031', '95000000-0000-4000-a000-000000000004', 1, 'T1', 56.3000, 40, 30, 'gps', 0),
  ('95100000-0000-4000-a000-000000000032', '95000000-0000-4000-a000-000000000004', 2, 'T2', 56.3003, 40, 30, 'gps', 0);
-- The plain secrets, kept here only to search the bundles for them.
create temporary table secrets (point_id uuid, plain text) on commit drop;
insert into secrets values
  ('95100000-0000-4000-a000-000000000002', 'zebrawhisper'),
  ('95100000-0000-4000-a000-000000000003', 'QR-7f3k-OFFLINE-SECRET'),
  ('95100000-0000-4000-a000-000000000012', 'moonlantern');
insert into private.point_secrets (point_id, answer_hash, qr_hash) values
  ('95100000-0000-4000-a000-000000000002', extensions.crypt('zebrawhisper', extensions.gen_salt('bf', 4)), null),
  ('95100000-0000-4000-a000-000000000003', null, extensions.crypt('QR-7f3k-OFFLINE-SECRET', extensions.gen_salt('bf', 4))),
  ('95100000-0000-4000-a000-000000000012', extensions.crypt('moonlantern', extensions.gen_salt('bf', 4)), null);
insert into private.point_hints (point_id, hint) values ('95100000-0000-4000-a000-000000000002', 'OFFLINE-HINT-TEXT stripes');
insert into public.quest_access_grants (quest_id, user_id, source) values
  ('95000000-0000-4000-a000-000000000002', tests.get_user_id('of_granted'), 'staff');

-- A batch of attempts as the phone keeps them: (client id, point, lat, seconds after the start, answer, qr).
create function pg_temp.batch(rows jsonb) returns jsonb language sql as $$
  select jsonb_agg(jsonb_build_object('id', r ->> 0, 'point_id', r ->> 1, 'lat', (r ->> 2)::numeric, 'lng', 40, 'accuracy_m', 5,
                                      'attempted_at', to_char((now() + make_interval(secs => (r ->> 3)::numeric)) at time zone 'UTC',
                                                              'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                      'answer', r ->> 4, 'qr_payload', r ->> 5) order by ord)
  from jsonb_array_elements(rows) with ordinality as x(r, ord);
$$;
grant execute on function pg_temp.batch(jsonb) to authenticated;

-- 1. The bundle: who may download it, and what it never holds.
select tests.authenticate_as('of_offline');
create temporary table bundle as select public.quest_bundle('95000000-0000-4000-a000-000000000001') as b;
grant select on bundle to authenticated;
select is(jsonb_array_length((select b -> 'points' from bundle)), 3, 'a free quest''s bundle holds every point');
select is((select b -> 'points' -> 1 ->> 'has_hint' from bundle), 'true', 'a point says it has a hint');
select is((select b -> 'score_rules' from bundle),
  '{"score_per_point": 100, "wrong_answer_penalty": 20, "time_bonus_per_min": 0, "time_limit_s": null}'::jsonb, 'the score rules come with it');
select ok((select (b ->> 'expires_at')::timestamptz > now() + interval '6 days' from bundle), 'it says how long it lasts');
select tests.clear_authentication();
select is(
  (select array_agg(s.plain) from secrets s, bundle where strpos(lower(bundle.b::text), lower(s.plain)) > 0), null,
  'no point''s answer or QR payload is anywhere in the bundle');
select is(
  (select count(*)::int from private.point_secrets p, bundle
   where strpos(bundle.b::text, coalesce(p.answer_hash, p.qr_hash)) > 0 or strpos(bundle.b::text, substr(coalesce(p.answer_hash, p.qr_hash), 8)) > 0),
  0, 'nor any hash of one');
select is(strpos((select b::text from bundle), 'OFFLINE-HINT-TEXT'), 0, 'nor a hint''s text');

select tests.authenticate_as_anon();
select throws_ok($$select public.quest_bundle('95000000-0000-4000-a000-000000000001')$$, '42501', null, 'anon downloads nothing');
select tests.authenticate_as('of_stranger');
select throws_ok($$select public.quest_bundle('95000000-0000-4000-a000-000000000002')$$, 'PT403', 'no_access',
  'a locked quest without access: no_access');
select throws_ok($$select public.quest_bundle('95000000-0000-4000-a000-000000000003')$$, 'PT404', 'quest_not_found',
  'someone else''s draft: quest_not_found');
select throws_ok($$select public.quest_bundle_changes('95000000-0000-4000-a000-000000000002', 0)$$, 'PT403', 'no_access',
  'nor what changed in it');
select tests.clear_authentication();
insert into public.user_bans (user_id, reason) values (tests.get_user_id('of_banned'), 'cheating');
select tests.authenticate_as('of_banned');
select throws_ok($$select public.quest_bundle('95000000-0000-4000-a000-000000000001')$$, 'PT403', 'forbidden', 'a banned player downloads nothing');
select tests.authenticate_as('of_author');
select throws_ok($$select public.quest_bundle('95000000-0000-4000-a000-000000000003')$$, 'PT404', 'quest_not_found',
  'drafts are never bundled, not even for their author');
select tests.authenticate_as('of_granted');
select results_eq($$select jsonb_array_length(b -> 'points'), (b ->> 'point_count')::int, (b ->> 'route_complete')::boolean
                    from public.quest_bundle('95000000-0000-4000-a000-000000000002') b$$,
  $$values (0, 2, false)$$, 'a linear quest with access before its run: no point ahead, only the count');
create temporary table line_run as select * from public.start_run('95000000-0000-4000-a000-000000000002');
grant select on line_run to authenticated;
select is((select jsonb_agg(p ->> 'title') from jsonb_array_elements(public.quest_bundle('95000000-0000-4000-a000-000000000002') -> 'points') p),
  '["First"]'::jsonb, 'once started, the bundle holds the open point, as the stage mode allows');
select is((public.quest_bundle('95000000-0000-4000-a000-000000000002') -> 'runs' -> 0 ->> 'id')::uuid, (select id from line_run),
  'and names the run in progress');

-- 2. Versions and what changed.
select tests.authenticate_as('of_edit');
create temporary table v0 as select (public.quest_bundle('95000000-0000-4000-a000-000000000001') ->> 'version')::bigint as v;
grant select on v0 to authenticated;
select is((public.quest_bundle_changes('95000000-0000-4000-a000-000000000001', (select v from v0)) ->> 'changed')::boolean, false,
  'nothing changed since the download');
select tests.clear_authentication();
update public.quest_points set lat = 56.0004 where id = '95100000-0000-4000-a000-000000000003';
update public.quests set wrong_answer_penalty = 10 where id = '95000000-0000-4000-a000-000000000001';
update public.quests set wrong_answer_penalty = 20 where id = '95000000-0000-4000-a000-000000000001';
select tests.authenticate_as('of_edit');
select results_eq(
  $$select (c ->> 'changed')::boolean, c -> 'parts', c -> 'points', (c ->> 'version')::bigint - (select v from v0)
    from public.quest_bundle_changes('95000000-0000-4000-a000-000000000001', (select v from v0)) c$$,
  $$values (true, '["score_rules"]'::jsonb, '["95100000-0000-4000-a000-000000000003"]'::jsonb, 3::bigint)$$,
  'a moved point and rule edits: a new version saying which parts and points changed');
select throws_ok(format($$select public.quest_bundle_changes('95000000-0000-4000-a000-000000000001', %s)$$, (select v + 10 from v0)),
  'PT400', 'invalid_parameter', 'a version the quest never had is refused');
select tests.clear_authentication();
update public.quest_points set lat = 56.0006 where id = '95100000-0000-4000-a000-000000000003';

-- 3. The same attempts online and offline end the same: score, reward, leaderboards.
select tests.authenticate_as('of_online');
create temporary table online_run as select * from public.start_run('95000000-0000-4000-a000-000000000001');
grant select on online_run to authenticated, anon;
select public.check_in((select id from online_run), 56.0000, 40, 5, null, null, '95100000-0000-4000-a000-000000000001');
select public.check_in((select id from online_run), 56.0003, 40, 5, 'wrong guess', null, '95100000-0000-4000-a000-000000000002');
select public.check_in((select id from online_run), 56.0003, 40, 5, 'Zebra Whisper', null, '95100000-0000-4000-a000-000000000002');
select public.check_in((select id from online_run), 56.0006, 40, 5, null, 'QR-7f3k-OFFLINE-SECRET', '95100000-0000-4000-a000-000000000003');

select tests.authenticate_as('of_offline');
create temporary table offline_run as select * from public.start_run('95000000-0000-4000-a000-000000000001');
grant select on offline_run to authenticated;
create temporary table played as select pg_temp.batch($$[
  ["95200000-0000-4000-a000-000000000001", "95100000-0000-4000-a000-000000000001", 56.0000, 1, null, null],
  ["95200000-0000-4000-a000-000000000002", "95100000-0000-4000-a000-000000000002", 56.0003, 2, "wrong guess", null],
  ["95200000-0000-4000-a000-000000000003", "95100000-0000-4000-a000-000000000002", 56.0003, 3, "Zebra Whisper", null],
  ["95200000-0000-4000-a000-000000000004", "95100000-0000-4000-a000-000000000003", 56.0006, 4, null, "QR-7f3k-OFFLINE-SECRET"]]$$) as attempts;
grant select on played to authenticated;
create temporary table synced as select public.sync_run((select id from offline_run), (select attempts from played), (select v from v0)) as s;
grant select on synced to authenticated;
select is((select jsonb_agg(jsonb_build_array(r ->> 'accepted', r ->> 'refusal', r ->> 'score_delta')) from synced, jsonb_array_elements(s -> 'results') r),
  '[["true", null, "100"], ["false", "wrong_answer", "-20"], ["true", null, "100"], ["true", null, "100"]]'::jsonb,
  'each attempt is judged in order: its answer and QR checked on the server');
select is((select s -> 'run' ->> 'status' from synced), 'completed', 'the run completes at the last point');
select is((select s ->> 'bundle_changed' from synced), 'true', 'the answer says the quest changed since the bundle''s version');
select tests.clear_authentication();
select results_eq(
  $$select status::text, score, points_done, reward_credits, practice, review_state::text from public.quest_runs
    where id = (select id from offline_run)$$,
  $$select status::text, score, points_done, reward_credits, practice, review_state::text from public.quest_runs
    where id = (select id from online_run)$$,
  'the offline run ends with the online run''s status, score, progress and reward');
select is((select score from public.quest_runs where id = (select id from offline_run)), 280, 'score 100 − 20 + 100 + 100');
select results_eq(
  format($$select sum(amount)::int, count(*)::int from public.credit_ledger where user_id = '%s' and reason = 'quest_reward'$$, tests.get_user_id('of_offline')),
  format($$select sum(amount)::int, count(*)::int from public.credit_ledger where user_id = '%s' and reason = 'quest_reward'$$, tests.get_user_id('of_online')),
  'the same reward is paid, once');
select results_eq(
  format($$select best_score from public.quest_leaderboard where quest_id = '95000000-0000-4000-a000-000000000001' and user_id = '%s'$$, tests.get_user_id('of_offline')),
  format($$select best_score from public.quest_leaderboard where quest_id = '95000000-0000-4000-a000-000000000001' and user_id = '%s'$$, tests.get_user_id('of_online')),
  'the same quest leaderboard entry');
select results_eq(
  format($$select total_score, quests_completed from public.city_leaderboard where city = 'Offtown' and user_id = '%s'$$, tests.get_user_id('of_offline')),
  format($$select total_score, quests_completed from public.city_leaderboard where city = 'Offtown' and user_id = '%s'$$, tests.get_user_id('of_online')),
  'the same city leaderboard entry');
select is((select best_score from public.quest_leaderboard where quest_id = '95000000-0000-4000-a000-000000000001' and user_id = tests.get_user_id('of_offline')),
  280, 'the offline run is on the quest leaderboard with its score');
select is((select array_agg(c.attempted_at order by c.id) from public.run_checkins c where c.run_id = (select id from offline_run)),
  (select array_agg((a ->> 'attempted_at')::timestamptz order by ord) from played, jsonb_array_elements(attempts) with ordinality x(a, ord)),
  'the attempts keep the phone''s times');

-- 4. Replays change nothing.
select tests.authenticate_as('of_offline');
create temporary table replay as select public.sync_run((select id from offline_run), (select attempts from played)) as s;
grant select on replay to authenticated;
select is((select jsonb_agg(r - 'replayed') from replay, jsonb_array_elements(s -> 'results') r),
  (select jsonb_agg(r - 'replayed') from synced, jsonb_array_elements(s -> 'results') r), 'the same batch again answers the same results');
select is((select bool_and((r ->> 'replayed')::boolean) from replay, jsonb_array_elements(s -> 'results') r), true, 'marked as replayed');
select tests.clear_authentication();
select results_eq(
  format($$select (select count(*)::int from public.run_checkins where run_id = '%1$s'), (select score from public.quest_runs where id = '%1$s'),
                  (select count(*)::int from public.credit_ledger where user_id = '%2$s')$$, (select id from offline_run), tests.get_user_id('of_offline')),
  $$values (4, 280, 1)$$, 'and changes nothing: attempts, score, ledger');

-- 5. Tampered batches are refused with codes, nothing written.
select tests.authenticate_as_anon();
select throws_ok(format($$select public.sync_run('%s', '[]')$$, (select id from online_run)), '42501', null, 'anon syncs nothing');
select tests.authenticate_as('of_banned');
select throws_ok(format($$select public.sync_run('%s', pg_temp.batch('[["95200000-0000-4000-a000-000000000101", null, 56.0, 1, null, null]]'))$$,
  (select id from online_run)), 'PT403', 'forbidden', 'a banned player syncs nothing');
select tests.authenticate_as('of_stranger');
select throws_ok(format($$select public.sync_run('%s', pg_temp.batch('[["95200000-0000-4000-a000-000000000101", null, 56.0, 1, null, null]]'))$$,
  (select id from online_run)), 'PT404', 'run_not_found', 'someone else''s run: run_not_found');
select tests.authenticate_as('of_online');
create temporary table second_run as select * from public.start_run('95000000-0000-4000-a000-000000000004');
grant select on second_run to authenticated;
select throws_ok(format($$select public.sync_run('%s', pg_temp.batch('[["95200000-0000-4000-a000-000000000111", "95100000-0000-4000-a000-000000000031", 56.3, 1, null, null],
                                                                          ["95200000-0000-4000-a000-000000000112", "95100000-0000-4000-a000-000000000032", 56.3003, 600, null, null]]'))$$,
  (select id from second_run)), 'PT400', 'invalid_attempt_time', 'a time in the future (beyond the clock skew): invalid_attempt_time');
select throws_ok(format($$select public.sync_run('%s', pg_temp.batch('[["95200000-0000-4000-a000-000000000111", "95100000-0000-4000-a000-000000000032", 56.3003, 5, null, null],
                                                                          ["95200000-0000-4000-a000-000000000112", "95100000-0000-4000-a000-000000000031", 56.3, 2, null, null]]'))$$,
  (select id from second_run)), 'PT400', 'invalid_attempt_time', 'a reordered batch: invalid_attempt_time');
select throws_ok(format($$select public.sync_run('%s', pg_temp.batch('[["95200000-0000-4000-a000-000000000111", "95100000-0000-4000-a000-000000000031", 56.3, -3600, null, null]]'))$$,
  (select id from second_run)), 'PT400', 'invalid_attempt_time', 'a time before the run started: invalid_attempt_time');
select throws_ok(format($$select public.sync_run('%s', pg_temp.batch('[["95200000-0000-4000-a000-000000000111", "95100000-0000-4000-a000-000000000031", 56.3, 1, null, null],
                                                                          ["95200000-0000-4000-a000-000000000112", "95100000-0000-4000-a000-000000000001", 56.0, 2, null, null]]'))$$,
  (select id from second_run)), 'PT400', 'point_not_in_quest', 'another quest''s point: point_not_in_quest');
select throws_ok(format($$select public.sync_run('%s', '{"id": 1}')$$, (select id from second_run)), 'PT400', 'invalid_parameter', 'not an array');
select throws_ok(format($$select public.sync_run('%s', (select jsonb_agg(x) from generate_series(1, 101) x))$$, (select id from second_run)),
  'PT400', 'invalid_parameter', 'more than sync_batch_max attempts');
select throws_ok(format($$select public.sync_run('%s', '[{"id": "not-a-uuid", "lat": 56.3, "lng": 40, "accuracy_m": 5, "attempted_at": "2026-01-01T00:00:00Z"}]')$$,
  (select id from second_run)), 'PT400', 'invalid_parameter', 'an id that is not a uuid');
select throws_ok(format($$select public.sync_run('%s', '[{"id": "95200000-0000-4000-a000-000000000111", "lat": 1e400, "lng": 40, "accuracy_m": 5, "attempted_at": "2026-01-01T00:00:00Z"}]')$$,
  (select id from second_run)), 'PT400', 'invalid_position', 'an absurd number is invalid_position, never a 500');
select throws_ok(format($$select public.sync_run('%s', '[{"id": "95200000-0000-4000-a000-000000000111", "lat": 56.3, "lng": 40, "accuracy_m": 5, "attempted_at": "2026-13-45T00:00:00Z"}]')$$,
  (select id from second_run)), 'PT400', 'invalid_parameter', 'an impossible date is invalid_parameter, never a 500');
select throws_ok(format($$select public.sync_run('%s', pg_temp.batch('[["95200000-0000-4000-a000-000000000111", null, 56.3, 1, null, null],
                                                                          ["95200000-0000-4000-a000-000000000111", null, 56.3, 2, null, null]]'))$$,
  (select id from second_run)), 'PT400', 'invalid_parameter', 'an id twice in one batch');
select tests.clear_authentication();
select is((select count(*)::int from private.offline_attempts where run_id = (select id from second_run)), 0, 'refused batches wrote nothing');

-- Teleporting: judged by the judge's own travel rule; the third implausible attempt flags the run.
select tests.authenticate_as('of_teleport');
create temporary table tele_run as select * from public.start_run('95000000-0000-4000-a000-000000000004');
grant select on tele_run to authenticated;
select is((select jsonb_agg(r ->> 'refusal') from jsonb_array_elements(public.sync_run((select id from tele_run), pg_temp.batch($$[
    ["95200000-0000-4000-a000-000000000201", "95100000-0000-4000-a000-000000000031", 56.3, 1, null, null],
    ["95200000-0000-4000-a000-000000000202", null, 57.3, 2, null, null],
    ["95200000-0000-4000-a000-000000000203", null, 58.3, 3, null, null],
    ["95200000-0000-4000-a000-000000000204", null, 59.3, 4, null, null]]$$)) -> 'results') r),
  '[null, "implausible_travel", "implausible_travel", "implausible_travel"]'::jsonb, 'teleporting attempts are refused as implausible_travel');
select tests.clear_authentication();
select results_eq($$select review_state::text, flag_reason from public.quest_runs where id = (select id from tele_run)$$,
  $$values ('flagged', 'implausible_travel')$$, 'and the run is flagged for moderators with the reason');

-- 6. A quest edited after the download: removed points answer point_removed, moved ones are judged where they are now.
select tests.authenticate_as('of_online');
select tests.clear_authentication();
update public.quest_points set lat = 56.31 where id = '95100000-0000-4000-a000-000000000032';
delete from public.quest_points where id = '95100000-0000-4000-a000-000000000031';
select tests.authenticate_as('of_online');
create temporary table edited as select public.sync_run((select id from second_run), pg_temp.batch($$[
  ["95200000-0000-4000-a000-000000000301", "95100000-0000-4000-a000-000000000031", 56.3, 1, null, null],
  ["95200000-0000-4000-a000-000000000302", "95100000-0000-4000-a000-000000000032", 56.3003, 2, null, null]]$$), 0) as s;
grant select on edited to authenticated;
select is((select jsonb_agg(jsonb_build_array(r ->> 'error', r ->> 'refusal')) from edited, jsonb_array_elements(s -> 'results') r),
  '[["point_removed", null], [null, "too_far"]]'::jsonb, 'an attempt at a removed point: point_removed; at a moved point''s old place: too_far');
select is((select (s ->> 'bundle_changed')::boolean from edited), true, 'the app learns its bundle is stale');
select tests.clear_authentication();
delete from public.quest_runs where id in ((select id from second_run), (select id from tele_run));
insert into public.quest_points (id, quest_id, position, title, lat, lng, radius_m, task_type, hint_cost) values
  ('95100000-0000-4000-a000-000000000031', '95000000-0000-4000-a000-000000000004', 1, 'T1', 56.3000, 40, 30, 'gps', 0);
update public.quest_points set lat = 56.3003 where id = '95100000-0000-4000-a000-000000000032';

-- 7. A team run: each phone syncs its attempts; overlapping batches change nothing the second time.
create function pg_temp.team_of(owner text, members text[]) returns uuid language plpgsql as $$
declare
  created public.teams;
  member text;
begin
  perform tests.authenticate_as(owner);
  created := public.create_team('Offliners', 5);
  foreach member in array members loop
    perform tests.authenticate_as(member);
    perform public.join_team(created.join_code);
  end loop;
  perform tests.clear_authentication();
  return created.id;
end;
$$;
create temporary table team as select pg_temp.team_of('of_a', array['of_b']) as id;
grant select on team to authenticated;
select tests.authenticate_as('of_a');
create temporary table team_run as select * from public.start_team_run((select id from team), '95000000-0000-4000-a000-000000000004');
grant select on team_run to authenticated;
select is((select jsonb_agg(r ->> 'accepted') from jsonb_array_elements(public.sync_run((select id from team_run), pg_temp.batch($$[
    ["95200000-0000-4000-a000-000000000401", "95100000-0000-4000-a000-000000000031", 56.3, 1, null, null]]$$)) -> 'results') r),
  '["true"]'::jsonb, 'a member syncs their attempt for the team');
select tests.authenticate_as('of_b');
create temporary table overlap as select public.sync_run((select id from team_run), pg_temp.batch($$[
    ["95200000-0000-4000-a000-000000000401", "95100000-0000-4000-a000-000000000031", 56.3, 1, null, null],
    ["95200000-0000-4000-a000-000000000402", "95100000-0000-4000-a000-000000000032", 56.3003, 2, null, null]]$$)) as s;
grant select on overlap to authenticated;
select is((select jsonb_agg(jsonb_build_array(r ->> 'replayed', r ->> 'accepted')) from overlap, jsonb_array_elements(s -> 'results') r),
  '[["true", "true"], ["false", "true"]]'::jsonb, 'a teammate''s overlapping batch: the synced attempt is a replay, the new one is judged');
select is((select s -> 'run' ->> 'status' from overlap), 'completed', 'the team run completes');
select lives_ok(format($$select public.sync_run('%s', pg_temp.batch('[["95200000-0000-4000-a000-000000000402", "95100000-0000-4000-a000-000000000032", 56.3003, 2, null, null]]'))$$,
  (select id from team_run)), 'a replay after the run ended still answers');
select tests.clear_authentication();
select results_eq(
  format($$select (select count(*)::int from public.run_checkins where run_id = '%1$s'),
                  (select array_agg(attempted_by order by id) from public.run_checkins where run_id = '%1$s'),
                  (select score from public.quest_runs where id = '%1$s')$$, (select id from team_run)),
  format($$values (2, array['%s', '%s']::uuid[], 200)$$, tests.get_user_id('of_a'), tests.get_user_id('of_b')),
  'each attempt is kept once, in its phone''s name');
select is((select count(*)::int from public.credit_ledger where user_id in (tests.get_user_id('of_a'), tests.get_user_id('of_b'))
           and reason = 'quest_reward'), 2, 'each player is paid once');

select * from finish();
rollback;
