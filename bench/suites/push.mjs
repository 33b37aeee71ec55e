// Push notifications: (1) the drain's throughput: 10,000 (smoke: 200) queued pushes
// drained by two concurrent push-send calls to a local fake FCM (tests/helpers/fake-fcm.mjs: OAuth
// grant, token and message format checked), pushes/s, each (event, device) delivered exactly once;
// (2) the drain's added cost on message inserts: chat inserts/s as members with the push trigger
// off, then on with nothing draining (the insert path's own database cost), then on with the whole
// path live (trigger → outbox → pg_net worker → push-send → fake FCM, on the same machine),
// 25 senders × 20 (smoke: 2) messages each, one transaction per message.
// The suite starts its own functions server (configured for the fake), pg_net worker and fake FCM.
import postgres from 'postgres';
import { startFakeFcm } from '../../tests/helpers/fake-fcm.mjs';
import { startFunctionsServer } from '../../scripts/lib/functions-server.mjs';
import { startNetWorker } from '../../scripts/lib/net-worker.mjs';
import { keys, setFunctionSecrets } from '../../scripts/lib/stack.mjs';
import { freePort } from '../../scripts/lib/throwaway.mjs';
import { asRole } from '../lib/measure.mjs';


export const name = 'push';
export const description = `10,000 queued pushes drained to a fake FCM; chat inserts/s with push off vs on`;

const uuid = (group, i) => `00000000-0000-4000-${group}-${i.toString(16).padStart(12, '0')}`;
const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9;

