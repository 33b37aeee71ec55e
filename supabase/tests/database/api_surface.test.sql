-- The API surface, as lists: what the API roles (anon, authenticated) may write, delete and
-- execute, which Realtime topic families exist and who may send on them, which tables are
-- append-only, and which scheduled jobs run. Each list is compared both ways with the database, so
-- a new writable column, a newly executable function or a new topic family fails here until it is
-- added on purpose (and reviewed). Server-maintained columns (ids, timestamps, counters, ratings,
-- statuses, owners, denormalised arrays) must never appear in the writable list.
begin;
select plan(15);

-- 1. Columns the API roles may set (INSERT / UPDATE), per table, role and privilege.
create temporary table expected_writable (relname text, role text, privilege text, columns text) on commit drop;
insert into expected_writable values
('activities', 'authenticated', 'INSERT', 'icon name_en name_ru slug sort_order'),
    ('activities', 'authenticated', 'UPDATE', 'icon name_en name_ru slug sort_order'),
    ('categories', 'authenticated', 'INSERT', 'icon name_en name_ru slug sort_order'),
    ('categories', 'authenticated', 'UPDATE', 'icon name_en name_ru slug sort_order'),
    ('chat_members', 'authenticated', 'UPDATE', 'last_read_at'),
    ('credit_packs', 'authenticated', 'INSERT', 'active app_store_product_id credits currency play_store_product_id price_amount sort_order title'),
    ('events', 'authenticated', 'INSERT', 'description ends_at max_team_size max_teams quest_id start_mode starts_at time_limit_min title visibility'),
    ('events', 'authenticated', 'UPDATE', 'description ends_at max_team_size max_teams start_mode starts_at time_limit_min title visibility'),
    ('credit_packs', 'authenticated', 'UPDATE', 'active app_store_product_id credits currency play_store_product_id price_amount sort_order title'),
    ('chats', 'authenticated', 'UPDATE', 'avatar_path title'),
    ('favourites', 'authenticated', 'INSERT', 'quest_id'),
    ('merch_items', 'authenticated', 'INSERT', 'active description image_paths per_user_limit price_credits quest_id quest_rule stock title'),
    ('merch_items', 'authenticated', 'UPDATE', 'active description image_paths per_user_limit price_credits quest_id quest_rule stock title'),
    ('messages', 'authenticated', 'INSERT', 'attachment_path body chat_id reply_to_id'),
    ('messages', 'authenticated', 'UPDATE', 'body'),
    ('notifications', 'authenticated', 'UPDATE', 'read_at'),
    ('places', 'authenticated', 'INSERT', 'address city lat lng name'),
    ('places', 'authenticated', 'UPDATE', 'address city lat lng name'),
    ('profiles', 'authenticated', 'UPDATE', 'avatar_path bio city display_name locale username'),
    ('quest_activities', 'authenticated', 'INSERT', 'activity_id quest_id'),
    ('quest_points', 'authenticated', 'INSERT', 'description hint_cost hint_delay_s lat lng media_path position quest_id radius_m requires_first_try requires_point_id task_type time_limit_s title'),
    ('quest_points', 'authenticated', 'UPDATE', 'description hint_cost hint_delay_s lat lng media_path position radius_m requires_first_try requires_point_id task_type time_limit_s title'),
    ('quest_tools', 'authenticated', 'INSERT', 'quest_id tool_id'),
    ('quests', 'authenticated', 'INSERT', 'access category_id city description difficulty distance_m duration_min min_age place_id price_credits reward_credits score_per_point slug stage_order summary time_bonus_per_min time_limit_s title vehicle_id wrong_answer_penalty'),
    ('quests', 'authenticated', 'UPDATE', 'access category_id city cover_path description difficulty distance_m duration_min min_age place_id price_credits reward_credits score_per_point slug stage_order summary time_bonus_per_min time_limit_s title vehicle_id wrong_answer_penalty'),
    ('reviews', 'authenticated', 'INSERT', 'body quest_id rating'),
    ('reviews', 'authenticated', 'UPDATE', 'body rating'),
    ('tools', 'authenticated', 'INSERT', 'icon name_en name_ru slug sort_order'),
    ('tools', 'authenticated', 'UPDATE', 'icon name_en name_ru slug sort_order'),
    ('vehicles', 'authenticated', 'INSERT', 'icon name_en name_ru slug sort_order'),
    ('vehicles', 'authenticated', 'UPDATE', 'icon name_en name_ru slug sort_order');

