-- Demo data for local work (`npm run dev`, `supabase start`, `npm run db:reset`): never pushed.
-- Runs as `postgres` after the migrations. Demo users sign in with their e-mail and the password
-- `questcity-demo-1`; `npm run dev` prints an access token for each of them.
-- Each section belongs to one capability; keep them in this order.

-- == accounts: demo users per role ==========================================================
-- Created as Supabase Auth creates users (confirmed e-mail, bcrypt password, an identity); the
-- sign-up trigger makes their profiles and wallets. Fixed ids so that the app team can hard-code
-- them in fixtures.
with demo (id, email, username, display_name, locale) as (
  values
    ('00000000-0000-4000-a000-000000000001'::uuid, 'admin@demo.questcity.app', 'admin', 'Анна (admin)', 'ru'),
    ('00000000-0000-4000-a000-000000000002'::uuid, 'moderator@demo.questcity.app', 'moderator', 'Max (moderator)', 'en'),
    ('00000000-0000-4000-a000-000000000003'::uuid, 'alice@demo.questcity.app', 'alice', 'Алиса', 'ru'),
    ('00000000-0000-4000-a000-000000000004'::uuid, 'bob@demo.questcity.app', 'bob', 'Bob', 'en'),
    ('00000000-0000-4000-a000-000000000005'::uuid, 'carol@demo.questcity.app', 'carol', 'Carol', 'en')
),
users as (
  insert into auth.users (
    instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
    raw_app_meta_data, raw_user_meta_data, created_at, updated_at
  )
  select '00000000-0000-0000-0000-000000000000', d.id, 'authenticated', 'authenticated', d.email,
         extensions.crypt('questcity-demo-1', extensions.gen_salt('bf')), now(),
         '{"provider":"email","providers":["email"]}',
         jsonb_build_object('username', d.username, 'display_name', d.display_name, 'locale', d.locale),
         now(), now()
  from demo d
  returning id, email
)
insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select u.id::text, u.id, jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true), 'email', now(), now(), now()
from users u;

insert into public.user_roles (user_id, role) values
  ('00000000-0000-4000-a000-000000000001', 'admin'),
  ('00000000-0000-4000-a000-000000000002', 'moderator');

update public.profiles set bio = 'Люблю старые дворы и загадки.', city = 'Москва'
where id = '00000000-0000-4000-a000-000000000003';
update public.profiles set bio = 'Weekend explorer.', city = 'Saint Petersburg'
where id = '00000000-0000-4000-a000-000000000004';

-- == quests: reference lists, places, quests, points, reviews ===============================
-- Three cities (Moscow, Saint Petersburg, Kazan), 36 published quests (some locked, with a price)
-- plus drafts, one under review and one archived; 4 route points each, starting at a real
-- landmark and walking from there; every reference list in Russian and English; reviews (one
-- hidden by the moderator, one answered), favourites and one access grant. Authors and reviewers
-- are the demo users, found by e-mail (rows whose user is missing get no author / are skipped).
insert into public.categories (slug, name_ru, name_en, icon, sort_order) values
  ('history', 'История', 'History', 'history', 10),
  ('architecture', 'Архитектура', 'Architecture', 'architecture', 20),
  ('literature', 'Литература', 'Literature', 'book', 30),
  ('food', 'Еда', 'Food', 'restaurant', 40),
  ('art', 'Искусство', 'Art', 'palette', 50),
  ('nature', 'Природа и набережные', 'Nature and embankments', 'park', 60),
  ('mystery', 'Мистика и загадки', 'Mystery', 'search', 70),
  ('family', 'Для всей семьи', 'Family', 'family', 80),
  ('nightlife', 'Ночной город', 'City at night', 'nightlife', 90);

insert into public.vehicles (slug, name_ru, name_en, icon, sort_order) values
  ('on-foot', 'Пешком', 'On foot', 'walk', 10),
  ('bike', 'Велосипед', 'Bike', 'bike', 20),
  ('scooter', 'Самокат', 'Scooter', 'scooter', 30),
  ('public-transport', 'Общественный транспорт', 'Public transport', 'bus', 40),
  ('car', 'Автомобиль', 'Car', 'car', 50),
  ('boat', 'Лодка или каяк', 'Boat or kayak', 'boat', 60);

insert into public.activities (slug, name_ru, name_en, icon, sort_order) values
  ('photo', 'Фотоохота', 'Photo hunt', 'camera', 10),
  ('riddles', 'Загадки', 'Riddles', 'puzzle', 20),
  ('museum', 'Музеи', 'Museums', 'museum', 30),
  ('tasting', 'Дегустации', 'Tasting', 'restaurant', 40),
  ('street-art', 'Стрит-арт', 'Street art', 'brush', 50),
  ('qr-hunt', 'Поиск QR-кодов', 'QR hunt', 'qr', 60),
  ('viewpoints', 'Смотровые площадки', 'Viewpoints', 'visibility', 70),
  ('stories', 'Городские легенды', 'City legends', 'auto_stories', 80);

insert into public.tools (slug, name_ru, name_en, icon, sort_order) values
  ('charged-phone', 'Заряженный телефон', 'Charged phone', 'phone', 10),
  ('power-bank', 'Пауэрбанк', 'Power bank', 'battery', 20),
  ('comfortable-shoes', 'Удобная обувь', 'Comfortable shoes', 'shoe', 30),
  ('water', 'Вода', 'Water', 'water', 40),
  ('umbrella', 'Зонт', 'Umbrella', 'umbrella', 50),
  ('flashlight', 'Фонарик', 'Flashlight', 'flashlight', 60),
  ('transport-card', 'Транспортная карта', 'Transport card', 'card', 70),
  ('helmet', 'Шлем', 'Helmet', 'helmet', 80);