export async function run({ sql, urls, port, smoke, check }) {
  const queued = smoke ? 200 : 10_000;
  const perSender = smoke ? 2 : 20;
  const fcm = await startFakeFcm();
  const apiPort = await freePort();
  setFunctionSecrets(urls.db, `http://127.0.0.1:${apiPort}`);
  const functions = await startFunctionsServer({
    apiPort, dbPort: port, stdio: 'ignore',
    extraEnv: { FCM_SERVICE_ACCOUNT: fcm.serviceAccount, FCM_BASE_URL: fcm.url, GOOGLE_OAUTH_TOKEN_URL: fcm.tokenUrl },
  });
  let netWorker;
  const admin = postgres(urls.admin, { max: 1, onnotice: () => {} });
  const requestsQueued = async () => Number((await admin`select last_value from net.http_request_queue_id_seq`)[0].last_value);
  const rows = [];
  try {
    // (1) Throughput: users with two devices each, one notification each, queued in one statement.
    const users = Math.ceil(queued / 2);
    await sql.unsafe(`
      insert into auth.users (instance_id, id, aud, role, email, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
      select '00000000-0000-0000-0000-000000000000', ('00000000-0000-4000-a100-' || lpad(to_hex(i), 12, '0'))::uuid,
             'authenticated', 'authenticated', 'pushed' || i || '@bench.local', '{}', jsonb_build_object('username', 'pushed_' || i), now(), now()
      from generate_series(1, ${users}) i`);
    await sql.unsafe(`
      insert into public.push_devices (user_id, token, platform, locale)
      select ('00000000-0000-4000-a100-' || lpad(to_hex(i), 12, '0'))::uuid, 'bench-device-token-' || i || '-' || d,
             case when d = 1 then 'android' else 'ios' end::public.push_platform, case when i % 2 = 0 then 'ru' else 'en' end::public.app_locale
      from generate_series(1, ${users}) i, generate_series(1, 2) d`);
    await sql.unsafe(`
      select private.notify(('00000000-0000-4000-a100-' || lpad(to_hex(i), 12, '0'))::uuid, 'chat_added',
                            jsonb_build_object('chat_id', gen_random_uuid(), 'kind', 'group'))
      from generate_series(1, ${users}) i`);
    // The calls pg_net would make are dropped: the drain is timed with its own calls only.
    await admin`delete from net.http_request_queue`;
    await sql`analyze`;
    const [{ waiting }] = await sql`select count(*)::int as waiting from private.push_outbox`;

    const drain = async () => {
      const response = await fetch(`http://127.0.0.1:${apiPort}/functions/v1/push-send`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${keys.service_role_key}` },
        body: JSON.stringify({ max: 5000 }),
      });
      if (response.status !== 200) throw new Error(`push-send answered ${response.status}: ${await response.text()}`);
      return await response.json();
    };
    const drainStart = process.hrtime.bigint();
    let calls = 0;
    for (;;) {
      const results = await Promise.all([drain(), drain()]);
      calls += 2;
      if (results.every((result) => result.claimed === 0)) break;
    }
    const drainSeconds = seconds(drainStart);
    const delivered = new Set(fcm.state.accepted.map((entry) => `${entry.token}/${entry.message.data.notification_id}`));
    rows.push({ measure: 'pushes queued (one notification × two devices per user)', value: waiting });
    rows.push({ measure: 'drained by 2 concurrent push-send calls, pushes/s', value: Math.round(waiting / drainSeconds) });
    rows.push({ measure: 'push-send calls (max 5,000 each, 8 s budget)', value: calls });
    rows.push({ measure: 'OAuth token requests', value: fcm.state.tokenRequests });
    check('every queued push delivered exactly once', delivered.size === waiting && fcm.state.accepted.length === waiting,
      `${delivered.size} distinct, ${fcm.state.accepted.length} accepted, ${waiting} queued`);
    rows.push({ measure: 'delivered exactly once (distinct event×device = accepted = queued)',
      value: delivered.size === waiting && fcm.state.accepted.length === waiting ? 'yes' : `NO (${delivered.size} distinct, ${fcm.state.accepted.length} accepted)` });

    // (2) Insert cost: 50 group chats of 10 members, every member with one device; 25 senders (one
    // per chat) per run, so that no sender passes the 30 messages a minute limit.
    await sql.unsafe(`
      insert into auth.users (instance_id, id, aud, role, email, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
      select '00000000-0000-0000-0000-000000000000', ('00000000-0000-4000-a200-' || lpad(to_hex(i), 12, '0'))::uuid,
             'authenticated', 'authenticated', 'member' || i || '@bench.local', '{}', jsonb_build_object('username', 'member_' || i), now(), now()
      from generate_series(1, 500) i`);
    await sql.unsafe(`
      insert into public.chats (id, kind, title)
      select ('00000000-0000-4000-a300-' || lpad(to_hex(c), 12, '0'))::uuid, 'group', 'Bench ' || c from generate_series(1, 50) c`);
    await sql.unsafe(`
      insert into public.chat_members (chat_id, user_id)
      select ('00000000-0000-4000-a300-' || lpad(to_hex(c), 12, '0'))::uuid, ('00000000-0000-4000-a200-' || lpad(to_hex((c - 1) * 10 + k), 12, '0'))::uuid
      from generate_series(1, 50) c, generate_series(1, 10) k`);
    await sql.unsafe(`
      insert into public.push_devices (user_id, token, platform, locale)
      select ('00000000-0000-4000-a200-' || lpad(to_hex(i), 12, '0'))::uuid, 'bench-member-token-' || i, 'android', 'en'
      from generate_series(1, 500) i`);
    await sql`analyze`;
    const sender = (chat, member) => ({ chat: uuid('a300', chat), user: uuid('a200', (chat - 1) * 10 + member) });
    const pool = postgres(urls.db, { max: 1, onnotice: () => {} });
    const timeInserts = async (chats, member = 1) => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < perSender; i++) {
        for (const chat of chats) {
          const { chat: chatId, user } = sender(chat, member);
          await asRole(pool, 'authenticated', { sub: user, role: 'authenticated' },
            (tx) => tx`insert into public.messages (chat_id, body) values (${chatId}, ${`message ${i}`})`);
        }
      }
      return (chats.length * perSender) / seconds(start);
    };
    const first = Array.from({ length: 25 }, (_, i) => i + 1);
    const second = Array.from({ length: 25 }, (_, i) => i + 26);
    await sql`alter table public.messages disable trigger queue_push`;
    const off = await timeInserts(first);
    await sql`alter table public.messages enable trigger queue_push`;
    // The insert path's own cost: outbox rows written and the pg_net call queued, nothing draining
    // (the same chats, their second member sending); then those pushes are dropped, unsent.
    const queuedOnly = await timeInserts(first, 2);
    await sql`delete from private.push_outbox`;
    await admin`delete from net.http_request_queue`;
    const before = fcm.state.accepted.length;
    const requestsBefore = await requestsQueued();
    netWorker = await startNetWorker(urls.admin);
    const on = await timeInserts(second);
    const kicks = (await requestsQueued()) - requestsBefore;
    const settleStart = Date.now();
    while (Date.now() - settleStart < 60_000) {
      const [{ left }] = await sql`select (select count(*) from private.push_outbox where failed_at is null)
                                          + (select count(*) from net.http_request_queue) as left`;
      if (Number(left) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await pool.end();
    const chatPushes = fcm.state.accepted.length - before;
    rows.push({ measure: 'chat inserts/s as members, push trigger off', value: Math.round(off) });
    rows.push({ measure: 'chat inserts/s as members, push on, nothing draining (outbox rows + pg_net call queued)', value: Math.round(queuedOnly) });
    rows.push({ measure: 'ratio off / on, nothing draining (the database cost on the insert path)', value: Math.round((off / queuedOnly) * 100) / 100 });
    rows.push({ measure: 'chat inserts/s as members, push on (outbox + pg_net call + live drain to FCM on the same 2 cores)', value: Math.round(on) });
    rows.push({ measure: 'ratio off / on, live drain', value: Math.round((off / on) * 100) / 100 });
    rows.push({ measure: `chat pushes delivered for ${25 * perSender} messages to 9 other members each (collapsed per chat)`, value: chatPushes });
    rows.push({ measure: 'push-send calls queued by the database (pg_net) during the push-on inserts', value: kicks });
  } finally {
    await netWorker?.stop();
    functions.kill('SIGTERM');
    await fcm.close();
    await admin.end();
  }
  return rows;
}