create temporary table actual_writable on commit drop as
select c.relname::text, r.role, p.privilege, string_agg(a.attname::text, ' ' order by a.attname) as columns
from pg_class c
join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
cross join (values ('anon'), ('authenticated')) r (role)
cross join (values ('INSERT'), ('UPDATE')) p (privilege)
where c.relkind in ('r', 'p', 'v') and has_column_privilege(r.role, c.oid, a.attnum, p.privilege)
group by 1, 2, 3;

select is(array(select format('%s %s %s: %s', relname, role, privilege, columns) from actual_writable
                except select format('%s %s %s: %s', relname, role, privilege, columns) from expected_writable order by 1),
  '{}', 'no column is writable by anon or authenticated beyond the list');
select is(array(select format('%s %s %s: %s', relname, role, privilege, columns) from expected_writable
                except select format('%s %s %s: %s', relname, role, privilege, columns) from actual_writable order by 1),
  '{}', 'every column on the writable list is writable (the list is current)');

-- Server-maintained columns by name: never writable from the API, whatever the list says.
select is(
  array(
    select format('%s.%s', c.relname, a.attname)
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    where c.relkind in ('r', 'p', 'v')
      and (a.attname ~ '^(id|status|author_id|sender_id|user_id|owner_id|responder_role|hidden_reason|search_document|activity_ids|start_location|location|balance|score|review_note)$'
           or a.attname ~ '(_count|_avg|_at|_by)$')
      and a.attname not in ('last_read_at', 'read_at', 'starts_at', 'ends_at')
      and (has_column_privilege('anon', c.oid, a.attnum, 'INSERT') or has_column_privilege('anon', c.oid, a.attnum, 'UPDATE')
           or has_column_privilege('authenticated', c.oid, a.attnum, 'INSERT') or has_column_privilege('authenticated', c.oid, a.attnum, 'UPDATE'))
    order by 1),
  '{}', 'server-maintained columns (ids, timestamps, counters, ratings, statuses, owners, actors (*_by), balances) are not writable by the API roles');

-- 2. Tables and views the API roles may delete rows from (RLS still decides which rows).
create temporary table expected_deletable (relname text, roles text) on commit drop;
insert into expected_deletable values
('activities', 'authenticated'),
    ('categories', 'authenticated'),
    ('events', 'authenticated'),
    ('favourites', 'authenticated'),
    ('merch_items', 'authenticated'),
    ('places', 'authenticated'),
    ('quest_activities', 'authenticated'),
    ('quest_points', 'authenticated'),
    ('quest_tools', 'authenticated'),
    ('quests', 'authenticated'),
    ('reviews', 'authenticated'),
    ('tools', 'authenticated'),
    ('vehicles', 'authenticated');
create temporary table actual_deletable on commit drop as
select c.relname::text, string_agg(r.role, ' ' order by r.role) as roles
from pg_class c
join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
cross join (values ('anon'), ('authenticated')) r (role)
where c.relkind in ('r', 'p', 'v') and has_table_privilege(r.role, c.oid, 'DELETE')
group by 1;
select is(array(select format('%s: %s', relname, roles) from actual_deletable except select format('%s: %s', relname, roles) from expected_deletable order by 1),
  '{}', 'no table is deletable by the API roles beyond the list');
select is(array(select format('%s: %s', relname, roles) from expected_deletable except select format('%s: %s', relname, roles) from actual_deletable order by 1),
  '{}', 'every table on the deletable list is deletable (the list is current)');
select is(
  array(select c.relname::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p')
          and (has_table_privilege('anon', c.oid, 'TRUNCATE') or has_table_privilege('authenticated', c.oid, 'TRUNCATE')
               or has_table_privilege('anon', c.oid, 'TRIGGER') or has_table_privilege('authenticated', c.oid, 'TRIGGER')
               or has_table_privilege('anon', c.oid, 'REFERENCES') or has_table_privilege('authenticated', c.oid, 'REFERENCES'))
        order by 1),
  '{}', 'no table grants TRUNCATE, TRIGGER or REFERENCES to the API roles');