insert into public.places (name, address, city, location) values
  ('Красная площадь', 'Красная площадь', 'Москва', extensions.st_makepoint(37.6208, 55.7539)::extensions.geography),
  ('Парк «Зарядье»', 'ул. Варварка, 6', 'Москва', extensions.st_makepoint(37.6290, 55.7510)::extensions.geography),
  ('Парк Горького', 'ул. Крымский Вал, 9', 'Москва', extensions.st_makepoint(37.6035, 55.7298)::extensions.geography),
  ('Патриаршие пруды', 'Малый Патриарший пер.', 'Москва', extensions.st_makepoint(37.5927, 55.7634)::extensions.geography),
  ('ВДНХ', 'пр. Мира, 119', 'Москва', extensions.st_makepoint(37.6377, 55.8263)::extensions.geography),
  ('Китай-город', 'Никольская ул.', 'Москва', extensions.st_makepoint(37.6330, 55.7566)::extensions.geography),
  ('Дворцовая площадь', 'Дворцовая пл.', 'Санкт-Петербург', extensions.st_makepoint(30.3159, 59.9390)::extensions.geography),
  ('Петропавловская крепость', 'Петропавловская крепость, 3', 'Санкт-Петербург', extensions.st_makepoint(30.3166, 59.9500)::extensions.geography),
  ('Новая Голландия', 'наб. Адмиралтейского канала, 2', 'Санкт-Петербург', extensions.st_makepoint(30.2890, 59.9290)::extensions.geography),
  ('Стрелка Васильевского острова', 'Биржевая пл.', 'Санкт-Петербург', extensions.st_makepoint(30.3050, 59.9440)::extensions.geography),
  ('Казанский кремль', 'Кремлёвская ул.', 'Казань', extensions.st_makepoint(49.1063, 55.7990)::extensions.geography),
  ('Улица Баумана', 'ул. Баумана', 'Казань', extensions.st_makepoint(49.1174, 55.7887)::extensions.geography),
  ('Старо-Татарская слобода', 'ул. Каюма Насыри', 'Казань', extensions.st_makepoint(49.1120, 55.7800)::extensions.geography);

create temporary table seed_quests (
  n integer, slug text, city text, place text, title text, summary text, category text, vehicle text,
  difficulty smallint, duration_min integer, distance_m integer, price integer, access public.quest_access,
  status public.quest_status, author text, lng double precision, lat double precision,
  activities text[], tools text[], points text[], riddle text, answer text
);

