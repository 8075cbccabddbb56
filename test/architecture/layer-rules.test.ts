/**
 * The layer rules of eslint.config.mjs fire where they should and only there: each snippet is linted as if it
 * lived at `filePath`, with the repository's own config.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

interface Snippet {
  filePath: string;
  code: string;
}
interface Problem {
  ruleId: string | null;
  message: string;
}

const REPO_ROOT = join(__dirname, '..', '..');

/**
 * Lints every snippet in one child process: ESLint loads eslint.config.mjs with a dynamic import(), which
 * Jest's module sandbox does not support.
 */
function lintSnippets(snippets: Snippet[]): Problem[][] {
  const script = `
    import { ESLint } from 'eslint';
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    const eslint = new ESLint({ cwd: process.cwd() });
    const out = [];
    for (const { filePath, code } of JSON.parse(input)) {
      const [result] = await eslint.lintText(code, { filePath });
      out.push(result.messages.map(({ ruleId, message }) => ({ ruleId, message })));
    }
    process.stdout.write(JSON.stringify(out));
  `;
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: REPO_ROOT,
    input: JSON.stringify(snippets),
    encoding: 'utf8',
  });
  return JSON.parse(stdout) as Problem[][];
}

/** An import of `source` that is used, so only the layer rules can complain. */
const importFrom = (source: string) => `import { thing } from '${source}';\nexport const used = thing;\n`;
const typeImportFrom = (source: string) => `import type { Thing } from '${source}';\nexport type Used = Thing;\n`;

type Case = [name: string, snippet: Snippet, rule: 'no-restricted-imports' | 'no-restricted-syntax', says: string];

