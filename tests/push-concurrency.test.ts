// Push notifications under real concurrency (separate connections, as separate API requests and
// drainers): two drainers claiming at once get disjoint pushes; one token registered by two
// accounts at once ends with exactly one owner; messages racing in one chat neither fail nor
// multiply the chat's push per device.
import { afterAll, describe, expect, it } from 'vitest';
import { actAs, closeStack, connection, createUser, db } from './helpers/stack.ts';

afterAll(async () => {
  await closeStack();
});

const register = (conn: ReturnType<typeof connection>, userId: string, token: string) =>
  actAs(conn, userId, (tx) => tx`select public.register_push_device(${token}, 'android', 'en')`);

describe('the push outbox', () => {
  it('two drainers claiming at the same moment get disjoint sets of pushes', async () => {
    const user = await createUser();
    const tokens = Array.from({ length: 5 }, (_, i) => `race-${i}-${crypto.randomUUID()}`);
    for (const token of tokens) await register(db, user.id, token);
    for (let i = 0; i < 8; i++) await db`select private.notify(${user.id}, 'chat_added', ${db.json({ chat_id: crypto.randomUUID() })})`;
    const drainers = [connection(), connection()];
    try {
      const claims = await Promise.all(drainers.map((conn) => conn.begin(async (tx) => {
        const rows = await tx`select id, token from private.claim_push_outbox(25) where token = any(${tokens})`;
        await tx`select pg_sleep(0.3)`;
        return rows.map((row) => String(row.id));
      })));
      const all = claims.flat();
      expect(new Set(all).size).toBe(all.length);
      expect(all.length).toBe(40);
    } finally {
      await Promise.all(drainers.map((conn) => conn.end()));
      await db`delete from public.push_devices where token = any(${tokens})`;
    }
  });

  it('one token registered by two accounts at the same moment ends with exactly one owner', async () => {
    const [first, second] = [await createUser(), await createUser()];
    const token = `shared-${crypto.randomUUID()}`;
    const phones = [connection(), connection()];
    try {
      await Promise.all([register(phones[0], first.id, token), register(phones[1], second.id, token)]);
      const owners = await db`select user_id from public.push_devices where token = ${token}`;
      expect(owners.length).toBe(1);
      expect([first.id, second.id]).toContain(owners[0].user_id);
    } finally {
      await Promise.all(phones.map((conn) => conn.end()));
      await db`delete from public.push_devices where token = ${token}`;
    }
  });

  it('messages racing in one chat all succeed and leave one push per device to send', async () => {
    const [alice, bob, reader] = [await createUser(), await createUser(), await createUser()];
    for (const member of [bob, reader]) {
      await db`insert into public.friendships (user_low, user_high)
               values (least(${alice.id}::uuid, ${member.id}::uuid), greatest(${alice.id}::uuid, ${member.id}::uuid))`;
    }
    const [{ id: chatId }] = await actAs(db, alice.id, (tx) => tx`select public.create_group_chat('Race', ${[bob.id, reader.id]}::uuid[]) as id`);
    const token = `reader-${crypto.randomUUID()}`;
    await register(db, reader.id, token);
    const senders = [connection(), connection(), connection(), connection()];
    try {
      await Promise.all(senders.map((conn, i) => (async () => {
        for (let n = 0; n < 3; n++) {
          await actAs(conn, i % 2 === 0 ? alice.id : bob.id, (tx) => tx`insert into public.messages (chat_id, body) values (${chatId}, ${`m${i}-${n}`})`);
        }
      })()));
      const [{ sent }] = await db`select count(*)::int as sent from public.messages where chat_id = ${chatId}`;
      expect(sent).toBe(12);
      const claimed = await db`select kind from private.claim_push_outbox(1000) where token = ${token} and kind = 'chat_message'`;
      expect(claimed.length).toBe(1);
    } finally {
      await Promise.all(senders.map((conn) => conn.end()));
      await db`delete from public.push_devices where token = ${token}`;
    }
  });
});
