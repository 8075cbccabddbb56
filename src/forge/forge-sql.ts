/**
 * Forge SQL for the app: the schema (one migration list, run by the app through `migrationRunner` as Forge SQL
 * requires: DDL only through migrations) and one way to run a statement that waits out Forge SQL's rate limits.
 *
 * When migrations run: on the first SQL use of each installation in a warm runtime (memoised per installation),
 * so the database is ready before the first outcome is written, and again whenever a statement finds a table
 * missing (a fresh database behind a warm runtime). `migrationRunner` records each applied migration in its
 * `__migrations` table, so a run only applies the new ones: two DDL requests (of the 25 a minute Forge allows) when
 * there is nothing to do. Limits and their handling: docs/forge.md, "Forge SQL".
 */
import { ForgeSQLAPIError, migrationRunner, sql } from '@forge/sql';
import { InstallationCache } from './installation-cache';
import { monotonicMs, sleep } from './clock';

/**
 * The outcome table. Instants are epoch milliseconds (BIGINT), so month boundaries in any time zone are plain
 * ranges the adapter computes; the primary key is the record's identity (issue, metric, cycle), which makes every
 * write an idempotent upsert. Indexes serve the report queries (src/forge/outcome-reports.ts): `idx_outcome_report`
 * covers every column the decided-in-a-period and open-at-the-end statements read, so they scan one index range and
 * never the rows; `idx_outcome_started` finds the period's priorities, `idx_outcome_priority_started` (migration
 * 0002) counts the requests of each; the other two narrow to one organization or project first.
 */
export const OUTCOME_TABLE_DDL = `CREATE TABLE IF NOT EXISTS sla_outcome (
  issue_id VARCHAR(32) NOT NULL,
  metric_id VARCHAR(64) NOT NULL,
  cycle INT NOT NULL,
  issue_key VARCHAR(64) NOT NULL,
  project_key VARCHAR(64) NOT NULL,
  organization VARCHAR(255) NULL,
  plan_id VARCHAR(64) NOT NULL,
  priority_id VARCHAR(64) NOT NULL,
  policy_scope VARCHAR(100) NOT NULL,
  policy_version INT NOT NULL,
  status VARCHAR(16) NOT NULL,
  started_at BIGINT NOT NULL,
  due_at BIGINT NULL,
  decided_at BIGINT NULL,
  completed_at BIGINT NULL,
  business_minutes INT NULL,
  paused_minutes INT NULL,
  breached TINYINT NOT NULL,
  escalation_level INT NOT NULL,
  recorded_at BIGINT NOT NULL,
  writes INT NOT NULL DEFAULT 1,
  PRIMARY KEY (issue_id, metric_id, cycle),
  KEY idx_outcome_report (decided_at, project_key, status, metric_id, organization, plan_id, business_minutes, started_at),
  KEY idx_outcome_started (started_at, project_key, priority_id, issue_id, organization, plan_id),
  KEY idx_outcome_org_decided (organization, decided_at),
  KEY idx_outcome_project_decided (project_key, decided_at)
)`;

/**
 * Requests by priority (outcome-reports.ts) read this index, one `started_at` range per priority the statement
 * names, so the rows arrive grouped by priority. Through `idx_outcome_started` (rows in `started_at` order) MariaDB
 * sorts the period's rows by priority for COUNT(DISTINCT issue_id) and reads every row back by primary key: 0.5 s
 * of the report's 0.9 s for 100,000 outcomes (docs/outcomes.md, "Speed"). IF NOT EXISTS (TiDB and MariaDB): runtimes
 * that start at once (queue consumers) each run the migrations, and the second CREATE INDEX would fail.
 */
export const OUTCOME_PRIORITY_INDEX_DDL =
  'CREATE INDEX IF NOT EXISTS idx_outcome_priority_started ON sla_outcome (priority_id, started_at, project_key, issue_id, organization, plan_id)';

/** Every migration, in order; names are never reused or edited once shipped (add a new one instead). */
export const MIGRATIONS: ReadonlyArray<{ name: string; statement: string }> = [
  { name: '0001-create-sla-outcome', statement: OUTCOME_TABLE_DDL },
  { name: '0002-index-outcome-priority-started', statement: OUTCOME_PRIORITY_INDEX_DDL },
];

const migrated = new InstallationCache<Promise<void>>(100);

/** Applies the migrations not applied yet in this installation's database (once per installation and runtime). */
export function ensureSchema(): Promise<void> {
  let done = migrated.get('schema');
  if (!done) {
    done = (async () => {
      for (const migration of MIGRATIONS) migrationRunner.enqueue(migration.name, migration.statement);
      await migrationRunner.run();
    })();
    migrated.set('schema', done);
    done.catch(() => migrated.delete('schema'));
  }
  return done;
}

/** Forgets that the schema was applied (the next statement runs the migrations again). */
export function forgetSchema(): void {
  migrated.delete('schema');
}

/** How long a statement waits in all for Forge SQL's rate limit (429) before giving up. */
export const SQL_RATE_LIMIT_WAIT_MS = 5_000;

export type SqlParam = string | number | boolean | null;

/** A Forge SQL error that a later attempt may not hit (rate limit, a lost connection, the service unavailable). */
export class SqlUnavailable extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(`Forge SQL answered ${status}: ${detail}`);
    this.name = 'SqlUnavailable';
  }
}

function isMissingTable(error: unknown): boolean {
  return error instanceof ForgeSQLAPIError && /doesn't exist|does not exist|no such table/i.test(error.message);
}

/**
 * Runs one statement (after the migrations) and returns its rows. A 429 is waited out (1 s, then 2 s, …) for at
 * most SQL_RATE_LIMIT_WAIT_MS; a missing table re-runs the migrations once; a 5xx or a rate limit that lasts
 * throws SqlUnavailable (callers let the platform retry the invocation); any other error propagates.
 *
 * @example
 * await runSql<{ n: number }>('SELECT COUNT(*) AS n FROM sla_outcome WHERE issue_id = ?', ['10001']) //=> [{ n: 2 }]
 */
export async function runSql<Row>(query: string, params: readonly SqlParam[] = []): Promise<Row[]> {
  await ensureSchema();
  const started = monotonicMs();
  let waitMs = 1_000;
  let retriedSchema = false;
  for (;;) {
    try {
      const result = await sql
        .prepare<Row>(query)
        .bindParams(...params)
        .execute();
      return Array.isArray(result.rows) ? (result.rows as Row[]) : [result.rows as Row];
    } catch (error) {
      if (isMissingTable(error) && !retriedSchema) {
        retriedSchema = true;
        forgetSchema();
        await ensureSchema();
        continue;
      }
      if (error instanceof ForgeSQLAPIError) {
        const status = error.responseDetails.status;
        if (status === 429 && monotonicMs() - started + waitMs <= SQL_RATE_LIMIT_WAIT_MS) {
          await sleep(waitMs);
          waitMs *= 2;
          continue;
        }
        if (status === 429 || status >= 500) throw new SqlUnavailable(status, error.message);
      }
      throw error;
    }
  }
}
