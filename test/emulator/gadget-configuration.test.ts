/** The emulated gadget host: what view.submit may save and what the gadget is handed back (Jira's limits). */
import { join } from 'node:path';
import {
  GadgetConfigurationError,
  GadgetConfigurations,
  MAX_GADGET_CONFIGURATION_BYTES,
  parseShimManifest,
  readShimManifest,
  REPO_ROOT,
} from '../../emulator';

const MANIFEST = `
modules:
  jira:dashboardGadget:
    - key: with-edit
      resource: ui
      edit:
        resource: ui
      resolver:
        function: resolver
    - key: without-edit
      resource: ui
      resolver:
        function: resolver
  jira:globalPage:
    - key: page
      resource: ui
      resolver:
        function: resolver
`;

function refusal(work: () => void): { status: number; message: string } | null {
  try {
    work();
    return null;
  } catch (error) {
    if (!(error instanceof GadgetConfigurationError)) throw error;
    return { status: error.status, message: error.message };
  }
}

describe('GadgetConfigurations', () => {
  it('reads the edit resource of the app’s own gadget from manifest.yml', () => {
    const gadget = readShimManifest(join(REPO_ROOT, 'manifest.yml')).resolverModules.find((m) => m.type === 'jira:dashboardGadget');
    expect(gadget?.editResource).toBe(gadget?.resource);
  });

  it('hands each gadget what its edit view saved last ({} before), apart from other gadgets of the module', () => {
    const gadgets = new GadgetConfigurations(parseShimManifest(MANIFEST).resolverModules);
    expect(gadgets.get('with-edit', 'g1')).toEqual({});
    gadgets.submit('with-edit', 'g1', 'edit', { projectKey: 'SUP', organization: null, refresh: 15 });
    gadgets.submit('with-edit', 'g2', 'edit', { projectKey: 'OPS' });
    gadgets.submit('with-edit', 'g1', 'edit', { organization: 'Acme' });
    expect(gadgets.get('with-edit', 'g1')).toEqual({ organization: 'Acme' });
    expect(gadgets.get('with-edit', 'g2')).toEqual({ projectKey: 'OPS' });
    // A copy: changing what was read changes nothing saved.
    (gadgets.get('with-edit', 'g2') as { projectKey: string }).projectKey = 'X';
    expect(gadgets.get('with-edit', 'g2')).toEqual({ projectKey: 'OPS' });
  });

  it.each([
    ['the gadget view (not its edit view)', 'with-edit', null, {}, 403, "this resource's view is not submittable."],
    ['a gadget without an edit resource', 'without-edit', 'edit', {}, 403, "this resource's view is not submittable."],
    ['a module that is no gadget', 'page', 'edit', {}, 404, "No jira:dashboardGadget module 'page' in manifest.yml."],
    ['an array', 'with-edit', 'edit', [], 400, 'A gadget configuration must be a JSON object, e.g. { "projectKey": "SUP" }.'],
    ['null', 'with-edit', 'edit', null, 400, 'A gadget configuration must be a JSON object, e.g. { "projectKey": "SUP" }.'],
    ['refresh 0', 'with-edit', 'edit', { refresh: 0 }, 400, 'refresh: 0 is not a positive whole number of minutes.'],
    ['refresh 1.5', 'with-edit', 'edit', { refresh: 1.5 }, 400, 'refresh: 1.5 is not a positive whole number of minutes.'],
  ])('refuses a submit from %s', (_what, moduleKey, entryPoint, value, status, message) => {
    const gadgets = new GadgetConfigurations(parseShimManifest(MANIFEST).resolverModules);
    expect(refusal(() => gadgets.submit(moduleKey, 'g1', entryPoint, value))).toEqual({ status, message });
  });

  it('stores at most 32,768 bytes of JSON (inclusive), counted in UTF-8', () => {
    const gadgets = new GadgetConfigurations(parseShimManifest(MANIFEST).resolverModules);
    const overhead = JSON.stringify({ note: '' }).length;
    const fits = { note: 'x'.repeat(MAX_GADGET_CONFIGURATION_BYTES - overhead) };
    expect(refusal(() => gadgets.submit('with-edit', 'g1', 'edit', fits))).toBeNull();
    expect(gadgets.get('with-edit', 'g1')).toEqual(fits);
    // One character more, or a two-byte character in place of one: one byte over.
    expect(refusal(() => gadgets.submit('with-edit', 'g1', 'edit', { note: `${fits.note}x` }))?.message).toBe(
      `The gadget configuration is ${MAX_GADGET_CONFIGURATION_BYTES + 1} bytes of JSON; Jira stores at most ${MAX_GADGET_CONFIGURATION_BYTES}.`,
    );
    expect(refusal(() => gadgets.submit('with-edit', 'g1', 'edit', { note: `é${fits.note.slice(1)}` }))?.status).toBe(400);
    expect(gadgets.get('with-edit', 'g1')).toEqual(fits);
  });
});
