/**
 * The `sla` command, a shell over src/engine: parses arguments, reads files, calls the engine, prints.
 * `runCli` takes its I/O as a parameter so tests drive it in-process; src/cli/sla.ts binds it to the real process.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DateTime } from 'luxon';
import {
  dueInstants,
  evaluate,
  escalationInstants,
  formatMinutes,
  ladderFor,
  listPresets,
  loadPolicy,
  loadPreset,
  type CompiledPolicy,
  type PolicyProblem,
  type SlaState,
  type WhatIf,
} from '../engine';
import { holidaysFromLibrary } from '../engine/holiday-library';
import { cycleLines } from './cycle-lines';
import { holidaysCommand } from './holidays-command';
import { dayLengthFor, ladderWaitWords, metricStateWords, metricTimeWords, requestWords } from '../engine/sla-words';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => string;
  readFile: (path: string) => string;
  /** The current instant in epoch ms; only `sla evaluate` without `--now` uses it. */
  now: () => number;
  /**
   * The lines of a file (`-`: stdin) as they are read, so a batch of a year of issues is never held in memory at
   * once; when absent, the whole text is read with `readFile`/`readStdin` and split.
   */
  readLines?: (path: string) => Iterable<string>;
}

/** A usage or input error: one line on stderr, exit code 2, no stack trace. */
class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

const USAGE = `usage:
  sla due --policy <preset id | file> --plan <id> --priority <id> --start <ISO-8601> [--calendar <id>] [--json]
  sla due --batch <file | ->
  sla evaluate --policy <preset id | file> --issue <file | -> [--now <ISO-8601>] [--acknowledged <ISO-8601>]... [--json]
  sla evaluate --batch <file | -> [--policy <preset id | file>] [--now <ISO-8601>]
  sla holidays --policy <preset id | file> --year <YYYY> [--calendar <id>] [--json]
  sla validate <file>
  sla presets`;

/** Runs one `sla` invocation and returns its exit code (0 ok, 1 some batch lines failed, 2 usage or input error). */
export function runCli(argv: readonly string[], io: CliIo): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'due':
        return dueCommand(rest, io);
      case 'evaluate':
        return evaluateCommand(rest, io);
      case 'validate':
        return validateCommand(rest, io);
      case 'presets':
        return presetsCommand(rest, io);
      case 'holidays':
        return holidaysCommand(rest, io, {
          parse,
          requireOption,
          resolvePolicy,
          table,
          usageError: (message) => new CliUsageError(message),
        });
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new CliUsageError(`unknown command '${command}'; choose one of: due, evaluate, holidays, validate, presets`);
    }
  } catch (error) {
    io.stderr(`sla: ${describeError(error)}\n`);
    return 2;
  }
}

function describeError(error: unknown): string {
  // Not `instanceof Error`: errors thrown by Node built-ins may come from another realm (e.g. under jest).
  if (typeof error === 'object' && error !== null && typeof (error as Error).message === 'string') {
    return (error as Error).message.split('\n')[0] ?? String(error);
  }
  return String(error);
}

function parse(args: readonly string[], options: NonNullable<ParseArgsConfig['options']>, positionals = false) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: positionals, strict: true });
  } catch (error) {
    // Node's message ("Unknown option '--plna'. To specify a positional argument, …") is cut at its first sentence
    // and followed by the options this command does take.
    const first = describeError(error).split(/\.\s/)[0]?.replace(/\.$/, '') ?? 'invalid arguments';
    const names = Object.keys(options).map((name) => `--${name}`);
    throw new CliUsageError(`${first}; ${names.length > 0 ? `the options here are ${names.join(', ')}` : 'this command takes no options'}`);
  }
}

function requireOption(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new CliUsageError(`--${name} is required`);
  return value;
}

// policies --------------------------------------------------------------------------------------------

/** `file:line:column: message`; the engine's messages already begin with the policy path. */
function formatProblems(origin: string, problems: readonly PolicyProblem[]): string {
  return problems.map((p) => `${origin}${p.line ? `:${p.line}:${p.column ?? 1}` : ''}: ${p.message}`).join('\n');
}

/**
 * A preset id, or a path to a YAML/JSON policy file (a path is anything with a slash or a .yaml/.yml/.json end).
 * The command takes holidays straight from date-holidays (any year), not from the tables stored for Forge.
 */
