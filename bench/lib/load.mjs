// Other clients working while a suite measures: `clients` connections running `statements` in turn
// (each in its own transaction as `role` with `claims`, as PostgREST runs a call) until stopped.
// They run in a worker thread, with an event loop of their own: other users are other processes,
// so their replies (a 200-card map page is 150 kB of JSON) never queue in front of the measured
// client's. The main thread reads how many calls they have made while it measures.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import postgres from 'postgres';
import { asRole } from './measure.mjs';

/**
 * Starts the load; returns { calls() — calls completed so far, stop() — waits for the clients to
 * finish their current call, rejects with the first error one of them met }.
 */
export function startLoad({ url, role, claims, statements, clients }) {
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(new URL(import.meta.url), { workerData: { url, role, claims, statements, clients, counter } });
  const finished = new Promise((resolve, reject) => {
    worker.once('message', (message) => (message.error ? reject(new Error(message.error)) : resolve()));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the load worker exited (${code}) without reporting`)));
  });
  return {
    calls: () => Atomics.load(counter, 0),
    stop: () => {
      worker.postMessage('stop');
      return finished;
    },
  };
}

if (!isMainThread) {
  const { url, role, claims, statements, clients, counter } = workerData;
  const sql = postgres(url, { max: clients, onnotice: () => {} });
  let running = true;
  let error = null;
  parentPort.on('message', () => { running = false; });
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    // Each client starts at another statement, so that they do not run the same one in step.
    for (let i = c * 7; running && !error; i++) {
      const [text, params] = statements[i % statements.length];
      await asRole(sql, role, claims, (tx) => tx.unsafe(text, params)).then(
        () => Atomics.add(counter, 0, 1),
        (e) => { error = e; },
      );
    }
  }));
  await sql.end();
  parentPort.postMessage({ error: error ? String(error.stack ?? error.message) : null });
  parentPort.close();
}
