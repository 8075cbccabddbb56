/**
 * One entry of an issue's escalation audit trail, as stored in Forge storage (`ladder:<issueId>:…`) and as the
 * panel and the admin export read it: a notice sent (or refused) on one channel, or an acknowledgement. Shared by
 * src/forge (which writes and reads it) and static/ (which shows it).
 */
import * as z from 'zod';

const recipientSchema = z.union([
  z
    .object({ kind: z.literal('user'), accountId: z.string(), via: z.enum(['accountId', 'assignee', 'reporter', 'accountManager']) })
    .strict(),
  z.object({ kind: z.literal('group'), name: z.string(), via: z.enum(['group', 'accountManager']) }).strict(),
]);

/** What became of one channel of a notice: see docs/forge.md, "Escalation notices". */
export const NOTICE_STATUSES = ['claimed', 'sent', 'refused', 'unconfirmed'] as const;

export const noticeRecordSchema = z
  .object({
    type: z.literal('notice'),
    issueKey: z.string(),
    kind: z.enum(['escalation', 'warning']),
    /** the notice's identity on the issue, e.g. `level:account-manager:0` */
    claim: z.string(),
    channel: z.enum(['email', 'comment']),
    status: z.enum(NOTICE_STATUSES),
    level: z.number().int(),
    levelId: z.string().nullable(),
    levelLabel: z.string().nullable(),
    metricId: z.string().nullable(),
    /** when the level was reached (or the warning share seen) */
    reachedAt: z.string(),
    claimedAt: z.string(),
    sentAt: z.string().nullable(),
    recipients: z.array(recipientSchema),
    unresolved: z.array(z.string()),
    /** why a channel was refused or is unconfirmed */
    note: z.string().nullable(),
  })
  .strict();
export type NoticeRecord = z.infer<typeof noticeRecordSchema>;

export const ackRecordSchema = z
  .object({
    type: z.literal('ack'),
    issueKey: z.string(),
    /** the issue's escalation level when acknowledged (0: none yet, possible for an escalation request) */
    level: z.number().int(),
    levelId: z.string().nullable(),
    levelLabel: z.string().nullable(),
    /** the cycle of the level (see the notice claim) or, with `metricId`, of the escalation request acknowledged */
    cycle: z.number().int(),
    accountId: z.string(),
    at: z.string(),
    /** set on the acknowledgement of an escalation request: the metric it stops (e.g. `escalationAck`) */
    metricId: z.string().optional(),
    /** when the request was made (the cycle's start) */
    requestedAt: z.string().optional(),
  })
  .strict();
export type AckRecord = z.infer<typeof ackRecordSchema>;

export const auditRecordSchema = z.discriminatedUnion('type', [noticeRecordSchema, ackRecordSchema]);
export type AuditRecord = z.infer<typeof auditRecordSchema>;
