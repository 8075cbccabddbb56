import { gadgetConfigurationSchema } from '../../../src/contracts/reports';
import { configurationOf, gadgetScope, scopeWords } from '../../../static/reports/gadget-scope';
import { NO_ORG, organizationOfValue, valueOfOrganization } from '../../../static/reports/organization-choice';

describe('the gadget configuration', () => {
  it.each([
    [{}, null, {}, 'all projects'],
    [{}, 'SUP', { projectKey: 'SUP' }, 'SUP'],
    [{ projectKey: 'OPS' }, 'SUP', { projectKey: 'OPS' }, 'OPS'],
    [{ organization: 'Acme' }, null, { organization: 'Acme' }, 'all projects · Acme'],
    [{ projectKey: 'OPS', organization: null }, null, { projectKey: 'OPS', organization: null }, 'OPS · (no organization)'],
  ])('configuration %j in project context %p reports on %j ("%s")', (configuration, context, scope, words) => {
    expect(gadgetScope(configuration, context)).toEqual(scope);
    expect(scopeWords(gadgetScope(configuration, context))).toBe(words);
  });

  it.each([
    ['', '', {}, {}],
    ['SUP', '', {}, { projectKey: 'SUP' }],
    ['', NO_ORG, { refresh: 15 }, { organization: null, refresh: 15 }],
    ['OPS', 'Acme', { projectKey: 'SUP', organization: null }, { projectKey: 'OPS', organization: 'Acme' }],
  ])('the edit view saves project %p and organization %p (before: %j) as %j', (project, organization, previous, saved) => {
    expect(configurationOf(project, organization, previous)).toEqual(saved);
    expect(gadgetConfigurationSchema.parse(saved)).toEqual(saved);
  });

  it('maps the organization menu value both ways', () => {
    for (const organization of [undefined, null, 'Acme', 'none']) {
      expect(organizationOfValue(valueOfOrganization(organization))).toBe(organization);
    }
  });

  it('refuses a saved setting the gadget cannot use, naming it and the fix; drops keys it does not know', () => {
    const bad = gadgetConfigurationSchema.safeParse({ projectKey: 'not a key', refresh: 0 });
    expect(bad.success ? [] : bad.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([
      'projectKey: give a project key such as SUP',
      expect.stringMatching(/^refresh: /),
    ]);
    expect(gadgetConfigurationSchema.parse({ projectKey: 'SUP', later: true })).toEqual({ projectKey: 'SUP' });
  });
});