-- 3. Functions in public (the RPCs) and who may execute them.
create temporary table expected_rpcs (signature text, roles text) on commit drop;
insert into expected_rpcs values
('abandon_run(uuid)', 'authenticated'),
    ('accept_friend_request(uuid)', 'authenticated'),
    ('accept_team_invite(uuid)', 'authenticated'),
    ('add_chat_member(uuid,uuid)', 'authenticated'),
    ('add_game_master(uuid,uuid)', 'authenticated'),
    ('adjust_team_score(uuid,uuid,integer,text)', 'authenticated'),
    ('archive_quest(uuid,text)', 'authenticated'),
    ('ban_user(uuid,text,interval)', 'authenticated'),
    ('block_user(uuid)', 'authenticated'),
    ('buy_quest_access(uuid)', 'authenticated'),
    ('cancel_friend_request(uuid)', 'authenticated'),
    ('cancel_merch_order(uuid,text)', 'authenticated'),
    ('cancel_unlock_request(uuid)', 'authenticated'),
    ('chat_list(jsonb,integer)', 'authenticated'),
    ('chat_messages(uuid,jsonb,integer)', 'authenticated'),
    ('check_in(uuid,double precision,double precision,double precision,text,text,uuid)', 'authenticated'),
    ('city_ranking(text,jsonb,integer)', 'authenticated'),
    ('create_group_chat(text,uuid[])', 'authenticated'),
    ('create_team(text,integer)', 'authenticated'),
    ('custom_access_token_hook(jsonb)', ''),
    ('decide_unlock_request(uuid,boolean,text)', 'authenticated'),
    ('decline_friend_request(uuid)', 'authenticated'),
    ('decline_team_invite(uuid)', 'authenticated'),
    ('delete_message(uuid,text)', 'authenticated'),
    ('disband_team(uuid)', 'authenticated'),
    ('disqualify_team(uuid,uuid,text)', 'authenticated'),
    ('end_event(uuid)', 'authenticated'),
    ('event_activity(uuid,jsonb,integer)', 'authenticated'),
    ('event_by_code(text)', 'authenticated'),
    ('event_detail(uuid)', 'authenticated'),
    ('event_leaderboard(uuid,jsonb,integer)', 'authenticated'),
    ('event_overview(uuid,jsonb,integer)', 'authenticated'),
    ('flagged_runs(jsonb,integer)', 'authenticated'),
    ('friends_overview()', 'authenticated'),
    ('grant_credits(uuid,integer,text)', 'authenticated'),
    ('grant_hint(uuid,uuid,uuid)', 'authenticated'),
    ('grant_role(uuid,app_role,text)', 'authenticated'),
    ('has_hint(quest_points)', 'anon authenticated'),
    ('hide_review(uuid,text)', 'authenticated'),
    ('invite_to_team(uuid,uuid)', 'authenticated'),
    ('join_team(text)', 'authenticated'),
    ('lat(quests)', 'anon authenticated'),
    ('leave_chat(uuid)', 'authenticated'),
    ('leave_team(uuid)', 'authenticated'),
    ('lng(quests)', 'anon authenticated'),
    ('merch_catalog(jsonb,integer)', 'anon authenticated'),
    ('message_teams(uuid,text,uuid)', 'authenticated'),
    ('mute_chat(uuid,timestamp with time zone)', 'authenticated'),
    ('my_access_grants(jsonb,integer)', 'authenticated'),
    ('my_events(jsonb,integer)', 'authenticated'),
    ('my_merch_orders(jsonb,integer)', 'authenticated'),
    ('my_push_preferences()', 'authenticated'),
    ('my_runs(jsonb,integer,run_status)', 'authenticated'),
    ('my_team_invitations(jsonb,integer)', 'authenticated'),
    ('my_teams(jsonb,integer)', 'authenticated'),
    ('my_unlock_requests(jsonb,integer)', 'authenticated'),
    ('notifications_page(jsonb,integer)', 'authenticated'),
    ('open_direct_chat(uuid)', 'authenticated'),
    ('pause_event(uuid)', 'authenticated'),
    ('play_state(uuid)', 'authenticated'),
    ('point_hints_for_editing(uuid)', 'authenticated'),
    ('promote_chat_member(uuid,uuid)', 'authenticated'),
    ('publish_quest(uuid,text)', 'authenticated'),
    ('purchase_merch(json)', 'authenticated'),
    ('quest_detail(uuid,text)', 'anon authenticated'),
    ('quest_bundle(uuid)', 'authenticated'),
    ('quest_bundle_changes(uuid,bigint)', 'authenticated'),
    ('sync_run(uuid,jsonb,bigint)', 'authenticated'),
    ('quest_home(jsonb)', 'anon authenticated'),
    ('quest_ranking(uuid,jsonb,integer)', 'authenticated'),
    ('quest_review_queue(jsonb,integer)', 'authenticated'),
    ('quest_reviews(uuid,jsonb,integer)', 'anon authenticated'),
    ('quest_teaser(uuid)', 'anon authenticated'),
    ('register_push_device(text,text,text,text,text)', 'authenticated'),
    ('register_team(uuid,uuid,text)', 'authenticated'),
    ('remove_chat_member(uuid,uuid)', 'authenticated'),
    ('remove_friend(uuid)', 'authenticated'),
    ('remove_game_master(uuid,uuid)', 'authenticated'),
    ('remove_team_member(uuid,uuid)', 'authenticated'),
    ('renew_team_code(uuid)', 'authenticated'),
    ('report_team_position(uuid,double precision,double precision,double precision)', 'authenticated'),
    ('request_unlock(uuid,text)', 'authenticated'),
    ('respond_to_review(uuid,text)', 'authenticated'),
    ('resume_event(uuid)', 'authenticated'),
    ('return_quest(uuid,text)', 'authenticated'),
    ('review_run(uuid,boolean,text)', 'authenticated'),
    ('revoke_role(uuid,app_role,text)', 'authenticated'),
    ('run_result(uuid)', 'authenticated'),
    ('search_quests(jsonb)', 'anon authenticated'),
    ('send_friend_request(uuid)', 'authenticated'),
    ('set_message_previews(boolean)', 'authenticated'),
    ('set_order_status(uuid,order_status,text,text)', 'authenticated'),
    ('set_point_hint(uuid,text)', 'authenticated'),
    ('set_point_secret(uuid,text,text)', 'authenticated'),
    ('set_push_kind(text,boolean)', 'authenticated'),
    ('set_quiet_hours(text,text,text)', 'authenticated'),
    ('staff_merch_orders(order_status,jsonb,integer)', 'authenticated'),
    ('staff_wallet(uuid,jsonb,integer)', 'authenticated'),
    ('start_event(uuid)', 'authenticated'),
    ('start_event_run(uuid,uuid)', 'authenticated'),
    ('start_run(uuid)', 'authenticated'),
    ('start_team_run(uuid,uuid)', 'authenticated'),
    ('submit_quest(uuid)', 'authenticated'),
    ('take_hint(uuid,uuid)', 'authenticated'),
    ('team_detail(uuid)', 'authenticated'),
    ('team_replay(uuid,uuid,jsonb,integer)', 'authenticated'),
    ('transfer_team_ownership(uuid,uuid)', 'authenticated'),
    ('unban_user(uuid,text)', 'authenticated'),
    ('unblock_user(uuid)', 'authenticated'),
    ('unhide_review(uuid,text)', 'authenticated'),
    ('unlock_queue(jsonb,integer)', 'authenticated'),
    ('unmute_chat(uuid)', 'authenticated'),
    ('unregister_push_device(text)', 'authenticated'),
    ('upcoming_events(jsonb,integer)', 'authenticated'),
    ('update_team(uuid,text,integer)', 'authenticated'),
    ('user_profile_card(uuid)', 'authenticated'),
    ('username_available(text)', 'anon authenticated'),
    ('wallet_screen(jsonb,integer)', 'authenticated'),
    ('withdraw_team(uuid,uuid)', 'authenticated');
