// Chat: message inserts per second through RLS + the guard trigger (posting rule, rate limit,
// content checks) + the broadcast trigger, as a ratio of a plain insert into an identical table
// without any of them; and the latency of a history page (50 messages, keyset) at 1,000,000
// messages, as a plain keyset query and through the chat_messages and chat_list calls the app
// makes. CHAT_BENCH_MESSAGES sets the history size (a smoke run: CHAT_BENCH_MESSAGES=20000).
import postgres from 'postgres';
import { asRole, latency, plan } from '../lib/measure.mjs';

const historySize = Number(process.env.CHAT_BENCH_MESSAGES ?? 1000000);
// The measured page: the 11th of 50 (an earlier one for a small history, so that it exists).
const pagesSkipped = Math.min(10, Math.floor(historySize / 1000 / 100));
const pageName = `page ${pagesSkipped + 1} of 50`;

export const name = 'chat';
export const description = `message inserts with RLS + triggers vs plain; history page at ${historySize.toLocaleString('en')} messages`;

export async function run({ sql, urls }) {
  await sql.unsafe(`
    insert into auth.users (instance_id, id, aud, role, email, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    select '00000000-0000-0000-0000-000000000000', ('00000000-0000-4000-f000-' || lpad(to_hex(i), 12, '0'))::uuid,
           'authenticated', 'authenticated', 'chatter' || i || '@bench.local', '{}', jsonb_build_object('username', 'chatter_' || i), now(), now()
    from generate_series(1, 2000) i`);
  await sql.unsafe(`
    insert into public.chats (id, kind, title) select ('00000000-0000-4000-f100-' || lpad(to_hex(i), 12, '0'))::uuid, 'group', 'Bench ' || i
    from generate_series(1, 1000) i`);
  await sql.unsafe(`
    insert into public.chat_members (chat_id, user_id)
    select ('00000000-0000-4000-f100-' || lpad(to_hex(c), 12, '0'))::uuid, ('00000000-0000-4000-f000-' || lpad(to_hex(1 + (c * 7 + k) % 2000), 12, '0'))::uuid
    from generate_series(1, 1000) c, generate_series(0, 9) k on conflict do nothing`);
  // The history rows, spread over the chats (bulk load: triggers off for the load only).
  await sql.unsafe(`alter table public.messages disable trigger user`);
  await sql.unsafe(`
    insert into public.messages (chat_id, sender_id, body, created_at)
    select ('00000000-0000-4000-f100-' || lpad(to_hex(1 + i % 1000), 12, '0'))::uuid,
           ('00000000-0000-4000-f000-' || lpad(to_hex(1 + ((i % 1000) * 7 + i % 10) % 2000), 12, '0'))::uuid,
           'message ' || i, now() - interval '1 hour' - (i || ' seconds')::interval
    from generate_series(1, ${historySize}) i`);
  await sql.unsafe(`alter table public.messages enable trigger user`);
  await sql.unsafe(`create table public.bench_plain_messages (like public.messages including defaults)`);
  await sql`analyze`;

  const chatId = '00000000-0000-4000-f100-000000000007';
  const [member] = await sql`select user_id from public.chat_members where chat_id = ${chatId} limit 1`;
  const claims = { sub: member.user_id, role: 'authenticated' };
  const rows = [];

  // Inserts: 25 senders × 20 messages (under the 30/minute limit each), same chat pattern both ways.
  const senders = await sql`select distinct on (user_id) chat_id, user_id from public.chat_members order by user_id, chat_id limit 25`;
  const pool = postgres(urls.db, { max: 1, onnotice: () => {} });
  const timeInserts = async (insert) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 20; i++) for (const s of senders) await insert(s, i);
    return 500 / (Number(process.hrtime.bigint() - start) / 1e9);
  };
  // Both sides run one transaction per message with the request settings, so the ratio isolates RLS and triggers.
  const plain = await timeInserts((s, i) => asRole(pool, 'service_role', { role: 'service_role' },
    (tx) => tx`insert into public.bench_plain_messages (chat_id, sender_id, body) values (${s.chat_id}, ${s.user_id}, ${`plain ${i}`})`));
  const full = await timeInserts((s, i) => asRole(pool, 'authenticated', { sub: s.user_id, role: 'authenticated' },
    (tx) => tx`insert into public.messages (chat_id, body) values (${s.chat_id}, ${`real ${i}`})`));
  const [broadcasts] = await sql`select count(*)::int as n from realtime.messages where event = 'message_created'`;
  await pool.end();
  rows.push({ measure: 'plain insert (same transaction shape, no RLS, no triggers), msgs/s', value: Math.round(plain) });
  rows.push({ measure: 'insert as member (RLS + rate limit + broadcast), msgs/s', value: Math.round(full) });
  rows.push({ measure: 'ratio plain / full', value: Math.round((plain / full) * 100) / 100 });
  rows.push({ measure: 'broadcast rows written for the 500 inserts', value: broadcasts.n });

  const page = `select id, sender_id, body, created_at from public.messages where chat_id = $1
                and (created_at, id) < ($2::timestamptz, $3::uuid) order by created_at desc, id desc limit 50`;
  const [cursor] = await sql`select created_at, id from public.messages where chat_id = ${chatId} order by created_at desc, id desc offset ${pagesSkipped * 50} limit 1`;
  const params = [chatId, cursor.created_at, cursor.id];
  const user = await latency(() => asRole(sql, 'authenticated', claims, (tx) => tx.unsafe(page, params)), { iterations: 300, warmup: 30 });
  const service = await latency(() => asRole(sql, 'service_role', { role: 'service_role' }, (tx) => tx.unsafe(page, params)), { iterations: 300, warmup: 30 });
  const p = await plan(sql, 'authenticated', claims, page, params);
  rows.push({ measure: `history ${pageName} p50 / p95 ms as member`, value: `${user.p50} / ${user.p95}` });
  rows.push({ measure: 'same as service_role p50 / p95 ms', value: `${service.p50} / ${service.p95}` });
  rows.push({ measure: 'RLS ratio (p50)', value: Math.round((user.p50 / service.p50) * 100) / 100 });
  rows.push({ measure: 'plan uses messages_history_idx', value: p.indexes.includes('messages_history_idx') ? 'yes' : `NO (${p.indexes})` });

  // The screens: the same page through chat_messages (senders, reply previews, cursor), and the
  // member's chats list (previews, unread counts).
  let pageCursor = null;
  for (let i = 0; i < pagesSkipped; i++) {
    [{ next: pageCursor }] = await asRole(sql, 'authenticated', claims,
      (tx) => tx`select public.chat_messages(${chatId}, 50, ${pageCursor}) ->> 'next_cursor' as next`);
  }
  const screen = await latency(() => asRole(sql, 'authenticated', claims, (tx) => tx`select public.chat_messages(${chatId}, 50, ${pageCursor})`),
    { iterations: 300, warmup: 30 });
  const list = await latency(() => asRole(sql, 'authenticated', claims, (tx) => tx`select public.chat_list(30)`), { iterations: 300, warmup: 30 });
  rows.push({ measure: `chat_messages ${pageName} p50 / p95 ms as member`, value: `${screen.p50} / ${screen.p95}` });
  rows.push({ measure: 'chat_list (first 30 chats) p50 / p95 ms as member', value: `${list.p50} / ${list.p95}` });
  return rows;
}
