// HTTP tests of `push-send` against a local fake FCM (tests/helpers/fake-fcm.mjs) that checks the
// OAuth token it issued and the v1 message format: the events of every area reach each device once
// in its language; muted chats, switched-off kinds and rolled-back writes push nothing; quiet hours
// deliver silently; 429/5xx are retried honouring Retry-After; dead tokens are removed; two drainers
// never send a push twice; the database itself triggers the drain (pg_net); only the service role
// may drain. push-send runs on a second functions server configured for the fake (the stack's own
// server has no FCM key and answers 503 push_not_configured).
import { assert, assertEquals } from './assert.ts';
import { startIsolatedFunctionsServer } from './isolated-server.ts';
import { actAs, closeStack, createUser, db, stack, type TestUser } from '../../../tests/helpers/stack.ts';
import { startFakeFcm } from '../../../tests/helpers/fake-fcm.mjs';

type Message = {
  token: string;
  notification: { title: string; body: string };
  data: Record<string, string>;
  android: { priority: string; collapse_key?: string; notification: Record<string, unknown> };
  apns: { headers: Record<string, string>; payload: { aps: Record<string, unknown> } };
};

const fcm = await startFakeFcm();
const functions = await startIsolatedFunctionsServer({
  FCM_SERVICE_ACCOUNT: fcm.serviceAccount,
  FCM_BASE_URL: fcm.url,
  GOOGLE_OAUTH_TOKEN_URL: fcm.tokenUrl,
});

// The fake FCM's sockets outlive single tests (keep-alive from the functions server).
const test = (name: string, fn: () => Promise<void>) =>
  Deno.test({ name, fn, sanitizeOps: false, sanitizeResources: false });

