/**
 * Builds the Custom UI bundles by running scripts/build-static.mjs in a child Node process: Vite must run as
 * plain ESM, outside the TypeScript loader the sandbox, tests and bench run under.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './ui-server';

/** Builds static/<app>/dist for every app; rejects with Vite's output when the build fails. */
export function buildStaticBundles(): Promise<void> {
  return new Promise((resolveBuild, reject) => {
    execFile(
      process.execPath,
      [join(REPO_ROOT, 'scripts', 'build-static.mjs')],
      { cwd: REPO_ROOT, timeout: 120_000 },
      (error, _stdout, stderr) => {
        if (error) reject(new Error(`Building the Custom UI bundles failed:\n${stderr || error.message}`));
        else resolveBuild();
      },
    );
  });
}
