/**
 * The emulator's Forge SQL: the real @forge/sql package, through the Forge runtime shim, against a real MariaDB
 * database per installation; and each documented Forge SQL limit it enforces (shrunk where waiting out the real
 * value would take seconds: the check is the same code with a smaller number).
 */
import { ForgeSQLAPIError, migrationRunner, sql } from '@forge/sql';
import { FORGE_SQL_LIMITS, SqlStore, startForgeSandbox, type ForgeSandbox, type SqlLimits } from '../../emulator';
import { hasSeveralStatements, statementKind } from '../../emulator/forge/sql-store';

let sb: ForgeSandbox | undefined;

async function sandbox(sqlLimits?: Partial<SqlLimits>): Promise<ForgeSandbox> {
  sb = await startForgeSandbox({ now: '2026-03-02T09:00:00Z', ...(sqlLimits ? { sqlLimits } : {}) });
  return sb;
}

afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

/** The error a @forge/sql call throws (fails the test when it does not throw). */
async function refusal(call: Promise<unknown>): Promise<ForgeSQLAPIError> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(ForgeSQLAPIError);
    return error as ForgeSQLAPIError;
  }
  throw new Error('expected Forge SQL to refuse the request');
}

const createTable = (name: string) => sql.executeDDL(`CREATE TABLE IF NOT EXISTS ${name} (id INT PRIMARY KEY, v VARCHAR(100))`);

