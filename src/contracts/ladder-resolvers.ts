/**
 * Resolver names and payloads of the escalation directory (issue 10): the panel's rung and acknowledgement, the
 * admin page's user picker and audit export. Merged into RESOLVER and ResolverContract (./resolvers.ts).
 */
import * as z from 'zod';
import type { AuditRecord } from './ladder-audit';

export const LADDER_RESOLVER = {
  getLadder: 'getLadder',
  acknowledgeLevel: 'acknowledgeLevel',
  acknowledgeRequest: 'acknowledgeRequest',
  searchUsers: 'searchUsers',
  exportAudit: 'exportAudit',
} as const;

const issueKey = z.string().regex(/^[A-Z][A-Z0-9_]*-\d+$/);

export const getLadderInput = z.object({ issueKey }).strict();
export const acknowledgeLevelInput = z
  .object({
    issueKey,
    /** the level the person saw: refused with CONFLICT when the issue has moved on */
    levelId: z.string().min(1).max(64),
    cycle: z.number().int().min(0).max(10_000),
  })
  .strict();
export const acknowledgeRequestInput = z
  .object({
    issueKey,
    /** the metric the request runs (one stopped by `{ on: acknowledgement }`) */
    metricId: z.string().min(1).max(64),
    /** the request's cycle the person saw: refused with CONFLICT when another request has begun since */
    cycle: z.number().int().min(1).max(10_000),
  })
  .strict();
export const searchUsersInput = z.object({ query: z.string().trim().min(1).max(100) }).strict();
export const exportAuditInput = z.object({}).strict();

export type GetLadderInput = z.infer<typeof getLadderInput>;
export type AcknowledgeLevelInput = z.infer<typeof acknowledgeLevelInput>;
export type SearchUsersInput = z.infer<typeof searchUsersInput>;
export type AcknowledgeRequestInput = z.infer<typeof acknowledgeRequestInput>;

/** One escalation request of the issue (the current cycle of a metric stopped by an acknowledgement). */
export interface EscalationRequestDto {
  metricId: string;
  /** the metric's label, e.g. "Escalation acknowledgment" */
  label: string;
  cycle: number;
  requestedAt: string;
  /** why the cycle started, e.g. "label 'escalation-requested' added" */
  reason: string;
  dueAt: string | null;
  /** the metric's status: running, paused or breached while waiting; met or breached once stopped */
  status: string;
  /** whether the caller may acknowledge it: on the current rung (before the first level: the first rung) or the assignee */
  canAcknowledge: boolean;
  acknowledged: { accountId: string; displayName: string; at: string } | null;
  /** stopped without an acknowledgement (e.g. resolved) */
  stoppedBy: string | null;
}

/** A person as Jira shows them (GET /user/bulk, /user/search), with why they are on the rung. */
export interface PersonDto {
  accountId: string;
  displayName: string;
  avatarUrl: string | null;
  via?: string;
}

export interface LadderViewOk {
  ok: true;
  now: string;
  /** null when the policy has no directory, or no policy applies */
  ladder: {
    level: number;
    levelId: string | null;
    label: string | null;
    cycle: number;
    since: string | null;
    /** which list of the rung applied, e.g. `organization 'Acme Corp'` */
    reason: string;
    people: PersonDto[];
    groups: string[];
    unresolved: string[];
    next: { level: number; label: string; at: string | null; people: PersonDto[]; groups: string[] } | null;
    /** whether the caller is on the current rung (an account of it, or a member of one of its groups) */
    canAcknowledge: boolean;
    acknowledged: { accountId: string; displayName: string; at: string } | null;
    /** every notice and acknowledgement of the issue, oldest first */
    audit: AuditRecord[];
    /** the issue's current escalation requests, one per metric stopped by an acknowledgement that has started */
    requests: EscalationRequestDto[];
  } | null;
}

export interface AcknowledgeLevelOk {
  ok: true;
  /** false when someone on the rung had acknowledged it already (their acknowledgement is kept) */
  recorded: boolean;
  acknowledged: { accountId: string; at: string };
}

/** An acknowledgement of a level the issue is no longer at (it climbed, or dropped): reload and acknowledge that. */
export interface AcknowledgeConflict {
  ok: false;
  code: 'CONFLICT';
  message: string;
}

export interface SearchUsersOk {
  ok: true;
  users: PersonDto[];
}

export interface ExportAuditOk {
  ok: true;
  /** RFC 4180 CSV with a header line */
  csv: string;
  rows: number;
  /** true when the export stopped at its bound (EXPORT_AUDIT_MAX_ROWS) */
  truncated: boolean;
}

/** The most rows one export answers (a resolver has 25 s; storage pages hold 20 records). */
export const EXPORT_AUDIT_MAX_ROWS = 5_000;

type Failure = import('./resolvers').ResolverError;

export interface LadderResolverContract {
  getLadder: { input: GetLadderInput; output: LadderViewOk | Failure };
  acknowledgeLevel: { input: AcknowledgeLevelInput; output: AcknowledgeLevelOk | AcknowledgeConflict | Failure };
  acknowledgeRequest: { input: AcknowledgeRequestInput; output: AcknowledgeLevelOk | AcknowledgeConflict | Failure };
  searchUsers: { input: SearchUsersInput; output: SearchUsersOk | Failure };
  exportAudit: { input: Record<string, never>; output: ExportAuditOk | Failure };
}
