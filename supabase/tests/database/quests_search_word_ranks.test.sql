-- One-word relevance searches read from private.quest_word_ranks (20261202920400_search_word_ranks.sql)
-- give exactly what ranking every matching quest gives: the same cards, order, relevance values and
-- cursors, page after page, also when the title/summary matches do not fill a page (quests with the
-- word in their description only come after them) and after the catalogue changes (unpublished,
-- renamed, deleted quests). The reference is ts_rank over every published match, computed here.
begin;
select plan(14);

select tests.create_user('wr_author');

-- 30 quests of their own town: "гейзер" in 12 titles (once or twice, with other words around) and
-- in 4 summaries; in 6 descriptions only; "ручей" in 2 titles and 11 descriptions; one draft with
-- "гейзер" in its title.
insert into public.quests (id, author_id, title, slug, summary, description, city, status, published_at)
select ('e1000000-0000-4000-a000-' || lpad(i::text, 12, '0'))::uuid, tests.get_user_id('wr_author'),
       case when i <= 12 then repeat('Гейзер ', 1 + i % 2) || 'и сквер ' || i
            when i <= 16 then 'Сквер ' || i
            when i <= 18 then 'Ручей ' || i
            else 'Аллея ' || i end,
       'wr-' || i,
       case when i between 13 and 16 then 'Прогулка: гейзер номер ' || i else 'Прогулка ' || i end,
       case when i between 19 and 24 then 'Во дворе есть гейзер. ' || repeat('Слово ', i) else '' end
         || case when i between 19 and 29 then 'Вдоль ручья. ' else '' end,
       'Гейзерск', 'published', now()
from generate_series(1, 30) i;
insert into public.quests (id, author_id, title, slug, city, status)
values ('e1000000-0000-4000-a000-000000000099', tests.get_user_id('wr_author'), 'Гейзер черновика', 'wr-draft', 'Гейзерск', 'draft');

-- The reference: every published match ranked.
create function pg_temp.reference(word text, size integer, after_value double precision, after_id uuid)
returns jsonb language sql as $$
  select coalesce(jsonb_agg(jsonb_build_array(id, relevance) order by relevance desc, id desc), '[]')
  from (select q.id, ts_rank(q.search_document, private.quest_search_query(word), 32)::double precision as relevance
        from public.quests q
        where q.status = 'published' and q.search_document @@ private.quest_search_query(word)
          and (after_id is null or (ts_rank(q.search_document, private.quest_search_query(word), 32)::double precision, q.id) < (after_value, after_id))
        order by 2 desc, 1 desc limit size) r;
$$;
create function pg_temp.got(page jsonb)
returns jsonb language sql as $$
  select coalesce(jsonb_agg(jsonb_build_array(i ->> 'id', (i ->> 'relevance')::double precision) order by n), '[]')
  from jsonb_array_elements(page -> 'items') with ordinality e(i, n);
$$;
grant execute on function pg_temp.reference(text, integer, double precision, uuid), pg_temp.got(jsonb) to authenticated;

select tests.authenticate_as('wr_author');
create temporary table p1 as select public.search_quests('{"q": "гейзер", "page_size": 5}')::jsonb as page;
create temporary table p2 as select public.search_quests(jsonb_build_object('q', 'гейзер', 'page_size', 5, 'after', (select page -> 'next_cursor' from p1)))::jsonb as page;
create temporary table p3 as select public.search_quests(jsonb_build_object('q', 'гейзер', 'page_size', 5, 'after', (select page -> 'next_cursor' from p2)))::jsonb as page;
create temporary table p4 as select public.search_quests(jsonb_build_object('q', 'гейзер', 'page_size', 5, 'after', (select page -> 'next_cursor' from p3)))::jsonb as page;
create temporary table p5 as select public.search_quests(jsonb_build_object('q', 'гейзер', 'page_size', 5, 'after', (select page -> 'next_cursor' from p4)))::jsonb as page;
select tests.clear_authentication();

