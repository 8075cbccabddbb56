// @ts-check
/**
 * ESLint guards the layers of docs/architecture.md ("Layers and the rules that guard them"): what each folder
 * may import, and that the engine never reads the clock. Plus typescript-eslint's recommended rules (syntax
 * only: no type-aware rules, so linting the whole tree stays fast). test/architecture/layer-rules.test.ts
 * proves each layer rule fires.
 *
 * Import rules match the import text (no resolver): every import in this code base is a relative path or a
 * package name, so `(../)+forge/` from src/engine/ can only mean src/forge/.
 */
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** An import path that climbs out of the current folder (any depth) and then names `dirs`. */
const climbsTo = (/** @type {string} */ dirs) => `^(\\.\\./)+(${dirs})(/|$)`;

/** Nothing that ships (src/, static/) imports the test infrastructure. */
const testInfrastructure = {
  regex: climbsTo('emulator|sandbox|test|bench'),
  message: 'Shipped code must not import emulator/, sandbox/, test/ or bench/ (test infrastructure).',
};

/** The backend never imports the Custom UI. */
const staticApps = {
  regex: climbsTo('static'),
  message: 'The backend must not import static/ (the Custom UI apps).',
};

/** Forge platform packages belong to src/forge/ and src/index.ts only. */
const forgePackages = {
  regex: '^@forge/',
  message: 'Only the Forge adapters (src/forge/, src/index.ts) use @forge/*: pass data in, return decisions.',
};

const engineImports = [
  testInfrastructure,
  staticApps,
  forgePackages,
  {
    regex: climbsTo('forge|cli|contracts'),
    message: 'src/engine/ is pure: it must not import src/forge/, src/cli/ or src/contracts/ (they depend on the engine, not the reverse).',
  },
  {
    // A package name (not a relative path, not @forge/* which has its own message) other than the engine's four.
    regex: '^(?![./]|@forge/)(?!(zod|luxon|date-holidays|yaml|re2js)(/|$))',
    message: 'src/engine/ imports only zod, luxon, date-holidays, yaml and re2js (no I/O, no platform).',
  },
];

/** The engine reads no clock: `now` is a parameter. */
const clockReads = [
  { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'Date.now' },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'new Date() without an argument' },
  { selector: "CallExpression[callee.name='Date']", message: 'Date() (returns the current time as text)' },
  { selector: "MemberExpression[object.name='DateTime'][property.name='now']", message: 'DateTime.now' },
  {
    selector: "CallExpression[callee.object.name='DateTime'][callee.property.name=/^(local|utc)$/][arguments.length=0]",
    message: 'DateTime.local() / DateTime.utc() without arguments',
  },
  { selector: "MemberExpression[object.name='performance'][property.name='now']", message: 'performance.now' },
].map(({ selector, message }) => ({
  selector,
  message: `src/engine/ never reads the clock (${message}): take \`now\` as a parameter.`,
}));

/** `import()` would bypass the import rules above, and the engine loads nothing at run time anyway. */
const dynamicImport = {
  selector: 'ImportExpression',
  message: 'src/engine/ loads no modules at run time (import()): import statically from zod, luxon, date-holidays, yaml, re2js or ./.',
};

/**
 * src/forge/ and src/index.ts are what every cold Forge invocation loads (unminified: webpack keeps every module
 * a static import reaches). The engine barrel, the YAML loader, re2js, the presets, date-holidays and the policy
 * schemas are imported as types only; their code is reached through the import()s of src/forge/lazy-engine.ts.
 */
const lazyOnlyEngine = {
  regex:
    '^(\\.\\.?/)+(engine(/index)?|engine/(load-policy|text-regex|presets|holiday-library|policy-schema|calendar-schema|build-calendar)|generated/(presets|preset-holidays))(\\.ts)?$',
  allowTypeImports: true,
  message:
    'The Forge runtime bundle imports engine modules directly, and the barrel, the YAML loader, re2js, presets, date-holidays and the schemas only as types or through src/forge/lazy-engine.ts (docs/forge.md, "Cold start").',
};

/**
 * The adapters only the admin page, the escalation directory, the reports, the weekly personal-data job and the daily
 * outcome retention job run are
 * chunks of their own too: src/index.ts and the hot adapters reach them through the import()s of
 * src/forge/lazy-handlers.ts, and import them statically only as types.
 */
const lazyOnlyAdapters = {
  regex: '^\\.\\.?/(forge/)?(admin-resolvers|ladder-resolvers|report-resolvers|incident-resolver|personal-data|outcome-retention)(\\.ts)?$',
  allowTypeImports: true,
  message:
    'The admin, escalation-directory, report and incident-report resolvers, the personal-data job and the outcome retention job load through src/forge/lazy-handlers.ts (import them here as types only), so the cold Forge bundle does not carry them (docs/forge.md, "Cold start").',
};

const contractsImports = [
  testInfrastructure,
  staticApps,
  forgePackages,
  {
    regex: climbsTo('forge|cli'),
    message: 'src/contracts/ is shared with static/: it must not import src/forge/ or src/cli/.',
  },
];

const staticImports = [
  testInfrastructure,
  {
    regex: '^@forge/(?!bridge$)',
    message: 'static/ talks to the backend through @forge/bridge only (via static/shared/api.ts).',
  },
  {
    regex: '^(\\.\\./)+src/(?!(contracts|engine)(/|$))',
    message: 'static/ reaches the backend only through src/contracts/ (resolver names and payload schemas).',
  },
  {
    // Types from anywhere in the engine are erased; run-time code only from the dependency-free shared rules.
    regex: '^(\\.\\./)+src/engine(?!/(sla-rules|sla-words|duration)(\\.ts)?$)(/|$)',
    allowTypeImports: true,
    message: 'static/ may import engine types anywhere, but run-time code only from src/engine/sla-rules.ts, sla-words.ts and duration.ts.',
  },
];

export default defineConfig(
  {
    ignores: ['**/node_modules/', '**/dist/', 'src/generated/', 'coverage/', 'test-results/'],
  },
  tseslint.configs.recommended,
  {
    rules: {
      // `_name` marks a deliberately unused argument or binding; `{ dropped: _, ...rest }` drops a property.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // An object literal with getters that read the enclosing instance names it `self`.
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['self'] }],
    },
  },
  {
    // CommonJS entry points and configs (package.json has no "type"), and the sandbox's plain browser scripts.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Test infrastructure loads modules lazily or in isolation (`jest.isolateModules`, the handler module on
    // demand) and builds malformed inputs on purpose (`Record<string, any>` fixtures it mutates).
    files: ['test/**', 'emulator/**', 'sandbox/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  // Layer rules. Where several blocks match a file, the last block's options replace the earlier ones (they are
  // not merged): so each layer's list repeats the src/-wide patterns.
  {
    files: ['src/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [testInfrastructure, staticApps] }] },
  },
  {
    files: ['src/engine/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: engineImports }],
      'no-restricted-syntax': ['error', ...clockReads, dynamicImport],
    },
  },
  {
    files: ['src/forge/**', 'src/index.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [testInfrastructure, staticApps, lazyOnlyEngine, lazyOnlyAdapters] }] },
  },
  {
    files: ['src/contracts/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: contractsImports }] },
  },
  {
    files: ['static/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: staticImports }] },
  },
);
