// Buying access under real concurrency: two phones of one player buying the same locked quest at
// the same moment are charged once (the second gets already_has_access), and a purchase racing a
// moderator's approval of the same player's unlock request charges once as well. Real concurrent
// connections, each transaction run as PostgREST runs it (actAs).
import { afterAll, describe, expect, it } from 'vitest';
import { actAs, closeStack, connection, createUser, db, leaderThenFollower } from './helpers/stack.ts';

const phones = [connection(), connection()];
afterAll(async () => {
  await Promise.all(phones.map((c) => c.end()));
  await closeStack();
});

async function lockedQuest(price: number) {
  const [quest] = await db`
    insert into public.quests (title, slug, city, status, access, price_credits, published_at)
    values ('Race for access', ${`buy-race-${crypto.randomUUID().slice(0, 8)}`}, 'Raceburg', 'published', 'locked', ${price}, now())
    returning id`;
  return quest.id as string;
}

async function state(userId: string, questId: string) {
  const [row] = await db`
    select (select balance from public.wallets where user_id = ${userId}) as balance,
           (select coalesce(sum(amount), 0)::int from public.credit_ledger where user_id = ${userId}) as ledger,
           (select count(*)::int from public.credit_ledger where user_id = ${userId} and quest_id = ${questId} and amount < 0) as debits,
           (select count(*)::int from public.quest_access_grants where user_id = ${userId} and quest_id = ${questId}) as grants`;
  return row;
}

describe('buying access under concurrency', () => {
  it('two simultaneous buys of the same quest: one succeeds, the other gets already_has_access, charged once', async () => {
    const player = await createUser();
    await db`select private.post_credits(${player.id}, 100, 'staff_grant')`;
    const questId = await lockedQuest(30);

    // The first phone holds the grant while the second phone arrives.
    const results = await leaderThenFollower(phones[0], player.id,
      (tx) => tx`select public.buy_quest_access(${questId})`,
      () => actAs(phones[1], player.id, (tx) => tx`select public.buy_quest_access(${questId})`));

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'PT409', message: 'already_has_access' });
    expect(await state(player.id, questId)).toEqual({ balance: 70, ledger: 70, debits: 1, grants: 1 });
  });

  it('two buys fired at once with no delay: exactly one charge', async () => {
    const player = await createUser();
    await db`select private.post_credits(${player.id}, 100, 'staff_grant')`;
    const questId = await lockedQuest(45);

    const results = await Promise.allSettled(
      phones.map((phone) => actAs(phone, player.id, (tx) => tx`select public.buy_quest_access(${questId})`)),
    );

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason)
      .toMatchObject({ message: 'already_has_access' });
    expect(await state(player.id, questId)).toEqual({ balance: 55, ledger: 55, debits: 1, grants: 1 });
  });

  it("a purchase racing the approval of the same player's unlock request: charged once", async () => {
    const player = await createUser();
    const moderator = await createUser();
    await db`insert into public.user_roles (user_id, role) values (${moderator.id}, 'moderator')`;
    await db`select private.post_credits(${player.id}, 100, 'staff_grant')`;
    const questId = await lockedQuest(40);
    const [request] = await actAs(db, player.id, (tx) => tx`select id from public.request_unlock(${questId}, null)`);

    const results = await leaderThenFollower(phones[0], moderator.id,
      (tx) => tx`select public.decide_unlock_request(${request.id}, true, null)`,
      () => actAs(phones[1], player.id, (tx) => tx`select public.buy_quest_access(${questId})`));

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'already_has_access' });
    expect(await state(player.id, questId)).toEqual({ balance: 60, ledger: 60, debits: 1, grants: 1 });
  });
});