insert into seed_quests values
  (1, 'kremlin-walls-secrets', 'Москва', 'Красная площадь', 'Тайны кремлёвских стен',
   'Башни, ворота и легенды главной площади страны за полтора часа.', 'history', 'on-foot', 2, 90, 2400, 0, 'open', 'published', 'admin',
   37.6208, 55.7539, '{stories,riddles,photo}', '{charged-phone,comfortable-shoes}',
   '{Воскресенские ворота,Нулевой километр,Храм Василия Блаженного,Спасская башня}', 'В каком году построили Спасскую башню?', '1491'),
  (2, 'zaryadye-floating-bridge', 'Москва', 'Парк «Зарядье»', 'Zaryadye: the Floating Bridge',
   'A modern park on the oldest street of Moscow: tundra, forest and a bridge over the river.', 'architecture', 'on-foot', 1, 60, 1500, 0, 'open', 'published', 'admin',
   37.6290, 55.7510, '{viewpoints,photo}', '{charged-phone}',
   '{Парящий мост,Заповедное посольство,Ледяная пещера,Улица Варварка}', 'How many metres does the bridge reach over the river?', '70'),
  (3, 'kitay-gorod-merchants', 'Москва', 'Китай-город', 'Купцы Китай-города',
   'Торговые ряды, подворья и тайные дворы купеческой Москвы.', 'history', 'on-foot', 3, 120, 3200, 150, 'locked', 'published', 'admin',
   37.6330, 55.7566, '{stories,riddles,qr-hunt}', '{charged-phone,comfortable-shoes,water}',
   '{Никольская улица,Старый Английский двор,Ильинка,Биржевая площадь}', 'Какой зверь изображён на гербе Купеческого клуба?', 'единорог'),
  (4, 'bulgakov-moscow', 'Москва', 'Патриаршие пруды', 'Булгаковская Москва',
   'По следам Воланда: от Патриарших до нехорошей квартиры.', 'literature', 'on-foot', 3, 100, 2800, 200, 'locked', 'published', 'alice',
   37.5927, 55.7634, '{stories,riddles}', '{charged-phone,comfortable-shoes}',
   '{Скамейка у Патриарших,Трамвайный поворот,Дом 302-бис,Нехорошая квартира}', 'Номер нехорошей квартиры?', '50'),
  (5, 'gorky-park-family', 'Москва', 'Парк Горького', 'Парк Горького для всей семьи',
   'Лёгкий квест с загадками для детей от шести лет.', 'family', 'on-foot', 1, 75, 2000, 0, 'open', 'published', 'admin',
   37.6035, 55.7298, '{riddles,photo}', '{water,comfortable-shoes}',
   '{Главный вход,Пионерский пруд,Обсерватория,Пушкинская набережная}', 'Сколько колонн у главного входа?', '8'),
  (6, 'vdnkh-pavilions', 'Москва', 'ВДНХ', 'Павильоны ВДНХ на велосипеде',
   'Фонтаны, павильоны республик и ракета «Восток» за одну поездку.', 'architecture', 'bike', 2, 150, 7000, 0, 'open', 'published', 'admin',
   37.6377, 55.8263, '{photo,museum}', '{helmet,water,charged-phone}',
   '{Главный вход ВДНХ,Фонтан «Дружба народов»,Павильон «Космос»,Ракета «Восток»}', 'Сколько золотых фигур у фонтана «Дружба народов»?', '16'),
  (7, 'arbat-street-art', 'Москва', null, 'Street art of the Arbat lanes',
   'Murals, mosaics and hidden courtyards around the Arbat.', 'art', 'on-foot', 2, 80, 2200, 0, 'open', 'published', 'bob',
   37.5925, 55.7494, '{street-art,photo}', '{charged-phone}',
   '{Стена Цоя,Дом Мельникова,Спасопесковский сквер,Мозаика на Сивцевом Вражке}', 'Which rock singer is the wall dedicated to?', 'Tsoi'),
  (8, 'metro-palaces', 'Москва', null, 'Дворцы московского метро',
   'Мозаики, витражи и бронза самых красивых станций.', 'architecture', 'public-transport', 2, 120, 15000, 0, 'open', 'published', 'admin',
   37.6555, 55.7760, '{museum,photo,stories}', '{transport-card,charged-phone}',
   '{Комсомольская,Новослободская,Маяковская,Площадь Революции}', 'Чей нос на «Площади Революции» трут на удачу?', 'собаки'),
  (9, 'chistye-prudy-coffee', 'Москва', null, 'Coffee crawl: Chistye Prudy',
   'Four coffee shops, four stories of the boulevard ring.', 'food', 'on-foot', 1, 90, 1800, 0, 'open', 'published', 'bob',
   37.6389, 55.7650, '{tasting,stories}', '{charged-phone}',
   '{Чистый пруд,Почтамт,Башня Меншикова,Покровский бульвар}', 'What did the pond use to be called?', 'poganye'),
  (10, 'moscow-embankments-ride', 'Москва', 'Парк Горького', 'Набережные Москвы на велосипеде',
   'Тридцать километров вдоль реки: от Парка Горького до Сити.', 'nature', 'bike', 3, 180, 30000, 0, 'open', 'published', 'admin',
   37.6035, 55.7298, '{viewpoints,photo}', '{helmet,water,power-bank}',
   '{Андреевский мост,Воробьёвы горы,Лужники,Москва-Сити}', 'Сколько метров над рекой смотровая Воробьёвых гор?', '85'),
  (11, 'red-october-night', 'Москва', null, 'Ночной «Красный Октябрь»',
   'Фабрика, набережные и огни Болотного острова после заката.', 'nightlife', 'on-foot', 2, 90, 2500, 100, 'locked', 'published', 'admin',
   37.6093, 55.7408, '{photo,qr-hunt}', '{flashlight,charged-phone}',
   '{Патриарший мост,Фабрика «Красный Октябрь»,Стрелка,Болотная площадь}', 'Какой шоколад делали на фабрике?', 'аленка'),
  (12, 'kolomenskoye-estate', 'Москва', null, 'Усадьба Коломенское',
   'Царский дворец, храм Вознесения и яблоневые сады.', 'history', 'public-transport', 3, 180, 5000, 0, 'open', 'published', 'alice',
   37.6700, 55.6670, '{museum,stories,photo}', '{transport-card,water,comfortable-shoes}',
   '{Спасские ворота,Храм Вознесения,Дворец Алексея Михайловича,Голосов овраг}', 'В каком году построен храм Вознесения?', '1532'),
  (13, 'seven-sisters-drive', 'Москва', null, 'Seven Sisters by car',
   'All seven Stalinist skyscrapers in one evening drive.', 'architecture', 'car', 2, 240, 40000, 250, 'locked', 'published', 'admin',
   37.5813, 55.7520, '{viewpoints,photo,stories}', '{charged-phone,power-bank}',
   '{МИД на Смоленской,Гостиница «Украина»,МГУ,Котельническая набережная}', 'How many sisters are there?', '7'),
  (14, 'zaryadye-kids-detective', 'Москва', 'Парк «Зарядье»', 'Детектив в Зарядье',
   'Найдите пропавший клад купца Варварина: квест для детей 7–12 лет.', 'family', 'on-foot', 1, 60, 1200, 0, 'open', 'published', 'alice',
   37.6290, 55.7510, '{riddles,qr-hunt}', '{charged-phone,water}',
   '{Ступени амфитеатра,Берёзовая роща,Палаты бояр Романовых,Храм Святой Анны}', 'Какое дерево растёт в роще?', 'берёза'),
  (15, 'palace-square-legends', 'Санкт-Петербург', 'Дворцовая площадь', 'Легенды Дворцовой площади',
   'Александрийский столп, арка Главного штаба и тайны Зимнего.', 'history', 'on-foot', 2, 90, 2000, 0, 'open', 'published', 'admin',
   30.3159, 59.9390, '{stories,riddles,photo}', '{umbrella,charged-phone}',
   '{Александрийская колонна,Арка Главного штаба,Зимний дворец,Адмиралтейство}', 'Сколько метров в высоту Александрийский столп?', '47,5'),
  (16, 'peter-paul-escape', 'Санкт-Петербург', 'Петропавловская крепость', 'Peter and Paul Fortress escape',
   'Escape the fortress like the prisoners of the Trubetskoy bastion tried to.', 'mystery', 'on-foot', 3, 120, 2500, 150, 'locked', 'published', 'admin',
   30.3166, 59.9500, '{riddles,qr-hunt,stories}', '{umbrella,flashlight,charged-phone}',
   '{Иоанновские ворота,Петропавловский собор,Трубецкой бастион,Нарышкин бастион}', 'At what time does the noon cannon fire?', '12'),
  (17, 'new-holland-island', 'Санкт-Петербург', 'Новая Голландия', 'Новая Голландия: остров на воде',
   'Арка Деламота, бывшая тюрьма «Бутылка» и сад на воде.', 'architecture', 'on-foot', 1, 60, 1200, 0, 'open', 'published', 'bob',
   30.2890, 59.9290, '{photo,stories}', '{umbrella}',
   '{Арка Новой Голландии,Дом-Бутылка,Пруд,Кузня}', 'Как прозвали круглое здание бывшей тюрьмы?', 'бутылка'),
  (18, 'dostoevsky-petersburg', 'Санкт-Петербург', null, 'Петербург Достоевского',
   'Сенная, дом старухи-процентщицы и каморка Раскольникова.', 'literature', 'on-foot', 4, 150, 3500, 200, 'locked', 'published', 'alice',
   30.3200, 59.9270, '{stories,riddles}', '{umbrella,comfortable-shoes}',
   '{Сенная площадь,Дом Раскольникова,Дом старухи-процентщицы,Кокушкин мост}', 'Сколько шагов от дома Раскольникова до старухи?', '730'),
  (19, 'bridges-at-night', 'Санкт-Петербург', null, 'Разводные мосты ночью',
   'Дворцовый, Троицкий, Литейный: успеть до развода.', 'nightlife', 'bike', 3, 180, 12000, 0, 'open', 'published', 'admin',
   30.3086, 59.9412, '{viewpoints,photo}', '{helmet,flashlight,power-bank}',
   '{Дворцовый мост,Троицкий мост,Литейный мост,Благовещенский мост}', 'Во сколько разводят Дворцовый мост?', '1:10'),
  (20, 'rooftop-views', 'Санкт-Петербург', null, 'Views over the rooftops',
   'Four legal viewpoints over the roofs of the historic centre.', 'architecture', 'on-foot', 2, 90, 2600, 0, 'open', 'published', 'bob',
   30.3063, 59.9343, '{viewpoints,photo}', '{charged-phone,umbrella}',
   '{Колоннада Исаакиевского собора,Дом Зингера,Крыши Лиговского,Смотровая у Спаса на Крови}', 'How many steps lead to the colonnade?', '262'),
  (21, 'courtyard-wells', 'Санкт-Петербург', null, 'Дворы-колодцы',
   'Проходные дворы, парадные и граффити Петроградки.', 'mystery', 'on-foot', 2, 90, 2300, 0, 'open', 'published', 'admin',
   30.3110, 59.9580, '{photo,stories,street-art}', '{umbrella,flashlight}',
   '{Двор на Большой Пушкарской,Дом с башней,Парадная с витражом,Двор-колодец на Кронверкском}', 'Сколько окон видно со дна колодца?', '48'),
  (22, 'pyshki-and-more', 'Санкт-Петербург', null, 'Пышки и шаверма',
   'Гастрономический квест: пышки, корюшка и шаверма.', 'food', 'on-foot', 1, 75, 1800, 0, 'open', 'published', 'bob',
   30.3425, 59.9330, '{tasting}', '{charged-phone}',
   '{Пышечная на Большой Конюшенной,Кафе у Казанского,Рынок на Некрасова,Шавермичная у Восстания}', 'Чем посыпают пышки?', 'сахарной пудрой'),
  (23, 'vasilievsky-spit', 'Санкт-Петербург', 'Стрелка Васильевского острова', 'Стрелка Васильевского острова',
   'Ростральные колонны, Биржа и Кунсткамера.', 'history', 'on-foot', 2, 90, 2200, 0, 'open', 'published', 'admin',
   30.3050, 59.9440, '{museum,stories}', '{umbrella,comfortable-shoes}',
   '{Ростральные колонны,Здание Биржи,Кунсткамера,Университетская набережная}', 'Сколько Ростральных колонн?', '2'),
  (24, 'hermitage-cats', 'Санкт-Петербург', 'Дворцовая площадь', 'Коты Эрмитажа',
   'Семейный квест про самых известных котов-хранителей.', 'family', 'on-foot', 1, 60, 1100, 0, 'open', 'published', 'alice',
   30.3140, 59.9398, '{riddles,stories}', '{charged-phone}',
   '{Иорданский подъезд,Двор Зимнего дворца,Атланты,Эрмитажный театр}', 'Сколько атлантов держат портик?', '10'),
  (25, 'canals-by-kayak', 'Санкт-Петербург', null, 'Каналы на каяке',
   'Мойка, Фонтанка и Крюков канал с воды.', 'nature', 'boat', 4, 150, 9000, 300, 'locked', 'published', 'admin',
   30.3430, 59.9400, '{viewpoints,photo}', '{water,power-bank}',
   '{Пристань на Фонтанке,Прачечный мост,Крюков канал,Поцелуев мост}', 'Как называется мост влюблённых?', 'поцелуев'),
  (26, 'loft-etazhi-street-art', 'Санкт-Петербург', null, 'Street art of Loft Project Etazhi',
   'Murals and galleries of a former bakery on Ligovsky.', 'art', 'public-transport', 2, 100, 2500, 0, 'open', 'published', 'bob',
   30.3550, 59.9190, '{street-art,museum}', '{transport-card,charged-phone}',
   '{Лофт Этажи,Арт-пространство Ткачи,Пушкинская-10,Стена на Лиговском}', 'What did the building bake before?', 'bread'),
  (27, 'kazan-kremlin', 'Казань', 'Казанский кремль', 'Кремль и Кул-Шариф',
   'Белокаменный кремль, мечеть Кул-Шариф и Благовещенский собор.', 'history', 'on-foot', 2, 90, 2000, 0, 'open', 'published', 'admin',
   49.1063, 55.7990, '{stories,museum,photo}', '{comfortable-shoes,water}',
   '{Спасская башня,Мечеть Кул-Шариф,Благовещенский собор,Падающая башня Сююмбике}', 'Сколько минаретов у Кул-Шарифа?', '4'),
  (28, 'bauman-street-stories', 'Казань', 'Улица Баумана', 'Bauman Street stories',
   'The main pedestrian street: Chaliapin, a golden carriage and a cat.', 'history', 'on-foot', 1, 60, 1300, 0, 'open', 'published', 'bob',
   49.1174, 55.7887, '{stories,photo}', '{charged-phone}',
   '{Памятник Шаляпину,Золотая карета,Кот Казанский,Колокольня Богоявленского собора}', 'Which singer was born here?', 'Chaliapin'),
  (29, 'old-tatar-quarter', 'Казань', 'Старо-Татарская слобода', 'Старо-Татарская слобода',
   'Мечети, деревянные дома и озеро Кабан.', 'history', 'on-foot', 2, 90, 2100, 0, 'open', 'published', 'admin',
   49.1120, 55.7800, '{stories,tasting}', '{comfortable-shoes}',
   '{Мечеть Марджани,Дом Шамиля,Озеро Нижний Кабан,Азимовская мечеть}', 'Как называется озеро?', 'кабан'),
  (30, 'chak-chak-tour', 'Казань', 'Улица Баумана', 'Чак-чак и эчпочмак',
   'Татарская кухня в четырёх остановках.', 'food', 'on-foot', 1, 75, 1500, 0, 'open', 'published', 'alice',
   49.1180, 55.7880, '{tasting}', '{charged-phone}',
   '{Музей чак-чака,Чайный дом,Пекарня эчпочмаков,Кафе на Кремлёвской}', 'Сколько углов у эчпочмака?', '3'),
  (31, 'kazanka-scooter', 'Казань', null, 'Набережная Казанки на самокате',
   'Кремлёвская набережная, «Чаша» и мост Миллениум.', 'nature', 'scooter', 2, 90, 8000, 0, 'open', 'published', 'admin',
   49.1010, 55.8000, '{viewpoints,photo}', '{helmet,charged-phone}',
   '{Кремлёвская набережная,Центр семьи «Казан»,Мост Миллениум,Парк Горького у Казанки}', 'На что похож центр семьи?', 'чашу'),
  (32, 'suyumbike-legend', 'Казань', 'Казанский кремль', 'Легенда башни Сююмбике',
   'Почему башня падает и при чём тут царица.', 'mystery', 'on-foot', 3, 100, 1800, 120, 'locked', 'published', 'admin',
   49.1080, 55.7995, '{stories,riddles,qr-hunt}', '{charged-phone,flashlight}',
   '{Башня Сююмбике,Ханский двор,Тайницкая башня,Смотровая кремля}', 'Сколько ярусов у башни?', '7'),
  (33, 'temple-of-all-religions', 'Казань', null, 'Вселенский храм',
   'Купола всех религий под одной крышей и окрестности Старого Аракчино.', 'architecture', 'public-transport', 2, 120, 3000, 0, 'open', 'published', 'bob',
   48.9715, 55.8020, '{photo,stories}', '{transport-card,water}',
   '{Вселенский храм,Станция Аракчино,Берег Волги,Старая церковь}', 'Сколько куполов у храма?', '16'),
  (34, 'kazan-at-night', 'Казань', null, 'Казань ночью',
   'Подсветка кремля, мост Миллениум и ночная Баумана из окна машины.', 'nightlife', 'car', 2, 120, 20000, 0, 'open', 'published', 'admin',
   49.1063, 55.7990, '{viewpoints,photo}', '{charged-phone}',
   '{Кремль в подсветке,Мост Миллениум,Дворец земледельцев,Ночная Баумана}', 'Какая буква в названии моста?', 'м'),
  (35, 'tukay-tales', 'Казань', null, 'Сказки Тукая для детей',
   'Шурале, Су анасы и другие герои татарских сказок.', 'family', 'on-foot', 1, 60, 1200, 0, 'open', 'published', 'alice',
   49.1225, 55.7905, '{riddles,stories}', '{water}',
   '{Памятник Тукаю,Сквер Шурале,Озеро Су анасы,Театр кукол «Экият»}', 'Кто щекочет в лесу?', 'шурале'),
  (36, 'kazan-university', 'Казань', null, 'Kazan University: Lenin and Lobachevsky',
   'The classical university, its anatomy theatre and famous students.', 'history', 'on-foot', 2, 75, 1400, 0, 'open', 'published', 'bob',
   49.1214, 55.7904, '{museum,stories}', '{comfortable-shoes}',
   '{Главное здание,Анатомический театр,Памятник Лобачевскому,Обсерватория}', 'Which geometry did Lobachevsky invent?', 'non-euclidean'),
  (37, 'zamoskvorechye-lanes', 'Москва', null, 'Переулки Замоскворечья',
   'Черновик: купеческие особняки и церкви за рекой.', 'history', 'on-foot', 2, 90, 2500, 0, 'open', 'draft', 'alice',
   37.6270, 55.7400, '{stories}', '{comfortable-shoes}',
   '{Пятницкая улица,Климентовский переулок,Третьяковская галерея,Ордынка}', 'Какой цвет у церкви Климента?', 'голубой'),
  (38, 'hidden-kazan', 'Казань', null, 'Hidden Kazan',
   'Draft: courtyards of Kazan nobody shows tourists.', 'mystery', 'on-foot', 3, 90, 2000, 0, 'open', 'draft', 'bob',
   49.1150, 55.7920, '{photo}', '{flashlight}',
   '{Двор на Профсоюзной,Дом Ушковой,Чёрное озеро,Подземный ход}', 'What is the lake called?', 'black'),
  (39, 'petersburg-bridges-walk', 'Санкт-Петербург', null, 'Мосты Петербурга пешком',
   'На проверке: десять мостов за два часа.', 'architecture', 'on-foot', 2, 120, 4000, 0, 'open', 'in_review', 'alice',
   30.3280, 59.9360, '{photo}', '{umbrella}',
   '{Банковский мост,Львиный мостик,Певческий мост,Красный мост}', 'Сколько львов у Львиного мостика?', '4'),
  (40, 'vdnkh-winter-rink', 'Москва', 'ВДНХ', 'Зимний каток на ВДНХ',
   'Архив: сезонный квест, каток закрыт.', 'family', 'on-foot', 1, 60, 1000, 0, 'open', 'archived', 'admin',
   37.6377, 55.8263, '{photo}', '{water}',
   '{Каток,Фонтан «Каменный цветок»,Павильон «Армения»,Главный вход}', 'Сколько катков на ВДНХ?', '1');

