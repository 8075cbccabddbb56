/**
 * Reads a policy document (YAML or JSON), validates it with `policySchema` and compiles it, reporting every problem with
 * its dotted path and, when the text locates it, the 1-based line and column (admin page, `sla validate`).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, visit } from 'yaml';
import { compilePolicy, type CompiledPolicy } from './compile-policy';
import type { PolicyHolidays } from './holidays';
import { countPolicyIssues, formatPath, policyIssues, policySchema, reservedKeyIssues, type Policy } from './policy-schema';
import { compileTextRegex } from './text-regex';

/** One problem of a policy document; `line`/`column` are 1-based positions in the text when known. */
export interface PolicyProblem {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

export { compilePolicy, ruleRegexSources, UnknownChoiceError, type CompiledPolicy, type TextRegexCompiler } from './compile-policy';

export type LoadPolicyResult = { ok: true; policy: CompiledPolicy } | { ok: false; errors: PolicyProblem[] };

/**
 * The most problems one validation lists (inclusive); a last entry says how many more there are. Fixing the first
 * fifty usually fixes the rest, and the admin page stays quick on a document with 20,000 unknown keys.
 */
export const MAX_REPORTED_PROBLEMS = 50;

/** Whether text without an explicit format is JSON: its first non-blank character opens an object. */
function looksLikeJson(text: string): boolean {
  return /^\s*\{/.test(text);
}

/** 1-based line and column of a 0-based offset in `text`. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

/**
 * Where a path points in a YAML document: the key of a map entry (so the line is where the key is written), or
 * the item of a list. When the path goes further than the document (a missing key), the deepest existing part.
 */
function locate(
  doc: Document.Parsed,
  path: readonly PropertyKey[],
  lineCounter: LineCounter,
): { line: number; column: number } | undefined {
  let node: unknown = doc.contents;
  // The document itself is the parent of a missing top-level key.
  let at: number | undefined = isNodeWithRange(node) ? node.range[0] : undefined;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = pairsByKey(node).get(String(segment));
      if (pair === undefined) break;
      if (isNodeWithRange(pair.key)) at = pair.key.range[0];
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      if (isNodeWithRange(item)) at = item.range[0];
      node = item;
    } else {
      break;
    }
  }
  if (at === undefined) return undefined;
  const position = lineCounter.linePos(at);
  return { line: position.line, column: position.col };
}

/** A map node's pairs by key text (the first of equal keys), built once per node: locating is then O(depth). */
const pairIndexes = new WeakMap<object, Map<string, Pair>>();
function pairsByKey(node: { items: unknown[] }): Map<string, Pair> {
  let index = pairIndexes.get(node);
  if (index === undefined) {
    index = new Map();
    for (const item of node.items) {
      if (isPair(item) && isScalar(item.key) && !index.has(String(item.key.value))) index.set(String(item.key.value), item);
    }
    pairIndexes.set(node, index);
  }
  return index;
}

