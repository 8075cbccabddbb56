// Builds the Custom UI bundles (static/<app>/dist) with Vite: used by `npm run build:static`, `npm start`
// (through sandbox/build.ts), the browser tests and the UI bench. Apps are built one after another so the
// two-core machines are not oversubscribed.
import { build } from 'vite';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const STATIC_APPS = ['sla-panel', 'admin'];
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Builds every app (or those named) and returns their dist directories. */
export async function buildStatic(apps = STATIC_APPS) {
  // Jest runs with NODE_ENV=test, which would make Vite emit development JSX and React's development build:
  // the bundles Forge serves, and the bench measures, are production builds wherever they are built from.
  process.env.NODE_ENV = 'production';
  const outputs = [];
  for (const app of apps) {
    const appRoot = join(root, 'static', app);
    await build({ configFile: join(appRoot, 'vite.config.mts'), root: appRoot, logLevel: 'warn' });
    outputs.push(join(appRoot, 'dist'));
  }
  return outputs;
}

// Run as a command (no top-level await: TypeScript callers load this module through tsx as CommonJS).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  buildStatic(process.argv.slice(2).length > 0 ? process.argv.slice(2) : STATIC_APPS).then(
    (outputs) => process.stdout.write(`built ${outputs.length} Custom UI bundle(s) in ${Date.now() - started} ms\n`),
    (error) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
