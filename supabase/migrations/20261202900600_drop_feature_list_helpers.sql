-- The per-feature list helpers, replaced by private.make_cursor / read_cursor / list_page /
-- require_page_size (20261202900000_list_helpers.sql) in every list: social's text cursors
-- (keyset_cursor(timestamptz, uuid), keyset_position, keyset_page), play's
-- keyset_cursor(jsonb, text) and ranking_cursor, catalogue's param_keyset.

drop function private.keyset_cursor(timestamptz, uuid);
drop function private.keyset_position(text, text);
drop function private.keyset_page(jsonb, integer);
drop function private.keyset_cursor(jsonb, text);
drop function private.ranking_cursor(jsonb);
drop function private.param_keyset(jsonb, text);
