/**
 * Executes the engine's escalation notices (src/engine/ladder-notices.ts) exactly once per issue, notice and channel,
 * whatever duplicated, late or reordered events and overlapping sweeps ask for the same one.
 *
 * Each channel of a notice (the e-mail, then the internal comment) is claimed in Forge storage with a conditional
 * write (`keyPolicy: FAIL_IF_EXISTS`: exactly one writer wins) BEFORE it is sent; the loser does nothing. After the
 * send the claim becomes the audit record (`status: sent`). When the send fails:
 * - Jira answered 429/5xx (after the client's own retries): Jira did not act, so the claim is deleted and the
 *   invocation fails with a retryable error; the redelivered event, or the next sweep (the issue was updated by the
 *   field write, and a failed sweep does not move its watermark), claims and sends it again. The comment waits for
 *   the e-mail, so it records the outcome that happened.
 * - Jira refused it (400/403): sending again would be refused again; the claim stays, `status: refused` with Jira's
 *   reason, and the comment says so.
 * - No answer (a network error; the request is never re-sent, see ./jira-notify): Jira may have sent it, so the claim
 *   stays (`status: unconfirmed`) and it is not sent again: at most once, never twice. An invocation killed between
 *   the claim and the send leaves `status: claimed` with the same meaning.
 * Keys: `ladder:<issueId>:<claim>:<channel>` (docs/forge.md, Storage); one prefix query lists an issue's trail.
 */
import { kvs, WhereConditions } from '@forge/kvs';
import type { AuditRecord, NoticeRecord } from '../contracts/ladder-audit';
import type { CompiledPolicy } from '../engine/compile-policy';
import type { SlaState } from '../engine/evaluate';
import { parseIssue } from '../engine/issue';
import { ladderNotices, type LadderNotice, type RungRecipient } from '../engine/ladder-notices';
import { currentInstant } from './clock';
import type { JiraContext, RawIssue } from './jira-client';
import { isJiraError, JiraBadRequest, JiraError, JiraForbidden, JiraNotFound } from './jira-errors';
import { addInternalComment, notifyIssue } from './jira-notify';

export type NoticeChannel = NoticeRecord['channel'];

/** The storage key of one channel of one notice. */
export function noticeKey(issueId: string, claim: string, channel: NoticeChannel): string {
  return `ladder:${issueId}:${claim}:${channel}`;
}

/** The prefix of every audit record of an issue. */
export function auditPrefix(issueId: string): string {
  return `ladder:${issueId}:`;
}

function isKeyConflict(error: unknown): boolean {
  return (error as { responseDetails?: { status?: unknown } } | null)?.responseDetails?.status === 409;
}

/** Claims a key for this invocation: true when it won, false when someone already holds it. */
// No in-memory shortcut: a claim released by another container must be seen here, so storage is always asked.
async function claim(key: string, record: NoticeRecord): Promise<boolean> {
  try {
    await kvs.set(key, record, { keyPolicy: 'FAIL_IF_EXISTS' });
  } catch (error) {
    if (!isKeyConflict(error)) throw error;
    return false;
  }
  return true;
}

async function release(key: string): Promise<void> {
  await kvs.delete(key);
}

function describe(recipient: RungRecipient): string {
  const via = { accountId: '', assignee: ' (assignee)', reporter: ' (reporter)', accountManager: ' (account manager)', group: '' }[
    recipient.via
  ];
  return recipient.kind === 'user' ? `user ${recipient.accountId}${via}` : `group ${recipient.name}${via}`;
}

/** The internal comment recording a notice and what became of its e-mail. */
export function noticeComment(notice: LadderNotice, email: NoticeRecord | null): string {
  const what =
    notice.kind === 'escalation'
      ? `SLA Ladder: escalation level ${notice.level}, ${notice.levelLabel ?? notice.levelId ?? ''}, reached at ${notice.at}.`
      : `SLA Ladder: warning before breach. ${notice.subject}.`;
  const people = notice.people.recipients.map(describe).join(', ');
  const outcome =
    email === null
      ? 'Nobody to e-mail on this rung.'
      : email.status === 'sent'
        ? `E-mailed (Jira notification): ${people}.`
        : email.status === 'refused'
          ? `Jira refused the e-mail to ${people}: ${email.note ?? 'no reason given'}.`
          : `The e-mail to ${people} may not have been sent (no answer from Jira); it is not sent twice.`;
  const lines = [what, `Who: ${notice.people.reason}.`, outcome];
  if (notice.people.unresolved.length > 0) lines.push(`Not reached: ${notice.people.unresolved.join('; ')}.`);
  return lines.join('\n');
}

export interface NoticeDelivery {
  issueKey: string;
  claim: string;
  channel: NoticeChannel;
  /** sent now, already handled by someone, refused by Jira, unconfirmed, or released for a retry */
  outcome: 'sent' | 'already' | 'refused' | 'unconfirmed' | 'retry';
}

type Outcome =
  { status: 'sent' } | { status: 'refused' | 'unconfirmed'; note: string } | { status: 'retry'; error: JiraError } | { status: 'gone' };

async function attempt(send: () => Promise<void>): Promise<Outcome> {
  try {
    await send();
    return { status: 'sent' };
  } catch (error) {
    if (error instanceof JiraNotFound) return { status: 'gone' };
    if (error instanceof JiraBadRequest || error instanceof JiraForbidden) return { status: 'refused', note: error.message };
    if (isJiraError(error) && error.status === null) return { status: 'unconfirmed', note: error.message };
    if (isJiraError(error) && error.retryable) return { status: 'retry', error };
    throw error;
  }
}

