// A PostgreSQL cluster owned by the project: created with `supabase_admin` as its bootstrap
// superuser (as in Supabase's image), started on loopback only, stopped on demand.
// Postgres refuses to run as root: when this script runs as root (CI), the server runs as the
// unprivileged `postgres` system user; on a developer's laptop it runs as the developer.
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';

const isRoot = process.getuid?.() === 0;
const clusterUser = process.env.PG_CLUSTER_USER ?? 'postgres';

/** The folder with initdb, pg_ctl, postgres, psql: $PG_BIN, Debian's PostgreSQL 15, or pg_config's. */
export function pgBinDir() {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const debian = '/usr/lib/postgresql/15/bin';
  if (existsSync(join(debian, 'initdb'))) return debian;
  return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
}

const bin = (name) => join(pgBinDir(), name);

/** Runs a server-side command as the cluster user (root) or as ourselves; throws on failure. */
function runAsClusterUser(command, args, options = {}) {
  const [cmd, argv] = isRoot ? ['runuser', ['-u', clusterUser, '--', command, ...args]] : [command, args];
  const result = spawnSync(cmd, argv, { encoding: 'utf8', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout ?? ''}${result.stderr ?? ''}`);
  }
  return result.stdout;
}

function ownFolder(dir) {
  mkdirSync(dir, { recursive: true });
  if (isRoot) execFileSync('chown', ['-R', `${clusterUser}:`, dir]);
}

/** Creates the cluster in `dir/data` unless it exists; returns true when it was created now. */
export function initCluster(dir, { password = 'postgres', throwaway = false } = {}) {
  const data = join(dir, 'data');
  if (existsSync(join(data, 'PG_VERSION'))) return false;
  ownFolder(dir);
  const pwfile = join(dir, 'pwfile');
  writeFileSync(pwfile, `${password}\n`);
  chmodSync(pwfile, 0o644);
  runAsClusterUser(bin('initdb'), [
    '-D', data, '-U', 'supabase_admin', '--pwfile', pwfile,
    '--auth-local=trust', '--auth-host=scram-sha-256', '--encoding=UTF8', '--locale=C.UTF-8',
  ]);
  const settings = [
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${dir}'`,
    "timezone = 'UTC'",
    'max_connections = 200',
    'wal_level = logical',
  ];
  if (throwaway) settings.push('fsync = off', 'synchronous_commit = off', 'full_page_writes = off');
  writeFileSync(join(data, 'postgresql.auto.conf'), `${settings.join('\n')}\n`, { flag: 'a' });
  if (isRoot) execFileSync('chown', ['-R', `${clusterUser}:`, dir]);
  return true;
}

/** Is a server running on this cluster's data folder? */
export function isRunning(dir) {
  const result = spawnSync(...(isRoot
    ? ['runuser', ['-u', clusterUser, '--', bin('pg_ctl'), 'status', '-D', join(dir, 'data')]]
    : [bin('pg_ctl'), ['status', '-D', join(dir, 'data')]]), { encoding: 'utf8' });
  return result.status === 0;
}

// Settings given at every start (so an existing cluster picks up new ones): the libraries the
// platform preloads, and Supabase Cron (pg_cron) running its jobs in background workers of this
// database, as the hosted project does.
const startSettings = {
  shared_preload_libraries: 'pg_stat_statements,pg_cron',
  'cron.database_name': 'postgres',
  'cron.use_background_workers': 'on',
  'cron.max_running_jobs': '4',
  max_worker_processes: '16',
  log_lock_waits: 'on', // a wait over deadlock_timeout (1 s) is logged with what it waits for
};

/** Starts the server on 127.0.0.1:port and waits until it accepts connections. */
export function startCluster(dir, port) {
  const options = [`-p ${port}`, ...Object.entries(startSettings).map(([name, value]) => `-c ${name}=${value}`)];
  runAsClusterUser(bin('pg_ctl'), [
    'start', '-w', '-t', '60', '-D', join(dir, 'data'), '-l', join(dir, 'postgres.log'), '-o', options.join(' '),
  ]);
}

/** Stops the server (fast: rolls back open transactions, disconnects clients). */
export function stopCluster(dir, mode = 'fast') {
  if (!existsSync(join(dir, 'data')) || !isRunning(dir)) return;
  runAsClusterUser(bin('pg_ctl'), ['stop', '-w', '-m', mode, '-D', join(dir, 'data')]);
}

/** Connection URLs of a cluster on `port` for the platform's superuser and for `postgres`. */
export function clusterUrls(port) {
  return {
    admin: `postgresql://supabase_admin:postgres@127.0.0.1:${port}/postgres`,
    db: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`,
  };
}
