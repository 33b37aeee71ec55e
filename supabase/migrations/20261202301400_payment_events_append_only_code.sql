-- payment_events uses the append-only trigger (private.refuse_append_only_change), which refuses
-- with <table>_is_append_only: its code, catalogued.
insert into private.error_codes (code, http_status, message_en, message_ru) values
  ('payment_events_is_append_only', 403, 'Payment events are never changed or deleted.', 'События платежей нельзя изменять или удалять.');