function resolvePolicy(ref: string, io: CliIo): CompiledPolicy {
  const looksLikeFile = /[\\/]/.test(ref) || /\.(ya?ml|json)$/i.test(ref);
  if (!looksLikeFile) {
    const presets = listPresets();
    const preset = presets.find((p) => p.id === ref);
    if (!preset) {
      throw new CliUsageError(`unknown policy '${ref}': give a policy file or one of the presets: ${presets.map((p) => p.id).join(', ')}`);
    }
    const loaded = loadPolicy(preset.source, { format: 'yaml', holidays: holidaysFromLibrary() });
    return loaded.ok ? loaded.policy : loadPreset(ref);
  }
  const text = readText(ref, io);
  const result = loadPolicy(text, { format: formatOf(ref), holidays: holidaysFromLibrary() });
  if (!result.ok) {
    const [first] = result.errors;
    const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more; run \`sla validate ${ref}\`)` : '';
    throw new CliUsageError(`policy ${first ? formatProblems(ref, [first]) : ref}${more}`);
  }
  return result.policy;
}

/** A policy file ending in .json is JSON; any other is YAML. */
function formatOf(path: string): 'json' | 'yaml' {
  return /\.json$/i.test(path) ? 'json' : 'yaml';
}

function readText(path: string, io: CliIo): string {
  try {
    return path === '-' ? io.readStdin() : io.readFile(path);
  } catch (error) {
    throw readError(path, error);
  }
}

function readError(path: string, error: unknown): CliUsageError {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : describeError(error);
  return new CliUsageError(`cannot read '${path}': ${why}`);
}

/**
 * Parses an ISO-8601 instant. With an offset or `Z` it is exact; without one it is read as wall-clock time in
 * `zone` (the policy's default calendar zone), which is what a support agent means by "created at 16:30".
 */
function parseInstant(text: string, zone: string, what: string): number {
  const parsed = DateTime.fromISO(text, { zone, setZone: true });
  if (!parsed.isValid || !/^\d{4}-\d{2}-\d{2}/.test(text)) {
    throw new CliUsageError(`${what} '${text}' is not an ISO-8601 instant; write e.g. 2026-11-20T16:30:00-05:00`);
  }
  return parsed.toMillis();
}

// sla due ---------------------------------------------------------------------------------------------

interface DueRequest {
  policy: string;
  plan: string;
  priority: string;
  start: string;
  /** The calendar of targets that name none (a customer region's calendar); default: the policy's default. */
  calendar?: string;
}

interface DueResult {
  policy: string;
  plan: string;
  priority: string;
  start: string;
  targets: Record<string, { due: string | null; duration: string; calendar: string }>;
  /** The escalation ladder the table prints: each level's instant for this start (null: never reached). */
  escalation: Array<{ level: number; id: string; label: string; contact: string; at: string | null; onRequest: string | null }>;
}

/** A due request made ready for the engine: its policy, the what-if question and the zone its start was read in. */
interface DueQuestion {
  policy: CompiledPolicy;
  whatIf: WhatIf;
  zone: string;
}

function dueQuestion(request: DueRequest, io: CliIo, cache: Map<string, CompiledPolicy>): DueQuestion {
  let policy = cache.get(request.policy);
  if (!policy) {
    policy = resolvePolicy(request.policy, io);
    cache.set(request.policy, policy);
  }
  // An unknown --calendar is refused here, before its zone is needed to read --start.
  const zone = policy.calendar(request.calendar ?? policy.defaultCalendar).timeZone;
  const start = parseInstant(request.start, zone, '--start');
  const whatIf = {
    plan: request.plan,
    priority: request.priority,
    start,
    ...(request.calendar === undefined ? {} : { calendar: request.calendar }),
  };
  return { policy, whatIf, zone };
}

