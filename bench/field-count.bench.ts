/**
 * Per-issue cost against the site's field count (issue 8 §3): the app's sweep over due issues on a site of 30 fields
 * and of 2,000 fields, side by side, target within 20 %. For comparison, the same page reads asking for every field
 * (`fields=*all`, `expand=names`, as every read did before): emulator serialisation, JSON, zod validation and
 * evaluation, per issue. Everything is measured in this run, as CPU time of the process (the machine is shared;
 * wall time would measure the neighbours): the best of several rounds, the median beside it, sites measured
 * alternately.
 */
import { startForgeSandbox, type ForgeSandbox } from '../emulator';
import { evaluate, loadPolicy } from '../src/engine';
import { rawIssueSchema } from '../src/forge/jira-client';
import { E2E_POLICY_YAML } from '../test/forge/support/e2e-policy';
import { percentile } from './stats';

const START = '2026-03-02T09:00:00Z';

/** CPU time of this process (app and emulator alike) in ms: unlike wall time, other processes on the machine do not inflate it. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
const HOUR = 3_600_000;
const ISSUES = 300;
const ROUNDS = 8;

async function site(fieldCount: number): Promise<{ sb: ForgeSandbox; keys: string[] }> {
  const sb = await startForgeSandbox({ now: START });
  const saved = (await sb.invokeResolver(
    'sla-admin',
    'savePolicy',
    { scope: { kind: 'site' }, source: E2E_POLICY_YAML },
    { accountId: 'admin' },
  )) as { ok: boolean };
  if (!saved.ok) throw new Error('could not save the benchmark policy');
  await sb.drainQueues();
  while (sb.jira.fields.size < fieldCount) sb.jira.addTextField(`Site field ${sb.jira.fields.size}`);
  const keys = Array.from(
    { length: ISSUES },
    (_, i) =>
      sb.jira.createIssue('customer', {
        projectKey: i % 2 ? 'SUP' : 'OPS',
        summary: `Fields ${i}`,
        priority: ['Highest', 'High', 'Medium'][i % 3],
      }).key,
  );
  sb.jira.takePendingEvents();
  return { sb, keys };
}

/** Milliseconds per issue of one sweep that re-evaluates every issue (all made due first). */
async function sweepPerIssue(sb: ForgeSandbox, keys: string[]): Promise<number> {
  const due = new Date(sb.clock.now() - 60_000).toISOString();
  for (const key of keys) sb.jira.seedAppFieldValue(key, 'sla-next-check', due);
  sb.clock.advance(HOUR);
  const started = cpuMs();
  await sb.runScheduledTrigger();
  await sb.drainQueues();
  return (cpuMs() - started) / keys.length;
}

/**
 * Milliseconds per issue of what a `fields=*all&expand=changelog,names` page read costs: the emulator's serialisation
 * of each issue as search returns it, JSON round trip, zod validation and evaluation (in process, no socket).
 */
function allFieldsPerIssue(sb: ForgeSandbox, keys: string[]): number {
  const loaded = loadPolicy(E2E_POLICY_YAML);
  if (!loaded.ok) throw new Error('benchmark policy invalid');
  const started = cpuMs();
  for (const key of keys) {
    const rest = sb.jira.restIssue(sb.jira.findIssue(key)!, { fields: ['*all'], expand: ['changelog', 'names'], embed: 'search' });
    const raw = rawIssueSchema.parse(JSON.parse(JSON.stringify(rest)));
    evaluate(loaded.policy, raw, sb.clock.now());
  }
  return (cpuMs() - started) / keys.length;
}

interface Measured {
  fields: number;
  app: number[];
  all: number[];
}

async function measure(fieldCount: number): Promise<Measured> {
  const { sb, keys } = await site(fieldCount);
  try {
    const app: number[] = [];
    const all: number[] = [];
    await sweepPerIssue(sb, keys); // warm-up: caches, JIT
    // The app's rounds first: the `*all` reads allocate so much on a large site that GC would bill the app for it.
    for (let round = 0; round < ROUNDS; round += 1) app.push(await sweepPerIssue(sb, keys));
    for (let round = 0; round < ROUNDS; round += 1) all.push(allFieldsPerIssue(sb, keys));
    return { fields: sb.jira.fields.size, app, all };
  } finally {
    await sb.close();
  }
}

const best = (values: number[]): number => Math.min(...values);
const merge = (a: Measured, b: Measured): Measured => ({ fields: a.fields, app: [...a.app, ...b.app], all: [...a.all, ...b.all] });

export default async function run(): Promise<void> {
  await measure(30); // warm-up of the whole path (module loading, JIT), discarded
  const large1 = await measure(2_000);
  const small1 = await measure(30);
  const large = merge(large1, await measure(2_000));
  const small = merge(small1, await measure(30));
  const ratio = best(large.app) / best(small.app);
  const ms = (values: number[]): string => `${best(values).toFixed(3)} ms (median ${percentile(values, 50).toFixed(3)})`;
  const lines = [
    `| measure | site of ${small.fields} fields | site of ${large.fields} fields | large / small | target | ok |`,
    '| --- | --- | --- | --- | --- | --- |',
    `| app sweep, per issue (policy's fields only) | ${ms(small.app)} | ${ms(large.app)} | ${ratio.toFixed(2)} | ≤ 1.20 | ${ratio <= 1.2 ? 'yes' : 'NO'} |`,
    `| reading every field (\`*all\`, names) + validate + evaluate, per issue (before) | ${ms(small.all)} | ${ms(large.all)} | ${(best(large.all) / best(small.all)).toFixed(2)} | report | — |`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
