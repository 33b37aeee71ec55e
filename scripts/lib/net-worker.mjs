// Local stand-in for pg_net's background worker (supabase/local/platform/70_net.sql): sends the
// requests that net.http_post / http_get / http_delete queued, once their transaction committed,
// and records each outcome in net._http_response, as pg_net does on the platform. Woken by the
// `pg_net_stand_in` NOTIFY (delivered at commit), with a slow poll as a safety net. No retries.
import postgres from 'postgres';

const batchSize = 32;

/** Starts the worker against the cluster's superuser URL; resolves with `stop()`. */
export async function startNetWorker(adminUrl, { log = () => {} } = {}) {
  const sql = postgres(adminUrl, { max: 2, onnotice: () => {}, connection: { application_name: 'pg_net stand-in' } });
  let stopped = false;
  let running = null;
  let again = false;

  async function send(request) {
    const started = Date.now();
    const controller = AbortSignal.timeout(request.timeout_milliseconds);
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body ?? undefined,
        signal: controller,
      });
      const content = await response.text();
      await sql`
        insert into net._http_response (id, status_code, content_type, headers, content, timed_out)
        values (${request.id}, ${response.status}, ${response.headers.get('content-type')},
                ${sql.json(Object.fromEntries(response.headers))}, ${content}, false)`;
      log(`${request.method} ${request.url} → ${response.status} in ${Date.now() - started} ms`);
    } catch (error) {
      const timedOut = error?.name === 'TimeoutError';
      await sql`
        insert into net._http_response (id, timed_out, error_msg)
        values (${request.id}, ${timedOut}, ${timedOut ? 'Timeout was reached' : String(error?.cause?.message ?? error?.message)})`;
      log(`${request.method} ${request.url} failed: ${error?.message}`);
    }
  }

  async function drain() {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        for (;;) {
          if (stopped) return;
          const batch = await sql`
            delete from net.http_request_queue
            where id in (select id from net.http_request_queue order by id limit ${batchSize} for update skip locked)
            returning id, method, url, headers, body, timeout_milliseconds`;
          if (batch.length === 0) break;
          await Promise.all(batch.sort((a, b) => Number(a.id) - Number(b.id)).map(send));
        }
      } while (again && !stopped);
    })().catch((error) => {
      if (!stopped) log(`drain failed: ${error.message}`);
    }).finally(() => {
      running = null;
    });
    return running;
  }

  await sql.listen('pg_net_stand_in', () => void drain());
  const poll = setInterval(() => void drain(), 1000);
  void drain();
  return {
    async stop() {
      stopped = true;
      clearInterval(poll);
      await running;
      await sql.end({ timeout: 2 });
    },
  };
}