function computeDue(request: DueRequest, { policy, whatIf }: DueQuestion): DueResult {
  const targets = dueInstants(policy, whatIf);
  const ladder = escalationInstants(policy, whatIf);
  return {
    policy: request.policy,
    plan: request.plan,
    priority: request.priority,
    start: new Date(whatIf.start).toISOString(),
    targets: Object.fromEntries(
      Object.entries(targets).map(([metric, t]) => [
        metric,
        { due: t.due === null ? null : new Date(t.due).toISOString(), duration: t.duration, calendar: t.calendar },
      ]),
    ),
    escalation: ladder.map((step, index) => ({
      ...step,
      at: step.at === null ? null : new Date(step.at).toISOString(),
      // A level on a metric that starts on request (a label, a field): its instant assumes the request at start.
      onRequest: requestOf(policy, ladderFor(policy, whatIf.priority, whatIf.plan)[index]?.metric),
    })),
  };
}

/** The request a metric's clock starts on, in words (`label \`escalation-requested\``); null for `created`. */
function requestOf(policy: CompiledPolicy, metricId: string | undefined): string | null {
  const metric = policy.metrics.find((candidate) => candidate.id === metricId);
  return metric ? requestWords(metric.start) : null;
}

function defaultZone(policy: CompiledPolicy): string {
  return policy.calendar(policy.defaultCalendar).timeZone;
}

function dueCommand(args: readonly string[], io: CliIo): number {
  const { values } = parse(args, {
    policy: { type: 'string' },
    plan: { type: 'string' },
    priority: { type: 'string' },
    start: { type: 'string' },
    calendar: { type: 'string' },
    batch: { type: 'string' },
    json: { type: 'boolean' },
  });
  const cache = new Map<string, CompiledPolicy>();
  if (values.batch !== undefined) {
    const others = (['policy', 'plan', 'priority', 'start', 'calendar', 'json'] as const).filter((name) => values[name] !== undefined);
    if (others.length > 0) {
      throw new CliUsageError(
        `--batch takes no other options (got ${others.map((name) => `--${name}`).join(', ')}): each line gives its policy, plan, priority and start`,
      );
    }
    return dueBatch(String(values.batch), io, cache);
  }

  const request: DueRequest = {
    policy: requireOption(values, 'policy'),
    plan: requireOption(values, 'plan'),
    priority: requireOption(values, 'priority'),
    start: requireOption(values, 'start'),
    ...(values.calendar === undefined ? {} : { calendar: String(values.calendar) }),
  };
  const question = dueQuestion(request, io, cache);
  const result = computeDue(request, question);
  if (values.json) {
    io.stdout(`${JSON.stringify(result)}\n`);
    return 0;
  }
  io.stdout(renderDueTable(question.policy, result, question.zone));
  return 0;
}

/** JSON Lines in, one JSON line out per input line in the same order; a bad line gets `{"error": …}`. */
function dueBatch(source: string, io: CliIo, cache: Map<string, CompiledPolicy>): number {
  const lines = readText(source, io).split('\n');
  let failed = 0;
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      const request = parseBatchLine(line);
      io.stdout(`${JSON.stringify(computeDue(request, dueQuestion(request, io, cache)))}\n`);
    } catch (error) {
      failed += 1;
      io.stdout(`${JSON.stringify({ error: `line ${index + 1}: ${describeError(error)}` })}\n`);
    }
  });
  return failed > 0 ? 1 : 0;
}

/** One line of a JSON Lines batch as an object; `expected` says what the line should have been. */
function parseJsonObjectLine(line: string, expected: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new CliUsageError('not a JSON object');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CliUsageError(`expected ${expected}`);
  return value as Record<string, unknown>;
}

function parseBatchLine(line: string): DueRequest {
  const record = parseJsonObjectLine(line, 'a JSON object with policy, plan, priority and start');
  const missing = ['policy', 'plan', 'priority', 'start'].filter((k) => typeof record[k] !== 'string');
  if (missing.length > 0) throw new CliUsageError(`missing or non-string ${missing.join(', ')}`);
  if (record.calendar !== undefined && typeof record.calendar !== 'string') throw new CliUsageError('calendar must be a string');
  return record as unknown as DueRequest;
}