-- Quests: ids derived from their number, so the app team can hard-code them in fixtures.
insert into public.quests (
  id, author_id, title, slug, summary, description, city, place_id, category_id, vehicle_id, difficulty, duration_min,
  distance_m, min_age, price_credits, reward_credits, access, status, published_at, created_at
)
select ('00000000-0000-4000-b000-' || lpad(s.n::text, 12, '0'))::uuid,
       (select u.id from auth.users u where u.email = s.author || '@demo.questcity.app'),
       s.title, s.slug, s.summary,
       format(E'## %s\n\n%s\n\n**Маршрут / Route:** %s.\n\n_Возьмите с собой / Bring:_ %s.', s.title, s.summary,
              array_to_string(s.points, ' → '), array_to_string(s.tools, ', ')),
       s.city, (select p.id from public.places p where p.name = s.place),
       (select c.id from public.categories c where c.slug = s.category),
       (select v.id from public.vehicles v where v.slug = s.vehicle),
       s.difficulty, s.duration_min, s.distance_m, case when s.category = 'nightlife' then 16 else 0 end, s.price,
       10 + 5 * s.difficulty, s.access, s.status,
       case when s.status in ('published', 'archived') then now() - make_interval(days => 90 - 2 * s.n) end,
       now() - make_interval(days => 100 - 2 * s.n)