create temporary table actual_rpcs on commit drop as
select p.oid::regprocedure::text as signature,
       concat_ws(' ', case when has_function_privilege('anon', p.oid, 'execute') then 'anon' end,
                      case when has_function_privilege('authenticated', p.oid, 'execute') then 'authenticated' end) as roles
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
left join pg_depend d on d.objid = p.oid and d.deptype = 'e'
where n.nspname = 'public' and d.objid is null;
select is(array(select format('%s: %s', signature, roles) from actual_rpcs except select format('%s: %s', signature, roles) from expected_rpcs order by 1),
  '{}', 'every function in public is on the list with the roles that may execute it');
select is(array(select format('%s: %s', signature, roles) from expected_rpcs except select format('%s: %s', signature, roles) from actual_rpcs order by 1),
  '{}', 'every function on the RPC list exists with those roles (the list is current)');

-- 4. Functions in private that the API roles may execute: the helpers policies and public RPCs
-- call. Everything else in private (ledger postings, notifications, audit, queues) is unreachable.
create temporary table expected_private (signature text, roles text) on commit drop;
insert into expected_private values
('private.abandon_run(uuid)', 'authenticated'),
    ('private.accept_friend_request(uuid)', 'authenticated'),
    ('private.accept_team_invite(uuid)', 'authenticated'),
    ('private.add_chat_member(uuid,uuid)', 'authenticated'),
    ('private.add_game_master(uuid,uuid)', 'authenticated'),
    ('private.adjust_team_score(uuid,uuid,integer,text)', 'authenticated'),
    ('private.attach_checkout(uuid,text,boolean)', 'authenticated'),
    ('private.authorize(app_permission)', 'anon authenticated'),
    ('private.ban_user(uuid,text,interval)', 'authenticated'),
    ('private.block_user(uuid)', 'authenticated'),
    ('private.buy_quest_access(uuid)', 'authenticated'),
    ('private.can_edit_quest(uuid)', 'anon authenticated'),
    ('private.can_post_in(uuid)', 'authenticated'),
    ('private.can_read_point(uuid,uuid)', 'anon authenticated'),
    ('private.can_read_points(uuid)', 'anon authenticated'),
    ('private.can_read_quest_media(text)', 'anon authenticated'),
    ('private.can_receive_topic(text,text)', 'authenticated'),
    ('private.can_review_quest(uuid)', 'authenticated'),
    ('private.can_send_topic(text,text)', 'authenticated'),
    ('private.can_view_quest(uuid)', 'anon authenticated'),
    ('private.can_write_quest_cover(text)', 'authenticated'),
    ('private.can_write_quest_media(text)', 'authenticated'),
    ('private.cancel_friend_request(uuid)', 'authenticated'),
    ('private.cancel_unlock_request(uuid)', 'authenticated'),
    ('private.change_order_status(uuid,order_status,text,text)', 'authenticated'),
    ('private.change_role(uuid,app_role,boolean,text)', 'authenticated'),
    ('private.chat_folder_member(text,boolean)', 'authenticated'),
    ('private.chat_list(jsonb,integer)', 'authenticated'),
    ('private.chat_messages(uuid,jsonb,integer)', 'authenticated'),
    ('private.chat_role(uuid)', 'authenticated'),
    ('private.check_in(uuid,double precision,double precision,double precision,text,text,uuid)', 'authenticated'),
    ('private.city_ranking(text,jsonb,integer)', 'authenticated'),
    ('private.create_group_chat(text,uuid[])', 'authenticated'),
    ('private.create_team(text,integer)', 'authenticated'),
    ('private.decide_unlock_request(uuid,boolean,text)', 'authenticated'),
    ('private.decline_friend_request(uuid)', 'authenticated'),
    ('private.decline_team_invite(uuid)', 'authenticated'),
    ('private.delete_message(uuid,text)', 'authenticated'),
    ('private.disband_team(uuid)', 'authenticated'),
    ('private.disqualify_team(uuid,uuid,text)', 'authenticated'),
    ('private.end_event(uuid)', 'authenticated'),
    ('private.event_activity_page(uuid,jsonb,integer)', 'authenticated'),
    ('private.event_by_code(text)', 'authenticated'),
    ('private.event_detail(uuid)', 'authenticated'),
    ('private.event_leaderboard(uuid,jsonb,integer)', 'authenticated'),
    ('private.event_overview(uuid,jsonb,integer)', 'authenticated'),
    ('private.flagged_runs(jsonb,integer)', 'authenticated'),
    ('private.friends_overview()', 'authenticated'),
    ('private.grant_credits(uuid,integer,text)', 'authenticated'),
    ('private.grant_hint(uuid,uuid,uuid)', 'authenticated'),
    ('private.has_completed_quest(uuid,uuid)', 'authenticated'),
    ('private.has_quest_access(uuid,uuid)', 'anon authenticated'),
    ('private.invite_to_team(uuid,uuid)', 'authenticated'),
    ('private.is_active()', 'anon authenticated'),
    ('private.is_chat_member(uuid)', 'authenticated'),
    ('private.is_event_game_master(uuid)', 'authenticated'),
    ('private.is_event_participant(uuid)', 'authenticated'),
    ('private.is_safe_object_path(text)', 'anon authenticated'),
    ('private.is_team_member(uuid)', 'authenticated'),
    ('private.join_team(text)', 'authenticated'),
    ('private.leave_chat(uuid)', 'authenticated'),
    ('private.leave_team(uuid)', 'authenticated'),
    ('private.list_page(jsonb,integer)', 'anon authenticated'),
    ('private.make_cursor(text,anyelement,anycompatible)', 'anon authenticated'),
    ('private.merch_catalog_blocker(merch_items)', 'anon authenticated'),
    ('private.merch_pending_lifetime()', 'authenticated'),
    ('private.merch_units_held(uuid)', 'anon authenticated'),
    ('private.message_teams(uuid,uuid,text)', 'authenticated'),
    ('private.move_quest(uuid,quest_status,quest_status,text)', 'authenticated'),
    ('private.mute_chat(uuid,timestamp with time zone)', 'authenticated'),
    ('private.my_access_grants(jsonb,integer)', 'authenticated'),
    ('private.my_bans()', 'authenticated'),
    ('private.my_chat_ids()', 'authenticated'),
    ('private.my_events(jsonb,integer)', 'authenticated'),
    ('private.my_merch_orders(jsonb,integer)', 'authenticated'),
    ('private.my_play_stats()', 'authenticated'),
    ('private.my_push_preferences()', 'authenticated'),
    ('private.my_run_ids()', 'authenticated'),
    ('private.my_runs(jsonb,integer,run_status)', 'authenticated'),
    ('private.my_team_ids()', 'authenticated'),
    ('private.my_team_invitations(jsonb,integer)', 'authenticated'),
    ('private.my_teams(jsonb,integer)', 'authenticated'),
    ('private.my_unlock_requests(jsonb,integer)', 'authenticated'),
    ('private.normalize_answer(text)', 'anon authenticated'),
    ('private.normalize_profile_username()', 'anon authenticated'),
    ('private.normalize_username(text)', 'anon authenticated'),
    ('private.notifications_page(jsonb,integer)', 'authenticated'),
    ('private.open_checkout_payment(uuid,payment_provider)', 'authenticated'),
    ('private.open_direct_chat(uuid)', 'authenticated'),
    ('private.pause_event(uuid,boolean)', 'authenticated'),
    ('private.play_state(uuid)', 'authenticated'),
    ('private.point_has_hint(uuid)', 'anon authenticated'),
    ('private.point_hints_for_editing(uuid)', 'authenticated'),
    ('private.promote_chat_member(uuid,uuid)', 'authenticated'),
    ('private.purchase_merch(json)', 'authenticated'),
    ('private.quest_detail(uuid,text)', 'anon authenticated'),
    ('private.quest_bundle(uuid)', 'authenticated'),
    ('private.quest_bundle_changes(uuid,bigint)', 'authenticated'),
    ('private.sync_run(uuid,jsonb,bigint)', 'authenticated'),
    ('private.quest_home(jsonb)', 'anon authenticated'),
    ('private.quest_media_quest_id(text)', 'anon authenticated'),
    ('private.quest_ranking(uuid,jsonb,integer)', 'authenticated'),
    ('private.quest_review_page(uuid,jsonb,integer)', 'anon authenticated'),
    ('private.quest_review_queue(jsonb,integer)', 'authenticated'),
    ('private.quest_search_document(text,text,text)', 'anon authenticated'),
    ('private.quest_search_query(text)', 'anon authenticated'),
    ('private.quest_teaser(uuid)', 'anon authenticated'),
    ('private.read_cursor(jsonb,text,anyelement,anycompatible)', 'anon authenticated'),
    ('private.refuse(text,jsonb)', 'anon authenticated'),
    ('private.register_push_device(text,text,text,text,text)', 'authenticated'),
    ('private.register_team(uuid,uuid,text)', 'authenticated'),
    ('private.remove_chat_member(uuid,uuid)', 'authenticated'),
    ('private.remove_friend(uuid)', 'authenticated'),
    ('private.remove_game_master(uuid,uuid)', 'authenticated'),
    ('private.remove_team_member(uuid,uuid)', 'authenticated'),
    ('private.renew_team_code(uuid)', 'authenticated'),
    ('private.report_team_position(uuid,double precision,double precision,double precision)', 'authenticated'),
    ('private.request_subject()', 'anon authenticated'),
    ('private.request_unlock(uuid,text)', 'authenticated'),
    ('private.require_active()', 'authenticated'),
    ('private.require_page_size(integer)', 'anon authenticated'),
    ('private.require_permission(app_permission)', 'authenticated'),
    ('private.require_reason(text)', 'authenticated'),
    ('private.respond_to_review(uuid,text)', 'authenticated'),
    ('private.review_run(uuid,boolean,text)', 'authenticated'),
    ('private.run_result(uuid)', 'authenticated'),
    ('private.search_quest_page(jsonb)', 'anon authenticated'),
    ('private.search_text(text)', 'anon authenticated'),
    ('private.send_friend_request(uuid)', 'authenticated'),
    ('private.set_message_previews(boolean)', 'authenticated'),
    ('private.set_point_hint(uuid,text)', 'authenticated'),
    ('private.set_point_secret(uuid,text,text)', 'authenticated'),
    ('private.set_push_kind(text,boolean)', 'authenticated'),
    ('private.set_quiet_hours(text,text,text)', 'authenticated'),
    ('private.set_review_hidden(uuid,boolean,text)', 'authenticated'),
    ('private.staff_merch_orders(order_status,jsonb,integer)', 'authenticated'),
    ('private.staff_wallet(uuid,jsonb,integer)', 'authenticated'),
    ('private.start_event(uuid)', 'authenticated'),
    ('private.start_event_run(uuid,uuid)', 'authenticated'),
    ('private.start_run(uuid)', 'authenticated'),
    ('private.start_team_run(uuid,uuid)', 'authenticated'),
    ('private.take_hint(uuid,uuid)', 'authenticated'),
    ('private.team_detail(uuid)', 'authenticated'),
    ('private.team_joined_at(uuid)', 'authenticated'),
    ('private.team_replay(uuid,uuid,jsonb,integer)', 'authenticated'),
    ('private.team_role_of(uuid,uuid)', 'authenticated'),
    ('private.throttle(text,text)', 'anon authenticated'),
    ('private.touch_updated_at()', 'anon authenticated'),
    ('private.transfer_team_ownership(uuid,uuid)', 'authenticated'),
    ('private.unban_user(uuid,text)', 'authenticated'),
    ('private.unblock_user(uuid)', 'authenticated'),
    ('private.unlock_queue(jsonb,integer)', 'authenticated'),
    ('private.unmute_chat(uuid)', 'authenticated'),
    ('private.unregister_push_device(text)', 'authenticated'),
    ('private.upcoming_events(jsonb,integer)', 'authenticated'),
    ('private.update_team(uuid,text,integer)', 'authenticated'),
    ('private.user_profile_card(uuid)', 'authenticated'),
    ('private.username_available(text)', 'anon authenticated'),
    ('private.wallet_screen(jsonb,integer)', 'authenticated'),
    ('private.withdraw_team(uuid,uuid)', 'authenticated');
