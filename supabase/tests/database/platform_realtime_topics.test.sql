-- Realtime topic authorisation dispatched by family (private.realtime_topic_families), checked as
-- Realtime checks a private channel join (tests.realtime_can_receive / realtime_can_send). Each
-- feature's test checks its own families; here: the registry's rules and the user:<id> family.
begin;
select plan(9);

select tests.create_user('listener');
select tests.create_user('eavesdropper');
select set_config('tests.listener_topic', 'user:' || tests.get_user_id('listener'), true);

select tests.authenticate_as('listener');
select ok(tests.realtime_can_receive(current_setting('tests.listener_topic'), 'broadcast'), 'a user receives their own user:<id> topic');
select ok(not tests.realtime_can_receive(current_setting('tests.listener_topic'), 'presence'), 'user:<id> carries broadcasts only (no presence)');
select ok(not tests.realtime_can_send(current_setting('tests.listener_topic'), 'broadcast'),
  'nobody sends on user:<id>, not even its user: notifications come from the database only');

select tests.authenticate_as('eavesdropper');
select ok(not tests.realtime_can_receive(current_setting('tests.listener_topic'), 'broadcast'), 'another user cannot receive someone''s user:<id> topic');
select ok(not tests.realtime_can_send(current_setting('tests.listener_topic'), 'broadcast'), 'another user cannot send on someone''s user:<id> topic');
select ok(not tests.realtime_can_receive('nosuchfamily:1', 'broadcast') and not tests.realtime_can_send('nosuchfamily:1', 'broadcast'),
  'a topic of an unknown family is refused both ways');
select ok(not tests.realtime_can_receive('user', 'broadcast') and not tests.realtime_can_receive('', 'broadcast'),
  'a topic without a key is refused');

select tests.authenticate_as_anon();
select ok(not tests.realtime_can_receive(current_setting('tests.listener_topic'), 'broadcast'), 'anonymous callers receive no private topic');

select tests.clear_authentication();
select is(
  array(select f.family || ': ' || fn from private.realtime_topic_families f, lateral (values (f.can_receive), (f.can_send)) r (fn)
        where fn is not null and to_regprocedure(fn || '(text, text)') is null order by 1),
  '{}', 'every family''s rules are existing functions (key text, extension text)');

select * from finish();
rollback;