from seed_quests s;

insert into public.quest_activities (quest_id, activity_id)
select ('00000000-0000-4000-b000-' || lpad(s.n::text, 12, '0'))::uuid, a.id
from seed_quests s join public.activities a on a.slug = any (s.activities);

insert into public.quest_tools (quest_id, tool_id)
select ('00000000-0000-4000-b000-' || lpad(s.n::text, 12, '0'))::uuid, t.id
from seed_quests s join public.tools t on t.slug = any (s.tools);

-- Route points: the first at the landmark, then steps of 150–300 m on foot (longer by bike, boat,
-- car or public transport) in a direction that differs per quest; point 2 asks the riddle (answer), the last one has a QR code on site.
insert into public.quest_points (quest_id, position, title, description, location, radius_m, task_type, hint_cost, media_path)
select ('00000000-0000-4000-b000-' || lpad(s.n::text, 12, '0'))::uuid, p.position, p.title,
       case p.position
         when 1 then 'Начните здесь и осмотритесь. / Start here and look around.'
         when 2 then s.riddle
         when cardinality(s.points) then 'Найдите QR-код на месте и отсканируйте его. / Find the QR code on site and scan it.'
         else 'Дойдите до точки и отметьтесь. / Walk to the spot and check in.'
       end,
       extensions.st_makepoint(
         s.lng + (p.position - 1) * 0.0030 * w.stride * cos(s.n * 0.7 + p.position * 0.4),
         s.lat + (p.position - 1) * 0.0017 * w.stride * sin(s.n * 0.7 + p.position * 0.4))::extensions.geography,
       case when s.vehicle in ('car', 'public-transport', 'boat') then 80 else 30 end,
       (case p.position when 2 then 'answer' when cardinality(s.points) then 'qr' else 'gps' end)::public.point_task_type,
       case p.position when 2 then 10 else 0 end,
       null