function renderDueTable(policy: CompiledPolicy, result: DueResult, zone: string): string {
  const ladder = result.escalation;
  const local = (iso: string | null) => (iso === null ? '—' : DateTime.fromISO(iso, { zone }).toFormat('ccc yyyy-LL-dd HH:mm ZZZZ'));
  const rows: string[][] = [['metric', 'duration', 'calendar', 'due (UTC)', `due (${zone})`]];
  for (const [metric, t] of Object.entries(result.targets)) {
    rows.push([metric, t.duration, t.calendar, t.due ?? '— (no target)', local(t.due)]);
  }
  const lines = [
    `policy ${policy.id} (${policy.name}) · plan ${result.plan} · priority ${result.priority}`,
    `start  ${result.start} (${local(result.start)})`,
    '',
    ...table(rows),
  ];
  if (ladder.length > 0) {
    lines.push('', 'escalation ladder');
    const ladderRows = [['level', 'step', 'contact', 'reached (UTC)', `reached (${zone})`, 'on request']];
    for (const step of ladder) {
      const at = step.at;
      ladderRows.push([
        String(step.level),
        step.label,
        step.contact,
        at ?? '—',
        local(at),
        step.onRequest ? `${step.onRequest} (assumed at start)` : '',
      ]);
    }
    lines.push(...table(ladderRows));
  }
  return `${lines.join('\n')}\n`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, col) => cell.padEnd(widths[col] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

// sla evaluate ----------------------------------------------------------------------------------------

function evaluateCommand(args: readonly string[], io: CliIo): number {
  const { values } = parse(args, {
    policy: { type: 'string' },
    issue: { type: 'string' },
    now: { type: 'string' },
    json: { type: 'boolean' },
    batch: { type: 'string' },
    acknowledged: { type: 'string', multiple: true },
  });
  if (values.batch !== undefined) {
    const others = (['issue', 'json', 'acknowledged'] as const).filter((name) => values[name] !== undefined);
    if (others.length > 0) {
      throw new CliUsageError(
        `--batch takes only --policy and --now (got ${others.map((name) => `--${name}`).join(', ')}): each line gives its issue (and its "acknowledgedAt"), and the output is JSON`,
      );
    }
    return evaluateBatch(String(values.batch), io, {
      ...(values.policy === undefined ? {} : { policy: String(values.policy) }),
      ...(values.now === undefined ? {} : { now: String(values.now) }),
    });
  }
  const policy = resolvePolicy(requireOption(values, 'policy'), io);
  const issuePath = requireOption(values, 'issue');
  const text = readText(issuePath, io);
  let issue: unknown;
  try {
    issue = JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(`--issue '${issuePath}' is not JSON: ${describeError(error)}`);
  }
  const now = values.now === undefined ? io.now() : parseInstant(String(values.now), defaultZone(policy), '--now');
  // `multiple: true` gives a list; `parse` types every option loosely, hence the flattening.
  const acknowledgedAt = acknowledgedInstants([values.acknowledged ?? []].flat().map(String), defaultZone(policy), '--acknowledged');
  const state = evaluate(policy, issue, now, { acknowledgedAt });
  io.stdout(values.json ? `${JSON.stringify(state, null, 2)}\n` : renderState(state));
  return 0;
}

/**
 * The acknowledgement instants an evaluation reads (as the app reads them from the SLA panel's records), as
 * ISO-8601 UTC; an offset-less instant is wall-clock time in `zone`. `what` names the option or key in a refusal.
 * @example acknowledgedInstants(['2026-11-16T11:30'], 'America/New_York', '--acknowledged') //=> ['2026-11-16T16:30:00.000Z']
 */
function acknowledgedInstants(texts: readonly string[], zone: string, what: string): string[] {
  return texts.map((text) => new Date(parseInstant(text, zone, what)).toISOString());
}

/** What a batch line may leave out: the policy and the instant given once on the command line. */
interface EvaluateDefaults {
  policy?: string;
  now?: string;
}

/** Lines are answered in chunks of this many, so a batch of 100,000 issues makes a few thousand writes. */
const BATCH_FLUSH_LINES = 256;

/**
 * JSON Lines in, one JSON line out per input line in the same order: each line is `{"issue": {…}, "policy"?,
 * "now"?}` or a bare Jira issue (an object with `fields`); the answer is the `--json` state with the issue's key
 * first, or `{"error": "line N: …"}`. Policies are loaded once per batch; the current time is read once.
 */
function evaluateBatch(source: string, io: CliIo, defaults: EvaluateDefaults): number {
  const cache = new Map<string, CompiledPolicy>();
  let currentTime: number | null = null;
  const clock = () => (currentTime ??= io.now());
  if (defaults.policy !== undefined) cache.set(defaults.policy, resolvePolicy(defaults.policy, io));
  // Most lines share one `now` (the batch's --now): read it once per policy zone, not once a line.
  const instants = new Map<string, number>();
  const instantIn = (ref: string, policy: CompiledPolicy, text: string): number => {
    const key = `${ref}\u0000${text}`;
    let ms = instants.get(key);
    if (ms === undefined) {
      ms = parseInstant(text, defaultZone(policy), 'now');
      if (instants.size < 1_000) instants.set(key, ms);
    }
    return ms;
  };
  let failed = 0;
  let pending: string[] = [];
  let lineNumber = 0;
  for (const line of batchLines(source, io)) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    try {
      const request = parseEvaluateLine(line, defaults);
      let policy = cache.get(request.policy);
      if (!policy) {
        policy = resolvePolicy(request.policy, io);
        cache.set(request.policy, policy);
      }
      const now = request.now === undefined ? clock() : instantIn(request.policy, policy, request.now);
      const acknowledgedAt = acknowledgedInstants(request.acknowledgedAt, defaultZone(policy), '"acknowledgedAt"');
      const state = evaluate(policy, request.issue, now, { acknowledgedAt });
      pending.push(JSON.stringify({ issue: request.key, ...state }));
    } catch (error) {
      failed += 1;
      pending.push(JSON.stringify({ error: `line ${lineNumber}: ${describeError(error)}` }));
    }
    if (pending.length >= BATCH_FLUSH_LINES) {
      io.stdout(`${pending.join('\n')}\n`);
      pending = [];
    }
  }
  if (pending.length > 0) io.stdout(`${pending.join('\n')}\n`);
  return failed > 0 ? 1 : 0;
}

