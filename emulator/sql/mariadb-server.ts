/**
 * A private MariaDB server for the emulator's Forge SQL: Debian's `mariadbd` on a unix socket in a temporary
 * directory, with its own data directory made by `mariadb-install-db`. No TCP port, no root password, no system
 * service: the process belongs to whoever started it and is killed with it.
 *
 * One server per process is enough (each installation gets its own database on it, see sql-store.ts):
 * `sharedMariaDb()` starts it on first use, or reuses the one jest's globalSetup started (its socket is in
 * `SLA_MARIADB_SOCKET`), so the test suites of a run share one server.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The environment variable through which a started server is shared with jest's worker processes. */
export const MARIADB_SOCKET_ENV = 'SLA_MARIADB_SOCKET';

/** Where Debian installs the server and its data-directory tool (package mariadb-server). */
export const MARIADBD = '/usr/sbin/mariadbd';
export const MARIADB_INSTALL_DB = '/usr/bin/mariadb-install-db';

export interface MariaDbServer {
  /** the unix socket clients connect to */
  socket: string;
  /** the temporary directory holding the data directory, socket and logs (removed by stop) */
  dir: string;
  /** stops the server and removes its directory */
  stop(): Promise<void>;
}

/** Why the server cannot start, worded with the fix. */
export class MariaDbUnavailable extends Error {
  constructor(detail: string) {
    super(
      `The emulator's Forge SQL needs MariaDB (${detail}). Install Debian's mariadb-server (\`apt-get install mariadb-server\`; .ci/run does this on a fresh machine).`,
    );
    this.name = 'MariaDbUnavailable';
  }
}

/** Resolves once `socket` exists, or rejects when the server exits first or `timeoutMs` passes. */
async function waitForSocket(child: ChildProcess, socket: string, timeoutMs: number, log: () => string): Promise<void> {
  const started = performance.now();
  while (!existsSync(socket)) {
    if (child.exitCode !== null) throw new MariaDbUnavailable(`mariadbd exited with ${child.exitCode}: ${log()}`);
    if (performance.now() - started > timeoutMs) throw new MariaDbUnavailable(`mariadbd did not open its socket within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts a new private server (about 4 s: most of it `mariadb-install-db`).
 *
 * @example
 * const server = await startMariaDb(); // server.socket = '/tmp/sla-mariadb-Ab12/mysqld.sock'
 * await server.stop();
 */
export async function startMariaDb(): Promise<MariaDbServer> {
  if (!existsSync(MARIADBD) || !existsSync(MARIADB_INSTALL_DB)) throw new MariaDbUnavailable(`${MARIADBD} is missing`);
  const dir = mkdtempSync(join(tmpdir(), 'sla-mariadb-'));
  const datadir = join(dir, 'data');
  const socket = join(dir, 'mysqld.sock');
  const install = spawnSync(
    MARIADB_INSTALL_DB,
    ['--no-defaults', `--datadir=${datadir}`, '--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve'],
    { encoding: 'utf8' },
  );
  if (install.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new MariaDbUnavailable(`mariadb-install-db failed: ${install.stderr || install.stdout}`);
  }
  const args = [
    '--no-defaults',
    `--datadir=${datadir}`,
    `--socket=${socket}`,
    `--pid-file=${join(dir, 'mysqld.pid')}`,
    `--log-error=${join(dir, 'error.log')}`,
    '--skip-networking',
    '--skip-grant-tables',
    '--innodb-buffer-pool-size=128M',
    '--innodb-log-file-size=64M',
    // Durability is not what the emulator is for: flush once a second, not on every commit.
    '--innodb-flush-log-at-trx-commit=2',
    '--sync-binlog=0',
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_bin',
    // Forge SQL runs on TiDB in UTC.
    '--default-time-zone=+00:00',
    '--max-connections=200',
  ];
  // mariadbd refuses to run as root unless told which user to be.
  if (process.getuid?.() === 0) args.push('--user=root');
  const child = spawn(MARIADBD, args, { stdio: 'ignore', detached: false });
  const killOnExit = (): void => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);
  try {
    await waitForSocket(child, socket, 30_000, () => {
      try {
        return spawnSync('tail', ['-5', join(dir, 'error.log')], { encoding: 'utf8' }).stdout;
      } catch {
        return '';
      }
    });
  } catch (error) {
    process.removeListener('exit', killOnExit);
    killOnExit();
    throw error;
  }
  return {
    socket,
    dir,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let shared: Promise<string> | undefined;

/**
 * The socket of this process's server: the one named by `SLA_MARIADB_SOCKET` (jest's globalSetup), else one
 * started now and killed when the process exits.
 *
 * @example
 * await sharedMariaDb() //=> '/tmp/sla-mariadb-Ab12/mysqld.sock'
 */
export function sharedMariaDb(): Promise<string> {
  const fromEnv = process.env[MARIADB_SOCKET_ENV];
  if (fromEnv && existsSync(fromEnv)) return Promise.resolve(fromEnv);
  if (!shared) {
    shared = startMariaDb().then((server) => server.socket);
    shared.catch(() => {
      shared = undefined;
    });
  }
  return shared;
}
