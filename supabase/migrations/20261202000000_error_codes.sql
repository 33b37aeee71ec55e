-- The error catalogue: every refusal the app can meet has a stable code, an HTTP status, and a
-- Russian and an English message. It lives here, in one table, and nowhere else:
-- - SQL refuses with private.refuse(code, params): SQLSTATE 'PT<status>' (PostgREST answers with
--   that status), message = the code, detail = the English message with its {params} filled in,
--   hint = the params as a JSON object (machine-readable, e.g. {"retry_after_s": 12});
-- - edge functions refuse with the same codes (supabase/functions/_shared/errors.ts);
-- - `npm run types` exports the table to supabase/functions/_shared/error-codes.json, the file the
--   app bundles and the functions import (`npm test` fails when it is stale);
-- - supabase/tests/database/error_catalogue.test.sql fails when a function raises a code that is
--   not here.
-- Features add their codes with an insert in their own migration. See docs/errors.md.

create table private.error_codes (
  code text primary key check (code ~ '^[a-z][a-z0-9_]*$'),
  http_status smallint not null check (http_status in (400, 401, 402, 403, 404, 405, 409, 410, 413, 422, 423, 429, 500, 502, 503)),
  message_en text not null check (char_length(message_en) between 1 and 300),
  message_ru text not null check (char_length(message_ru) between 1 and 300)
);
comment on table private.error_codes is
  'The error catalogue: code → HTTP status and ru/en messages ({name} placeholders are filled from the error''s params). Exported to supabase/functions/_shared/error-codes.json.';
comment on column private.error_codes.code is 'Machine-readable code the app switches on (the `message` of a PostgREST error, `error.code` of a function).';
comment on column private.error_codes.http_status is 'HTTP status the code is answered with.';
comment on column private.error_codes.message_en is 'English message; {name} is replaced by params.name.';
comment on column private.error_codes.message_ru is 'Russian message; {name} is replaced by params.name.';
alter table private.error_codes enable row level security;
revoke all on private.error_codes from public, anon, authenticated, service_role;

create function private.refuse(code text, params jsonb default '{}'::jsonb)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  entry private.error_codes;
  sentence text;
  name text;
begin
  select * into entry from private.error_codes e where e.code = refuse.code;
  if entry.code is null then
    raise exception using errcode = 'PT500', message = 'unknown_error_code',
      detail = format('The code %s is not in private.error_codes.', refuse.code);
  end if;
  sentence := entry.message_en;
  for name in select jsonb_object_keys(coalesce(params, '{}'::jsonb)) loop
    sentence := replace(sentence, '{' || name || '}', coalesce(params ->> name, ''));
  end loop;
  raise exception using errcode = 'PT' || entry.http_status::text, message = entry.code, detail = sentence,
    hint = coalesce(params, '{}'::jsonb)::text;
end;
$$;
comment on function private.refuse(text, jsonb) is
  'Raises the catalogued error `code`: SQLSTATE PT<status>, message = code, detail = English message with params filled in, hint = params as JSON. The one way SQL refuses.';
revoke execute on function private.refuse(text, jsonb) from public;
grant execute on function private.refuse(text, jsonb) to anon, authenticated, service_role;

