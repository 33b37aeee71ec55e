// Two debits racing for the same wallet: the wallet row lock serialises them, the second one sees
// the balance the first one left and is refused. Real concurrent database clients, no mocks.
import { afterAll, describe, expect, it } from 'vitest';
import { actAs, closeStack, connection, createUser, db, leaderThenFollower } from './helpers/stack.ts';

const phones = [connection(), connection()];
afterAll(async () => {
  await Promise.all(phones.map((c) => c.end()));
  await closeStack();
});

describe('credits under concurrency', () => {
  it('two simultaneous debits of 60 from a balance of 100: exactly one succeeds, balance stays ≥ 0', async () => {
    const admin = await createUser();
    const owner = await createUser();
    await db`insert into public.user_roles (user_id, role) values (${admin.id}, 'admin')`;
    await actAs(phones[0], admin.id, (tx) => tx`select public.grant_credits(${owner.id}, 100, 'start')`);

    // The first debit holds its transaction open; the second starts meanwhile and must wait.
    const results = await leaderThenFollower(phones[0], admin.id,
      (tx) => tx`select public.grant_credits(${owner.id}, -60, 'first device')`,
      () => actAs(phones[1], admin.id, (tx) => tx`select public.grant_credits(${owner.id}, -60, 'second device')`), 500);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refusal = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refusal.reason).toMatchObject({ code: 'PT402', message: 'insufficient_credits' });
    const [wallet] = await db`select balance from public.wallets where user_id = ${owner.id}`;
    const [ledger] = await db`select sum(amount)::int as total from public.credit_ledger where user_id = ${owner.id}`;
    expect(wallet.balance).toBe(40);
    expect(ledger.total).toBe(40);
  });

  it('twenty debits of 10 fired at once against a balance of 100: exactly ten succeed', async () => {
    const admin = await createUser();
    const owner = await createUser();
    await db`insert into public.user_roles (user_id, role) values (${admin.id}, 'admin')`;
    await actAs(phones[0], admin.id, (tx) => tx`select public.grant_credits(${owner.id}, 100, 'start')`);
    const clients = Array.from({ length: 20 }, () => connection());
    try {
      const results = await Promise.allSettled(
        clients.map((c, i) => actAs(c, admin.id, (tx) => tx`select public.grant_credits(${owner.id}, -10, ${`debit ${i}`})`)),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
      const [wallet] = await db`select balance from public.wallets where user_id = ${owner.id}`;
      expect(wallet.balance).toBe(0);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });
});
