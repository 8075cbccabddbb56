/**
 * jest globalSetup: one private MariaDB server for the whole run (emulator/sql/mariadb-server.ts). Its socket goes
 * to the workers through SLA_MARIADB_SOCKET; each emulated installation makes its own database on it.
 */
import { MARIADB_SOCKET_ENV, startMariaDb } from '../../emulator/sql/mariadb-server';

export default async function globalSetup(): Promise<void> {
  const server = await startMariaDb();
  process.env[MARIADB_SOCKET_ENV] = server.socket;
  (globalThis as { __slaMariaDb?: { stop(): Promise<void> } }).__slaMariaDb = server;
}
