-- Staff write merch items column by column: the id and the timestamps are the server's (they were
-- writable with the rest of the row, a hole listed in api_surface.test.sql).
revoke insert, update on public.merch_items from anon, authenticated;
grant insert (title, description, image_paths, price_credits, stock, per_user_limit, active, quest_id, quest_rule)
  on public.merch_items to authenticated;
grant update (title, description, image_paths, price_credits, stock, per_user_limit, active, quest_id, quest_rule)
  on public.merch_items to authenticated;
