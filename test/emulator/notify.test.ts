/**
 * The emulator's `POST /rest/api/3/issue/{issueIdOrKey}/notify`: what Jira's OpenAPI document says it answers
 * (204 queued; 400 for an invalid recipient, an unassigned assignee, the caller itself or no recipient; 404 for an
 * issue the caller cannot see), every request and response checked against the spec, and the outbox recording who
 * was reached (groups expanded, restrict BROWSE applied).
 */
import { JiraEmulator } from '../../emulator/jira/server';
import { assignIssue, notificationsOf, setGroup } from '../../emulator/jira/notify';
import { call } from './helpers';

let emulator: JiraEmulator;
let key: string;

beforeEach(async () => {
  emulator = new JiraEmulator();
  await emulator.listen();
  key = emulator.site.createIssue('customer', { projectKey: 'SUP', summary: 'Checkout fails' }).key;
  emulator.site.addUser({ accountId: 'lead', displayName: 'Lee Lead', role: 'agent' });
});

afterEach(async () => {
  const violations = [...emulator.specViolations];
  await emulator.close();
  expect(violations).toEqual([]);
});

const post = (body: unknown, as = 'app', issue = key) => call(emulator.baseUrl, as, 'POST', `/rest/api/3/issue/${issue}/notify`, body);

describe('POST /issue/{key}/notify', () => {
  it('queues an e-mail to users and group members, each once, and records it', async () => {
    setGroup(emulator.site, 'support', ['agent', 'lead']);
    const reply = await post({
      subject: 'Escalated',
      textBody: 'Level 1',
      to: { users: [{ accountId: 'lead' }], groups: [{ name: 'support' }] },
    });
    expect(reply.status).toBe(204);
    expect(notificationsOf(emulator.site)).toEqual([
      expect.objectContaining({ issueKey: key, subject: 'Escalated', recipients: ['agent', 'lead'] }),
    ]);
  });

  it('restrict BROWSE leaves out recipients who cannot see the issue', async () => {
    const reply = await post({
      textBody: 'x',
      to: { users: [{ accountId: 'lead' }, { accountId: 'outsider' }] },
      restrict: { permissions: [{ key: 'BROWSE' }] },
    });
    expect(reply.status).toBe(204);
    expect(notificationsOf(emulator.site)[0]!.recipients).toEqual(['lead']);
    expect(notificationsOf(emulator.site)[0]!.subject).toBe(`${key}: Checkout fails`); // Jira's default subject
  });

  it.each([
    ['an unknown account', { to: { users: [{ accountId: 'nobody' }] } }, /no user with accountId 'nobody'/],
    ['an unknown group', { to: { groups: [{ name: 'ghosts' }] } }, /no group named 'ghosts'/],
    ['the assignee of an unassigned issue', { to: { assignee: true } }, /has no assignee/],
    ['no recipient', { textBody: 'x', to: {} }, /No recipients/],
    ['a subject over 255 characters', { subject: 'x'.repeat(256), to: { reporter: true } }, /longer than 255/],
  ])('answers 400 for %s and queues nothing', async (_what, body, message) => {
    const reply = await post(body);
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body)).toMatch(message);
    expect(notificationsOf(emulator.site)).toEqual([]);
  });

  it('answers 400 when the only recipient is the caller, and 404 for an issue the caller cannot see', async () => {
    expect((await post({ to: { users: [{ accountId: 'agent' }] } }, 'agent')).status).toBe(400);
    expect((await post({ to: { users: [{ accountId: 'agent' }] } }, 'outsider')).status).toBe(404);
    expect((await post({ to: { users: [{ accountId: 'agent' }] } }, 'app', 'SUP-999')).status).toBe(404);
  });

  it('reaches the assignee and the reporter by role', async () => {
    assignIssue(emulator.site, key, 'lead');
    expect((await post({ to: { assignee: true, reporter: true } })).status).toBe(204);
    expect(notificationsOf(emulator.site)[0]!.recipients).toEqual(['customer', 'lead']);
  });
});
