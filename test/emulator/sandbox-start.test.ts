import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startForgeSandbox } from '../../emulator';
import * as handlers from './fixtures/handlers';

const manifestPath = join(__dirname, 'fixtures', 'manifest.yml');

describe('startForgeSandbox', () => {
  it('leaves Date real when start-up fails, so the next sandbox can start', async () => {
    const RealDate = Date;
    // A copy of the emulator that looks for the spec where there is none.
    process.env.SLA_JIRA_SPEC = join(tmpdir(), 'no-such-jira-spec.json');
    let startWithoutSpec: typeof startForgeSandbox | undefined;
    jest.isolateModules(() => {
      startWithoutSpec = (require('../../emulator') as typeof import('../../emulator')).startForgeSandbox;
    });
    delete process.env.SLA_JIRA_SPEC;

    await expect(startWithoutSpec!({ now: '2026-03-02T09:00:00Z', manifestPath, handlers })).rejects.toThrow(/no-such-jira-spec/);
    expect(Date).toBe(RealDate);

    const sandbox = await startForgeSandbox({ now: '2026-03-02T09:00:00Z', manifestPath, handlers });
    expect(new Date().toISOString()).toBe('2026-03-02T09:00:00.000Z');
    await sandbox.close();
    expect(Date).toBe(RealDate);
  });
});
