/**
 * The emulator's Forge SQL: answers `@forge/sql`'s requests (`/api/v1/execute`, `/api/v1/execute/ddl`, reached
 * through `global.__forge_fetch__` with `{type: 'sql'}`) from a real MariaDB database, one database per
 * installation, as Forge SQL provisions one database per installation. Nothing here imitates SQL: every statement
 * runs on the server, and this module only adds what the platform adds in front of it, its documented limits
 * (developer.atlassian.com/platform/forge/limits-sql, docs/forge.md "Forge SQL"):
 *
 * - one statement per request (`INVALID_SQL_QUERY`); DDL only through the DDL endpoint (`executeDDL`, which
 *   `migrationRunner` uses), never through `execute`;
 * - request at most 1 MiB, response at most 4 MiB, at most 200 tables;
 * - statement time: SELECT 5 s, INSERT/UPDATE/DELETE 10 s, DDL 20 s (`QUERY_TIMED_OUT`, MariaDB's
 *   `max_statement_time` stops the statement on the server);
 * - per installation: 150 DML requests a second, 25 DDL requests a minute and 62.5 s of query time a minute
 *   (429 with Retry-After, real time: these are throughput limits of the service);
 * - stored data at most 128 MiB (a development install), checked before each INSERT, UPDATE or REPLACE (a DELETE
 *   frees space and always runs).
 *
 * Not modelled: TiDB's 16 MiB memory quota per query (MariaDB spills large sorts and groups to disk instead of
 * failing; the bench keeps the report queries' working sets small) and TiDB's SQL dialect differences (the app sticks
 * to SQL both run).
 *
 * Tests inject faults: `refuseNext(n)` (429 before running), `failNext(n)` (503 before running) and
 * `loseNextResponses(n)` (the statement runs and commits, then the answer is lost as a 503: a retry must be
 * idempotent).
 */
import { createConnection, createPool, type Pool, type PoolConnection, type ResultSetHeader } from 'mysql2/promise';
import { sharedMariaDb } from '../sql/mariadb-server';

/** Forge SQL's documented limits (limits-sql), as the emulator enforces them. */
export const FORGE_SQL_LIMITS = {
  requestBytes: 1024 * 1024,
  responseBytes: 4 * 1024 * 1024,
  tables: 200,
  selectTimeoutMs: 5_000,
  dmlTimeoutMs: 10_000,
  ddlTimeoutMs: 20_000,
  dmlRequestsPerSecond: 150,
  ddlRequestsPerMinute: 25,
  queryMsPerMinute: 62_500,
  /** development or custom environment installs (1 GiB in production, 256 MiB in staging) */
  storedBytes: 128 * 1024 * 1024,
} as const;

export type SqlLimits = { -readonly [K in keyof typeof FORGE_SQL_LIMITS]: number };

export type StatementKind = 'read' | 'write' | 'ddl';

export interface SqlStatementRecord {
  endpoint: 'execute' | 'ddl';
  kind: StatementKind;
  query: string;
  params: unknown[];
  status: number;
  code?: string;
  ms: number;
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const DDL_WORDS = new Set(['CREATE', 'ALTER', 'DROP', 'TRUNCATE', 'RENAME']);
const WRITE_WORDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'REPLACE']);

/**
 * The statement text with comments removed and string/identifier literals blanked, so that keywords and `;` can
 * be looked for without being fooled by `'a;b'`.
 *
 * @example
 * codeOnly("SELECT 'x;y' -- c") //=> "SELECT ''    "
 */