from seed_quests s
cross join lateral unnest(s.points) with ordinality as p (title, position)
cross join lateral (select case s.vehicle when 'on-foot' then 1 when 'bike' then 3 when 'scooter' then 3 when 'boat' then 3
                                          else 6 end as stride) w;

insert into private.point_secrets (point_id, answer_hash, qr_hash)
select p.id,
       case when p.task_type = 'answer' then extensions.crypt(private.normalize_answer(s.answer), extensions.gen_salt('bf', 8)) end,
       case when p.task_type = 'qr' then extensions.crypt('questcity:' || s.slug || ':' || p.position, extensions.gen_salt('bf', 8)) end
from seed_quests s
join public.quest_points p on p.quest_id = ('00000000-0000-4000-b000-' || lpad(s.n::text, 12, '0'))::uuid
where p.task_type in ('answer', 'qr');

update public.quests set review_note = 'Добавьте фото к точке 3 и уточните время работы галереи.'
where slug = 'zamoskvorechye-lanes';

-- Reviews (the rating aggregates follow by trigger), one hidden with a reason, one answered.
insert into public.reviews (quest_id, author_id, rating, body, created_at)
select q.id, u.id, r.rating, r.body, now() - make_interval(days => r.days_ago)
from (values
  ('kremlin-walls-secrets', 'alice', 5, 'Отличный маршрут, узнала много нового про башни!', 20),
  ('kremlin-walls-secrets', 'bob', 4, 'Great route, a bit crowded at noon.', 18),
  ('kremlin-walls-secrets', 'carol', 5, 'Perfect first quest in Moscow.', 3),
  ('zaryadye-floating-bridge', 'carol', 4, 'Beautiful views from the bridge.', 15),
  ('zaryadye-floating-bridge', 'bob', 3, 'Short, but nice for a lunch break.', 9),
  ('gorky-park-family', 'alice', 5, 'Дети в восторге, особенно от обсерватории.', 12),
  ('metro-palaces', 'bob', 5, 'The mosaics at Komsomolskaya are stunning.', 7),
  ('metro-palaces', 'carol', 5, 'Best way to see the metro.', 6),
  ('arbat-street-art', 'alice', 4, 'Красиво, но одна мозаика закрыта лесами.', 5),
  ('palace-square-legends', 'carol', 5, 'Loved the legends about the column.', 14),
  ('palace-square-legends', 'alice', 4, 'Хорошо, но в дождь тяжеловато.', 10),
  ('new-holland-island', 'alice', 5, 'Уютно и необычно.', 8),
  ('pyshki-and-more', 'carol', 5, 'Pyshki!!! Come hungry.', 4),
  ('pyshki-and-more', 'alice', 2, 'Полный развод, автор — жулик, не ходите!!!', 2),
  ('kazan-kremlin', 'bob', 5, 'Kul Sharif at sunset is magical.', 11),
  ('kazan-kremlin', 'carol', 4, 'Well written riddles.', 6),
  ('chak-chak-tour', 'bob', 5, 'Tasty, tasty, tasty.', 3),
  ('old-tatar-quarter', 'carol', 3, 'Nice, but the lake part is muddy in spring.', 1),
  ('kazan-university', 'alice', 4, 'Интересно даже без экскурсовода.', 2)
) as r (slug, reviewer, rating, body, days_ago)
join public.quests q on q.slug = r.slug
join auth.users u on u.email = r.reviewer || '@demo.questcity.app';

