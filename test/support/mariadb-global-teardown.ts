/** jest globalTeardown: stops the MariaDB server globalSetup started. */
export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __slaMariaDb?: { stop(): Promise<void> } }).__slaMariaDb?.stop();
}
