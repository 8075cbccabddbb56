import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectKeyForPreset } from '../../sandbox/demo-site';
import { BRIDGE_TAG, startUiServer, type BridgeCall, type UiServer } from '../../sandbox/ui-server';

describe('sandbox UI server', () => {
  let server: UiServer;
  const calls: BridgeCall[] = [];

  beforeAll(async () => {
    const dist = mkdtempSync(join(tmpdir(), 'ui-server-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><html><head><title>x</title></head><body></body></html>');
    writeFileSync(join(dist, 'app.js'), 'console.log(1)');
    server = await startUiServer({
      port: 0,
      apps: { 'sla-panel': dist },
      invoke: async (call) => {
        calls.push(call);
        if (call.functionKey === 'boom') throw new Error('resolver crashed');
        return { ok: true, echo: call.payload };
      },
      routes: async (_req, res, url) => {
        if (url.pathname !== '/extra') return false;
        res.end('extra');
        return true;
      },
    });
  });

  afterAll(() => server.close());

  it('serves app documents with the bridge stand-in before any other script', async () => {
    const html = await (await fetch(`${server.url}/apps/sla-panel/index.html`)).text();
    expect(html.indexOf(BRIDGE_TAG)).toBeGreaterThan(-1);
    expect(html.indexOf(BRIDGE_TAG)).toBeLessThan(html.indexOf('<title>'));
    const js = await fetch(`${server.url}/apps/sla-panel/app.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await js.text()).not.toContain('bridge');
    const bridge = await (await fetch(`${server.url}/sandbox/bridge.js`)).text();
    expect(bridge).toContain('window.__bridge');
  });

  it('does not serve files outside an app directory', async () => {
    const response = await fetch(`${server.url}/apps/sla-panel/..%2F..%2F..%2Fetc%2Fpasswd`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('root:');
  });

  it('forwards invokes with the caller and maps a resolver crash to an error answer', async () => {
    const ok = await fetch(`${server.url}/bridge/invoke`, {
      method: 'POST',
      body: JSON.stringify({
        moduleKey: 'sla-panel',
        functionKey: 'getSlaState',
        payload: { issueKey: 'SUP-1' },
        accountId: 'agent',
        issueKey: 'SUP-1',
        projectKey: 'SUP',
      }),
    });
    expect(await ok.json()).toEqual({ ok: true, body: { ok: true, echo: { issueKey: 'SUP-1' } } });
    expect(calls.at(-1)).toEqual({
      moduleKey: 'sla-panel',
      functionKey: 'getSlaState',
      payload: { issueKey: 'SUP-1' },
      accountId: 'agent',
      issueKey: 'SUP-1',
      projectKey: 'SUP',
    });
    const crash = await fetch(`${server.url}/bridge/invoke`, {
      method: 'POST',
      body: JSON.stringify({ functionKey: 'boom', accountId: 'agent' }),
    });
    expect(await crash.json()).toEqual({ ok: false, error: 'resolver crashed' });
    const bad = await fetch(`${server.url}/bridge/invoke`, { method: 'POST', body: 'not json' });
    expect(bad.status).toBe(400);
  });

  it('hands other paths to the extra routes, else 404', async () => {
    expect(await (await fetch(`${server.url}/extra`)).text()).toBe('extra');
    expect((await fetch(`${server.url}/nothing`)).status).toBe(404);
  });
});

describe('demo project keys', () => {
  it('gives the five presets short distinct keys and never reuses one', () => {
    const taken = new Set(['SUP', 'OPS']);
    const keys = ['batoi-enterprise', 'businessmap', 'byteztech', 'b2bee', 'essensys'].map((id) => {
      const key = projectKeyForPreset(id, taken);
      taken.add(key);
      return key;
    });
    expect(keys).toEqual(['BAT', 'BMP', 'BYT', 'BEE', 'ESS']);
    expect(projectKeyForPreset('byteztech', taken)).toBe('BYT2');
    expect(projectKeyForPreset('9lives', new Set())).toMatch(/^[A-Z][A-Z0-9]*$/);
  });
});
