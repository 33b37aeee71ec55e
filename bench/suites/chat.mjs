// Chat: message inserts per second through RLS + the guard trigger (posting rule, rate limit,
// content checks) + the broadcast trigger, as a ratio of a plain insert into an identical table
// without any of them; and the latency of a history page (50 messages, keyset) at 1,000,000
// messages, as a plain keyset query and through the chat_messages and chat_list calls the app
// makes; and the Realtime join check of a private chat channel (the policy queries on
// realtime.messages as Realtime runs them) with 10,000 chats. Smoke: 20,000 messages, 1,000 chats.
import postgres from 'postgres';
import { asRole, latency, plan } from '../lib/measure.mjs';


export const name = 'chat';
export const description = 'message inserts with RLS + triggers vs plain; history page at 1,000,000 messages; Realtime join check with 10,000 chats';

export async function run({ sql, urls, smoke, check }) {
  const historySize = smoke ? 20_000 : 1_000_000;
  // The measured page: the 11th of 50 of chat 7, which has 1,000 messages more than the others.
  const pagesSkipped = 10;
  const pageName = `page ${pagesSkipped + 1} of 50`;
  const chats = smoke ? 1000 : 10_000;
  const ITERATIONS = smoke ? { iterations: 30, warmup: 3 } : { iterations: 300, warmup: 30 };
  await sql.unsafe(`
    insert into auth.users (instance_id, id, aud, role, email, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    select '00000000-0000-0000-0000-000000000000', ('00000000-0000-4000-f000-' || lpad(to_hex(i), 12, '0'))::uuid,
           'authenticated', 'authenticated', 'chatter' || i || '@bench.local', '{}', jsonb_build_object('username', 'chatter_' || i), now(), now()
    from generate_series(1, ${chats * 2}) i`);
  await sql.unsafe(`
    insert into public.chats (id, kind, title) select ('00000000-0000-4000-f100-' || lpad(to_hex(i), 12, '0'))::uuid, 'group', 'Bench ' || i
    from generate_series(1, ${chats}) i`);
  await sql.unsafe(`
    insert into public.chat_members (chat_id, user_id)
    select ('00000000-0000-4000-f100-' || lpad(to_hex(c), 12, '0'))::uuid, ('00000000-0000-4000-f000-' || lpad(to_hex(1 + (c * 7 + k) % ${chats * 2}), 12, '0'))::uuid
    from generate_series(1, ${chats}) c, generate_series(0, 9) k on conflict do nothing`);
  // The history rows, spread over the chats (bulk load: triggers off for the load only).
  await sql.unsafe(`alter table public.messages disable trigger user`);
  await sql.unsafe(`
    insert into public.messages (chat_id, sender_id, body, created_at)
    select ('00000000-0000-4000-f100-' || lpad(to_hex(1 + i % ${chats}), 12, '0'))::uuid,
           ('00000000-0000-4000-f000-' || lpad(to_hex(1 + ((i % ${chats}) * 7 + i % 10) % ${chats * 2}), 12, '0'))::uuid,
           'message ' || i, now() - interval '1 hour' - (i || ' seconds')::interval
    from generate_series(1, ${historySize}) i`);
  await sql.unsafe(`
    insert into public.messages (chat_id, sender_id, body, created_at)
    select '00000000-0000-4000-f100-000000000007', ('00000000-0000-4000-f000-' || lpad(to_hex(1 + (7 * 7 + i % 10) % ${chats * 2}), 12, '0'))::uuid,
           'long history ' || i, now() - interval '2 hours' - (i || ' seconds')::interval
    from generate_series(1, 1000) i`);
  await sql.unsafe(`alter table public.messages enable trigger user`);
  // What Realtime keeps of recent broadcasts: ten rows per chat topic.
  await sql.unsafe(`
    insert into realtime.messages (topic, extension, event, payload, private)
    select 'chat:' || ('00000000-0000-4000-f100-' || lpad(to_hex(c), 12, '0')), 'broadcast', 'message_created', '{}', true
    from generate_series(1, ${chats}) c, generate_series(1, 10) k`);
  // The identical table: same columns, defaults, constraints and indexes; no RLS, no triggers.
  await sql.unsafe(`create table public.bench_plain_messages (like public.messages including all)`);
  await sql`analyze`;

  const chatId = '00000000-0000-4000-f100-000000000007';
  const [member] = await sql`select user_id from public.chat_members where chat_id = ${chatId} limit 1`;
  const claims = { sub: member.user_id, role: 'authenticated' };
  const rows = [];

  // Inserts: 25 senders × 20 messages (under the 30/minute limit each), same chat pattern both ways,
  // in 5 alternating rounds of 100 (plain, full, plain, full, …): a drift of the machine during
  // the run (another process, a checkpoint) falls on both sides alike instead of on one of them.
  const senders = await sql`select distinct on (user_id) chat_id, user_id from public.chat_members order by user_id, chat_id limit 25`;
  const pool = postgres(urls.db, { max: 1, onnotice: () => {} });
  const seconds = { plain: 0, full: 0 };
  const timeRound = async (side, round, insert) => {
    const start = process.hrtime.bigint();
    for (let i = round * 4; i < round * 4 + 4; i++) for (const s of senders) await insert(s, i);
    seconds[side] += Number(process.hrtime.bigint() - start) / 1e9;
  };
  const [broadcastsBefore] = await sql`select count(*)::int as n from realtime.messages where event = 'message_created'`;
  // Both sides run one transaction per message with the request settings, so the ratio isolates RLS and triggers.
  for (let round = 0; round < 5; round++) {
    await timeRound('plain', round, (s, i) => asRole(pool, 'service_role', { role: 'service_role' },
      (tx) => tx`insert into public.bench_plain_messages (chat_id, sender_id, body) values (${s.chat_id}, ${s.user_id}, ${`plain ${i}`})`));
    await timeRound('full', round, (s, i) => asRole(pool, 'authenticated', { sub: s.user_id, role: 'authenticated' },
      (tx) => tx`insert into public.messages (chat_id, body) values (${s.chat_id}, ${`real ${i}`})`));
  }
  const plain = 500 / seconds.plain;
  const full = 500 / seconds.full;
  const [broadcasts] = await sql`select count(*)::int - ${broadcastsBefore.n} as n from realtime.messages where event = 'message_created'`;
  await pool.end();
  rows.push({ measure: 'plain insert (identical table and indexes, same transaction shape, no RLS, no triggers), msgs/s', value: Math.round(plain) });
  rows.push({ measure: 'insert as member (RLS + rate limit + broadcast), msgs/s', value: Math.round(full) });
  rows.push({ measure: 'ratio full / plain (target ≥ 0.6)', value: Math.round((full / plain) * 100) / 100 });
  rows.push({ measure: 'broadcast rows written for the 500 inserts', value: broadcasts.n });
  check('one broadcast row per message inserted', broadcasts.n === 500, `${broadcasts.n} rows`);
  const capacity = [{ operation: 'chat message insert (RLS + triggers + broadcast), 1 connection', clients: 1, perSecond: Math.round(full) }];

  const page = `select id, sender_id, body, created_at from public.messages where chat_id = $1
                and (created_at, id) < ($2::timestamptz, $3::uuid) order by created_at desc, id desc limit 50`;
  const [cursor] = await sql`select created_at, id from public.messages where chat_id = ${chatId} order by created_at desc, id desc offset ${pagesSkipped * 50} limit 1`;
  const params = [chatId, cursor.created_at, cursor.id];
  const user = await latency(() => asRole(sql, 'authenticated', claims, (tx) => tx.unsafe(page, params)), ITERATIONS);
  const service = await latency(() => asRole(sql, 'service_role', { role: 'service_role' }, (tx) => tx.unsafe(page, params)), ITERATIONS);
  const p = await plan(sql, 'authenticated', claims, page, params);
  rows.push({ measure: `history ${pageName} p50 / p95 ms as member`, value: `${user.p50} / ${user.p95}` });
  rows.push({ measure: 'same as service_role p50 / p95 ms', value: `${service.p50} / ${service.p95}` });
  rows.push({ measure: 'RLS ratio p50 / p95 (target ≤ 1.25)', value: `${Math.round((user.p50 / service.p50) * 100) / 100} / ${Math.round((user.p95 / service.p95) * 100) / 100}` });
  rows.push({ measure: 'plan uses messages_history_idx', value: p.indexes.includes('messages_history_idx') ? 'yes' : `NO (${p.indexes})` });
  check('history page plan uses messages_history_idx', p.indexes.includes('messages_history_idx'), p.indexes.join(', '), 'plan');

  // The screens: the same page through chat_messages (senders, reply previews, cursor), and the
  // member's chats list (previews, unread counts).
  let pageCursor = null;
  for (let i = 0; i < pagesSkipped; i++) {
    [{ next: pageCursor }] = await asRole(sql, 'authenticated', claims,
      (tx) => tx`select public.chat_messages(${chatId}, ${pageCursor && tx.json(pageCursor)}::jsonb, 50) -> 'next_cursor' as next`);
  }
  const screen = await latency(() => asRole(sql, 'authenticated', claims, (tx) => tx`select public.chat_messages(${chatId}, ${pageCursor && tx.json(pageCursor)}::jsonb, 50)`),
    ITERATIONS);
  const list = await latency(() => asRole(sql, 'authenticated', claims, (tx) => tx`select public.chat_list(null, 30)`), ITERATIONS);
  rows.push({ measure: `chat_messages ${pageName} p50 / p95 ms as member`, value: `${screen.p50} / ${screen.p95}` });
  rows.push({ measure: 'chat_list (first 30 chats) p50 / p95 ms as member', value: `${list.p50} / ${list.p95}` });

  // The Realtime join of a private channel, as Realtime runs it in a transaction of its own: probe
  // rows for the topic inserted by its admin connection, then as the user (role, claims,
  // realtime.topic): may receive = the probe is visible to a SELECT; may send = an INSERT passes
  // the policies (rolled back); the whole transaction rolled back.
  const join = (user, topic) => sql.begin(async (tx) => {
    await tx`insert into realtime.messages (topic, extension, event, payload, private) values (${topic}, 'broadcast', 'probe', '{}', true),
             (${topic}, 'presence', 'probe', '{}', true)`;
    await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${JSON.stringify({ sub: user, role: 'authenticated' })}, true),
                    set_config('realtime.topic', ${topic}, true)`;
    const [read] = await tx`select count(*)::int as n from realtime.messages where topic = realtime.topic() and extension in ('broadcast', 'presence')`;
    let write = true;
    await tx.savepoint(async (sp) => {
      await sp`insert into realtime.messages (topic, extension, event, payload, private) values (${topic}, 'broadcast', 'probe', '{}', true)`;
      throw new Error('undo');
    }).catch((e) => { if (e.message !== 'undo') write = false; });
    throw Object.assign(new Error('rollback'), { result: { read: read.n > 0, write } });
  }).catch((e) => {
    if (e.message !== 'rollback') throw e;
    return e.result;
  });
  const topic = `chat:${chatId}`;
  const [outsider] = await sql`select id from auth.users u where not exists (select 1 from public.chat_members m where m.chat_id = ${chatId} and m.user_id = u.id) limit 1`;
  const memberJoin = await join(member.user_id, topic);
  const memberLive = await join(member.user_id, `chat-live:${chatId}`);
  const outsiderJoin = await join(outsider.id, topic);
  // chat:<id> carries database events only (members receive, nobody sends); chat-live:<id> typing
  // and presence (members receive and send).
  check('Realtime join: members receive chat: and send only on chat-live:, outsiders neither',
    memberJoin.read && !memberJoin.write && memberLive.read && memberLive.write && !outsiderJoin.read && !outsiderJoin.write,
    JSON.stringify({ memberJoin, memberLive, outsiderJoin }));
  const joinTime = await latency(() => join(member.user_id, topic), ITERATIONS);
  const refusedTime = await latency(() => join(outsider.id, topic), ITERATIONS);
  const [topics] = await sql`select count(distinct topic)::int as n, count(*)::int as rows from realtime.messages`;
  rows.push({ measure: `Realtime private channel join check (read + write policy probes), ${chats.toLocaleString('en')} chats, ${topics.rows.toLocaleString('en')} rows over ${topics.n.toLocaleString('en')} topics: member p50 / p95 ms`,
    value: `${joinTime.p50} / ${joinTime.p95}` });
  rows.push({ measure: 'same, refused (not a member) p50 / p95 ms', value: `${refusedTime.p50} / ${refusedTime.p95}` });
  capacity.push({ operation: 'Realtime private channel join check (database side), 1 connection', clients: 1, perSecond: Math.round(1000 / joinTime.p50) });
  return { rows, capacity };
}
