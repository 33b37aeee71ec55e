-- Push notifications, part 2: what a push says, as data. Each kind of push (every value of
-- public.notification_kind, plus chat_message for new chat messages) has a row in
-- private.push_kinds (the app screen it opens and the payload fields the app needs for it, sent as
-- the push's data) and,
-- per language, texts in private.push_texts with {placeholders} filled from the payload. A text
-- row may match a part of the payload (e.g. {"status": "shipped"} for order updates): the most
-- specific matching row wins. A kind without texts, or a payload lacking a placeholder's field,
-- falls back to the `default` texts, so a notification kind added later never breaks anything: it
-- is pushed with a generic text until its texts are added. Staff may edit texts in Studio.
-- Adding a kind: one push_kinds row and push_texts rows with match '{}' in ru and en
-- (supabase/tests/database/push_outbox.test.sql checks every notification_kind has them).

-- FCM refuses data keys `from`, `message_type` and any starting with google or gcm; kind, screen
-- and notification_id are set by the drain itself.
create function private.valid_push_data_fields(fields jsonb)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select jsonb_typeof(fields) = 'object' and not exists (
    select 1 from jsonb_each(fields) f
    where f.key !~ '^[a-z][a-z0-9_]*$' or f.key in ('from', 'message_type', 'kind', 'screen', 'notification_id')
       or f.key ~ '^(google|gcm)' or jsonb_typeof(f.value) <> 'string');
$$;
comment on function private.valid_push_data_fields(jsonb) is
  'True when a push_kinds.data_fields map is usable: snake_case data names FCM accepts (not from, message_type, google*, gcm*, nor kind/screen/notification_id), each naming a payload field.';

create table private.push_kinds (
  kind text primary key check (kind ~ '^[a-z][a-z0-9_]*$' and kind <> 'default'),
  screen text not null check (screen ~ '^[a-z][a-z0-9_]*$'),
  data_fields jsonb not null default '{}' check (private.valid_push_data_fields(data_fields)),
  description text not null
);
comment on table private.push_kinds is
  'Kinds of push (notification kinds and chat_message): the screen the app opens and the payload fields sent along. Users switch kinds on or off (push_preferences).';
comment on column private.push_kinds.kind is 'A public.notification_kind value, or chat_message.';
comment on column private.push_kinds.screen is 'App screen to open (data field `screen` of the push).';
comment on column private.push_kinds.data_fields is
  'Data sent along so the app can open the right item: {"<data field>": "<payload field>"}, values as strings (e.g. {"user_id": "from"}).';
comment on column private.push_kinds.description is 'When this push is sent.';
alter table private.push_kinds enable row level security;
revoke all on private.push_kinds from public, anon, authenticated, service_role;

create table private.push_texts (
  kind text not null check (kind ~ '^[a-z][a-z0-9_]*$'),
  locale public.app_locale not null,
  match jsonb not null default '{}' check (jsonb_typeof(match) = 'object'),
  title text not null check (char_length(title) between 1 and 100),
  body text not null check (char_length(body) between 1 and 240),
  primary key (kind, locale, match)
);
comment on table private.push_texts is
  'Push texts per kind and language; {name} is replaced by payload field name. A row applies when the payload contains `match`; the most specific applies. Kind `default` is the fallback.';
comment on column private.push_texts.kind is 'A push_kinds kind, or default (fallback for kinds without texts).';
comment on column private.push_texts.locale is 'Language (the device''s).';
comment on column private.push_texts.match is 'Payload fields this row is for (e.g. {"status": "shipped"}); {} = any payload of the kind.';
comment on column private.push_texts.title is 'Title template (≤ 100 characters after filling; longer is cut).';
comment on column private.push_texts.body is 'Body template (≤ 240 characters after filling; longer is cut).';
alter table private.push_texts enable row level security;
revoke all on private.push_texts from public, anon, authenticated, service_role;

insert into private.push_kinds (kind, screen, data_fields, description) values
  ('friend_request', 'friend_requests', '{"request_id": "request_id", "user_id": "from"}', 'Someone asked to be friends.'),
  ('friend_accepted', 'profile', '{"request_id": "request_id", "user_id": "by"}', 'Someone accepted the user''s friend request.'),
  ('chat_added', 'chat', '{"chat_id": "chat_id"}', 'The user was added to a chat.'),
  ('unlock_approved', 'quest', '{"quest_id": "quest_id", "request_id": "request_id"}', 'Staff approved the user''s unlock request.'),
  ('unlock_rejected', 'unlock_request', '{"quest_id": "quest_id", "request_id": "request_id"}', 'Staff rejected the user''s unlock request.'),
  ('order_updated', 'order', '{"order_id": "order_id", "status": "status"}', 'Staff moved the user''s merch order (paid, shipped, delivered, cancelled).'),
  ('chat_message', 'chat', '{"chat_id": "chat_id", "message_id": "message_id", "sender_id": "sender_id"}',
   'A new message in one of the user''s chats (collapsed per chat).');

insert into private.push_texts (kind, locale, match, title, body) values
  ('default', 'en', '{}', 'QuestCity', 'You have a new notification.'),
  ('default', 'ru', '{}', 'QuestCity', 'У вас новое уведомление.'),
  ('friend_request', 'en', '{}', 'Friend request', '{username} wants to be your friend.'),
  ('friend_request', 'ru', '{}', 'Заявка в друзья', '{username} хочет добавить вас в друзья.'),
  ('friend_accepted', 'en', '{}', 'New friend', '{username} accepted your friend request.'),
  ('friend_accepted', 'ru', '{}', 'Новый друг', '{username} принимает вашу заявку в друзья.'),
  ('chat_added', 'en', '{}', 'New chat', 'You were added to a chat.'),
  ('chat_added', 'ru', '{}', 'Новый чат', 'Вас добавили в чат.'),
  ('unlock_approved', 'en', '{}', 'Quest unlocked', '«{quest_title}» is open to you now. Have a good walk!'),
  ('unlock_approved', 'ru', '{}', 'Квест открыт', 'Квест «{quest_title}» теперь доступен вам. Хорошей прогулки!'),
  ('unlock_rejected', 'en', '{}', 'Unlock request declined', '«{quest_title}»: {reason}'),
  ('unlock_rejected', 'ru', '{}', 'Запрос на доступ отклонён', '«{quest_title}»: {reason}'),
  ('order_updated', 'en', '{}', 'Order update', 'Your order is now {status}.'),
  ('order_updated', 'ru', '{}', 'Заказ', 'Статус вашего заказа изменился.'),
  ('order_updated', 'en', '{"status": "paid"}', 'Order confirmed', 'Your order is paid and being packed.'),
  ('order_updated', 'ru', '{"status": "paid"}', 'Заказ подтверждён', 'Заказ оплачен, мы его собираем.'),
  ('order_updated', 'en', '{"status": "shipped"}', 'Your order is on its way', 'Tracking number: {tracking_number}'),
  ('order_updated', 'ru', '{"status": "shipped"}', 'Заказ в пути', 'Трек-номер: {tracking_number}'),
  ('order_updated', 'en', '{"status": "delivered"}', 'Order delivered', 'Your order has been delivered. Enjoy!'),
  ('order_updated', 'ru', '{"status": "delivered"}', 'Заказ доставлен', 'Ваш заказ доставлен. Наслаждайтесь!'),
  ('order_updated', 'en', '{"status": "cancelled"}', 'Order cancelled', 'Your order was cancelled and the credits refunded.'),
  ('order_updated', 'ru', '{"status": "cancelled"}', 'Заказ отменён', 'Заказ отменён, кредиты возвращены.'),
  -- Chat messages: payload built when sent (sender, chat_title, text, chat_kind, previews).
  ('chat_message', 'en', '{}', '{sender}', '{text}'),
  ('chat_message', 'ru', '{}', '{sender}', '{text}'),
  ('chat_message', 'en', '{"chat_kind": "group"}', '{chat_title}', '{sender}: {text}'),
  ('chat_message', 'ru', '{"chat_kind": "group"}', '{chat_title}', '{sender}: {text}'),
  ('chat_message', 'en', '{"previews": false}', 'QuestCity', 'New message'),
  ('chat_message', 'ru', '{"previews": false}', 'QuestCity', 'Новое сообщение'),
  ('chat_message', 'en', '{"chat_kind": "group", "previews": false}', 'QuestCity', 'New message'),
  ('chat_message', 'ru', '{"chat_kind": "group", "previews": false}', 'QuestCity', 'Новое сообщение');

-- Fills {name} placeholders from the payload; null when a placeholder's field is missing or null.
create function private.fill_push_text(template text, payload jsonb)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  result text := template;
  name text;
begin
  for name in select m[1] from regexp_matches(template, '\{([a-z_][a-z0-9_]*)\}', 'g') m loop
    if payload ->> name is null then
      return null;
    end if;
    result := replace(result, '{' || name || '}', payload ->> name);
  end loop;
  return result;
end;
$$;
comment on function private.fill_push_text(text, jsonb) is
  'Replaces {name} with payload->>name; null when any placeholder has no value (the caller then falls back to the default texts).';

-- Cuts a text to a length, marking the cut with an ellipsis.
create function private.cut_push_text(value text, max_length integer)
returns text
language sql
immutable
set search_path = ''
as $$
  select case when char_length(value) <= max_length then value else left(value, max_length - 1) || '…' end;
$$;
comment on function private.cut_push_text(text, integer) is 'Cuts a push title or body to max_length characters, ending with … when cut.';

create function private.render_push(kind text, locale public.app_locale, payload jsonb)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  texts private.push_texts;
  meta private.push_kinds;
  title text;
  body text;
  field record;
  data jsonb;
begin
  select t.* into texts from private.push_texts t
  where t.kind = render_push.kind and t.locale = render_push.locale and render_push.payload @> t.match
  order by (select count(*) from jsonb_object_keys(t.match)) desc
  limit 1;
  title := private.fill_push_text(texts.title, payload);
  body := private.fill_push_text(texts.body, payload);
  if title is null or body is null then
    select t.* into texts from private.push_texts t
    where t.kind = 'default' and t.locale = render_push.locale and t.match = '{}';
    title := texts.title;
    body := texts.body;
  end if;
  select k.* into meta from private.push_kinds k where k.kind = render_push.kind;
  data := jsonb_build_object('kind', kind, 'screen', coalesce(meta.screen, 'notifications'));
  for field in select f.key as name, f.value as source from jsonb_each_text(coalesce(meta.data_fields, '{}')) f loop
    if payload ->> field.source is not null then
      data := data || jsonb_build_object(field.name, payload ->> field.source);
    end if;
  end loop;
  return jsonb_build_object('title', private.cut_push_text(title, 100), 'body', private.cut_push_text(body, 240), 'data', data);
end;
$$;
comment on function private.render_push(text, public.app_locale, jsonb) is
  'The title, body and data (all strings: kind, screen and the kind''s data_fields) of one push in one language; default texts when the kind has none or the payload lacks a placeholder.';
