import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderToStaticMarkup } from 'react-dom/server';
import { parse } from 'yaml';
import type { AdminOverviewOk, RecomputeProgressOk, StoredPolicyDto } from '../../src/contracts/resolvers';
import {
  APP_FIELDS,
  GET_STARTED_MODULE_KEY,
  GetStartedView,
  stepsDone,
  type GetStartedViewProps,
} from '../../static/admin/get-started-view';

const manifest = parse(readFileSync(join(__dirname, '..', '..', 'manifest.yml'), 'utf8')) as {
  modules: Record<string, Array<Record<string, unknown>>>;
};

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&apos;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();

function stored(overrides: Partial<StoredPolicyDto> = {}): StoredPolicyDto {
  return {
    scope: { kind: 'site' },
    version: 1,
    source: 'id: x',
    policyId: 'byteztech',
    name: 'BytezTech support',
    savedAt: '2026-03-04T14:30:00.000Z',
    ...overrides,
  };
}

function overviewOf(site: StoredPolicyDto | null, projects: Array<[string, StoredPolicyDto | null]>): AdminOverviewOk {
  return {
    ok: true,
    now: '2026-03-04T14:30:00.000Z',
    site,
    projects: projects.map(([key, policy]) => ({ key, name: `Project ${key}`, policy })),
  };
}

const job = (overrides: Partial<RecomputeProgressOk> = {}): RecomputeProgressOk => ({
  ok: true,
  jobId: 'j',
  total: 10,
  done: 4,
  failed: 0,
  finished: false,
  ...overrides,
});

function render(props: Partial<GetStartedViewProps> & Pick<GetStartedViewProps, 'overview'>): string {
  return renderToStaticMarkup(
    <GetStartedView
      presets={[{ id: 'byteztech', name: 'BytezTech support', source: 'id: byteztech' }]}
      job={null}
      busy={false}
      message={null}
      onApplyPreset={() => undefined}
      onRecompute={() => undefined}
      {...props}
    />,
  );
}

describe('Get started page', () => {
  it('is a jira:adminPage module used as the Get started page, on the admin bundle and the shared resolver', () => {
    const module = manifest.modules['jira:adminPage']!.find((entry) => entry.key === GET_STARTED_MODULE_KEY);
    expect(module).toMatchObject({ useAsGetStarted: true, resource: 'admin', resolver: { function: 'resolver' } });
    // The policy editor stays a plain admin page; only the guide is the Get started page.
    expect(manifest.modules['jira:adminPage']![0]).toMatchObject({ key: 'sla-admin', resource: 'admin' });
    expect(manifest.modules['jira:adminPage']![0]!.useAsGetStarted).toBeUndefined();
  });

  it("names the app's fields exactly as manifest.yml declares them, in its order", () => {
    expect(APP_FIELDS.map((field) => field.name)).toEqual(manifest.modules['jira:customField']!.map((field) => field.name));
  });

  it.each([
    [
      'a new install',
      overviewOf(null, [
        ['SUP', null],
        ['OPS', null],
      ]),
      null,
      { policy: false, projects: false, recompute: false },
    ],
    [
      'a site default and no recompute yet',
      overviewOf(stored(), [['SUP', null]]),
      null,
      { policy: true, projects: true, recompute: false },
    ],
    [
      'a project policy only: the other project is not governed',
      overviewOf(null, [
        ['SUP', stored({ scope: { kind: 'project', projectKey: 'SUP' } })],
        ['OPS', null],
      ]),
      null,
      { policy: true, projects: false, recompute: false },
    ],
    ['a recompute still running', overviewOf(stored(), [['SUP', null]]), job(), { policy: true, projects: true, recompute: false }],
    [
      'a finished recompute',
      overviewOf(stored(), [['SUP', null]]),
      job({ done: 10, finished: true }),
      { policy: true, projects: true, recompute: true },
    ],
    ['no projects on the site', overviewOf(stored(), []), null, { policy: true, projects: false, recompute: false }],
  ])('marks the steps done for %s', (_case, overview, started, expected) => {
    expect(stepsDone(overview, started)).toEqual(expected);
  });

  it('on a new install: offers the presets, says no project is governed, and keeps recompute disabled until a policy exists', () => {
    const html = render({ overview: overviewOf(null, [['SUP', null]]) });
    expect(text(html)).toContain('Use for the whole site');
    expect(html).toContain('<option value="byteztech">BytezTech support</option>');
    expect(text(html)).toContain('none: no SLA fields are written');
    expect(html).toMatch(/<button type="button" class="button button-primary" disabled="">Recompute open issues<\/button>/);
    expect(text(html)).toContain('Pick a policy first.');
    expect(html.match(/To do/g)).toHaveLength(3);
  });

  it('after set-up: names the site default each project follows, or its own policy, and lets the admin recompute', () => {
    const html = render({
      overview: overviewOf(stored(), [
        ['SUP', null],
        ['BYT', stored({ name: 'Own policy', version: 3, scope: { kind: 'project', projectKey: 'BYT' } })],
      ]),
    });
    expect(text(html)).toContain('The site default is BytezTech support (version 1).');
    expect(text(html)).toContain('Project SUP (SUP) BytezTech support (site default)');
    expect(text(html)).toContain('Project BYT (BYT) Own policy (its own, v3)');
    expect(html).toMatch(/<button type="button" class="button button-primary">Recompute open issues<\/button>/);
  });

  it('explains how to add every field to the screens, naming the Jira places', () => {
    const words = text(render({ overview: overviewOf(null, []) }));
    for (const field of APP_FIELDS) expect(words).toContain(field.name);
    expect(words).toContain('Custom fields');
    expect(words).toContain('Associate to screens');
    expect(words).toContain('Forge custom fields');
  });

  it('shows the progress of the recompute it started', () => {
    const html = render({ overview: overviewOf(stored(), [['SUP', null]]), job: job({ total: 8, done: 8, finished: true }) });
    expect(text(html)).toContain('Recomputed 8 / 8 issues');
  });
});
