/**
 * `npx tsx bench/index.ts policy-hardening`: a hostile policy cannot hurt the app (issue 8, section 5).
 * 1. A rule regex with catastrophic backtracking, `(\w+\s?)+$`, on texts that do not match: the engine's RE2
 *    matcher (re2js) grows linearly with the text; JavaScript's own RegExp doubles with every character.
 * 2. Validating a policy with thousands of unknown keys (the admin page's "Validate"): the YAML parser's own
 *    duplicate-key check, which loadPolicy used before, is quadratic; today's loadPolicy, measured in the same run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { loadPolicy } from '../src/engine';
import { compileTextRegex } from '../src/engine/text-regex';
import { median, printTable } from './stats';

const CATASTROPHIC = '(\\w+\\s?)+$';
const VALIDATE_TARGET_MS = 2_000;

function timeMs(fn: () => unknown, rounds = 3): number {
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

function table(rows: string[][]): void {
  printTable(rows);
  process.stdout.write('\n');
}

function policyWithUnknownKeys(count: number): string {
  const base = readFileSync(join(__dirname, '..', 'presets', 'byteztech.yaml'), 'utf8');
  return `${base}\n${Array.from({ length: count }, (_, i) => `unknownKey${i}: ${i}`).join('\n')}\n`;
}

export default async function run(): Promise<void> {
  const re2 = compileTextRegex(CATASTROPHIC);
  const native = new RegExp(CATASTROPHIC, 'u');
  for (let i = 0; i < 20; i++) re2.firstMatch(`${'a'.repeat(10_000)}!`); // warm-up
  const rows = [['matcher', 'text length', 'ms (median of 3)', 'verdict']];
  for (const length of [1_000, 10_000, 100_000]) {
    const text = `${'a'.repeat(length)}!`;
    rows.push([
      're2js (the engine)',
      String(length + 1),
      timeMs(() => re2.firstMatch(text)).toFixed(2),
      re2.firstMatch(text) === null ? 'no match, linear' : 'MATCHED?',
    ]);
  }
  for (const length of [16, 18, 20, 22]) {
    const text = `${'a'.repeat(length)}!`;
    rows.push(['JavaScript RegExp (before)', String(length + 1), timeMs(() => native.test(text)).toFixed(2), 'doubles per character']);
  }
  table(rows);

  const validation = [['document', 'step', 'ms', 'target ms', 'verdict']];
  for (const count of [10_000, 20_000]) {
    const text = policyWithUnknownKeys(count);
    const kb = `${count.toLocaleString('en')} unknown keys (${Math.round(text.length / 1024)} KB)`;
    if (count === 10_000) {
      const before = timeMs(() => parseDocument(text, { lineCounter: new LineCounter(), uniqueKeys: true }), 1);
      validation.push([kb, "before: YAML parse with the parser's uniqueKeys check alone", before.toFixed(0), '', '']);
    }
    let problems = 0;
    const after = timeMs(() => {
      const result = loadPolicy(text);
      problems = result.ok ? 0 : result.errors.length;
    });
    validation.push([
      kb,
      `after: loadPolicy, whole (${problems} problems listed)`,
      after.toFixed(0),
      String(VALIDATE_TARGET_MS),
      after <= VALIDATE_TARGET_MS ? 'meets' : 'MISSES',
    ]);
  }
  table(validation);
  process.stdout.write('The admin page sends at most 200,000 characters (≈ 9,000 such keys); the CLI reads any size.\n');
}
