// Bundles the backend exactly as `forge deploy` does, offline: the same @forge/bundler and @forge/cli-shared
// versions the Forge CLI pins, called the way the CLI's RuntimeBundler calls them (handlers from manifest.yml's
// function modules → getEntryPoints → getNodeBundler(...).bundle({ appDirectory: process.cwd(), entryPoints })),
// i.e. webpack + ts-loader with the root tsconfig.json and a full type check. Run it from the app directory:
//
//   node scripts/forge-bundle.cjs [--out dist/forge-backend]
//
// It copies the bundle to --out (default dist/forge-backend) and prints one JSON line:
// { outDir, entryPoints, handlers, files: [{ name, bytes }], warnings, metadata }. Exit code 1 with the bundler's
// message when bundling fails (a type error, an unresolvable import).
//
// The one thing left out is the Forge runtime wrapper (`__forge__.cjs`), which the CLI downloads from Atlassian's
// CDN and packs beside the bundle: it is Atlassian's code, not the app's, and a placeholder stands in for it.
// CommonJS on purpose: @forge/bundler refuses to run when `require.main` is unset, as it is under an ES module.
'use strict';
const { cpSync, mkdirSync, readdirSync, rmSync, statSync } = require('node:fs');
const { join, relative, resolve } = require('node:path');
const { getEntryPoints, getNodeBundler } = require('@forge/bundler');
const { ConfigFile, FileSystemReader, FileSystemWriter } = require('@forge/cli-shared');

function argument(name, fallback) {
  const index = process.argv.indexOf(name);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

function listFiles(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path, base) : [{ name: relative(base, path), bytes: statSync(path).size }];
  });
}

async function main() {
  const outDir = resolve(argument('--out', join('dist', 'forge-backend')));
  const warnings = [];
  const logger = {
    traceEnabled: false,
    debugEnabled: false,
    trace() {},
    debug() {},
    info() {},
    warn: (message) => warnings.push(String(message)),
    error: (error) => warnings.push(String(error && error.message ? error.message : error)),
  };
  const placeholderWrapper = {
    script: '// Forge runtime wrapper: downloaded by the Forge CLI at deploy time\n',
    source: 'placeholder',
    version: 'placeholder',
  };
  const wrapperProvider = {
    getNodeRuntimeWrapper: async () => placeholderWrapper,
    getNodeRuntimeLoader: async () => undefined,
  };
  // The CLI's feature flags; only the EAP `package.bundler: typescript` consults one, and the manifest sets no bundler.
  const statsigService = { isTypescriptBundlerEnabled: async () => false };

  const configFile = new ConfigFile(new FileSystemReader(), new FileSystemWriter());
  const handlers = await configFile.getAppHandlers();
  const entryPoints = getEntryPoints(handlers);
  const bundler = getNodeBundler(logger, wrapperProvider, configFile, statsigService);
  const result = await bundler.bundle({ appDirectory: process.cwd(), entryPoints });

  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  cpSync(result.outputDir, outDir, { recursive: true });
  rmSync(result.outputDir, { recursive: true, force: true });
  const metadata = result.metadata
    ? { ...result.metadata, dependencies: [...result.metadata.dependencies], sdkImports: [...result.metadata.sdkImports] }
    : null;
  process.stdout.write(
    `${JSON.stringify({
      outDir,
      entryPoints: entryPoints.map((entry) => ({ name: entry.name, path: relative(process.cwd(), entry.path) })),
      handlers,
      files: listFiles(outDir),
      warnings,
      metadata,
    })}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
  process.exit(1);
});
