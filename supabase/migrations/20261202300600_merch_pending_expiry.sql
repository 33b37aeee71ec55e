-- Pending merch orders expire: an order staff have not confirmed (marked paid) within
-- private.merch_pending_lifetime() (72 hours) is cancelled by the merch-expire-pending job: credits
-- refunded, stock back, the buyer notified (order_updated, cancellation `expired`). With the
-- per-user limits this bounds what one buyer can hold out of stock, and for how long.

create function private.expire_pending_merch_orders(max_orders integer default 500)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  target uuid;
  expired integer := 0;
begin
  for target in
    select o.id from public.merch_orders o
    where o.status = 'pending' and o.created_at < now() - private.merch_pending_lifetime()
    order by o.created_at, o.id
    limit greatest(max_orders, 1)
    for update skip locked
  loop
    perform private.cancel_merch_order_core(target, 'expired', null);
    expired := expired + 1;
  end loop;
  return expired;
end;
$$;
comment on function private.expire_pending_merch_orders(integer) is
  'Cancels up to max_orders pending orders older than merch_pending_lifetime() (refund, stock back, buyer notified); skips orders another transaction holds. Run by the merch-expire-pending job; returns how many.';
revoke execute on function private.expire_pending_merch_orders(integer) from public;

select cron.schedule('merch-expire-pending', '*/5 * * * *', 'select private.expire_pending_merch_orders()');
