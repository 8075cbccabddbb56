/**
 * Which packages and source files the bytes of a bundle come from, read from its source map: every generated
 * character is counted for the source its mapping segment names (characters before a line's first segment, or of a
 * segment without a source, count as "(webpack runtime, unmapped)").
 *
 *   npx tsx bench/bundle-composition.ts [dist/forge-backend/index.cjs] [--files]
 *
 * Prints one row per package (node_modules/<name>, scoped names whole) and one for the app's own code (src/…), largest
 * first; `--files` lists the app's files and the largest package files too. Bundle first with
 * `BENCH_REBUNDLE=1 npx tsx bench/index.ts bundle` (docs/forge.md, "Cold start").
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../sandbox/ui-server';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((char, index) => [char, index]));

/** The numbers of one mapping segment (Base64 VLQ): `decodeSegment('AAgBC')` → `[0, 0, 16, 1]`. */
function decodeSegment(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = DIGIT.get(char);
    if (digit === undefined) throw new Error(`not a Base64 VLQ digit: ${char} in ${text}`);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value - 1) / 2 : value / 2);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** Generated characters per source file (`sources[i]` as the map writes it; -1 for unmapped). */
export function bytesPerSource(code: string, mappings: string): Map<number, number> {
  const totals = new Map<number, number>();
  const add = (source: number, count: number) => totals.set(source, (totals.get(source) ?? 0) + count);
  const lines = code.split('\n');
  const mapped = mappings.split(';');
  let source = 0;
  lines.forEach((line, index) => {
    const lineBytes = Buffer.byteLength(line) + (index < lines.length - 1 ? 1 : 0);
    const segments = (mapped[index] ?? '').split(',').filter((segment) => segment !== '');
    let column = 0;
    let start = 0;
    let current = -1;
    let counted = 0;
    for (const segment of segments) {
      const values = decodeSegment(segment);
      column += values[0]!;
      const part = Buffer.byteLength(line.slice(start, column));
      add(current, part);
      counted += part;
      if (values.length >= 4) {
        source += values[1]!;
        current = source;
      } else current = -1;
      start = column;
    }
    add(current, lineBytes - counted);
  });
  return totals;
}

/** `webpack://sla-ladder/./node_modules/@forge/api/out/index.js` → `@forge/api`; app files keep their path. */
export function ownerOf(source: string): string {
  const path = source.replace(/^webpack:\/\/[^/]*\/(\.\/)?/, '');
  const match = /node_modules\/((@[^/]+\/)?[^/]+)\//.exec(path);
  return match ? match[1]! : path;
}

function main(): void {
  const bundle = process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? join(REPO_ROOT, 'dist', 'forge-backend', 'index.cjs');
  const listFiles = process.argv.includes('--files');
  const code = readFileSync(bundle, 'utf8');
  const map = JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as { sources: string[]; mappings: string };
  const perSource = bytesPerSource(code, map.mappings);
  const total = Buffer.byteLength(code);
  const perOwner = new Map<string, number>();
  let app = 0;
  for (const [index, bytes] of perSource) {
    const name = index < 0 ? '(webpack runtime, unmapped)' : ownerOf(map.sources[index]!);
    if (name.startsWith('src/')) app += bytes;
    const key = name.startsWith('src/') ? 'app code (src/)' : name;
    perOwner.set(key, (perOwner.get(key) ?? 0) + bytes);
  }
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
  const rows = [...perOwner].sort((a, b) => b[1] - a[1]);
  process.stdout.write(`${bundle}: ${total.toLocaleString('en')} bytes (${kb(total)})\n\n| part | bytes | share |\n|---|---|---|\n`);
  for (const [name, bytes] of rows) process.stdout.write(`| ${name} | ${kb(bytes)} | ${((100 * bytes) / total).toFixed(1)} % |\n`);
  if (!listFiles) return;
  const files = [...perSource]
    .filter(([index]) => index >= 0)
    .map(([index, bytes]) => [map.sources[index]!.replace(/^webpack:\/\/[^/]*\/(\.\/)?/, ''), bytes] as const)
    .sort((a, b) => b[1] - a[1]);
  process.stdout.write(`\napp files (${kb(app)}):\n`);
  for (const [name, bytes] of files.filter(([name]) => name.startsWith('src/')))
    process.stdout.write(`  ${kb(bytes).padStart(9)}  ${name}\n`);
  process.stdout.write('\nlargest package files:\n');
  for (const [name, bytes] of files.filter(([name]) => !name.startsWith('src/')).slice(0, Number(process.env.TOP ?? 40)))
    process.stdout.write(`  ${kb(bytes).padStart(9)}  ${name}\n`);
}

if (require.main === module) main();
