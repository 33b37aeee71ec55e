// Runs before `npm run dev`, `npm test` and `npm run db:reset` (npm's pre-scripts): makes sure the
// machine has what the Docker-free stack needs, installing it where it can.
// - Debian packages: PostgreSQL 15 server, PostGIS 3, pgTAP (+ pg_prove), plpgsql_check, pg_cron.
//   As root on Debian/Ubuntu they are installed with apt-get; otherwise the command to run is printed.
// - npm packages (Supabase CLI, Deno, vitest, …): `npm ci` from the lock file when node_modules
//   lacks them. The lock lists every platform's binary of deno and the Supabase CLI, so `npm ci`
//   works everywhere and leaves the lock file untouched.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const debianPackages = [
  'postgresql-15', 'postgresql-15-postgis-3', 'postgresql-15-pgtap', 'postgresql-15-plpgsql-check',
  'postgresql-15-cron', 'libtap-parser-sourcehandler-pgtap-perl',
];

function missingDebianPackages() {
  if (!existsSync('/usr/bin/dpkg-query')) return [];
  return debianPackages.filter((name) => {
    const status = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return !status.stdout?.includes('install ok installed');
  });
}

const missing = missingDebianPackages();
if (missing.length > 0 && !process.env.PG_BIN) {
  if (process.getuid?.() === 0) {
    console.log(`installing Debian packages: ${missing.join(' ')}`);
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
      stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } else {
    console.error(`Missing Debian packages. Run:\n  sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
}

const needed = ['supabase', 'deno', 'vitest'].map((bin) => join(root, 'node_modules/.bin', bin));
if (!needed.every(existsSync)) {
  console.log('installing npm packages (npm ci, from package-lock.json)');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}