/** The first key written twice in one map of the document (its second occurrence), in linear time. */
function duplicateKey(doc: Document.Parsed): { key: string; offset: number } | undefined {
  let found: { key: string; offset: number } | undefined;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const item of map.items) {
        if (!isScalar(item.key)) continue;
        const key = String(item.key.value);
        if (seen.has(key)) {
          found = { key, offset: isNodeWithRange(item.key) ? item.key.range[0] : 0 };
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return found;
}

function isNodeWithRange(value: unknown): value is Node & { range: [number, number, number] } {
  return typeof value === 'object' && value !== null && Array.isArray((value as { range?: unknown }).range);
}

/** The parser's first line without the position it appends (" at line 4, column 1:"), which we say ourselves. */
function firstLine(message: string): string {
  const line = message.split('\n')[0]?.trim() ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Parses, validates and compiles a policy. `format` defaults to JSON when the text starts with `{`, else YAML.
 * Lists every problem (YAML/JSON syntax, shape, references) with its path, message and 1-based line/column.
 *
 * @example
 * loadPolicy('id: x\n').ok //=> false (errors name name, defaultCalendar, priorities, … as required)
 * loadPolicy(readFileSync('presets/byteztech.yaml', 'utf8')) //=> { ok: true, policy: CompiledPolicy }
 */
export function loadPolicy(
  text: string,
  options: {
    format?: 'yaml' | 'json';
    /**
     * Where country holidays come from: stored tables (`holidaysFromTables`) or the library (`holidaysFromLibrary`,
     * which also checks that each country and region exists). Without it a country calendar cannot count time.
     */
    holidays?: PolicyHolidays & { problems?: (calendars: Policy['calendars']) => Array<{ path: PropertyKey[]; message: string }> };
  } = {},
): LoadPolicyResult {
  const format = options.format ?? (looksLikeJson(text) ? 'json' : 'yaml');
  const lineCounter = new LineCounter();
  // The parser's own uniqueKeys check compares every key with every other (20,000 keys: 40 s); duplicateKey is linear.
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: false });
  let value: unknown;

  if (format === 'json') {
    try {
      value = JSON.parse(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const offset = /at position (\d+)/.exec(message);
      const where = offset ? positionOf(text, Number(offset[1])) : positionOf(text, text.length);
      return {
        ok: false,
        errors: [
          {
            path: '',
            message: `JSON syntax error at line ${where.line}, column ${where.column}: ${firstLine(message)}. Fix the JSON there (or pass YAML with format "yaml").`,
            ...where,
          },
        ],
      };
    }
  } else {
    if (doc.errors.length > 0) {
      // The parser reports what follows a broken line as more errors; only the first is the author's to fix.
      const [error] = doc.errors as [(typeof doc.errors)[number]];
      const position = error.linePos?.[0];
      const where = position ? { line: position.line, column: position.col } : {};
      const place = position ? ` at line ${position.line}, column ${position.col}` : '';
      const more = doc.errors.length > 1 ? ` (The parser reports ${doc.errors.length - 1} more after it; most follow from this one.)` : '';
      return {
        ok: false,
        errors: [{ path: '', message: `YAML syntax error${place}: ${firstLine(error.message)}. Fix the YAML there.${more}`, ...where }],
      };
    }
    const duplicate = duplicateKey(doc);
    if (duplicate !== undefined) {
      const position = lineCounter.linePos(duplicate.offset);
      return {
        ok: false,
        errors: [
          {
            path: '',
            message: `YAML syntax error at line ${position.line}, column ${position.col}: Map keys must be unique ("${duplicate.key}" is written twice in one map). Fix the YAML there.`,
            line: position.line,
            column: position.col,
          },
        ],
      };
    }
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (error) {
      return {
        ok: false,
        errors: [{ path: '', message: `The YAML cannot be read: ${error instanceof Error ? error.message : String(error)}.` }],
      };
    }
  }

  if (value === null || value === undefined) {
    return {
      ok: false,
      errors: [{ path: '', message: 'The policy is empty: write a policy document (see docs/policy.md or a preset under presets/).' }],
    };
  }

  // reportInput: type messages can say what was found ("found the number 9") instead of "required".
  const parsed = policySchema.safeParse(value, { reportInput: true });
  // zod drops a "__proto__" key without a word: find those on the raw document and report them with the rest.
  const reserved = reservedKeyIssues(value).map((issue) => ({
    code: 'custom' as const,
    path: issue.path,
    message: issue.message,
    input: undefined,
  }));
  if (!parsed.success || reserved.length > 0) {
    const reservedPaths = new Set(reserved.map((issue) => formatPath(issue.path)));
    // A strict object also calls "__proto__" an unknown key: say it once.
    const zodIssues = [
      ...reserved,
      ...(parsed.error?.issues ?? []).filter(
        (issue) =>
          !(issue.code === 'unrecognized_keys' && issue.keys.length === 1 && reservedPaths.has(formatPath([...issue.path, ...issue.keys]))),
      ),
    ];
    // JSON positions come from the same parser: a JSON document is a YAML flow document.
    const located = doc.errors.length === 0;
    const errors: PolicyProblem[] = policyIssues(zodIssues, MAX_REPORTED_PROBLEMS).map((issue) => ({
      path: formatPath(issue.path),
      message: issue.message,
      ...(located ? locate(doc, issue.path, lineCounter) : undefined),
    }));
    const total = countPolicyIssues(zodIssues);
    if (total > errors.length) {
      errors.push({
        path: '',
        message: `${total - errors.length} more problems are not listed (only the first ${errors.length} of ${total} are shown): fix these and validate again.`,
      });
    }
    return { ok: false, errors };
  }
  const holidayProblems = options.holidays?.problems?.(parsed.data.calendars) ?? [];
  if (holidayProblems.length > 0) {
    return {
      ok: false,
      errors: holidayProblems.map((problem) => ({
        path: formatPath(problem.path),
        message: `${formatPath(problem.path)}: ${problem.message}`,
        ...locate(doc, problem.path, lineCounter),
      })),
    };
  }
  try {
    return { ok: true, policy: compilePolicy(parsed.data, options.holidays, compileTextRegex) };
  } catch (error) {
    return {
      ok: false,
      errors: [
        { path: 'calendars', message: `calendars: a calendar cannot be built: ${error instanceof Error ? error.message : String(error)}.` },
      ],
    };
  }
}