function batchLines(source: string, io: CliIo): Iterable<string> {
  if (io.readLines === undefined) return readText(source, io).split('\n');
  try {
    return io.readLines(source);
  } catch (error) {
    throw readError(source, error);
  }
}

interface EvaluateRequest {
  policy: string;
  now?: string;
  issue: unknown;
  /** The issue's key when it has one (echoed in the answer), else null. */
  key: string | null;
  /** The line's `"acknowledgedAt"` (the instants escalations were acknowledged), unparsed; empty when absent. */
  acknowledgedAt: string[];
}

function parseEvaluateLine(line: string, defaults: EvaluateDefaults): EvaluateRequest {
  const record = parseJsonObjectLine(line, 'a JSON object: {"issue": {…}, "policy"?, "now"?, "acknowledgedAt"?} or a Jira issue');
  // A bare issue (as exported from the REST API) carries `fields`; a request wraps one under `issue`.
  const bare = !Object.hasOwn(record, 'issue') && Object.hasOwn(record, 'fields');
  const issue = bare ? record : record.issue;
  if (typeof issue !== 'object' || issue === null || Array.isArray(issue)) {
    throw new CliUsageError('missing "issue": give {"issue": {…}} or a Jira issue object with "fields"');
  }
  const policy = bare ? defaults.policy : (record.policy ?? defaults.policy);
  if (typeof policy !== 'string' || policy === '') {
    throw new CliUsageError('no policy: give "policy" on the line or --policy for the whole batch');
  }
  const now = bare ? defaults.now : (record.now ?? defaults.now);
  if (now !== undefined && typeof now !== 'string') throw new CliUsageError('"now" must be an ISO-8601 string');
  const acknowledgedAt = bare ? [] : (record.acknowledgedAt ?? []);
  if (!Array.isArray(acknowledgedAt) || acknowledgedAt.some((at) => typeof at !== 'string')) {
    throw new CliUsageError('"acknowledgedAt" must be a list of ISO-8601 strings, e.g. ["2026-11-16T16:30:00Z"]');
  }
  const key = (issue as Record<string, unknown>).key;
  return {
    policy,
    issue,
    key: typeof key === 'string' ? key : null,
    acknowledgedAt: acknowledgedAt as string[],
    ...(now === undefined ? {} : { now }),
  };
}