create temporary table actual_private on commit drop as
select p.oid::regprocedure::text as signature,
       concat_ws(' ', case when has_function_privilege('anon', p.oid, 'execute') then 'anon' end,
                      case when has_function_privilege('authenticated', p.oid, 'execute') then 'authenticated' end) as roles
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
left join pg_depend d on d.objid = p.oid and d.deptype = 'e'
where n.nspname = 'private' and d.objid is null
  and (has_function_privilege('anon', p.oid, 'execute') or has_function_privilege('authenticated', p.oid, 'execute'));
select is(array(select format('%s: %s', signature, roles) from actual_private except select format('%s: %s', signature, roles) from expected_private order by 1),
  '{}', 'no private function is executable by the API roles beyond the list');
select is(array(select format('%s: %s', signature, roles) from expected_private except select format('%s: %s', signature, roles) from actual_private order by 1),
  '{}', 'every private function on the list is executable as listed (the list is current)');
select is(
  array(select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'private'
          and p.oid::regprocedure::text in ('private.post_credits(uuid,integer,credit_reason,uuid,uuid,text)',
            'private.notify(uuid,notification_kind,jsonb)', 'private.audit(text,text,text,text,jsonb,jsonb)',
            'private.enqueue_storage_deletion(text,text,text)', 'private.invoke_edge_function(text,jsonb)',
            'private.broadcast(text,text,jsonb)', 'private.delete_account(uuid)', 'private.kick_push_drain()',
            'private.claim_push_outbox(integer)', 'private.settle_push_outbox(uuid,jsonb)', 'private.push_drain_if_due()',
            'private.cancel_merch_order_core(uuid,order_cancellation,text)', 'private.expire_pending_merch_orders(integer)',
            'private.erase_account_content()', 'private.clear_account_from_audit()')
          and (has_function_privilege('anon', p.oid, 'execute') or has_function_privilege('authenticated', p.oid, 'execute')
               or has_function_privilege('service_role', p.oid, 'execute'))),
  '{}', 'the internal writers (credits, notifications, audit, file queue, HTTP calls, broadcasts, account deletion, push outbox, order cancellation and expiry) are executable by no API role');