const violations: Case[] = [
  // src/engine/: pure
  ['engine imports @forge/api', { filePath: 'src/engine/x.ts', code: importFrom('@forge/api') }, 'no-restricted-imports', '@forge/*'],
  [
    'engine imports src/forge/',
    { filePath: 'src/engine/x.ts', code: importFrom('../forge/jira-client') },
    'no-restricted-imports',
    'src/forge/',
  ],
  ['engine imports src/cli/', { filePath: 'src/engine/x.ts', code: importFrom('../cli/run-cli') }, 'no-restricted-imports', 'src/cli/'],
  [
    'engine imports src/contracts/',
    { filePath: 'src/engine/x.ts', code: importFrom('../contracts/resolvers') },
    'no-restricted-imports',
    'src/contracts/',
  ],
  [
    'nested engine file imports src/forge/',
    { filePath: 'src/engine/policy/x.ts', code: importFrom('../../forge/sla-sync') },
    'no-restricted-imports',
    'src/forge/',
  ],
  [
    'engine imports static/',
    { filePath: 'src/engine/x.ts', code: importFrom('../../static/shared/format') },
    'no-restricted-imports',
    'static/',
  ],
  ['engine imports node:fs', { filePath: 'src/engine/x.ts', code: importFrom('node:fs') }, 'no-restricted-imports', 'only zod, luxon'],
  ['engine imports moment', { filePath: 'src/engine/x.ts', code: importFrom('moment') }, 'no-restricted-imports', 'only zod, luxon'],
  [
    'engine re-exports src/forge/',
    { filePath: 'src/engine/x.ts', code: "export { thing } from '../forge/clock';\n" },
    'no-restricted-imports',
    'src/forge/',
  ],
  [
    'engine loads a module with import()',
    { filePath: 'src/engine/x.ts', code: "export const later = () => import('./duration');\n" },
    'no-restricted-syntax',
    'import()',
  ],
  ['engine calls Date.now()', { filePath: 'src/engine/x.ts', code: 'export const t = Date.now();\n' }, 'no-restricted-syntax', 'Date.now'],
  [
    'engine passes Date.now as a function',
    { filePath: 'src/engine/x.ts', code: 'export const clock = Date.now;\n' },
    'no-restricted-syntax',
    'Date.now',
  ],
  [
    'engine calls new Date()',
    { filePath: 'src/engine/x.ts', code: 'export const d = new Date();\n' },
    'no-restricted-syntax',
    'new Date()',
  ],
  ['engine calls Date()', { filePath: 'src/engine/x.ts', code: 'export const d = Date();\n' }, 'no-restricted-syntax', 'Date()'],
  [
    'engine calls DateTime.now()',
    { filePath: 'src/engine/x.ts', code: "import { DateTime } from 'luxon';\nexport const d = DateTime.now();\n" },
    'no-restricted-syntax',
    'DateTime.now',
  ],
  [
    'engine calls DateTime.local()',
    { filePath: 'src/engine/x.ts', code: "import { DateTime } from 'luxon';\nexport const d = DateTime.local();\n" },
    'no-restricted-syntax',
    'DateTime.local()',
  ],
  [
    'engine calls DateTime.utc()',
    { filePath: 'src/engine/x.ts', code: "import { DateTime } from 'luxon';\nexport const d = DateTime.utc();\n" },
    'no-restricted-syntax',
    'DateTime.utc()',
  ],
  [
    'engine calls performance.now()',
    { filePath: 'src/engine/x.ts', code: 'export const t = performance.now();\n' },
    'no-restricted-syntax',
    'performance.now',
  ],
  // src/contracts/: shared with static/
  [
    'contracts import @forge/resolver',
    { filePath: 'src/contracts/x.ts', code: importFrom('@forge/resolver') },
    'no-restricted-imports',
    '@forge/*',
  ],
  [
    'contracts import src/forge/',
    { filePath: 'src/contracts/x.ts', code: importFrom('../forge/resolvers') },
    'no-restricted-imports',
    'src/forge/',
  ],
  // the Forge runtime bundle: engine modules directly, lazy-only ones through src/forge/lazy-engine.ts
  [
    'adapter imports the engine barrel',
    { filePath: 'src/forge/x.ts', code: importFrom('../engine') },
    'no-restricted-imports',
    'imports engine modules directly',
  ],
  [
    'adapter imports the YAML loader',
    { filePath: 'src/forge/x.ts', code: importFrom('../engine/load-policy') },
    'no-restricted-imports',
    'src/forge/lazy-engine.ts',
  ],
  [
    'adapter imports the presets',
    { filePath: 'src/forge/x.ts', code: importFrom('../engine/presets.ts') },
    'no-restricted-imports',
    'src/forge/lazy-engine.ts',
  ],
  ['index imports the engine barrel', { filePath: 'src/index.ts', code: importFrom('./engine') }, 'no-restricted-imports', 'lazy-engine'],
  // the adapters only admin pages, reports and the weekly job run: through src/forge/lazy-handlers.ts
  [
    'adapter imports the incident-report resolver',
    { filePath: 'src/forge/x.ts', code: importFrom('./incident-resolver') },
    'no-restricted-imports',
    'src/forge/lazy-handlers.ts',
  ],
  [
    'adapter imports the admin resolvers',
    { filePath: 'src/forge/x.ts', code: importFrom('./admin-resolvers') },
    'no-restricted-imports',
    'src/forge/lazy-handlers.ts',
  ],
  [
    'adapter imports the report resolvers',
    { filePath: 'src/forge/x.ts', code: importFrom('./report-resolvers.ts') },
    'no-restricted-imports',
    'src/forge/lazy-handlers.ts',
  ],
  [
    'index imports the personal-data job',
    { filePath: 'src/index.ts', code: importFrom('./forge/personal-data') },
    'no-restricted-imports',
    'src/forge/lazy-handlers.ts',
  ],
  // src/: never the test infrastructure or the UI
  ['forge imports emulator/', { filePath: 'src/forge/x.ts', code: importFrom('../../emulator') }, 'no-restricted-imports', 'emulator/'],
  [
    'forge imports sandbox/',
    { filePath: 'src/forge/x.ts', code: importFrom('../../sandbox/demo-site') },
    'no-restricted-imports',
    'sandbox/',
  ],
  ['cli imports test/', { filePath: 'src/cli/x.ts', code: importFrom('../../test/builders/issue') }, 'no-restricted-imports', 'test/'],
  ['index imports bench/', { filePath: 'src/index.ts', code: importFrom('../bench/stats') }, 'no-restricted-imports', 'bench/'],
  [
    'forge imports static/',
    { filePath: 'src/forge/x.ts', code: importFrom('../../static/shared/api') },
    'no-restricted-imports',
    'static/',
  ],
  [
    'engine imports test/',
    { filePath: 'src/engine/x.ts', code: importFrom('../../test/builders/issue') },
    'no-restricted-imports',
    'test/',
  ],
  // static/: the backend only through src/contracts/
  [
    'panel imports src/forge/',
    { filePath: 'static/sla-panel/x.ts', code: importFrom('../../src/forge/resolvers') },
    'no-restricted-imports',
    'only through src/contracts/',
  ],
  [
    'panel imports src/forge/ types',
    { filePath: 'static/sla-panel/x.ts', code: typeImportFrom('../../src/forge/sla-sync') },
    'no-restricted-imports',
    'only through src/contracts/',
  ],
  [
    'admin imports src/index',
    { filePath: 'static/admin/x.tsx', code: importFrom('../../src/index') },
    'no-restricted-imports',
    'only through src/contracts/',
  ],
  [
    'admin imports src/generated/',
    { filePath: 'static/admin/x.tsx', code: importFrom('../../src/generated/presets') },
    'no-restricted-imports',
    'only through src/contracts/',
  ],
  [
    'panel runs engine code',
    { filePath: 'static/sla-panel/x.ts', code: importFrom('../../src/engine/evaluate') },
    'no-restricted-imports',
    'sla-rules.ts',
  ],
  [
    'panel runs the engine barrel',
    { filePath: 'static/sla-panel/x.ts', code: importFrom('../../src/engine') },
    'no-restricted-imports',
    'sla-rules.ts',
  ],
  [
    'shared code imports @forge/api',
    { filePath: 'static/shared/x.ts', code: importFrom('@forge/api') },
    'no-restricted-imports',
    '@forge/bridge only',
  ],
  [
    'admin imports emulator/',
    { filePath: 'static/admin/x.tsx', code: importFrom('../../emulator/jira/site') },
    'no-restricted-imports',
    'emulator/',
  ],
];

