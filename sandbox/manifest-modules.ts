/** The Custom UI module keys of manifest.yml, so the sandbox invokes resolvers the way each module would. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './ui-server';

export interface UiModules {
  /** app (static/<app>) → the module key that renders it */
  panel: { app: 'sla-panel'; moduleKey: string };
  admin: { app: 'admin'; moduleKey: string };
  /** the report app's three modules: global page, project page, dashboard gadget */
  reports: { app: 'reports'; moduleKey: string; projectModuleKey: string; gadgetModuleKey: string };
}

interface ManifestShape {
  modules?: Record<string, Array<{ key?: string; resource?: string }> | undefined>;
  resources?: Array<{ key?: string; path?: string }>;
}

function moduleFor(manifest: ManifestShape, moduleType: string, app: string): string {
  const resourceKey = manifest.resources?.find((r) => r.path === `static/${app}/dist`)?.key;
  const entry = manifest.modules?.[moduleType]?.find((m) => m.resource === resourceKey);
  if (!resourceKey || !entry?.key) {
    throw new Error(`manifest.yml has no ${moduleType} module whose resource is static/${app}/dist`);
  }
  return entry.key;
}

/** Reads the issue-context, admin-page and report module keys from `manifestPath` (default <repo>/manifest.yml). */
export function readUiModules(manifestPath = join(REPO_ROOT, 'manifest.yml')): UiModules {
  const manifest = parse(readFileSync(manifestPath, 'utf8')) as ManifestShape;
  return {
    panel: { app: 'sla-panel', moduleKey: moduleFor(manifest, 'jira:issueContext', 'sla-panel') },
    admin: { app: 'admin', moduleKey: moduleFor(manifest, 'jira:adminPage', 'admin') },
    reports: {
      app: 'reports',
      moduleKey: moduleFor(manifest, 'jira:globalPage', 'reports'),
      projectModuleKey: moduleFor(manifest, 'jira:projectPage', 'reports'),
      gadgetModuleKey: moduleFor(manifest, 'jira:dashboardGadget', 'reports'),
    },
  };
}