/**
 * Sends the notices of one issue that nobody has sent yet; returns what happened to each channel. Throws the last
 * retryable Jira error once every notice was tried, when a send must be retried (its claim was released).
 */
export async function deliverNotices(
  ctx: JiraContext,
  issue: { id: string; key: string },
  notices: readonly LadderNotice[],
): Promise<NoticeDelivery[]> {
  const deliveries: NoticeDelivery[] = [];
  let retry: JiraError | null = null;
  for (const notice of notices) {
    const base = (channel: NoticeChannel): NoticeRecord => ({
      type: 'notice',
      issueKey: issue.key,
      kind: notice.kind,
      claim: notice.claim,
      channel,
      status: 'claimed',
      level: notice.level,
      levelId: notice.levelId,
      levelLabel: notice.levelLabel,
      metricId: notice.metricId,
      reachedAt: notice.at,
      claimedAt: new Date(currentInstant()).toISOString(),
      sentAt: null,
      recipients: notice.people.recipients,
      unresolved: notice.people.unresolved,
      note: null,
    });
    const done = (channel: NoticeChannel, outcome: NoticeDelivery['outcome']) =>
      deliveries.push({ issueKey: issue.key, claim: notice.claim, channel, outcome });

    // 1. The e-mail, when the rung names anybody on this issue.
    const emailKey = noticeKey(issue.id, notice.claim, 'email');
    let email: NoticeRecord | null = null;
    if (notice.people.recipients.length > 0) {
      const claimed = base('email');
      if (await claim(emailKey, claimed)) {
        const to = {
          accountIds: notice.people.recipients.flatMap((one) => (one.kind === 'user' ? [one.accountId] : [])),
          groups: notice.people.recipients.flatMap((one) => (one.kind === 'group' ? [one.name] : [])),
        };
        const result = await attempt(() => notifyIssue(ctx, issue.id, { subject: notice.subject, textBody: notice.text, to }));
        if (result.status === 'gone') return deliveries;
        if (result.status === 'retry') {
          await release(emailKey);
          retry = result.error;
          done('email', 'retry');
          continue; // the comment records the e-mail's outcome, so it waits for the retry
        }
        email = {
          ...claimed,
          status: result.status,
          sentAt: result.status === 'sent' ? new Date(currentInstant()).toISOString() : null,
          note: result.status === 'sent' ? null : result.note,
        };
        await kvs.set(emailKey, email);
        done('email', result.status);
      } else {
        email = ((await kvs.get<NoticeRecord>(emailKey)) ?? null) as NoticeRecord | null;
        done('email', 'already');
      }
    }

    // 2. The internal comment that records it.
    const commentKey = noticeKey(issue.id, notice.claim, 'comment');
    const claimed = base('comment');
    if (!(await claim(commentKey, claimed))) {
      done('comment', 'already');
      continue;
    }
    const result = await attempt(() => addInternalComment(ctx, issue.id, noticeComment(notice, email)));
    if (result.status === 'gone') return deliveries;
    if (result.status === 'retry') {
      await release(commentKey);
      retry = result.error;
      done('comment', 'retry');
      continue;
    }
    await kvs.set(commentKey, {
      ...claimed,
      status: result.status,
      sentAt: result.status === 'sent' ? new Date(currentInstant()).toISOString() : null,
      note: result.status === 'sent' ? null : result.note,
    } satisfies NoticeRecord);
    done('comment', result.status);
  }
  if (retry) throw retry;
  return deliveries;
}

/** One evaluated issue whose policy has a directory. */
export interface NoticeCandidate {
  policy: CompiledPolicy;
  issue: RawIssue;
  state: SlaState;
}

/**
 * Decides and delivers the notices of evaluated issues (those whose policy has a directory). Every issue is tried;
 * the first retryable error is thrown at the end, so one failing issue does not hold back the others' notices.
 */
export async function deliverLadderNotices(
  ctx: JiraContext,
  candidates: readonly NoticeCandidate[],
  levelField: string | null,
): Promise<NoticeDelivery[]> {
  const all: NoticeDelivery[] = [];
  let retry: unknown = null;
  for (const { policy, issue, state } of candidates) {
    const notices = ladderNotices({ policy, snapshot: parseIssue(issue), state, levelField });
    if (notices.length === 0) continue;
    try {
      all.push(...(await deliverNotices(ctx, issue, notices)));
    } catch (error) {
      if (!isJiraError(error) || !error.retryable) throw error;
      retry ??= error;
    }
  }
  if (retry) throw retry;
  return all;
}

/** Every audit record of an issue (notices and acknowledgements), oldest first. */
export async function readAuditTrail(issueId: string): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs
      .query()
      .where('key', WhereConditions.beginsWith(auditPrefix(issueId)))
      .limit(20);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<AuditRecord>();
    for (const { value } of page.results) records.push(value);
    cursor = page.nextCursor;
  } while (cursor);
  return records.sort(compareAudit);
}

function auditInstant(record: AuditRecord): string {
  return record.type === 'ack' ? record.at : (record.sentAt ?? record.claimedAt);
}

/** Audit order: by issue, then instant; at one instant a notice's e-mail, then its comment, then acknowledgements. */
export function compareAudit(a: AuditRecord, b: AuditRecord): number {
  const rank = (record: AuditRecord) => (record.type === 'ack' ? 2 : record.channel === 'email' ? 0 : 1);
  return a.issueKey.localeCompare(b.issueKey) || auditInstant(a).localeCompare(auditInstant(b)) || rank(a) - rank(b);
}