update public.reviews r
set hidden_at = now() - interval '1 day',
    hidden_reason = 'Оскорбительный и вводящий в заблуждение текст.'
where r.body like 'Полный развод%';

-- The answer shows the responder's role; who answered is kept in the audit log only.
with answered as (
  insert into public.review_responses (review_id, responder_role, body)
  select r.id, 'moderator', 'Спасибо! Леса снимут к концу месяца, мы обновим маршрут.'
  from public.reviews r
  where r.body like 'Красиво, но одна мозаика%'
  returning *
)
insert into public.audit_log (actor_id, action, target_table, target_id, reason, before, after)
select u.id, 'review.respond', 'public.reviews', a.review_id::text, null, null,
       jsonb_build_object('response_id', a.id, 'body', a.body, 'responder_role', a.responder_role)
from answered a join auth.users u on u.email = 'moderator@demo.questcity.app';

insert into public.audit_log (actor_id, action, target_table, target_id, reason, before, after)
select u.id, 'review.hide', 'public.reviews', r.id::text, r.hidden_reason,
       jsonb_build_object('hidden', false, 'rating', r.rating, 'body', r.body), jsonb_build_object('hidden', true)
from public.reviews r join auth.users u on u.email = 'moderator@demo.questcity.app'
where r.hidden_at is not null;

insert into public.favourites (user_id, quest_id, created_at)
select u.id, q.id, now() - make_interval(hours => f.hours_ago)
from (values
  ('alice', 'palace-square-legends', 30), ('alice', 'kazan-kremlin', 20), ('alice', 'seven-sisters-drive', 5),
  ('bob', 'kremlin-walls-secrets', 50), ('bob', 'bulgakov-moscow', 40), ('bob', 'metro-palaces', 3),
  ('carol', 'kremlin-walls-secrets', 12), ('carol', 'canals-by-kayak', 8), ('carol', 'pyshki-and-more', 1)
) as f (who, slug, hours_ago)
join public.quests q on q.slug = f.slug
join auth.users u on u.email = f.who || '@demo.questcity.app';

-- Bob may play a locked quest (as if staff granted it; the play section adds purchases).
insert into public.quest_access_grants (quest_id, user_id, source)
select q.id, u.id, 'staff'
from public.quests q join auth.users u on u.email = 'bob@demo.questcity.app'
where q.slug = 'bulgakov-moscow';

drop table seed_quests;

-- == play: hints, runs, credits, purchases, unlock requests, flagged runs =====================
-- Hint texts are private (private.point_hints): every riddle point gets one. Credits move through
-- the ledger. Alice completed an open quest (settled by private.settle_run, as check_in settles:
-- reward and leaderboards); Bob bought a locked quest with credits; Carol waits in the moderators'
-- unlock queue; Bob's run of a car quest was flagged for implausible travel and waits in the
-- flagged-runs queue.
insert into private.point_hints (point_id, hint)
select p.id, 'Ответ — одно слово или число. / One word or number.'
from public.quest_points p where p.task_type = 'answer';

select private.post_credits(u.id, c.amount, 'staff_grant', null, null, 'Welcome bonus (demo)')
from (values ('alice@demo.questcity.app', 300), ('bob@demo.questcity.app', 250), ('carol@demo.questcity.app', 120)) as c (email, amount)
join auth.users u on u.email = c.email;

with quest as (
  select q.* from public.quests q
  where q.status = 'published' and q.access = 'open' and q.author_id is distinct from '00000000-0000-4000-a000-000000000003'
    and exists (select 1 from public.quest_points p where p.quest_id = q.id)
  order by q.published_at, q.slug limit 1
),
run as (
  insert into public.quest_runs (quest_id, user_id, status, next_position, points_total, score, hints_used, started_at, finished_at)
  select q.id, '00000000-0000-4000-a000-000000000003', 'completed',
         (select max(p.position) + 1 from public.quest_points p where p.quest_id = q.id),
         (select count(*) from public.quest_points p where p.quest_id = q.id),
         100 * (select count(*) from public.quest_points p where p.quest_id = q.id) - 10, 1,
         now() - interval '3 days 2 hours', now() - interval '3 days 40 minutes'
  from quest q
  returning *
)
select private.settle_run(run.id) from run;

with purchase as (
  insert into public.quest_access_grants (quest_id, user_id, source, reference_id, paid_credits, granted_at)
  select q.id, '00000000-0000-4000-a000-000000000004', 'purchase', gen_random_uuid(), q.price_credits, now() - interval '2 days'
  from public.quests q where q.slug = 'red-october-night'
  returning *
)
select private.post_credits(g.user_id, -g.paid_credits, 'quest_purchase', g.quest_id, g.reference_id, 'Ночной «Красный Октябрь»')
from purchase g;

insert into public.unlock_requests (quest_id, user_id, message)
select q.id, '00000000-0000-4000-a000-000000000005', 'Прошла все открытые квесты Казани, хочу этот!'
from public.quests q
where q.status = 'published' and q.access = 'locked'
  and not private.has_quest_access(q.id, '00000000-0000-4000-a000-000000000005')
order by q.published_at, q.slug limit 1;

