/**
 * `npx tsx bench/index.ts entitlements`: what counting adds to an event. Deciding one organization's month of
 * requests (`decideEntitlements`, creation order, day and month counters, registration) for 20, 200 and 2,000
 * requests, next to evaluating the event's issue (`evaluate`, measured in the same run), which every event does
 * anyway. Target: deciding a month of 200 requests (twenty times B2Bee Premium's 10 credits) costs less than ten
 * evaluations, a small share of the event's Jira and storage round trips (milliseconds each).
 */
import { decideEntitlements, evaluate } from '../src/engine';
import { buildIssue } from '../test/builders/jira-issue';
import { entitlementsPolicy, request } from '../test/builders/entitlements-policy';
import { FIELD_NAMES, testPolicy } from '../test/builders/test-policy';
import { median } from './stats';

const HOUR = 3_600_000;

function timeUs(run: () => void, rounds = 200): number {
  for (let i = 0; i < 20; i++) run();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    run();
    samples.push(Number(process.hrtime.bigint() - start) / 1_000);
  }
  return median(samples);
}

export default async function run(): Promise<void> {
  const policy = entitlementsPolicy();
  const now = Date.parse('2026-03-31T12:00:00Z');
  const base = Date.parse('2026-03-01T08:00:00Z'); // Sun 1 March 09:00 Zagreb
  const month = (count: number) =>
    Array.from({ length: count }, (_, index) =>
      request(new Date(base + Math.floor((index * 29 * 24 * HOUR) / count)).toISOString(), {
        reporter: index % 3 === 0 ? 'bob' : 'ada',
      }),
    );
  const issue = buildIssue({ created: '2026-11-16T14:00:00Z', summary: 'Checkout outage', names: FIELD_NAMES });
  const slaPolicy = testPolicy();
  const evaluateUs = timeUs(() => evaluate(slaPolicy, issue, Date.parse('2026-11-16T18:00:00Z')));
  const rows = [20, 200, 2_000].map((count) => {
    const requests = month(count);
    const us = timeUs(
      () => decideEntitlements(policy, { organization: 'Acme', requests, registeredPersons: ['ada'], now }),
      count > 1_000 ? 50 : 200,
    );
    return { requests: count, decideUs: us };
  });
  process.stdout.write(
    '| requests in the month | decideEntitlements (median µs) | evaluate one issue (median µs) | ratio |\n|---|---|---|---|\n',
  );
  for (const row of rows) {
    process.stdout.write(
      `| ${row.requests} | ${row.decideUs.toFixed(1)} | ${evaluateUs.toFixed(1)} | ${(row.decideUs / evaluateUs).toFixed(2)} |\n`,
    );
  }
  const target = rows.find((row) => row.requests === 200)!;
  process.stdout.write(
    `\n200 requests: ${target.decideUs.toFixed(1)} µs vs ten evaluations ${(10 * evaluateUs).toFixed(1)} µs: ${target.decideUs < 10 * evaluateUs ? 'within' : 'OVER'} target\n`,
  );
}
