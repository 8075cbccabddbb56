// Builds the Custom UI bundles (static/<app>/dist) with Vite: run by `npm run build:static` and, as a child
// process (sandbox/build.ts), by `npm start`, the browser tests and the UI bench. `node scripts/build-static.mjs
// admin` builds only the apps named. Apps are built one after another so the two-core machines are not
// oversubscribed.
import { build } from 'vite';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const STATIC_APPS = ['sla-panel', 'admin', 'reports'];
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// Jest runs with NODE_ENV=test, which would make Vite emit development JSX and React's development build:
// the bundles Forge serves, and the bench measures, are production builds wherever they are built from.
process.env.NODE_ENV = 'production';

const apps = process.argv.length > 2 ? process.argv.slice(2) : STATIC_APPS;
const started = Date.now();
try {
  for (const app of apps) {
    const appRoot = join(root, 'static', app);
    await build({ configFile: join(appRoot, 'vite.config.mts'), root: appRoot, logLevel: 'warn' });
  }
  process.stdout.write(`built ${apps.length} Custom UI bundle(s) in ${Date.now() - started} ms\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