describe('@forge/sql on the emulator', () => {
  it('runs migrations, writes and reads in a database of its own, and drops it with the installation', async () => {
    const one = await sandbox();
    for (const [name, statement] of [
      ['create-t', 'CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(100))'],
      ['index-t', 'CREATE INDEX t_v ON t (v)'],
    ]) {
      migrationRunner.enqueue(name!, statement!);
    }
    expect(await migrationRunner.run()).toEqual(['create-t', 'index-t']);
    // A second run applies nothing: the runner's __migrations table remembers.
    expect(await migrationRunner.run()).toEqual([]);
    const inserted = await sql
      .prepare('INSERT INTO t (id, v) VALUES (?, ?), (?, ?)')
      .bindParams(1, 'a', 2, "b'; DROP TABLE t; --")
      .execute();
    expect(inserted.rows).toMatchObject({ affectedRows: 2 });
    const read = await sql.prepare<{ id: number; v: string }>('SELECT id, v FROM t ORDER BY id').execute();
    expect(read.rows).toEqual([
      { id: 1, v: 'a' },
      { id: 2, v: "b'; DROP TABLE t; --" },
    ]);
    const database = one.sql.database;
    const other = new SqlStore({ name: 'other-installation' });
    try {
      expect(other.database).not.toBe(database);
      const answer = await other.handle('/api/v1/execute', JSON.stringify({ query: 'SELECT COUNT(*) AS n FROM t', params: [] }));
      expect(answer).toMatchObject({ status: 400, body: { code: 'SQL_EXECUTION_ERROR' } });
    } finally {
      await other.close();
    }
    await one.close();
    sb = undefined;
    const probe = new SqlStore();
    try {
      expect(await probe.select('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [database])).toEqual([]);
    } finally {
      await probe.close();
    }
  });

  it('enforces the documented limits by default', async () => {
    const one = await sandbox();
    expect(one.sql.limits).toEqual(FORGE_SQL_LIMITS);
    expect(FORGE_SQL_LIMITS).toMatchObject({
      requestBytes: 1_048_576,
      responseBytes: 4_194_304,
      tables: 200,
      selectTimeoutMs: 5_000,
      dmlTimeoutMs: 10_000,
      ddlTimeoutMs: 20_000,
      dmlRequestsPerSecond: 150,
      ddlRequestsPerMinute: 25,
      queryMsPerMinute: 62_500,
      storedBytes: 134_217_728,
    });
  });

  it('takes one statement a request, and DDL only through executeDDL', async () => {
    await sandbox();
    await createTable('t');
    expect((await refusal(sql.executeRaw('SELECT 1; SELECT 2'))).code).toBe('INVALID_SQL_QUERY');
    expect((await refusal(sql.executeRaw('CREATE TABLE u (id INT)'))).code).toBe('INVALID_SQL_QUERY');
    // A ';' inside a literal or a comment is not a second statement.
    expect((await sql.executeRaw<{ s: string }>("SELECT 'a;b' AS s -- ; trailing")).rows).toEqual([{ s: 'a;b' }]);
    expect(hasSeveralStatements('SELECT 1;')).toBe(false);
    expect(statementKind('/* x */ insert INTO t VALUES (1)')).toBe('write');
    expect(statementKind('  ALTER TABLE t ADD c INT')).toBe('ddl');
  });

  it('refuses a request over 1 MiB and a response over 4 MiB', async () => {
    const one = await sandbox();
    await createTable('t');
    const big = await refusal(sql.prepare('SELECT ? AS v').bindParams('x'.repeat(1_100_000)).execute());
    expect(big.responseDetails.status).toBe(413);
    const huge = await refusal(
      sql.executeRaw(
        "SELECT REPEAT('x', 1000000) AS v FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5) five",
      ),
    );
    expect(huge.message).toContain('4 MiB');
    expect(one.sql.refusals.map((r) => r.code)).toEqual(['REQUEST_TOO_LARGE', 'SQL_EXECUTION_ERROR']);
  });

  it('stops a SELECT, a write and a DDL statement at their time limits', async () => {
    await sandbox({ selectTimeoutMs: 200, dmlTimeoutMs: 300, ddlTimeoutMs: 400 });
    await createTable('t');
    await sql.prepare('INSERT INTO t (id, v) VALUES (1, ?)').bindParams('a').execute();
    const started = performance.now();
    expect((await refusal(sql.executeRaw('SELECT SLEEP(5) AS s'))).code).toBe('QUERY_TIMED_OUT');
    // Stopped on the server at its limit, not after the 5 s sleep (room for a loaded machine).
    expect(performance.now() - started).toBeLessThan(4_000);
    expect((await refusal(sql.executeRaw("UPDATE t SET v = CONCAT(SLEEP(2), 'x')"))).code).toBe('QUERY_TIMED_OUT');
    expect((await refusal(sql.executeDDL('CREATE TABLE slow AS SELECT SLEEP(2) AS s'))).code).toBe('QUERY_TIMED_OUT');
    // Within the limits the same statements run.
    expect((await sql.executeRaw<{ s: number }>('SELECT SLEEP(0.05) AS s')).rows).toEqual([{ s: 0 }]);
  });

  it('answers 429 past 150 DML requests a second, 25 DDL requests a minute and 62.5 s of query time a minute', async () => {
    const one = await sandbox({ dmlRequestsPerSecond: 5, ddlRequestsPerMinute: 2, queryMsPerMinute: 300 });
    await createTable('t');
    await createTable('u');
    const ddl = await refusal(createTable('w'));
    expect(ddl.responseDetails.status).toBe(429);
    for (let i = 0; i < 5; i++) await sql.executeRaw('SELECT 1');
    expect((await refusal(sql.executeRaw('SELECT 1'))).responseDetails.status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await sql.executeRaw('SELECT SLEEP(0.4)');
    const spent = await refusal(sql.executeRaw('SELECT 1'));
    expect(spent.responseDetails.status).toBe(429);
    expect(spent.message).toContain('query time');
    expect(one.sql.refusals.filter((r) => r.code === 'RATE_LIMIT_EXCEEDED')).toHaveLength(3);
  });

  it('holds at most 200 tables and refuses writes but not deletes once the stored data reaches its limit', async () => {
    await sandbox({ tables: 2, storedBytes: 16 * 1024 });
    await createTable('t');
    await createTable('u');
    // Re-running a migration's CREATE TABLE IF NOT EXISTS for an existing table is fine; a third table is not.
    await createTable('u');
    expect((await refusal(createTable('w'))).message).toContain('at most 2 tables');
    // An InnoDB table takes at least one 16 KiB page: the database is at its (shrunk) limit.
    const full = await refusal(sql.prepare('INSERT INTO t (id, v) VALUES (1, ?)').bindParams('a').execute());
    expect(full.message).toContain('delete rows first');
    expect(full.message).toContain('Storage limit reached');
    expect((await refusal(sql.prepare('UPDATE t SET v = ? WHERE id = 1').bindParams('b').execute())).message).toContain('Storage limit');
    expect((await sql.executeRaw('SELECT COUNT(*) AS n FROM t')).rows).toEqual([{ n: 0 }]);
    // A DELETE frees space, so it runs however full the database is.
    const deleted = await sql.prepare('DELETE FROM t WHERE id < ? ORDER BY id LIMIT ?').bindParams(10, 5).execute();
    expect(deleted.rows).toMatchObject({ affectedRows: 0 });
  });
});