const allowed: Array<[name: string, snippet: Snippet]> = [
  ['engine imports zod', { filePath: 'src/engine/x.ts', code: importFrom('zod') }],
  ['engine imports luxon', { filePath: 'src/engine/x.ts', code: importFrom('luxon') }],
  ['engine imports date-holidays', { filePath: 'src/engine/x.ts', code: importFrom('date-holidays') }],
  ['engine imports yaml', { filePath: 'src/engine/x.ts', code: importFrom('yaml') }],
  ['engine imports re2js (linear-time rule regexes)', { filePath: 'src/engine/x.ts', code: importFrom('re2js') }],
  ['engine imports itself', { filePath: 'src/engine/x.ts', code: importFrom('./duration') }],
  ['nested engine file imports the engine', { filePath: 'src/engine/policy/x.ts', code: importFrom('../duration') }],
  ['engine imports the embedded presets', { filePath: 'src/engine/x.ts', code: importFrom('../generated/presets') }],
  [
    'engine formats a given instant',
    { filePath: 'src/engine/x.ts', code: 'export const iso = (ms: number) => new Date(ms).toISOString();\n' },
  ],
  ['engine parses an instant', { filePath: 'src/engine/x.ts', code: "export const ms = Date.parse('2026-03-02T14:00:00Z');\n" }],
  [
    'engine builds a local DateTime',
    {
      filePath: 'src/engine/x.ts',
      code: "import { DateTime } from 'luxon';\nexport const d = DateTime.local(2026, 3, 2, { zone: 'UTC' });\n",
    },
  ],
  ['adapter reads the clock', { filePath: 'src/forge/x.ts', code: 'export const t = Date.now();\n' }],
  ['adapter imports @forge/api', { filePath: 'src/forge/x.ts', code: importFrom('@forge/api') }],
  ['adapter imports an engine module', { filePath: 'src/forge/x.ts', code: importFrom('../engine/evaluate') }],
  ['adapter imports the loader as types', { filePath: 'src/forge/x.ts', code: typeImportFrom('../engine/load-policy') }],
  ['index imports the personal-data job as types', { filePath: 'src/index.ts', code: typeImportFrom('./forge/personal-data') }],
  ['adapter imports a hot adapter', { filePath: 'src/forge/x.ts', code: importFrom('./resolver-errors') }],
  ['adapter imports the generated format stamp', { filePath: 'src/forge/x.ts', code: importFrom('../generated/policy-format') }],
  ['contracts import zod', { filePath: 'src/contracts/x.ts', code: importFrom('zod') }],
  ['panel imports contracts', { filePath: 'static/sla-panel/x.ts', code: importFrom('../../src/contracts/resolvers') }],
  ['panel imports engine types', { filePath: 'static/sla-panel/x.ts', code: typeImportFrom('../../src/engine/evaluate') }],
  [
    'panel imports engine types inline',
    {
      filePath: 'static/sla-panel/x.ts',
      code: "import { type SlaState } from '../../src/engine/evaluate';\nexport type Used = SlaState;\n",
    },
  ],
  ['panel imports the shared SLA rules', { filePath: 'static/sla-panel/x.ts', code: importFrom('../../src/engine/sla-rules') }],
  ['panel imports the shared SLA words', { filePath: 'static/sla-panel/x.ts', code: importFrom('../../src/engine/sla-words') }],
  ['shared code imports duration formatting', { filePath: 'static/shared/x.ts', code: importFrom('../../src/engine/duration') }],
  ['shared code imports @forge/bridge', { filePath: 'static/shared/x.ts', code: importFrom('@forge/bridge') }],
  ['tests import the emulator', { filePath: 'test/forge/x.test.ts', code: importFrom('../../emulator') }],
  ['tests read the clock', { filePath: 'test/engine/x.test.ts', code: 'export const t = Date.now();\n' }],
];

const results = lintSnippets([...violations.map(([, snippet]) => snippet), ...allowed.map(([, snippet]) => snippet)]);

describe('layer rules fire on each forbidden dependency', () => {
  it.each(violations.map((c, i) => [...c, results[i]!] as const))('%s', (_name, _snippet, rule, says, problems) => {
    expect(problems).toEqual([{ ruleId: rule, message: expect.stringContaining(says) }]);
  });
});

describe('layer rules allow what the architecture allows', () => {
  it.each(allowed.map((c, i) => [...c, results[violations.length + i]!] as const))('%s', (_name, _snippet, problems) => {
    expect(problems).toEqual([]);
  });
});