function renderState(state: SlaState): string {
  const zone = state.calendar.timeZone;
  const local = (iso: string | null) => (iso === null ? '—' : DateTime.fromISO(iso, { zone }).toFormat('ccc LL-dd HH:mm ZZZZ'));
  const rows = [['metric', 'status', 'target', 'due', 'elapsed', 'time']];
  for (const m of state.metrics) {
    rows.push([
      m.id,
      metricStateWords(m),
      m.target ? `${m.target.duration} @ ${m.target.calendar}` : 'none',
      local(m.dueAt),
      formatMinutes(m.elapsedMinutes, dayLengthFor(m.target)),
      // The same words as the SLA panel's row for the same state (src/engine/sla-words.ts).
      metricTimeWords(m),
    ]);
  }
  const esc = state.escalation;
  const why = ladderWaitWords(state.escalationOutlook.next);
  const nextStep = state.escalationOutlook.nextLevel === null ? null : esc.ladder[state.escalationOutlook.nextLevel - 1];
  return [
    `policy ${state.policyId} · evaluated at ${state.evaluatedAt} · status ${state.status}`,
    `plan ${state.plan.id}: ${state.plan.reason}`,
    `priority ${state.priority.id}: ${state.priority.reason}`,
    ...state.calendars.map((calendar) => `calendar ${calendar.id}: ${calendar.hours} (${calendar.day})`),
    '',
    ...table(rows),
    '',
    ...cycleLines(state.metrics, local, table, state.priority.id, state.plan.id),
    `escalation level ${esc.level}${esc.label ? ` (${esc.label}, since ${local(esc.since)})` : ''}` +
      (state.escalationOutlook.next.kind === 'scheduled' && nextStep?.at
        ? `; next ${nextStep.label} at ${local(nextStep.at)}`
        : why
          ? `; ${why.charAt(0).toLowerCase()}${why.slice(1)}`
          : ''),
    `next breach ${local(state.nextBreachAt)} · next change ${local(state.nextChangeAt)}`,
    '',
  ].join('\n');
}

// sla validate / presets ------------------------------------------------------------------------------

function validateCommand(args: readonly string[], io: CliIo): number {
  const { positionals } = parse(args, {}, true);
  const [path] = positionals;
  if (!path || positionals.length > 1) throw new CliUsageError('give exactly one policy file: sla validate <file>');
  const result = loadPolicy(readText(path, io), { format: formatOf(path), holidays: holidaysFromLibrary() });
  if (result.ok) {
    const p = result.policy;
    io.stdout(
      `${path}: valid policy '${p.id}' (${p.plans.length} plans, ${p.priorities.length} priorities, ${p.metrics.length} metrics)\n`,
    );
    return 0;
  }
  io.stderr(`${formatProblems(path, result.errors)}\n${path}: ${result.errors.length} problem(s)\n`);
  return 2;
}

function presetsCommand(args: readonly string[], io: CliIo): number {
  parse(args, {});
  const rows = [['id', 'name']];
  for (const preset of listPresets()) rows.push([preset.id, preset.name]);
  io.stdout(`${table(rows).join('\n')}\n`);
  return 0;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: () => readFileSync(0, 'utf8'),
    readFile: (path) => readFileSync(path, 'utf8'),
    now: () => Date.now(),
    readLines: (path) => fileLines(path),
  };
}

const READ_CHUNK_BYTES = 1 << 20;

/**
 * The lines of a file (`-`: stdin), read a megabyte at a time. The file is opened before the first line is asked
 * for, so a missing file throws here, not half-way through a batch.
 */
function fileLines(path: string): Iterable<string> {
  const fd = path === '-' ? 0 : openSync(path, 'r');
  function* lines(): Generator<string> {
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    let rest = '';
    try {
      for (;;) {
        let read: number;
        try {
          read = readSync(fd, buffer, 0, buffer.length, null);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
            // A non-blocking stdin with no data yet: wait a little instead of spinning.
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
            continue;
          }
          if ((error as NodeJS.ErrnoException).code === 'EOF') break;
          throw error;
        }
        if (read === 0) break;
        const text = rest + decoder.write(buffer.subarray(0, read));
        const parts = text.split('\n');
        rest = parts.pop() ?? '';
        yield* parts;
      }
      rest += decoder.end();
      if (rest !== '') yield rest;
    } finally {
      if (fd !== 0) closeSync(fd);
    }
  }
  return lines();
}