select ok((select count(*) from private.quest_word_ranks w where w.lexeme = 'гейзер') = 16,
  'the stored ranks hold the 16 published quests with the word in their title or summary (not the draft, not description-only ones)');
select is((select pg_temp.got(page) from p1), pg_temp.reference('гейзер', 5, null, null), 'page 1: the same cards and relevance as ranking every match');
select is((select pg_temp.got(page) from p2),
  pg_temp.reference('гейзер', 5, (select (page -> 'next_cursor' ->> 'value')::double precision from p1), (select (page -> 'next_cursor' ->> 'id')::uuid from p1)),
  'page 2 through the cursor: the same');
select is((select pg_temp.got(page) from p3),
  pg_temp.reference('гейзер', 5, (select (page -> 'next_cursor' ->> 'value')::double precision from p2), (select (page -> 'next_cursor' ->> 'id')::uuid from p2)),
  'page 3: the same');
select is((select pg_temp.got(page) from p4),
  pg_temp.reference('гейзер', 5, (select (page -> 'next_cursor' ->> 'value')::double precision from p3), (select (page -> 'next_cursor' ->> 'id')::uuid from p3)),
  'page 4: the title/summary matches run out inside it, description-only matches follow in rank order');
select is((select jsonb_array_length(page -> 'items') from p5), 2, 'page 5 ends the 22 matches');
select is((select page -> 'next_cursor' from p5), 'null'::jsonb, 'and says there is no next page');
select ok((select max((i ->> 'relevance')::double precision) from p4, jsonb_array_elements(page -> 'items') i)
          < (select min((i ->> 'relevance')::double precision) from p1, jsonb_array_elements(page -> 'items') i),
  'description-only matches rank below title matches');

select tests.authenticate_as('wr_author');
select is(pg_temp.got(public.search_quests('{"q": "ручей", "page_size": 5}')::jsonb), pg_temp.reference('ручей', 5, null, null),
  'a word with fewer title matches than a page: ranked as before (title matches first, then the descriptions)');
select tests.clear_authentication();

-- The catalogue changes: ranks follow.
update public.quests set status = 'archived' where id = 'e1000000-0000-4000-a000-000000000002';
update public.quests set title = 'Сквер без воды' where id = 'e1000000-0000-4000-a000-000000000003';
update public.quests set title = 'Гейзер гейзер гейзер' where id = 'e1000000-0000-4000-a000-000000000030';
delete from public.quests where id = 'e1000000-0000-4000-a000-000000000004';
select is((select count(*)::int from private.quest_word_ranks w where w.lexeme = 'гейзер'), 14,
  'archived, renamed and deleted quests leave the stored ranks; a new title enters them');
select is((select w.rank from private.quest_word_ranks w where w.lexeme = 'гейзер' and w.quest_id = 'e1000000-0000-4000-a000-000000000030'),
  (select ts_rank(q.search_document, private.quest_search_query('гейзер'), 32) from public.quests q where q.id = 'e1000000-0000-4000-a000-000000000030'),
  'a stored rank is ts_rank of the document itself');
select tests.authenticate_as('wr_author');
select is(pg_temp.got(public.search_quests('{"q": "гейзер", "page_size": 5}')::jsonb), pg_temp.reference('гейзер', 5, null, null),
  'after the changes: the same cards as ranking every match');
select is(pg_temp.got(public.search_quests('{"q": "гейзер", "page_size": 5, "city": "Гейзерск"}')::jsonb), pg_temp.reference('гейзер', 5, null, null),
  'with a filter (ranked as before): the same cards');
select tests.clear_authentication();

-- Rows of quests nobody may read never come out: the draft's title word is not stored.
select is((select count(*)::int from private.quest_word_ranks w where w.quest_id = 'e1000000-0000-4000-a000-000000000099'), 0,
  'a draft has no stored ranks');

select * from finish();
rollback;
