// Quest counters under concurrency: reviews and favourites posted at the same moment by different
// phones all count (the rating is recomputed under the quest's row lock, favourites are atomic
// increments), and two moderators hiding one review at once get one success and one conflict.
// Real concurrent database clients, no mocks.
import { afterAll, describe, expect, it } from 'vitest';
import { actAs, closeStack, connection, createUser, db, leaderThenFollower, unique } from './helpers/stack.ts';

afterAll(closeStack);

async function publishedQuest(): Promise<string> {
  const [quest] = await db`
    insert into public.quests (title, slug, city, status, published_at)
    values ('Busy quest', ${unique('busy').replaceAll('_', '-')}, 'Гонкоград', 'published', now()) returning id`;
  return quest.id;
}

describe('quest counters under concurrency', () => {
  it('two reviews racing on one quest both count: the second waits for the first and sees it', async () => {
    const questId = await publishedQuest();
    const [ann, ben] = [await createUser(), await createUser()];
    const phones = [connection(), connection()];
    try {
      const results = await leaderThenFollower(phones[0], ann.id,
        (tx) => tx`insert into public.reviews (quest_id, rating) values (${questId}, 5)`,
        () => actAs(phones[1], ben.id, (tx) => tx`insert into public.reviews (quest_id, rating) values (${questId}, 2)`), 500);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    } finally {
      await Promise.all(phones.map((c) => c.end()));
    }
    const [quest] = await db`select rating_avg::text, rating_count from public.quests where id = ${questId}`;
    expect(quest).toEqual({ rating_avg: '3.50', rating_count: 2 });
  });

  it('twenty users favouriting one quest at once: favourites_count is 20', async () => {
    const questId = await publishedQuest();
    const users = await Promise.all(Array.from({ length: 20 }, () => createUser()));
    const phones = users.map(() => connection());
    try {
      await Promise.all(users.map((u, i) => actAs(phones[i], u.id, (tx) => tx`insert into public.favourites (quest_id) values (${questId})`)));
    } finally {
      await Promise.all(phones.map((c) => c.end()));
    }
    const [quest] = await db`select favourites_count from public.quests where id = ${questId}`;
    expect(quest.favourites_count).toBe(20);
  });

  it('two moderators hiding the same review at once: one hides it, the other gets already_hidden', async () => {
    const questId = await publishedQuest();
    const author = await createUser();
    const moderators = [await createUser(), await createUser()];
    await db`insert into public.user_roles (user_id, role) values (${moderators[0].id}, 'moderator'), (${moderators[1].id}, 'moderator')`;
    const [review] = await db`insert into public.reviews (quest_id, author_id, rating, body) values (${questId}, ${author.id}, 1, 'Spam') returning id`;
    const phones = [connection(), connection()];
    try {
      const results = await Promise.allSettled(moderators.map((m, i) =>
        actAs(phones[i], m.id, async (tx) => {
          await tx`select public.hide_review(${review.id}, 'Spam')`;
          await tx`select pg_sleep(0.2)`;
        })
      ));
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refusal = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refusal.reason).toMatchObject({ code: 'PT409', message: 'already_hidden' });
    } finally {
      await Promise.all(phones.map((c) => c.end()));
    }
    const [audit] = await db`select count(*)::int as n from public.audit_log where action = 'review.hide' and target_id = ${review.id}::text`;
    expect(audit.n).toBe(1);
  });
});
