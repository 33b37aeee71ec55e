-- Refusals of the quest catalogue: the codes its calls and table writes answer with, and the small
-- field checks its validation triggers share. A client writing a quest, a route point, a review or
-- a reference-list entry gets a catalogued code naming the field (params {field, min, max}), never
-- a raw 23xxx error with a constraint name; the constraints stay as the last line of defence.
--
-- The catalogue's tables carry two kinds of BEFORE triggers (they fire in name order):
-- - authorize_<…>: the rules of the app's own writes, with `when (current_user in ('anon',
--   'authenticated'))`, so they fire for a PostgREST or Storage request and never for the server
--   (definer functions, cascades, the service role, Studio): who may write (codes ahead of the
--   policies), rate limits, duplicates;
-- - check_<…>: the values, whoever writes them.

insert into private.error_codes (code, http_status, message_en, message_ru) values
  ('field_required', 400, 'Fill in {field}.', 'Заполните поле {field}.'),
  ('invalid_length', 400, '{field} takes {min} to {max} characters.', 'Поле {field}: от {min} до {max} символов.'),
  ('out_of_range', 400, '{field} takes values from {min} to {max}.', 'Поле {field}: значение от {min} до {max}.'),
  ('invalid_format', 400, '{field} has the wrong format.', 'Поле {field} имеет неверный формат.'),
  ('file_not_uploaded', 400, 'Upload the file {field} points to first.', 'Сначала загрузите файл, на который указывает {field}.'),
  ('slug_taken', 409, 'The address {slug} is already taken.', 'Адрес {slug} уже занят.'),
  ('quest_not_editable', 409, 'A quest is edited only while it is a draft.', 'Квест можно менять только пока он черновик.'),
  ('cannot_moderate_own_quest', 403, 'Another staff member decides on a quest you wrote.', 'Решение по вашему собственному квесту принимает другой сотрудник.'),
  ('duplicate_position', 409, 'Another point of this quest already has position {position}.', 'У другой точки этого квеста уже есть номер {position}.'),
  ('already_added', 409, 'This {field} is already on the list.', 'Этот элемент ({field}) уже в списке.'),
  ('already_favourite', 409, 'This quest is already in your favourites.', 'Этот квест уже в избранном.'),
  ('already_reviewed', 409, 'You have already reviewed this quest: edit your review instead.', 'Вы уже оставили отзыв на этот квест: отредактируйте его.'),
  ('cannot_review_own_quest', 403, 'Authors do not review their own quests.', 'Авторы не оставляют отзывы на свои квесты.');

create function private.check_length(field text, value text, min_length integer, max_length integer)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if value is null then
    if min_length > 0 then
      perform private.refuse('field_required', jsonb_build_object('field', field));
    end if;
  elsif char_length(value) not between min_length and max_length then
    perform private.refuse('invalid_length', jsonb_build_object('field', field, 'min', min_length, 'max', max_length));
  end if;
end;
$$;
comment on function private.check_length(text, text, integer, integer) is
  'Validation: refuses field_required (null while min_length > 0) or invalid_length {field, min, max}.';

create function private.check_range(field text, value numeric, min_value numeric, max_value numeric)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if value is null then
    perform private.refuse('field_required', jsonb_build_object('field', field));
  elsif value not between min_value and max_value then
    perform private.refuse('out_of_range', jsonb_build_object('field', field, 'min', min_value, 'max', max_value));
  end if;
end;
$$;
comment on function private.check_range(text, numeric, numeric, numeric) is
  'Validation: refuses field_required (null) or out_of_range {field, min, max}.';