-- 5. Realtime topic families: who may receive, who may send (null = the database only).
select is(
  array(select format('%s: receive %s, send %s', family, can_receive, coalesce(can_send, 'database only'))
        from private.realtime_topic_families order by family),
  array['chat: receive private.chat_topic_can_receive, send database only',
        'chat-live: receive private.chat_live_can_receive, send private.chat_live_can_send',
        'event: receive private.event_topic_can_receive, send database only',
        'team: receive private.team_topic_can_receive, send database only',
        'team-live: receive private.team_live_can_receive, send private.team_live_can_send',
        'user: receive private.user_topic_can_receive, send database only'],
  'the Realtime topic families and their receive / send rules are the listed ones');

-- 6. Append-only tables: a trigger refuses UPDATE, DELETE and TRUNCATE, and no API role may write them.
select is(
  array(select distinct c.relname::text from pg_trigger t join pg_class c on c.oid = t.tgrelid
        where t.tgfoid = 'private.refuse_append_only_change()'::regprocedure order by 1),
  array['audit_log', 'credit_ledger', 'payment_events'],
  'the append-only tables are the audit log, the credit ledger and the payments audit trail');
select is(
  array(select c.relname::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relname in ('audit_log', 'credit_ledger', 'payment_events')
          and (has_table_privilege('anon', c.oid, 'INSERT') or has_table_privilege('authenticated', c.oid, 'INSERT')
               or has_table_privilege('anon', c.oid, 'UPDATE') or has_table_privilege('authenticated', c.oid, 'UPDATE')
               or has_table_privilege('anon', c.oid, 'DELETE') or has_table_privilege('authenticated', c.oid, 'DELETE'))),
  '{}', 'no API role may insert, update or delete rows of the append-only tables');

-- 7. Scheduled jobs (docs/scheduled-jobs.md).
select is(
  array(select format('%s [%s] %s', jobname, schedule, command) from cron.job order by jobname),
  array['events-schedule [* * * * *] select private.run_event_schedule()',
        'merch-expire-pending [*/5 * * * *] select private.expire_pending_merch_orders()',
        'push-outbox-prune [17 * * * *] select private.prune_push_outbox()',
        'push-send [* * * * *] select private.push_drain_if_due()',
        'rate-limit-prune [*/5 * * * *] select private.prune_rate_limit_hits()',
        'runs-time-limit [* * * * *] select private.end_overdue_runs()',
        'storage-cleanup [* * * * *] select private.invoke_edge_function(''storage-cleanup'')',
        'team-positions-prune [23 * * * *] select private.prune_team_positions()'],
  'the scheduled jobs are the listed ones');

select * from finish();
rollback;