with run as (
  insert into public.quest_runs (quest_id, user_id, points_total, next_position, score, started_at, review_state, implausible_attempts,
                                 flagged_at, flag_reason)
  select q.id, '00000000-0000-4000-a000-000000000004', 4, 2, 100, now() - interval '1 hour', 'flagged', 3,
         now() - interval '40 minutes', 'implausible_travel'
  from public.quests q where q.slug = 'kazan-at-night'
  returning *
)
insert into public.run_checkins (run_id, point_id, position, accepted, refusal, distance_m, accuracy_m, lat, lng, attempted_at, travel_speed_kmh)
select run.id, p.id, p.position, a.n = 1, case when a.n > 1 then 'implausible_travel' end,
       case when a.n = 1 then 4 else 12.5 end, 8,
       extensions.st_y(p.location::extensions.geometry), extensions.st_x(p.location::extensions.geometry),
       now() - interval '50 minutes' + make_interval(secs => a.n * 20), case when a.n > 1 then 2700 end
from run
cross join generate_series(1, 4) as a (n)
join public.quest_points p on p.quest_id = run.quest_id and p.position = least(a.n, 2);

-- == friends and chat =======================================================================
-- Alice and Bob are friends with a direct chat; Bob and Carol are friends; Carol has asked Alice
-- (Alice has the notification); the three walk together in a group chat owned by Alice, where Bob
-- (admin) added his friend Carol. Written as the functions would have written them.
insert into public.friendships (user_low, user_high) values
  ('00000000-0000-4000-a000-000000000003', '00000000-0000-4000-a000-000000000004'),
  ('00000000-0000-4000-a000-000000000004', '00000000-0000-4000-a000-000000000005');
with request as (
  insert into public.friend_requests (sender_id, receiver_id)
  values ('00000000-0000-4000-a000-000000000005', '00000000-0000-4000-a000-000000000003')
  returning id, sender_id, receiver_id
)
select private.notify(r.receiver_id, 'friend_request',
  jsonb_build_object('request_id', r.id, 'from', r.sender_id) || (private.public_profile(r.sender_id) - 'id'))
from request r;

insert into public.chats (id, kind, direct_key, created_by) values
  ('00000000-0000-4000-c000-000000000001', 'direct',
   '00000000-0000-4000-a000-000000000003:00000000-0000-4000-a000-000000000004', '00000000-0000-4000-a000-000000000003');
insert into public.chats (id, kind, title, created_by) values
  ('00000000-0000-4000-c000-000000000002', 'group', 'Вечерние прогулки / Evening walks', '00000000-0000-4000-a000-000000000003');
insert into public.chat_members (chat_id, user_id, role) values
  ('00000000-0000-4000-c000-000000000001', '00000000-0000-4000-a000-000000000003', 'member'),
  ('00000000-0000-4000-c000-000000000001', '00000000-0000-4000-a000-000000000004', 'member'),
  ('00000000-0000-4000-c000-000000000002', '00000000-0000-4000-a000-000000000003', 'owner'),
  ('00000000-0000-4000-c000-000000000002', '00000000-0000-4000-a000-000000000004', 'admin'),
  ('00000000-0000-4000-c000-000000000002', '00000000-0000-4000-a000-000000000005', 'member');
insert into public.messages (chat_id, sender_id, body) values
  ('00000000-0000-4000-c000-000000000001', '00000000-0000-4000-a000-000000000003', 'Привет! Идём в субботу на квест?'),
  ('00000000-0000-4000-c000-000000000001', '00000000-0000-4000-a000-000000000004', 'Sure, the one near the Kremlin?'),
  ('00000000-0000-4000-c000-000000000002', '00000000-0000-4000-a000-000000000003', 'Встречаемся у фонтана в 19:00');
insert into public.messages (chat_id, sender_id, body, reply_to_id)
select m.chat_id, '00000000-0000-4000-a000-000000000005', 'I will bring a flashlight.', m.id
from public.messages m where m.chat_id = '00000000-0000-4000-c000-000000000002';

-- == merch ==================================================================================
insert into public.merch_items (title, description, price_credits, stock, per_user_limit, quest_id, quest_rule)
select v.title, v.description, v.price, v.stock, v.per_user_limit,
       case when v.tied then (select r.quest_id from public.quest_runs r where r.status = 'completed' order by r.finished_at limit 1) end,
       case when v.tied then 'purchase_after_completion'::public.merch_quest_rule end
from (values
  ('Кружка QuestCity / QuestCity mug', 'Керамика, 330 мл. Ceramic, 330 ml.', 120, 50, 3, false),
  ('Футболка «Я прошёл» / "I made it" T-shirt', 'Хлопок, размеры S–XL. Cotton, sizes S–XL.', 300, 20, 2, false),
  ('Значок финишера / Finisher pin', 'Только для прошедших квест. For players who completed the quest.', 40, null, 1, true)
) as v (title, description, price, stock, per_user_limit, tied);

-- Alice ordered a mug (pending, waiting for staff in public.staff_merch_orders), placed exactly as
-- the app places it: purchase_merch as Alice.
do $$
begin
  perform set_config('request.jwt.claims', '{"sub": "00000000-0000-4000-a000-000000000003", "role": "authenticated"}', true);
  perform private.purchase_merch(json_build_object(
    'item_id', (select i.id from public.merch_items i where i.title like 'Кружка%'), 'quantity', 1,
    'idempotency_key', 'seed-alice-mug-0001',
    'shipping', json_build_object('name', 'Алиса Петрова', 'phone', '+7 900 123-45-67', 'address', 'Тверская ул., 1, кв. 5',
                                  'city', 'Москва', 'postal_code', '125009', 'country', 'RU')));
  perform set_config('request.jwt.claims', '', true);
end;
$$;

-- == payments: credit packs on sale (web price; store product ids as set up in the stores) =========
insert into public.credit_packs (title, credits, price_amount, currency, active, app_store_product_id, play_store_product_id, sort_order)
values ('Handful of credits', 100, 199, 'EUR', true, 'io.questcity.app.credits100', 'credits_100', 10),
       ('Bag of credits', 550, 899, 'EUR', true, 'io.questcity.app.credits550', 'credits_550', 20),
       ('Chest of credits', 1200, 1799, 'EUR', true, 'io.questcity.app.credits1200', 'credits_1200', 30);