export function codeOnly(query: string): string {
  let out = '';
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    const next = query[i + 1];
    if (c === '-' && next === '-') {
      while (i < query.length && query[i] !== '\n') i++;
      out += ' ';
    } else if (c === '#') {
      while (i < query.length && query[i] !== '\n') i++;
      out += ' ';
    } else if (c === '/' && next === '*') {
      const end = query.indexOf('*/', i + 2);
      i = end < 0 ? query.length : end + 2;
      out += ' ';
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < query.length) {
        if (query[j] === '\\') j += 2;
        else if (query[j] === c && query[j + 1] === c) j += 2;
        else if (query[j] === c) break;
        else j++;
      }
      out += `${c}${c}`;
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The kind of a statement by its first keyword: DDL, a write (DML) or a read. */
export function statementKind(query: string): StatementKind {
  const word = /^[\s(]*([A-Za-z]+)/.exec(codeOnly(query))?.[1]?.toUpperCase() ?? '';
  if (DDL_WORDS.has(word)) return 'ddl';
  if (WRITE_WORDS.has(word)) return 'write';
  return 'read';
}

/** Whether the text holds more than one statement (a `;` followed by anything but blanks). */
export function hasSeveralStatements(query: string): boolean {
  const code = codeOnly(query);
  const at = code.indexOf(';');
  return at >= 0 && code.slice(at + 1).replace(/[\s;]/g, '') !== '';
}

function forgeError(status: number, code: string, message: string, extra: Record<string, unknown> = {}): Reply {
  return { status, body: { code, message, ...extra } };
}

let databaseSeq = 0;

export class SqlStore {
  readonly limits: SqlLimits;
  readonly statements: SqlStatementRecord[] = [];
  /** requests refused by a limit (429/400/413), by code */
  readonly refusals: Array<{ code: string; message: string }> = [];
  /** the MariaDB database this installation's statements run in */
  readonly database: string;
  private pool: Pool | undefined;
  private opening: Promise<Pool> | undefined;
  private readonly dmlTimes: number[] = [];
  private readonly ddlTimes: number[] = [];
  private readonly queryTimes: Array<{ at: number; ms: number }> = [];
  private readonly prepared = new WeakSet<PoolConnection>();
  private refuse = 0;
  private fail = 0;
  private lose = 0;
  private closed = false;

  constructor(options: { limits?: Partial<SqlLimits>; name?: string } = {}) {
    this.limits = { ...FORGE_SQL_LIMITS, ...options.limits };
    databaseSeq += 1;
    const label = (options.name ?? 'install').replace(/[^A-Za-z0-9]/g, '_').slice(0, 24);
    this.database = `forge_${process.pid}_${databaseSeq}_${label}`;
  }

  /** Answers the next `n` requests with 429 (before running them). */
  refuseNext(n: number): void {
    this.refuse += n;
  }
  /** Answers the next `n` requests with 503 (before running them). */
  failNext(n: number): void {
    this.fail += n;
  }
  /** Runs the next `n` statements, commits them, then answers 503 as if the response were lost. */
  loseNextResponses(n: number): void {
    this.lose += n;
  }

  /** The database's pool, creating the database on first use (Forge provisions it at install). */
  private open(): Promise<Pool> {
    if (this.pool) return Promise.resolve(this.pool);
    if (!this.opening) {
      this.opening = (async () => {
        const socketPath = await sharedMariaDb();
        const admin = await createConnection({ socketPath, user: 'root' });
        try {
          await admin.query(`CREATE DATABASE IF NOT EXISTS \`${this.database}\``);
        } finally {
          await admin.end();
        }
        this.pool = createPool({
          socketPath,
          user: 'root',
          database: this.database,
          connectionLimit: 4,
          multipleStatements: false,
          dateStrings: true,
          decimalNumbers: true,
          supportBigNumbers: true,
          timezone: 'Z',
        });
        return this.pool;
      })();
      this.opening.catch(() => {
        this.opening = undefined;
      });
    }
    return this.opening;
  }

  /** Drops the installation's database (the app is uninstalled) and closes the connections. */
  async close(): Promise<void> {
    this.closed = true;
    const pool = this.pool ?? (this.opening ? await this.opening.catch(() => undefined) : undefined);
    if (!pool) return;
    try {
      await pool.query(`DROP DATABASE IF EXISTS \`${this.database}\``);
    } finally {
      await pool.end();
      this.pool = undefined;
    }
  }

  private slide(times: number[], windowMs: number, now: number): void {
    while (times.length > 0 && times[0]! <= now - windowMs) times.shift();
  }

  private refused(reply: Reply): Reply {
    const body = reply.body as { code: string; message: string };
    this.refusals.push({ code: body.code, message: body.message });
    return reply;
  }

  /** One @forge/sql request: `path` is the endpoint, `bodyText` `{query, params, method}`. */
  async handle(path: string, bodyText: string): Promise<Reply> {
    const started = performance.now();
    const endpoint = path === '/api/v1/execute/ddl' ? 'ddl' : path === '/api/v1/execute' ? 'execute' : null;
    if (!endpoint) return forgeError(404, 'UNKNOWN_ERROR', `Forge SQL has no endpoint ${path}.`);
    if (this.closed) return forgeError(404, 'APP_NOT_ENABLED', 'The installation was removed: its database no longer exists.');
    if (Buffer.byteLength(bodyText) > this.limits.requestBytes) {
      return this.refused(
        forgeError(
          413,
          'REQUEST_TOO_LARGE',
          `The request is ${Buffer.byteLength(bodyText)} bytes; Forge SQL accepts at most ${this.limits.requestBytes} (1 MiB): write fewer rows per statement.`,
        ),
      );
    }
    let body: { query?: unknown; params?: unknown; method?: unknown };
    try {
      body = JSON.parse(bodyText) as typeof body;
    } catch {
      return forgeError(400, 'INVALID_SQL_QUERY', 'The request body is not JSON.');
    }
    const query = typeof body.query === 'string' ? body.query : '';
    const params = Array.isArray(body.params) ? body.params : [];
    const kind = statementKind(query);
    const record = (reply: Reply): Reply => {
      const code = (reply.body as { code?: string } | undefined)?.code;
      this.statements.push({
        endpoint,
        kind,
        query,
        params,
        status: reply.status,
        ...(code ? { code } : {}),
        ms: performance.now() - started,
      });
      return reply;
    };
    if (query.trim() === '') return record(forgeError(400, 'INVALID_SQL_QUERY', 'The query is empty.'));
    if (hasSeveralStatements(query)) {
      return record(
        this.refused(
          forgeError(400, 'INVALID_SQL_QUERY', 'Each Forge SQL request may contain a single statement: send one request per statement.'),
        ),
      );
    }
    if (endpoint === 'execute' && kind === 'ddl') {
      return record(
        this.refused(
          forgeError(
            400,
            'INVALID_SQL_QUERY',
            'DDL statements run through sql.executeDDL (migrationRunner), not sql.prepare/executeRaw: move it into a migration.',
          ),
        ),
      );
    }
    if (this.refuse > 0) {
      this.refuse -= 1;
      return record(
        this.refused({ ...forgeError(429, 'RATE_LIMIT_EXCEEDED', 'Too many requests (injected).'), headers: { 'retry-after': '1' } }),
      );
    }
    if (this.fail > 0) {
      this.fail -= 1;
      return record(forgeError(503, 'UNKNOWN_ERROR', 'Forge SQL is unavailable (injected).'));
    }
    const now = performance.now();
    const isDdlRequest = endpoint === 'ddl';
    this.slide(this.dmlTimes, 1_000, now);
    this.slide(this.ddlTimes, 60_000, now);
    while (this.queryTimes.length > 0 && this.queryTimes[0]!.at <= now - 60_000) this.queryTimes.shift();
    if (isDdlRequest && this.ddlTimes.length >= this.limits.ddlRequestsPerMinute) {
      const wait = Math.ceil((this.ddlTimes[0]! + 60_000 - now) / 1000);
      return record(
        this.refused({
          ...forgeError(
            429,
            'RATE_LIMIT_EXCEEDED',
            `Forge SQL accepts ${this.limits.ddlRequestsPerMinute} DDL requests a minute per installation.`,
          ),
          headers: { 'retry-after': String(Math.max(1, wait)) },
        }),
      );
    }
    if (!isDdlRequest && this.dmlTimes.length >= this.limits.dmlRequestsPerSecond) {
      return record(
        this.refused({
          ...forgeError(
            429,
            'RATE_LIMIT_EXCEEDED',
            `Forge SQL accepts ${this.limits.dmlRequestsPerSecond} DML requests a second per installation.`,
          ),
          headers: { 'retry-after': '1' },
        }),
      );
    }
    const usedMs = this.queryTimes.reduce((sum, one) => sum + one.ms, 0);
    if (usedMs >= this.limits.queryMsPerMinute) {
      const wait = Math.ceil((this.queryTimes[0]!.at + 60_000 - now) / 1000);
      return record(
        this.refused({
          ...forgeError(
            429,
            'RATE_LIMIT_EXCEEDED',
            `This installation used its ${this.limits.queryMsPerMinute / 1000} s of query time for this minute: try again later.`,
          ),
          headers: { 'retry-after': String(Math.max(1, wait)) },
        }),
      );
    }
    (isDdlRequest ? this.ddlTimes : this.dmlTimes).push(now);

    let pool: Pool;
    try {
      pool = await this.open();
    } catch (error) {
      return record(forgeError(503, 'UNKNOWN_ERROR', error instanceof Error ? error.message : String(error)));
    }
    const connection = await pool.getConnection();
    try {
      if (kind === 'ddl' && /^\s*CREATE\s+TABLE/i.test(codeOnly(query))) {
        const [rows] = await connection.query('SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()');
        const tables = Number((rows as Array<{ n: number }>)[0]?.n ?? 0);
        const name = /CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?[`"]?([A-Za-z0-9_]+)/i.exec(query)?.[1];
        const [exists] = await connection.query(
          'SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
          [name],
        );
        if (tables >= this.limits.tables && (exists as unknown[]).length === 0) {
          return record(
            this.refused(forgeError(400, 'SQL_EXECUTION_ERROR', `An installation's database holds at most ${this.limits.tables} tables.`)),
          );
        }
      }
      // A DELETE is what frees space, so it runs however full the database is.
      if (kind === 'write' && !/^[\s(]*DELETE\b/i.test(codeOnly(query))) {
        const stored = await this.storedBytes(connection);
        if (stored >= this.limits.storedBytes) {
          return record(
            this.refused(
              forgeError(
                400,
                'SQL_EXECUTION_ERROR',
                `Storage limit reached: the installation's database holds ${stored} bytes, its limit is ${this.limits.storedBytes}: delete rows first.`,
              ),
            ),
          );
        }
      }
      const timeoutMs =
        kind === 'ddl' ? this.limits.ddlTimeoutMs : kind === 'write' ? this.limits.dmlTimeoutMs : this.limits.selectTimeoutMs;
      await this.limitSession(connection, timeoutMs);
      const queryStarted = performance.now();
      let result: unknown;
      try {
        [result] = await connection.query({ sql: query, values: params });
      } finally {
        this.queryTimes.push({ at: queryStarted, ms: performance.now() - queryStarted });
      }
      const rows = Array.isArray(result)
        ? result.map((row) => ({ ...(row as Record<string, unknown>) }))
        : updateResponse(result as ResultSetHeader);
      const reply = { rows };
      const text = JSON.stringify(reply);
      if (Buffer.byteLength(text) > this.limits.responseBytes) {
        return record(
          this.refused(
            forgeError(
              400,
              'SQL_EXECUTION_ERROR',
              `The response is ${Buffer.byteLength(text)} bytes; Forge SQL answers at most ${this.limits.responseBytes} (4 MiB): select fewer rows or columns (LIMIT, aggregate in SQL).`,
            ),
          ),
        );
      }
      if (this.lose > 0) {
        this.lose -= 1;
        return record(forgeError(503, 'UNKNOWN_ERROR', 'The connection to Forge SQL was lost (injected; the statement ran).'));
      }
      return record({ status: 200, body: reply });
    } catch (error) {
      const e = error as { errno?: number; sqlMessage?: string; sqlState?: string; message?: string };
      // 1969 ER_STATEMENT_TIMEOUT: max_statement_time stopped the statement.
      if (e.errno === 1969) {
        return record(
          this.refused(
            forgeError(
              400,
              'QUERY_TIMED_OUT',
              `The query ran longer than Forge SQL allows for a ${kind === 'read' ? 'SELECT' : kind === 'write' ? 'write' : 'DDL statement'}.`,
            ),
          ),
        );
      }
      return record(
        forgeError(400, 'SQL_EXECUTION_ERROR', e.sqlMessage ?? e.message ?? String(error), {
          context: { errno: e.errno ?? null, sqlState: e.sqlState ?? null },
        }),
      );
    } finally {
      connection.release();
    }
  }

  /** Runs a statement directly (no limits, no records): for tests that read what the app stored. */
  async select<Row = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<Row[]> {
    const pool = await this.open();
    const [rows] = await pool.query({ sql: query, values: params });
    return (Array.isArray(rows) ? rows : []) as Row[];
  }

  /** The bytes the database stores (data and indexes, as InnoDB reports them). */
  async storedBytes(connection?: PoolConnection): Promise<number> {
    const run = connection ?? (await this.open());
    const [rows] = await run.query(
      'SELECT COALESCE(SUM(DATA_LENGTH + INDEX_LENGTH), 0) AS bytes FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()',
    );
    return Number((rows as Array<{ bytes: number | string }>)[0]?.bytes ?? 0);
  }

  /** Sets the statement timeout of the connection for the next statement (and Forge SQL's session settings once). */
  private async limitSession(connection: PoolConnection, timeoutMs: number): Promise<void> {
    if (!this.prepared.has(connection)) {
      this.prepared.add(connection);
      await connection.query(
        "SET SESSION sql_mode = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', time_zone = '+00:00'",
      );
    }
    await connection.query('SET SESSION max_statement_time = ?', [timeoutMs / 1000]);
  }
}

/** The answer to a write, in @forge/sql's UpdateQueryResponse shape. */
function updateResponse(header: ResultSetHeader): Record<string, unknown> {
  return {
    affectedRows: header.affectedRows,
    fieldCount: header.fieldCount,
    info: header.info,
    insertId: header.insertId,
    serverStatus: header.serverStatus ?? 0,
    warningStatus: header.warningStatus,
  };
}
