// Two friends opening their direct chat at the same moment, from two connections, get the same
// single chat; a burst of parallel messages from one user cannot slip past the rate limit; two
// messages naming the same file at the same moment: one takes it, the other is refused.
import { afterAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { actAs, closeStack, connection, createUser, db, stack } from './helpers/stack.ts';

const phones = [connection(), connection()];
afterAll(async () => {
  await Promise.all(phones.map((c) => c.end()));
  await closeStack();
});

describe('chats under concurrency', () => {
  it('both friends opening their direct chat at once end up in one chat', async () => {
    for (let round = 0; round < 5; round++) {
      const [a, b] = [await createUser(), await createUser()];
      await db`insert into public.friendships (user_low, user_high) values (least(${a.id}::uuid, ${b.id}::uuid), greatest(${a.id}::uuid, ${b.id}::uuid))`;
      const [fromA, fromB] = await Promise.all([
        actAs(phones[0], a.id, (tx) => tx`select public.open_direct_chat(${b.id}) as id`),
        actAs(phones[1], b.id, (tx) => tx`select public.open_direct_chat(${a.id}) as id`),
      ]);
      expect(fromA[0].id).toBe(fromB[0].id);
      const [{ chats, members }] = await db`
        select (select count(*)::int from public.chats where direct_key = least(${a.id}::uuid, ${b.id}::uuid)::text || ':' || greatest(${a.id}::uuid, ${b.id}::uuid)::text) as chats,
               (select count(*)::int from public.chat_members where chat_id = ${fromA[0].id}) as members`;
      expect({ chats, members }).toEqual({ chats: 1, members: 2 });
    }
  });

  it('40 messages fired in parallel by one user: exactly 30 pass the per-minute limit', async () => {
    const owner = await createUser();
    const chatId = await actAs(db, owner.id, async (tx) => (await tx`select public.create_group_chat('Burst', '{}') as id`)[0].id);
    const pool = postgres(stack.dbUrl, { max: 20, onnotice: () => {} });
    try {
      const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) =>
        actAs(pool, owner.id, (tx) => tx`insert into public.messages (chat_id, body) values (${chatId}, ${`burst ${i}`})`)
      ));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(30);
      const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      expect(refused.every((r) => r.reason.message === 'rate_limited')).toBe(true);
    } finally {
      await pool.end();
    }
  });

  it('two messages naming the same file at once: exactly one takes it', async () => {
    const owner = await createUser();
    const chatId = await actAs(db, owner.id, async (tx) => (await tx`select public.create_group_chat('Files', '{}') as id`)[0].id);
    for (let round = 0; round < 5; round++) {
      const path = `${chatId}/${crypto.randomUUID()}.jpg`;
      await db`insert into storage.objects (bucket_id, name, owner_id) values ('chat-attachments', ${path}, ${owner.id})`;
      const results = await Promise.allSettled(phones.map((phone) =>
        actAs(phone, owner.id, (tx) => tx`insert into public.messages (chat_id, attachment_path) values (${chatId}, ${path})`)
      ));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.message).toBe('invalid_attachment');
    }
  });
});
