// Teams and events under real concurrency (issue 14), each phone a connection of its own and each
// transaction run as PostgREST runs it (actAs):
//   - two members checking in at the same point at the same moment count once;
//   - joins racing at a team's cap, and registrations racing at an event's cap, stop exactly there;
//   - an event started by two game masters, or by a game master and the scheduler, at once starts
//     once (one run per team);
//   - a player in two teams finishing the same quest at the same moment is paid once.
import { afterAll, describe, expect, it } from 'vitest';
import { actAs, closeStack, connection, createUser, db, type TestUser } from './helpers/stack.ts';

const phones = Array.from({ length: 5 }, () => connection());
afterAll(async () => {
  await Promise.all(phones.map((c) => c.end()));
  await closeStack();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A published open quest with gps points 20 m apart, starting at (lat, 50). */
async function quest(points: number, reward = 0) {
  const [row] = await db`
    insert into public.quests (title, slug, city, status, access, reward_credits, published_at)
    values ('Race', ${`team-race-${crypto.randomUUID().slice(0, 8)}`}, 'Raceburg', 'published', 'open', ${reward}, now())
    returning id`;
  const lat = 65 + Math.random();
  for (let i = 1; i <= points; i++) {
    await db`insert into public.quest_points (quest_id, position, title, lat, lng, radius_m)
             values (${row.id}, ${i}, ${`P${i}`}, ${lat + (i - 1) * 0.0002}, 50, 30)`;
  }
  return { id: row.id as string, lat };
}

/** A team owned by `owner` with `members` joined by its code. */
async function team(owner: TestUser, members: TestUser[], size = 5) {
  const [created] = await actAs(db, owner.id, (tx) => tx`select id, join_code from public.create_team('Racers', ${size})`);
  for (const member of members) await actAs(db, member.id, (tx) => tx`select public.join_team(${created.join_code})`);
  return { id: created.id as string, code: created.join_code as string };
}

async function organiser() {
  const user = await createUser();
  await db`insert into public.user_roles (user_id, role) values (${user.id}, 'organiser')`;
  return user;
}

async function event(org: TestUser, questId: string, options: { maxTeams?: number; startsIn?: string } = {}) {
  const [row] = await actAs(db, org.id, (tx) => tx`
    insert into public.events (quest_id, title, starts_at, ends_at, max_teams)
    values (${questId}, 'Race event', now() + ${options.startsIn ?? '1 hour'}::interval, now() + interval '3 hours', ${options.maxTeams ?? 20})
    returning id`);
  return row.id as string;
}

describe('teams and events under concurrency', () => {
  it('two members checking in at the same point at once: it counts once', async () => {
    const [a, b] = [await createUser(), await createUser()];
    const { id: questId, lat } = await quest(2);
    const { id: teamId } = await team(a, [b]);
    const [run] = await actAs(db, a.id, (tx) => tx`select id from public.start_team_run(${teamId}, ${questId})`);
    const [point] = await db`select id from public.quest_points where quest_id = ${questId} and position = 1`;

    const first = actAs(phones[0], a.id, async (tx) => {
      const [r] = await tx`select public.check_in(${run.id}, ${lat}, 50, 5, null, null, ${point.id}) as r`;
      await tx`select pg_sleep(0.3)`; // hold the run while the teammate's check-in arrives
      return r.r;
    });
    await pause(50);
    const second = actAs(phones[1], b.id, async (tx) => {
      const [r] = await tx`select public.check_in(${run.id}, ${lat}, 50, 5, null, null, ${point.id}) as r`;
      return r.r;
    });
    const results = await Promise.allSettled([first, second]);

    // Whichever phone takes the run's lock first checks in; the other finds the point done.
    const accepted = results.filter((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ accepted: boolean; points_done: number }>[];
    expect(accepted).toHaveLength(1);
    expect(accepted[0].value).toMatchObject({ accepted: true, points_done: 1 });
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason)
      .toMatchObject({ code: 'PT409', message: 'point_already_checked_in' });
    const [state] = await db`
      select (select points_done from public.quest_runs where id = ${run.id}) as done,
             (select count(*)::int from public.run_checkins where run_id = ${run.id} and accepted) as accepted,
             (select score from public.quest_runs where id = ${run.id}) as score`;
    expect(state).toEqual({ done: 1, accepted: 1, score: 100 });
  });

  it('four players joining a team with one place left at once: exactly one gets in', async () => {
    const owner = await createUser();
    const joiners = [await createUser(), await createUser(), await createUser(), await createUser()];
    const { id: teamId, code } = await team(owner, [await createUser()], 3);

    const results = await Promise.allSettled(joiners.map((j, i) => actAs(phones[i], j.id, (tx) => tx`select public.join_team(${code}) as r`)));

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'PT409', message: 'team_full' });
    }
    const [state] = await db`select count(*)::int as members from public.team_members where team_id = ${teamId}`;
    const [chat] = await db`select count(*)::int as members from public.chat_members where chat_id = (select chat_id from public.teams where id = ${teamId})`;
    expect(state.members).toBe(3);
    expect(chat.members).toBe(3);
  });

  it('three teams registering for the last place of an event at once: exactly one is in', async () => {
    const org = await organiser();
    const { id: questId } = await quest(1);
    const eventId = await event(org, questId, { maxTeams: 2 });
    const first = await createUser();
    const { id: firstTeam } = await team(first, []);
    await actAs(db, first.id, (tx) => tx`select public.register_team(${eventId}, ${firstTeam})`);
    const owners = [await createUser(), await createUser(), await createUser()];
    const teams = [];
    for (const o of owners) teams.push((await team(o, [])).id);

    const results = await Promise.allSettled(
      owners.map((o, i) => actAs(phones[i], o.id, (tx) => tx`select public.register_team(${eventId}, ${teams[i]})`)),
    );

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'PT409', message: 'event_full' });
    }
    const [state] = await db`select count(*)::int as teams from public.event_teams where event_id = ${eventId}`;
    expect(state.teams).toBe(2);
  });

  it('two game masters starting an event at once: it starts once, one run per team', async () => {
    const org = await organiser();
    const gm = await createUser();
    const { id: questId } = await quest(1);
    const eventId = await event(org, questId);
    await actAs(db, org.id, (tx) => tx`select public.add_game_master(${eventId}, ${gm.id})`);
    for (let i = 0; i < 3; i++) {
      const owner = await createUser();
      const { id } = await team(owner, [await createUser()]);
      await actAs(db, owner.id, (tx) => tx`select public.register_team(${eventId}, ${id})`);
    }

    const results = await Promise.allSettled([
      actAs(phones[0], org.id, (tx) => tx`select public.start_event(${eventId})`),
      actAs(phones[1], gm.id, (tx) => tx`select public.start_event(${eventId})`),
    ]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason)
      .toMatchObject({ code: 'PT409', message: 'invalid_transition' });
    const [state] = await db`
      select (select status::text from public.events where id = ${eventId}) as status,
             (select count(*)::int from public.quest_runs where event_id = ${eventId}) as runs,
             (select count(*)::int from public.event_activity where event_id = ${eventId} and kind = 'event_started') as started`;
    expect(state).toEqual({ status: 'running', runs: 3, started: 1 });
  });

  it('the scheduler and a game master starting a due event at once: it starts once', async () => {
    const org = await organiser();
    const { id: questId } = await quest(1);
    const eventId = await event(org, questId, { startsIn: '0 seconds' });
    const owner = await createUser();
    const { id: teamId } = await team(owner, []);
    await actAs(db, owner.id, (tx) => tx`select public.register_team(${eventId}, ${teamId})`);

    const byHand = actAs(phones[0], org.id, async (tx) => {
      await tx`select public.start_event(${eventId})`;
      await tx`select pg_sleep(0.3)`; // the scheduler's run comes while this start holds the event
    });
    await pause(50);
    const scheduler = phones[1].begin((tx) => tx`select private.run_event_schedule() as changed`);
    const results = await Promise.allSettled([byHand, scheduler]);

    // The scheduler skips an event a game master is starting; had it come first (or pg_cron's own
    // run), the game master's start is refused as invalid_transition. Either way: started once.
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'PT409', message: 'invalid_transition' });
    }
    const [state] = await db`
      select (select status::text from public.events where id = ${eventId}) as status,
             (select count(*)::int from public.quest_runs where event_id = ${eventId}) as runs,
             (select count(*)::int from public.event_activity where event_id = ${eventId} and kind = 'event_started') as started`;
    expect(state).toEqual({ status: 'running', runs: 1, started: 1 });
  });

  it('a player in two teams finishing the same quest at the same moment is paid once', async () => {
    const [both, x, y] = [await createUser(), await createUser(), await createUser()];
    const { id: questId, lat } = await quest(2, 25);
    const { id: red } = await team(x, [both]);
    const { id: blue } = await team(y, [both]);
    const [redRun] = await actAs(db, x.id, (tx) => tx`select id from public.start_team_run(${red}, ${questId})`);
    const [blueRun] = await actAs(db, y.id, (tx) => tx`select id from public.start_team_run(${blue}, ${questId})`);
    // The shared member checks in at the first point for both teams (a player of both runs)...
    for (const run of [redRun, blueRun]) await actAs(db, both.id, (tx) => tx`select public.check_in(${run.id}, ${lat}, 50, 5)`);

    // ...and the two teams finish at the same moment.
    const results = await Promise.allSettled([
      actAs(phones[0], x.id, (tx) => tx`select public.check_in(${redRun.id}, ${lat + 0.0002}, 50, 5) as r`),
      actAs(phones[1], y.id, (tx) => tx`select public.check_in(${blueRun.id}, ${lat + 0.0002}, 50, 5) as r`),
    ]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const [state] = await db`
      select (select count(*)::int from public.credit_ledger where user_id = ${both.id} and reason = 'quest_reward') as both_paid,
             (select count(*)::int from public.credit_ledger where user_id in (${x.id}, ${y.id}) and reason = 'quest_reward') as others_paid,
             (select balance from public.wallets where user_id = ${both.id}) as balance`;
    expect(state).toEqual({ both_paid: 1, others_paid: 2, balance: 25 });
  });
});
