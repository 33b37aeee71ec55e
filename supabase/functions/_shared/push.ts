// Draining the push outbox (private.push_outbox, see the push_outbox migration), the one way
// pushes leave: claim a batch (skip locked: concurrent drainers never share a push), send each
// push to FCM with bounded concurrency, record every outcome, and repeat until the outbox is empty,
// `max` pushes were claimed or the time budget is spent. When work is left, the drain asks for a
// follow-up call through pg_net, the same path the database uses.
import type { Enums, Tables } from './database.ts';
import { sql } from './db.ts';
import type { Fcm, SendOutcome } from './fcm.ts';

/** A claimed push, rendered by private.claim_push_outbox. */
export type ClaimedPush = {
  id: string;
  claim: string;
  kind: string;
  token: Tables<'push_devices'>['token'];
  platform: Enums<'push_platform'>;
  collapse_key: string | null;
  title: string;
  body: string;
  data: Record<string, string>;
  badge: number;
  quiet: boolean;
};

export type DrainResult = {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  removed_devices: number;
  more: boolean;
};

const ttlSeconds = 86_400;
const batchSize = 100;
const concurrency = 20;
const budgetMs = 8000;

/**
 * The FCM HTTP v1 message of a push: the notification in the device's language, the data the app
 * opens the screen with, the badge, per-chat collapsing (Android tag and collapse_key, APNs
 * collapse id and thread) and, in quiet hours, silent delivery (Android channel `quiet` at low
 * priority, iOS interruption level passive, no sound).
 */
export function fcmMessage(push: ClaimedPush) {
  const collapse = push.collapse_key ?? undefined;
  return {
    message: {
      token: push.token,
      notification: { title: push.title, body: push.body },
      data: push.data,
      android: {
        priority: push.quiet ? 'NORMAL' : 'HIGH',
        ttl: `${ttlSeconds}s`,
        ...(collapse ? { collapse_key: collapse } : {}),
        notification: {
          channel_id: push.quiet ? 'quiet' : 'default',
          notification_priority: push.quiet ? 'PRIORITY_LOW' : 'PRIORITY_HIGH',
          notification_count: push.badge,
          ...(collapse ? { tag: collapse } : {}),
          ...(push.quiet ? {} : { default_sound: true }),
        },
      },
      apns: {
        headers: {
          'apns-priority': push.quiet ? '5' : '10',
          'apns-expiration': String(Math.floor(Date.now() / 1000) + ttlSeconds),
          ...(collapse ? { 'apns-collapse-id': collapse } : {}),
        },
        payload: {
          aps: {
            badge: push.badge,
            'thread-id': collapse ?? push.kind,
            ...(push.quiet ? { 'interruption-level': 'passive' } : { sound: 'default' }),
          },
        },
      },
    },
  };
}

/** Runs `work` over `items` with at most `limit` at a time, keeping the order of results. */
async function mapLimit<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Sends up to `max` due pushes in batches of 100, 20 at a time, for at most 8 s (within pg_net's
 * 10 s timeout); returns the counts and whether work was left.
 */
export async function drainPushOutbox(fcm: Fcm, max: number): Promise<DrainResult> {
  const deadline = Date.now() + budgetMs;
  const result: DrainResult = { claimed: 0, sent: 0, retried: 0, failed: 0, removed_devices: 0, more: false };
  for (;;) {
    if (result.claimed >= max || Date.now() >= deadline) {
      result.more = true;
      break;
    }
    const pushes = await sql<ClaimedPush[]>`select * from private.claim_push_outbox(${
      Math.min(batchSize, max - result.claimed)
    })`;
    if (pushes.length === 0) break;
    result.claimed += pushes.length;
    const outcomes: (SendOutcome & { id: string })[] = await mapLimit(
      pushes,
      concurrency,
      async (push) => ({ id: push.id, ...(await fcm.send(fcmMessage(push), deadline)) }),
    );
    await sql`select private.settle_push_outbox(${pushes[0].claim}, ${sql.json(outcomes)})`;
    for (const outcome of outcomes) {
      if (outcome.result === 'sent') result.sent++;
      else if (outcome.result === 'retry') result.retried++;
      else if (outcome.result === 'failed') result.failed++;
      else result.removed_devices++;
      if (outcome.result !== 'sent') console.warn(`push ${outcome.id}: ${outcome.result}: ${outcome.error}`);
    }
  }
  if (result.more) await sql`select private.invoke_edge_function('push-send')`;
  return result;
}
