-- Favourites: adding and removing is rate limited (favourites.toggle), and the refusals an app can
-- meet are codes: already_favourite (409) instead of a raw 23505, quest_not_found for a quest that
-- is not published (or does not exist), forbidden for a banned user. The throttle's per-user lock
-- serialises one user's toggles, so the duplicate check below sees any favourite committed by a
-- concurrent request of the same user.

insert into private.rate_limits (action, max_hits, per, description) values
  ('favourites.toggle', 120, interval '1 hour', 'Adding or removing favourites (each moves the quest''s popularity counter).');

create function private.authorize_favourite_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.require_active();
  perform private.throttle('favourites.toggle');
  if tg_op = 'DELETE' then
    return old;
  end if;
  if new.quest_id is null then
    perform private.refuse('field_required', jsonb_build_object('field', 'quest_id'));
  end if;
  if not exists (select 1 from public.quests q where q.id = new.quest_id and q.status = 'published') then
    perform private.refuse('quest_not_found');
  end if;
  if exists (select 1 from public.favourites f where f.user_id = new.user_id and f.quest_id = new.quest_id) then
    perform private.refuse('already_favourite');
  end if;
  return new;
end;
$$;
comment on function private.authorize_favourite_write() is
  'Trigger (app requests; favourites): rate limited; quest_not_found for a quest that is not published, already_favourite for a repeat, forbidden when banned.';

create trigger authorize_favourite_write before insert or delete on public.favourites
  for each row when (current_user in ('anon', 'authenticated')) execute function private.authorize_favourite_write();