insert into private.error_codes (code, http_status, message_en, message_ru) values
  -- Generic: requests, tokens, the database.
  ('invalid_json', 400, 'The request body is not valid JSON.', 'Тело запроса — не корректный JSON.'),
  ('invalid_body', 400, 'The request body is not valid.', 'Тело запроса заполнено неверно.'),
  ('invalid_input', 400, 'A value has the wrong format or is out of range.', 'Значение имеет неверный формат или вне допустимого диапазона.'),
  ('invalid_parameter', 400, '{parameter}: {reason}', '{parameter}: недопустимое значение ({reason}).'),
  ('constraint_violation', 400, 'A value breaks a rule of the data.', 'Значение нарушает правило данных.'),
  ('invalid_token', 401, 'The access token is invalid or expired.', 'Токен доступа недействителен или истёк.'),
  ('not_signed_in', 401, 'Sign in first.', 'Сначала войдите в аккаунт.'),
  ('forbidden', 403, 'You are not allowed to do this.', 'У вас нет прав на это действие.'),
  ('route_not_found', 404, 'There is no such endpoint.', 'Такого адреса нет.'),
  ('method_not_allowed', 405, 'This HTTP method is not allowed here.', 'Этот HTTP-метод здесь не поддерживается.'),
  ('conflict', 409, 'A concurrent change won; try again.', 'Одновременное изменение помешало; повторите попытку.'),
  ('invalid_reference', 409, 'A referenced row does not exist or is still in use.', 'Связанная запись не существует или ещё используется.'),
  ('rate_limited', 429, 'Too many attempts: try again in {retry_after_s} s.', 'Слишком много попыток: повторите через {retry_after_s} с.'),
  ('internal_error', 500, 'Something went wrong on our side.', 'Что-то пошло не так на нашей стороне.'),
  ('unknown_error_code', 500, 'The server raised an error that is not catalogued.', 'Сервер вернул ошибку, которой нет в каталоге.'),
  ('database_unavailable', 503, 'The database cannot be reached right now.', 'База данных сейчас недоступна.'),
  ('timeout', 503, 'The database took too long; try again.', 'База данных не ответила вовремя; повторите попытку.'),
  -- Accounts, roles, bans.
  ('reason_required', 400, 'Give a reason: it is recorded.', 'Укажите причину: она сохраняется.'),
  ('invalid_username', 400, 'A username has 3 to 32 characters of a-z, 0-9 and _.', 'Имя пользователя — от 3 до 32 символов: a-z, 0-9 и _.'),
  ('username_taken', 409, 'This username is already taken.', 'Это имя пользователя уже занято.'),
  ('user_not_found', 404, 'No such user.', 'Пользователь не найден.'),
  ('invalid_role', 400, 'Everyone is a user; grant moderator or admin.', 'Роль «пользователь» есть у всех; назначьте модератора или администратора.'),
  ('cannot_change_own_role', 403, 'Nobody changes their own roles.', 'Нельзя менять собственные роли.'),
  ('role_already_held', 409, 'The user already holds this role.', 'У пользователя уже есть эта роль.'),
  ('role_not_held', 409, 'The user does not hold this role.', 'У пользователя нет этой роли.'),
  ('invalid_duration', 400, 'A ban lasts a positive duration, or for good.', 'Бан длится положительный срок или бессрочно.'),
  ('cannot_ban_yourself', 400, 'You cannot ban yourself.', 'Нельзя заблокировать самого себя.'),
  ('cannot_ban_higher_staff', 403, 'That user holds permissions you do not hold.', 'У этого пользователя есть права, которых нет у вас.'),
  ('already_banned', 409, 'A ban on this user is already in force.', 'Этот пользователь уже заблокирован.'),
  ('not_banned', 404, 'No ban on this user is in force.', 'Действующего бана у этого пользователя нет.'),
  -- Credits.
  ('invalid_amount', 400, 'The amount is not allowed.', 'Недопустимая сумма.'),
  ('insufficient_credits', 402, 'This needs {shortfall} more credits.', 'Не хватает {shortfall} кредитов.'),
  -- Quests, points, reviews.
  ('quest_not_found', 404, 'No such quest.', 'Квест не найден.'),
  ('quest_has_no_points', 400, 'The quest has no route points yet.', 'У квеста пока нет точек маршрута.'),
  ('invalid_transition', 409, 'This change of state is not possible now.', 'Такая смена статуса сейчас невозможна.'),
  ('review_not_found', 404, 'No such review.', 'Отзыв не найден.'),
  ('already_hidden', 409, 'This review is already hidden.', 'Этот отзыв уже скрыт.'),
  ('not_hidden', 409, 'This review is not hidden.', 'Этот отзыв не скрыт.'),
  ('already_responded', 409, 'This review already has an answer.', 'На этот отзыв уже ответили.'),
  ('invalid_body_text', 400, 'A text has 1 to {max} characters.', 'Текст — от 1 до {max} символов.'),
  -- Play, unlocks.
  ('no_access', 403, 'This quest is locked: unlock it first.', 'Квест закрыт: сначала получите доступ.'),
  ('run_not_found', 404, 'No such run of yours.', 'Такого вашего прохождения нет.'),
  ('run_not_in_progress', 409, 'This run is not in progress.', 'Это прохождение уже не идёт.'),
  ('invalid_position', 400, 'The position is not valid (lat, lng, accuracy).', 'Неверные координаты (широта, долгота, точность).'),
  ('no_hint', 404, 'This point has no hint.', 'У этой точки нет подсказки.'),
  ('quest_not_locked', 409, 'This quest is open: just play it.', 'Квест открыт: просто играйте.'),
  ('already_has_access', 409, 'You can already play this quest.', 'У вас уже есть доступ к этому квесту.'),
  ('request_pending', 409, 'A request is already pending.', 'Запрос уже ожидает ответа.'),
  ('request_not_found', 404, 'No such request.', 'Запрос не найден.'),
  ('already_decided', 409, 'This was already decided.', 'Решение уже принято.'),
  ('cannot_decide_own_request', 403, 'Another staff member decides your own request.', 'Ваш собственный запрос решает другой сотрудник.'),
  -- Friends and chat.
  ('cannot_befriend_yourself', 400, 'You cannot send a request to yourself.', 'Нельзя отправить заявку самому себе.'),
  ('cannot_block_yourself', 400, 'You cannot block yourself.', 'Нельзя заблокировать самого себя.'),
  ('blocked', 403, 'One of you blocked the other.', 'Один из вас заблокировал другого.'),
  ('already_friends', 409, 'You are friends already.', 'Вы уже друзья.'),
  ('not_friends', 403, 'You are not friends.', 'Вы не друзья.'),
  ('not_blocked', 404, 'You have not blocked this user.', 'Вы не блокировали этого пользователя.'),
  ('invalid_member', 400, 'This user cannot be added here.', 'Этого пользователя нельзя сюда добавить.'),
  ('not_a_group', 400, 'Members are added to group chats only.', 'Участников добавляют только в групповые чаты.'),
  ('not_chat_admin', 403, 'Only the owner and admins do this.', 'Это могут только владелец и администраторы.'),
  ('not_chat_owner', 403, 'Only the owner does this.', 'Это может только владелец.'),
  ('member_not_found', 404, 'No such member.', 'Такого участника нет.'),
  ('member_not_removable', 404, 'No such member, or not one you may remove.', 'Такого участника нет, или его нельзя удалить.'),
  ('cannot_leave_direct_chat', 400, 'A direct chat cannot be left (block the person to stop messages).', 'Из личного чата нельзя выйти (заблокируйте собеседника).'),
  ('chat_not_found', 404, 'No such chat of yours.', 'Такого вашего чата нет.'),
  ('message_not_found', 404, 'No such message.', 'Сообщение не найдено.'),
  ('already_deleted', 409, 'This message is already deleted.', 'Сообщение уже удалено.'),
  ('invalid_reply', 400, 'A reply must answer a message of the same chat.', 'Ответ должен относиться к сообщению этого же чата.'),
  ('invalid_attachment', 400, 'The attachment is not a file you uploaded to this chat.', 'Вложение — не ваш файл в этом чате.'),
  -- Merch.
  ('invalid_idempotency_key', 400, 'Send an idempotency key of 8 to 128 characters.', 'Передайте ключ идемпотентности длиной от 8 до 128 символов.'),
  ('item_not_found', 404, 'No such item.', 'Товар не найден.'),
  ('item_inactive', 409, 'This item is no longer sold.', 'Этот товар больше не продаётся.'),
  ('invalid_quantity', 400, 'Order between 1 and 100 units.', 'Заказывайте от 1 до 100 штук.'),
  ('quest_not_completed', 403, 'Complete the quest this item belongs to first.', 'Сначала пройдите квест, к которому относится товар.'),
  ('limit_reached', 409, 'You already hold the most units of this item one person may buy.', 'Вы уже купили максимум этого товара на одного человека.'),
  ('out_of_stock', 409, 'Not enough units left.', 'Недостаточно товара на складе.'),
  ('order_not_found', 404, 'No such order.', 'Заказ не найден.'),
  ('tracking_number_required', 400, 'Give the tracking number when shipping.', 'Укажите трек-номер при отправке.');
