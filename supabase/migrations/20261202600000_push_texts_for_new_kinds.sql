-- Push texts for the notification kinds that play and payments added alongside push
-- (quest_withdrawn, run_reviewed, top_up_credited, top_up_reversed): the screen each opens, the
-- payload fields sent along, and the ru/en texts (see 20261202400100_push_texts.sql).
insert into private.push_kinds (kind, screen, data_fields, description) values
  ('quest_withdrawn', 'quest', '{"quest_id": "quest_id"}',
   'A quest the user had access to (or asked for) was archived or deleted: access refunded or request rejected.'),
  ('run_reviewed', 'run', '{"run_id": "run_id", "quest_id": "quest_id"}',
   'A moderator cleared or voided the user''s flagged run.'),
  ('top_up_credited', 'wallet', '{"payment_id": "payment_id"}', 'A credit top-up was paid and credited.'),
  ('top_up_reversed', 'wallet', '{"payment_id": "payment_id"}', 'A credit top-up was refunded or charged back (or a dispute was won).');

insert into private.push_texts (kind, locale, match, title, body) values
  ('quest_withdrawn', 'en', '{}', 'Quest withdrawn', '«{quest_title}» is no longer available.'),
  ('quest_withdrawn', 'ru', '{}', 'Квест снят', 'Квест «{quest_title}» больше недоступен.'),
  ('quest_withdrawn', 'en', '{"request_id": null}', 'Quest withdrawn', '«{quest_title}» is no longer available: {refunded_credits} credits are back in your wallet.'),
  ('quest_withdrawn', 'ru', '{"request_id": null}', 'Квест снят', 'Квест «{quest_title}» больше недоступен: {refunded_credits} кредитов вернулись на счёт.'),
  ('run_reviewed', 'en', '{}', 'Your run was reviewed', 'A moderator looked at your run of «{quest_title}».'),
  ('run_reviewed', 'ru', '{}', 'Прохождение проверено', 'Модератор проверил ваше прохождение «{quest_title}».'),
  ('run_reviewed', 'en', '{"decision": "cleared"}', 'Your run counts', 'Your run of «{quest_title}» was cleared.'),
  ('run_reviewed', 'ru', '{"decision": "cleared"}', 'Прохождение засчитано', 'Ваше прохождение «{quest_title}» засчитано.'),
  ('run_reviewed', 'en', '{"decision": "voided"}', 'Your run was voided', 'Your run of «{quest_title}» was voided: {reason}'),
  ('run_reviewed', 'ru', '{"decision": "voided"}', 'Прохождение аннулировано', 'Ваше прохождение «{quest_title}» аннулировано: {reason}'),
  ('top_up_credited', 'en', '{}', 'Credits added', '{credits} credits are in your wallet.'),
  ('top_up_credited', 'ru', '{}', 'Кредиты зачислены', 'На ваш счёт зачислено {credits} кредитов.'),
  ('top_up_reversed', 'en', '{}', 'Top-up reversed', 'A credit top-up was reversed: {credits} credits.'),
  ('top_up_reversed', 'ru', '{}', 'Пополнение отменено', 'Пополнение счёта отменено: {credits} кредитов.');
