/**
 * `npm run bench`: runs every bench/*.bench.ts in turn. Each exports `default async function run()` that prints
 * its own comparison table, measured within the same run.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

async function main(): Promise<void> {
  const only = process.argv[2];
  const files = readdirSync(__dirname)
    .filter((name) => name.endsWith('.bench.ts') && (!only || name.includes(only)))
    .sort();
  for (const file of files) {
    process.stdout.write(`\n## ${file}\n\n`);
    const mod = (await import(join(__dirname, file))) as { default: () => Promise<void> };
    await mod.default();
  }
}

main().then(
  // The SQL benches share one MariaDB server per process (emulator/sql/mariadb-server.ts), killed on exit; its
  // child process would otherwise keep the runner alive after the last table is printed.
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
