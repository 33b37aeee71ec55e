// Unlock decisions under real concurrency: two moderators approving the same request at the same
// moment get one success and one already_decided; two approvals that would both spend the same
// user's last credits get one success and one insufficient_credits, never a negative balance.
import { afterAll, describe, expect, it } from 'vitest';
import { actAs, closeStack, connection, createUser, db, leaderThenFollower } from './helpers/stack.ts';

const clients = [connection(), connection()];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.end()));
  await closeStack();
});

async function lockedQuest(price: number) {
  const [quest] = await db`
    insert into public.quests (title, slug, city, status, access, price_credits, published_at)
    values ('Race', ${`race-${crypto.randomUUID().slice(0, 8)}`}, 'Kazan', 'published', 'locked', ${price}, now())
    returning id`;
  return quest.id as string;
}

async function moderator() {
  const user = await createUser();
  await db`insert into public.user_roles (user_id, role) values (${user.id}, 'moderator')`;
  return user;
}

describe('unlock approvals under concurrency', () => {
  it('two moderators approving the same request at once: exactly one succeeds, the other gets already_decided', async () => {
    const [first, second] = [await moderator(), await moderator()];
    const player = await createUser();
    await db`select private.post_credits(${player.id}, 100, 'staff_grant')`;
    const questId = await lockedQuest(40);
    const [request] = await actAs(db, player.id, (tx) => tx`select id from public.request_unlock(${questId}, null)`);

    // The first moderator holds the lock while the other arrives.
    const results = await leaderThenFollower(clients[0], first.id,
      (tx) => tx`select public.decide_unlock_request(${request.id}, true, null)`,
      () => actAs(clients[1], second.id, (tx) => tx`select public.decide_unlock_request(${request.id}, true, null)`));

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'PT409', message: 'already_decided' });
    const [state] = await db`
      select (select balance from public.wallets where user_id = ${player.id}) as balance,
             (select count(*)::int from public.credit_ledger where user_id = ${player.id} and reason = 'unlock') as debits`;
    expect(state).toEqual({ balance: 60, debits: 1 });
  });

  it('two approvals spending the same last credits at once: one succeeds, one gets insufficient_credits', async () => {
    const [first, second] = [await moderator(), await moderator()];
    const player = await createUser();
    await db`select private.post_credits(${player.id}, 50, 'staff_grant')`;
    const [questA, questB] = [await lockedQuest(40), await lockedQuest(40)];
    const [a] = await actAs(db, player.id, (tx) => tx`select id from public.request_unlock(${questA}, null)`);
    const [b] = await actAs(db, player.id, (tx) => tx`select id from public.request_unlock(${questB}, null)`);

    const results = await Promise.allSettled([
      actAs(clients[0], first.id, (tx) => tx`select public.decide_unlock_request(${a.id}, true, null)`),
      actAs(clients[1], second.id, (tx) => tx`select public.decide_unlock_request(${b.id}, true, null)`),
    ]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refusal = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refusal.reason).toMatchObject({ code: 'PT402', message: 'insufficient_credits' });
    const [state] = await db`
      select (select balance from public.wallets where user_id = ${player.id}) as balance,
             (select sum(amount)::int from public.credit_ledger where user_id = ${player.id}) as ledger,
             (select count(*)::int from public.unlock_requests where user_id = ${player.id} and status = 'pending') as pending`;
    expect(state).toEqual({ balance: 10, ledger: 10, pending: 1 });
  });
});
