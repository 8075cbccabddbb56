/**
 * What the app does when Forge SQL refuses an outcome write because the installation's stored data reached its
 * limit (128 MiB development, 256 MiB staging, 1 GiB production): the records are not saved, the SLA fields and
 * notices still are (the outcome write comes first in sla-sync.ts, so throwing would hold them back on every event
 * and sweep), and the refusal is logged once a day per installation with what was lost and what to do, instead of
 * an error on every event and every five-minute sweep.
 */
import { kvs } from '@forge/kvs';
import { ForgeSQLAPIError } from '@forge/sql';
import { runSql } from './forge-sql';
import { InstallationCache } from './installation-cache';

/** kvs key of the UTC day (`2026-12-02`) the last storage-full message was logged for this installation. */
export const STORAGE_FULL_LOGGED_KEY = 'outcomes:storage-full-logged';

/**
 * Whether `error` is Forge SQL refusing a write for want of storage. Forge documents no code of its own for it (it
 * answers SQL_EXECUTION_ERROR), so the message is read: TiDB's and the emulator's both name the storage limit.
 *
 * @example
 * isStorageLimitRefusal(new Error('Duplicate entry')) //=> false
 */
export function isStorageLimitRefusal(error: unknown): boolean {
  return (
    error instanceof ForgeSQLAPIError &&
    error.responseDetails.status === 400 &&
    /storage limit|storage quota|exceeds? (?:the )?(?:storage|disk|space)|no space left/i.test(error.message)
  );
}

const loggedDay = new InstallationCache<string>(100);

/**
 * Logs, at most once a UTC day per installation, that `unsaved` outcome records were refused for want of storage,
 * with the number of records stored and what to do. The day is kept in kvs so that every runtime logs once; a
 * warm runtime skips the kvs read.
 *
 * @example
 * await reportStorageFull(3, Date.parse('2026-12-02T10:00:00Z')) //=> true (logged); again the same day //=> false
 */
export async function reportStorageFull(unsaved: number, now: number): Promise<boolean> {
  const day = new Date(now).toISOString().slice(0, 10);
  if (loggedDay.get('day') === day) return false;
  const stored = await kvs.get<string>(STORAGE_FULL_LOGGED_KEY);
  loggedDay.set('day', day);
  if (stored === day) return false;
  await kvs.set(STORAGE_FULL_LOGGED_KEY, day);
  let held = 'an unknown number of';
  try {
    const [row] = await runSql<{ n: number | string }>('SELECT COUNT(*) AS n FROM sla_outcome');
    held = Number(row?.n ?? 0).toLocaleString('en-US');
  } catch {
    // The count only informs the message; the refusal is what matters.
  }
  console.error(
    `SLA outcome records not saved: Forge SQL storage is full (it holds ${held} outcome records). ${unsaved} record(s) were refused ` +
      'at this write, and every outcome decided until space is freed is missing from the SLA reports (the SLA fields and escalations ' +
      'still work). The daily outcome retention job deletes records older than 25 months; if storage is still full, the site ' +
      'decides more outcomes than this environment holds: use a production installation (1 GiB), or ask the app vendor. ' +
      'This message is logged once a day while writes are refused.',
  );
  return true;
}