async function drain(
  body: unknown = {},
  { url = functions.url, token = stack.serviceRoleKey as string | null } = {},
) {
  const response = await fetch(`${url}/push-send`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const delivered = (token: string) => fcm.deliveredTo(token) as Message[];
/** An object with its keys sorted, to compare data maps whatever order they were built in. */
const sorted = (value: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));

/** Registers a device for the user as the app does; returns its token. */
async function device(user: TestUser, locale: 'ru' | 'en' = 'en', platform: 'android' | 'ios' = 'android') {
  const token = `fake-${platform}-${locale}-${crypto.randomUUID()}`;
  await actAs(
    db,
    user.id,
    (tx) => tx`select public.register_push_device(${token}, ${platform}, ${locale}, '2.4.0')`,
  );
  return token;
}

/** A notification through private.notify, the one writer of notifications. */
const notify = (user: TestUser, kind: string, payload: Record<string, unknown>) =>
  db`select private.notify(${user.id}, ${kind}::public.notification_kind, ${db.json(payload as never)})`;

const outboxOf = (token: string) =>
  db`select o.* from private.push_outbox o join public.push_devices d on d.id = o.device_id where d.token = ${token}`;

async function friends(a: TestUser, b: TestUser) {
  await db`insert into public.friendships (user_low, user_high) values (least(${a.id}::uuid, ${b.id}::uuid), greatest(${a.id}::uuid, ${b.id}::uuid))`;
}

async function groupChat(owner: TestUser, members: TestUser[], title = 'Walkers') {
  for (const member of members) await friends(owner, member);
  const [{ id }] = await actAs(
    db,
    owner.id,
    (tx) => tx`select public.create_group_chat(${title}, ${members.map((m) => m.id)}::uuid[]) as id`,
  );
  return id as string;
}

const say = (user: TestUser, chatId: string, body: string) =>
  actAs(
    db,
    user.id,
    (tx) => tx`insert into public.messages (chat_id, body) values (${chatId}, ${body}) returning id`,
  ).then((rows) => rows[0].id as string);

test("a friend request reaches each of the receiver's devices once, in each device's language, with the data to open it", async () => {
  const sender = await createUser({ username: `pusher_${crypto.randomUUID().slice(0, 8)}` });
  const receiver = await createUser();
  const ru = await device(receiver, 'ru', 'android');
  const en = await device(receiver, 'en', 'ios');
  const mine = await device(sender, 'en');
  await actAs(db, sender.id, (tx) => tx`select public.send_friend_request(${receiver.id})`);
  const result = await drain();
  assertEquals([result.status, result.body.failed], [200, 0]);
  const [[toRu], [toEn]] = [delivered(ru), delivered(en)];
  assertEquals(
    [delivered(ru).length, delivered(en).length, delivered(mine).length],
    [1, 1, 0],
    'one push per device of the receiver, none to the sender',
  );
  const [{ username }] = await db`select username from public.profiles where id = ${sender.id}`;
  assertEquals(toRu.notification, {
    title: 'Заявка в друзья',
    body: `${username} хочет добавить вас в друзья.`,
  });
  assertEquals(toEn.notification, { title: 'Friend request', body: `${username} wants to be your friend.` });
  const [request] = await db`select id from public.friend_requests where sender_id = ${sender.id}`;
  const [note] =
    await db`select id from public.notifications where user_id = ${receiver.id} and kind = 'friend_request'`;
  assertEquals(
    sorted(toEn.data),
    sorted({
      kind: 'friend_request',
      screen: 'friend_requests',
      request_id: request.id,
      user_id: sender.id,
      notification_id: note.id,
    }),
  );
  assertEquals(
    [toEn.apns.payload.aps.badge, toRu.android.notification.notification_count],
    [1, 1],
    'the badge counts the unread notification',
  );
  assertEquals((await outboxOf(en)).length + (await outboxOf(ru)).length, 0, 'sent pushes leave the outbox');
});

test('an approved unlock reaches the player once per device, in their language', async () => {
  const player = await createUser();
  const moderator = await createUser();
  await db`insert into public.user_roles (user_id, role) values (${moderator.id}, 'moderator')`;
  const [quest] = await db`
    insert into public.quests (title, slug, city, status, access, price_credits, published_at)
    values ('Hidden courtyards', ${`hidden-${
    crypto.randomUUID().slice(0, 8)
  }`}, 'Moscow', 'published', 'locked', 0, now()) returning id`;
  const ru = await device(player, 'ru');
  const en = await device(player, 'en', 'ios');
  const [request] = await actAs(db, player.id, (tx) => tx`select id from public.request_unlock(${quest.id})`);
  await actAs(db, moderator.id, (tx) => tx`select public.decide_unlock_request(${request.id}, true)`);
  await drain();
  assertEquals([delivered(ru).length, delivered(en).length], [1, 1]);
  assertEquals(delivered(ru)[0].notification, {
    title: 'Квест открыт',
    body: 'Квест «Hidden courtyards» теперь доступен вам. Хорошей прогулки!',
  });
  assertEquals(delivered(en)[0].notification.title, 'Quest unlocked');
  assertEquals(delivered(en)[0].data.screen, 'quest');
  assertEquals(delivered(en)[0].data.quest_id, quest.id);
});

test('a shipped order reaches the buyer once per device with the tracking number, in their language', async () => {
  const buyer = await createUser();
  const staff = await createUser();
  await db`insert into public.user_roles (user_id, role) values (${staff.id}, 'admin')`;
  const [item] =
    await db`insert into public.merch_items (title, price_credits, stock, active) values ('QuestCity mug', 30, 5, true) returning id`;
  await db`select private.post_credits(${buyer.id}, 100, 'staff_grant')`;
  const shipping = {
    name: 'Alice Petrova',
    phone: '+7 900 123-45-67',
    address: 'Tverskaya 1',
    city: 'Moscow',
    postal_code: '125009',
    country: 'RU',
  };
  const [order] = await actAs(
    db,
    buyer.id,
    (tx) =>
      tx`select id from public.purchase_merch(${
        tx.json({ item_id: item.id, quantity: 1, idempotency_key: `key-${crypto.randomUUID()}`, shipping })
      }::json)`,
  );
  const ru = await device(buyer, 'ru');
  const en = await device(buyer, 'en', 'ios');
  await actAs(
    db,
    staff.id,
    (tx) => tx`select public.set_order_status(${order.id}, 'paid'::public.order_status)`,
  );
  await actAs(
    db,
    staff.id,
    (tx) => tx`select public.set_order_status(${order.id}, 'shipped'::public.order_status, 'RA123456789RU')`,
  );
  await drain();
  const shipped = (token: string) => delivered(token).filter((m) => m.data.status === 'shipped');
  assertEquals([shipped(ru).length, shipped(en).length], [1, 1], 'the shipping push once per device');
  assertEquals(shipped(ru)[0].notification, { title: 'Заказ в пути', body: 'Трек-номер: RA123456789RU' });
  assertEquals(shipped(en)[0].notification, {
    title: 'Your order is on its way',
    body: 'Tracking number: RA123456789RU',
  });
  assertEquals([shipped(en)[0].data.screen, shipped(en)[0].data.order_id], ['order', order.id]);
  assertEquals(
    delivered(en).map((m) => m.data.status).sort(),
    ['paid', 'shipped'],
    'each status change is its own push (one batch may deliver them in either order)',
  );
});

test('a chat message reaches every other member once per device (never the sender), collapsed per chat, in their language', async () => {
  const sender = await createUser({ display_name: 'Masha' });
  const anna = await createUser();
  const boris = await createUser();
  const chatId = await groupChat(sender, [anna, boris], 'Walkers');
  const annaPhone = await device(anna, 'en');
  const annaTablet = await device(anna, 'en', 'ios');
  const borisPhone = await device(boris, 'ru');
  const senderPhone = await device(sender, 'en');
  await say(sender, chatId, 'Meet at the fountain?');
  await say(sender, chatId, 'Or at the bridge');
  const last = await say(sender, chatId, 'Bridge, 7 pm');
  await drain();
  for (const token of [annaPhone, annaTablet, borisPhone]) {
    assertEquals(delivered(token).length, 1, 'three quick messages make one push per device');
  }
  assertEquals(delivered(senderPhone).length, 0, 'the sender gets no push for their own message');
  const toAnna = delivered(annaPhone)[0];
  assertEquals(toAnna.notification, { title: 'Walkers', body: 'Masha: Bridge, 7 pm' });
  assertEquals(delivered(borisPhone)[0].notification, { title: 'Walkers', body: 'Masha: Bridge, 7 pm' });
  assertEquals(
    sorted(toAnna.data),
    sorted({ kind: 'chat_message', screen: 'chat', chat_id: chatId, message_id: last, sender_id: sender.id }),
  );
  const key = `chat:${chatId}`;
  assertEquals(
    [
      toAnna.android.collapse_key,
      toAnna.android.notification.tag,
      delivered(annaTablet)[0].apns.headers['apns-collapse-id'],
    ],
    [key, key, key],
    "the phone replaces the chat's banner instead of stacking a new one",
  );
  assertEquals(
    [delivered(annaTablet)[0].apns.payload.aps.badge, toAnna.android.notification.notification_count],
    [4, 4],
    'badge: three unread messages and the unread chat_added notification',
  );

  const direct = await actAs(db, sender.id, (tx) => tx`select public.open_direct_chat(${anna.id}) as id`);
  await actAs(db, anna.id, (tx) => tx`select public.set_message_previews(false)`);
  await say(sender, direct[0].id, 'A secret plan');
  await drain();
  const hidden = delivered(annaPhone).filter((m) =>
    m.data.chat_id === direct[0].id && m.data.kind === 'chat_message'
  );
  assertEquals(
    hidden.map((m) => m.notification),
    [{ title: 'QuestCity', body: 'New message' }],
    'previews off: no sender, no text',
  );
});

test('muted chats, switched-off kinds, blocks and deleted messages push nothing', async () => {
  const sender = await createUser();
  const [muted, off, blocker, normal] = [
    await createUser(),
    await createUser(),
    await createUser(),
    await createUser(),
  ];
  const chatId = await groupChat(sender, [muted, off, blocker, normal]);
  const tokens = {
    muted: await device(muted),
    off: await device(off),
    blocker: await device(blocker),
    normal: await device(normal),
  };
  await actAs(db, muted.id, (tx) => tx`select public.mute_chat(${chatId}, now() + interval '8 hours')`);
  await actAs(db, off.id, (tx) => tx`select public.set_push_kind('chat_message', false)`);
  await actAs(db, blocker.id, (tx) => tx`select public.block_user(${sender.id})`);
  await say(sender, chatId, 'Anyone there?');
  await drain();
  const chatPushes = (token: string) => delivered(token).filter((m) => m.data.kind === 'chat_message');
  assertEquals([
    chatPushes(tokens.muted).length,
    chatPushes(tokens.off).length,
    chatPushes(tokens.blocker).length,
    chatPushes(tokens.normal).length,
  ], [0, 0, 0, 1]);

  await actAs(db, normal.id, (tx) => tx`select public.set_push_kind('friend_request', false)`);
  const stranger = await createUser();
  await actAs(db, stranger.id, (tx) => tx`select public.send_friend_request(${normal.id})`);
  const deleted = await say(sender, chatId, 'Oops, wrong chat');
  await actAs(db, sender.id, (tx) => tx`select public.delete_message(${deleted})`);
  await drain();
  assertEquals(
    delivered(tokens.normal).map((m) => m.data.kind),
    ['chat_message'],
    'no friend_request push once switched off, no push for a message deleted before it went out',
  );
});

test('quiet hours: pushes arrive silently (no sound, low priority, passive on iOS)', async () => {
  const [sleeper, awake] = [await createUser(), await createUser()];
  const hhmm = (d: Date) => d.toISOString().slice(11, 16);
  const now = Date.now();
  await actAs(
    db,
    sleeper.id,
    (tx) =>
      tx`select public.set_quiet_hours(${hhmm(new Date(now - 3_600_000))}, ${
        hhmm(new Date(now + 3_600_000))
      }, 'UTC')`,
  );
  const sleeping = await device(sleeper, 'en', 'ios');
  const loud = await device(awake, 'en', 'ios');
  await notify(sleeper, 'chat_added', { chat_id: crypto.randomUUID(), kind: 'group' });
  await notify(awake, 'chat_added', { chat_id: crypto.randomUUID(), kind: 'group' });
  await drain();
  const [quiet] = delivered(sleeping);
  const [normal] = delivered(loud);
  assertEquals([
    quiet.apns.payload.aps['interruption-level'],
    quiet.apns.payload.aps.sound,
    quiet.android.notification.channel_id,
    quiet.android.priority,
  ], ['passive', undefined, 'quiet', 'NORMAL']);
  assertEquals([
    normal.apns.payload.aps['interruption-level'],
    normal.apns.payload.aps.sound,
    normal.android.notification.channel_id,
    normal.android.priority,
  ], [undefined, 'default', 'default', 'HIGH']);
});

test('a rolled-back write pushes nothing', async () => {
  const [sender, receiver] = [await createUser(), await createUser()];
  const token = await device(receiver);
  await actAs(db, sender.id, async (tx) => {
    await tx`select public.send_friend_request(${receiver.id})`;
    throw new Error("the app's request failed after the insert");
  }).catch(() => {});
  assertEquals((await outboxOf(token)).length, 0, 'nothing queued');
  await drain();
  assertEquals(delivered(token).length, 0, 'nothing sent');
});

test('429 then success: the push is retried after Retry-After and delivered once', async () => {
  const user = await createUser();
  const token = await device(user);
  fcm.script(token, { answer: 429, retryAfter: 1 });
  await notify(user, 'chat_added', { chat_id: crypto.randomUUID() });
  const result = await drain();
  const attempts = fcm.state.attempts.filter((a) => a.token === token);
  assertEquals(attempts.map((a) => a.status), [429, 200]);
  assert(
    attempts[1].at - attempts[0].at >= 950,
    `the retry waited for Retry-After (${attempts[1].at - attempts[0].at} ms)`,
  );
  assertEquals([delivered(token).length, result.body.sent >= 1, (await outboxOf(token)).length], [
    1,
    true,
    0,
  ]);
});

test('a Retry-After longer than the call defers the push in the outbox; it is sent when due', async () => {
  const user = await createUser();
  const token = await device(user);
  fcm.script(token, { answer: 429, retryAfter: 3600 });
  await notify(user, 'chat_added', { chat_id: crypto.randomUUID() });
  await drain();
  const [row] = await outboxOf(token);
  assert(row.next_attempt_at.getTime() > Date.now() + 3_500_000, 'not tried again before Retry-After');
  assertEquals([row.attempts, row.claimed_by, row.failed_at, /^429 QUOTA_EXCEEDED/.test(row.last_error)], [
    1,
    null,
    null,
    true,
  ]);
  await drain();
  assertEquals(delivered(token).length, 0, 'a deferred push is not sent early');
  await db`update private.push_outbox set next_attempt_at = now() where id = ${row.id}`;
  await drain();
  assertEquals([delivered(token).length, (await outboxOf(token)).length], [1, 0]);
});

test('5xx are retried with backoff within the call; a lasting outage defers the push with a growing delay', async () => {
  const user = await createUser();
  const [brief, lasting] = [await device(user), await device(user)];
  fcm.script(brief, { answer: 500 }, { answer: 503 });
  fcm.script(lasting, { answer: 503 }, { answer: 500 }, { answer: 503 });
  await notify(user, 'chat_added', { chat_id: crypto.randomUUID() });
  await drain();
  assertEquals(delivered(brief).length, 1, 'two failures, then delivered');
  const [row] = await outboxOf(lasting);
  assert(
    row.next_attempt_at.getTime() > Date.now() + 5_000,
    'deferred (at least 15 s after the first claim)',
  );
  assertEquals([delivered(lasting).length, /^503 UNAVAILABLE/.test(row.last_error)], [0, true]);
});

test("UNREGISTERED removes the token; the user's other devices still get the push", async () => {
  const user = await createUser();
  const [gone, alive] = [await device(user), await device(user, 'en', 'ios')];
  fcm.unregister(gone);
  await notify(user, 'chat_added', { chat_id: crypto.randomUUID() });
  const result = await drain();
  assert(result.body.removed_devices >= 1);
  assertEquals(
    (await db`select token from public.push_devices where user_id = ${user.id}`).map((d) => d.token),
    [alive],
  );
  assertEquals([delivered(alive).length, (await outboxOf(gone)).length], [1, 0]);
});

test('INVALID_ARGUMENT about the token removes it; INVALID_ARGUMENT about a field fails the push and keeps the device', async () => {
  const user = await createUser();
  const [badToken, badMessage] = [await device(user), await device(user)];
  fcm.script(badToken, { answer: 'INVALID_ARGUMENT' });
  fcm.script(badMessage, { answer: 'INVALID_FIELD' });
  await notify(user, 'chat_added', { chat_id: crypto.randomUUID() });
  await drain();
  assertEquals(
    (await db`select token from public.push_devices where user_id = ${user.id}`).map((d) => d.token),
    [badMessage],
  );
  const [row] = await outboxOf(badMessage);
  assertEquals([row.failed_at !== null, /^400 INVALID_ARGUMENT/.test(row.last_error)], [true, true]);
});

test('two drainers at once never send the same (event, device) twice', async () => {
  const users = await Promise.all(Array.from({ length: 6 }, () => createUser()));
  const tokens: string[] = [];
  for (const user of users) for (let i = 0; i < 5; i++) tokens.push(await device(user));
  for (const user of users) {
    await notify(user, 'chat_added', { chat_id: crypto.randomUUID() });
    await notify(user, 'chat_added', { chat_id: crypto.randomUUID() });
  }
  const drainer = async () => {
    for (let calls = 0; calls < 40; calls++) if ((await drain({ max: 5 })).body.claimed === 0) return;
  };
  await Promise.all([drainer(), drainer()]);
  for (const token of tokens) {
    const ids = delivered(token).map((m) => m.data.notification_id);
    assertEquals([ids.length, new Set(ids).size], [2, 2], 'each notification once on each device');
  }
});

test('OAuth: one access token is reused across drains, replaced when FCM refuses it and when it expires', async () => {
  const user = await createUser();
  const token = await device(user);
  const push = async () => {
    await notify(user, 'chat_added', { chat_id: crypto.randomUUID() });
    await drain();
  };
  await push();
  const issued = fcm.state.tokenRequests;
  await push();
  await push();
  assertEquals(fcm.state.tokenRequests, issued, 'the cached token is reused');
  fcm.revokeAccessTokens();
  const refused = fcm.state.refusedAuth;
  fcm.state.tokenLifetimeS = 61;
  await push();
  assertEquals(
    [fcm.state.tokenRequests, fcm.state.refusedAuth],
    [issued + 1, refused + 1],
    'a 401 makes push-send fetch a new token and retry',
  );
  await new Promise((resolve) => setTimeout(resolve, 1200));
  await push();
  assertEquals(
    [fcm.state.tokenRequests, fcm.state.refusedAuth],
    [issued + 2, refused + 1],
    'a token is renewed a minute before it expires, without a 401',
  );
  fcm.state.tokenLifetimeS = 3600;
  assertEquals(delivered(token).length, 5);
});

test('the database triggers the drain itself: a committed notification reaches FCM through pg_net, with no call from the test', async () => {
  const [secret] =
    await db`select id, decrypted_secret from vault.decrypted_secrets where name = 'project_url'`;
  await db`select vault.update_secret(${secret.id}, ${functions.url.replace(/\/functions\/v1$/, '')})`;
  try {
    const user = await createUser();
    const token = await device(user, 'ru');
    await notify(user, 'chat_added', { chat_id: crypto.randomUUID() });
    const deadline = Date.now() + 20_000;
    while (delivered(token).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assertEquals(delivered(token).map((m) => m.notification.title), ['Новый чат']);
  } finally {
    await db`select vault.update_secret(${secret.id}, ${secret.decrypted_secret})`;
  }
});

test('only the service role drains; bad bodies are 400; without an FCM key the function answers 503 push_not_configured', async () => {
  const user = await createUser();
  const asUser = await drain({}, { token: user.token });
  assertEquals([asUser.status, asUser.body.error.code], [403, 'forbidden']);
  const asAnon = await drain({}, { token: stack.anonKey });
  assertEquals([asAnon.status, asAnon.body.error.code], [403, 'forbidden']);
  assertEquals(
    (await drain({}, { token: null })).status,
    401,
    'verify_jwt refuses a request without a token',
  );
  const tooMany = await drain({ max: 100000 });
  assertEquals([tooMany.status, tooMany.body.error.code, tooMany.body.error.fields[0].path], [
    400,
    'invalid_body',
    'max',
  ]);
  const unknown = await drain({ batch: 3 });
  assertEquals([unknown.status, unknown.body.error.code], [400, 'invalid_body']);
  assertEquals((await drain('not json')).body.error.code, 'invalid_json');
  const get = await fetch(`${functions.url}/push-send`, {
    headers: { Authorization: `Bearer ${stack.serviceRoleKey}` },
  });
  assertEquals([get.status, (await get.json()).error.code], [405, 'method_not_allowed']);
  const unconfigured = await drain({}, { url: stack.functionsUrl });
  assertEquals([unconfigured.status, unconfigured.body.error.code], [503, 'push_not_configured']);
});

test('close the fake FCM, the second functions server and the connections', async () => {
  await functions.stop();
  await fcm.close();
  await closeStack();
});
