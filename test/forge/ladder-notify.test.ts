/**
 * What happens to a notice when a send fails after its claim (src/forge/ladder-notify.ts): Jira's 5xx/429 releases
 * the claim and asks for a retry, which then sends once; a refusal (400) is kept and never re-sent; no answer at all
 * keeps the claim (at most once) and is never re-sent; a held claim means someone else sends it.
 */
import type { APIResponse, Route } from '@forge/api';
import type { LadderNotice } from '../../src/engine';
import type { JiraContext } from '../../src/forge/jira-client';

type Reply = number | Error;

function response(status: number): APIResponse {
  return {
    ok: status < 300,
    status,
    statusText: String(status),
    headers: { get: () => null } as unknown as APIResponse['headers'],
    json: async () => ({}),
    text: async () => (status >= 400 ? '{"errorMessages":["refused"]}' : ''),
    arrayBuffer: async () => new ArrayBuffer(0),
  } as unknown as APIResponse;
}

async function load() {
  const { memoryKvs, memoryStore } = jest.requireActual<typeof import('./support/memory-kvs')>('./support/memory-kvs');
  memoryStore.clear();
  jest.resetModules();
  jest.doMock('@forge/kvs', () => ({
    kvs: memoryKvs,
    default: memoryKvs,
    WhereConditions: { beginsWith: (v: string) => ({ condition: 'BEGINS_WITH', values: [v] }) },
  }));
  const notify = await import('../../src/forge/ladder-notify');
  const { startBudget } = await import('../../src/forge/clock');
  const sent: Array<{ path: string }> = [];
  const context = (replies: Reply[]): JiraContext => ({
    budget: startBudget(60_000),
    random: () => 0.5,
    sleep: async () => undefined,
    retry: { maxAttempts: 2 },
    fetch: async (path: Route) => {
      sent.push({ path: path.value });
      const next = replies.shift();
      if (next === undefined) throw new Error('fake fetch: script exhausted');
      if (next instanceof Error) throw next;
      return response(next);
    },
  });
  return { notify, memoryStore, sent, context };
}

const notice: LadderNotice = {
  kind: 'escalation',
  claim: 'level:support-team:0',
  level: 1,
  levelId: 'support-team',
  levelLabel: 'Support Team',
  metricId: null,
  at: '2026-03-02T10:00:00.000Z',
  people: {
    level: 'support-team',
    source: 'default',
    reason: 'the default people',
    recipients: [{ kind: 'user', accountId: 'agent', via: 'assignee' }],
    unresolved: [],
  },
  subject: 'SUP-1 escalated to Support Team (level 1 of 3)',
  text: 'SUP-1 reached level 1',
};
const issue = { id: '10001', key: 'SUP-1' };
const statusOf = (store: Map<string, unknown>, channel: string) =>
  (store.get(`ladder:10001:level:support-team:0:${channel}`) as { status?: string } | undefined)?.status;

describe('deliverNotices after a failed send', () => {
  it('5xx on the e-mail: the claim is released, the comment waits, and the retry sends each once', async () => {
    const { notify, memoryStore, sent, context } = await load();
    await expect(notify.deliverNotices(context([503, 503]), issue, [notice])).rejects.toMatchObject({ code: 'JIRA_UNAVAILABLE' });
    expect(memoryStore.size).toBe(0);
    expect(sent.filter((one) => one.path.endsWith('/comment'))).toHaveLength(0);
    const retried = await notify.deliverNotices(context([204, 201]), issue, [notice]);
    expect(retried.map((one) => `${one.channel}:${one.outcome}`)).toEqual(['email:sent', 'comment:sent']);
    expect(await notify.deliverNotices(context([]), issue, [notice])).toEqual([
      expect.objectContaining({ channel: 'email', outcome: 'already' }),
      expect.objectContaining({ channel: 'comment', outcome: 'already' }),
    ]);
    expect(sent.filter((one) => one.path.endsWith('/notify'))).toHaveLength(3); // two 503s, one accepted
  });

  it('5xx on the comment after the e-mail went out: only the comment is sent again', async () => {
    const { notify, memoryStore, sent, context } = await load();
    await expect(notify.deliverNotices(context([204, 500, 500]), issue, [notice])).rejects.toMatchObject({ retryable: true });
    expect(statusOf(memoryStore, 'email')).toBe('sent');
    expect(statusOf(memoryStore, 'comment')).toBeUndefined();
    await notify.deliverNotices(context([201]), issue, [notice]);
    expect(statusOf(memoryStore, 'comment')).toBe('sent');
    expect(sent.filter((one) => one.path.endsWith('/notify'))).toHaveLength(1);
  });

  it('a 400 is kept as refused and never re-sent; the comment says Jira refused it', async () => {
    const { notify, memoryStore, sent, context } = await load();
    const result = await notify.deliverNotices(context([400, 201]), issue, [notice]);
    expect(result.map((one) => one.outcome)).toEqual(['refused', 'sent']);
    expect(statusOf(memoryStore, 'email')).toBe('refused');
    await notify.deliverNotices(context([]), issue, [notice]);
    expect(sent).toHaveLength(2);
  });

  it('no answer: the claim stays unconfirmed and nothing is sent twice (at most once)', async () => {
    const { notify, memoryStore, sent, context } = await load();
    const result = await notify.deliverNotices(context([new Error('socket hang up'), 201]), issue, [notice]);
    expect(result.map((one) => one.outcome)).toEqual(['unconfirmed', 'sent']);
    expect(statusOf(memoryStore, 'email')).toBe('unconfirmed');
    await notify.deliverNotices(context([]), issue, [notice]);
    expect(sent.filter((one) => one.path.endsWith('/notify'))).toHaveLength(1); // never re-sent after the network error
  });

  it('the comment records the e-mail outcome and the roles that named nobody', async () => {
    const { notify } = await load();
    const unassigned = { ...notice, people: { ...notice.people, recipients: [], unresolved: ['assignee (the issue is unassigned)'] } };
    expect(notify.noticeComment(unassigned, null)).toBe(
      'SLA Ladder: escalation level 1, Support Team, reached at 2026-03-02T10:00:00.000Z.\nWho: the default people.\nNobody to e-mail on this rung.\nNot reached: assignee (the issue is unassigned).',
    );
  });
});
