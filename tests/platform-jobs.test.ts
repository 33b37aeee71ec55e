// The platform pieces every feature builds on, under real concurrency and real HTTP: pg_net sends
// a request only once its transaction commits; two drainers of the file-removal queue never take
// the same file; a rate limit holds exactly under parallel hits.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { actAs, closeStack, connection, createUser, db, unique } from './helpers/stack.ts';

afterAll(async () => {
  await closeStack();
});

/** A local HTTP server that records the bodies it receives. */
async function recorder() {
  const received: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push(body);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

const until = async (check: () => Promise<boolean>, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('pg_net (local stand-in of the platform worker)', () => {
  it('sends a request after its transaction commits, records the response, and sends nothing for a rolled-back one', async () => {
    const hook = await recorder();
    try {
      const marker = unique('committed');
      const [{ id }] = await db`select net.http_post(${hook.url}, ${db.json({ marker })}) as id`;
      await db.begin(async (tx) => {
        await tx`select net.http_post(${hook.url}, ${tx.json({ marker: 'rolled back' })})`;
        throw new Error('roll back');
      }).catch(() => {});
      await until(async () => (await db`select 1 from net._http_response where id = ${id}`).length === 1);
      const [response] = await db`select status_code, content from net._http_response where id = ${id}`;
      expect(response).toEqual({ status_code: 200, content: '{"ok":true}' });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(hook.received.map((body) => JSON.parse(body).marker)).toEqual([marker]);
    } finally {
      await hook.close();
    }
  });
});

describe('the file-removal queue', () => {
  it('two drainers claiming at the same moment get disjoint sets of files', async () => {
    const prefix = unique('race');
    await db`select private.enqueue_storage_deletion('avatars', ${prefix} || '/' || n || '.png', 'race test')
             from generate_series(1, 40) n`;
    const drainers = [connection(), connection()];
    try {
      const claims = await Promise.all(drainers.map((conn) => conn.begin(async (tx) => {
        const rows = await tx`select name from private.claim_storage_deletions(30) where name like ${prefix + '/%'}`;
        await tx`select pg_sleep(0.3)`;
        return rows.map((row) => row.name as string);
      })));
      const all = claims.flat();
      expect(new Set(all).size).toBe(all.length);
      expect(all.length).toBe(40);
    } finally {
      await Promise.all(drainers.map((c) => c.end()));
      await db`delete from private.pending_storage_deletions where name like ${prefix + '/%'}`;
    }
  });
});

describe('rate limits', () => {
  it('twenty hits fired at once by one user against a limit of 10: exactly ten pass', async () => {
    const action = `tests.${unique('burst').toLowerCase()}`;
    await db`insert into private.rate_limits (action, max_hits, per, description) values (${action}, 10, '1 minute', 'test')`;
    const user = await createUser();
    const phones = Array.from({ length: 20 }, () => connection());
    try {
      const results = await Promise.allSettled(phones.map((phone) =>
        actAs(phone, user.id, (tx) => tx`select private.throttle(${action})`)
      ));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
      const refusals = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      expect(refusals.every((r) => r.reason.code === 'PT429' && r.reason.message === 'rate_limited')).toBe(true);
    } finally {
      await Promise.all(phones.map((c) => c.end()));
      await db`delete from private.rate_limits where action = ${action}`;
    }
  });
});
