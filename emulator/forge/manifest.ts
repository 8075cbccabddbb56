/**
 * Reads the parts of manifest.yml the Forge shim needs: which exported handler each module runs, the events
 * and filters of triggers, queues and their consumers, resolver functions of UI modules, and the app-owned
 * custom fields.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { AppFieldModule, AppFieldType } from '../jira/site';

export interface TriggerModule {
  key: string;
  functionKey: string;
  events: string[];
  ignoreSelf: boolean;
}
export interface ScheduledTriggerModule {
  key: string;
  functionKey: string;
  interval: string;
}
export type ConsumerModule =
  | { key: string; queue: string; kind: 'function'; functionKey: string }
  | { key: string; queue: string; kind: 'resolver'; functionKey: string; method: string };
export interface ResolverModule {
  key: string;
  type: string;
  resource: string | null;
  functionKey: string;
  /** a dashboard gadget's `edit.resource`: only a gadget with one has an edit view that may submit a configuration */
  editResource?: string;
}

export interface ShimManifest {
  appId: string;
  /** function key → exported handler name in src/index.ts (`index.run` → `run`) */
  functions: Map<string, string>;
  /** function key → `timeoutSeconds` when the manifest sets one */
  functionTimeouts: Map<string, number>;
  triggers: TriggerModule[];
  scheduledTriggers: ScheduledTriggerModule[];
  consumers: ConsumerModule[];
  resolverModules: ResolverModule[];
  customFields: AppFieldModule[];
  scopes: string[];
}

type Obj = Record<string, unknown>;
const asArray = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

export function readShimManifest(path: string): ShimManifest {
  return parseShimManifest(readFileSync(path, 'utf8'));
}

export function parseShimManifest(text: string): ShimManifest {
  const doc = (parse(text) ?? {}) as Obj;
  const app = (doc.app ?? {}) as Obj;
  const modules = (doc.modules ?? {}) as Obj;
  const appAri = String(app.id ?? 'ari:cloud:ecosystem::app/00000000-0000-4000-8000-00000000a11d');
  const functions = new Map<string, string>();
  const functionTimeouts = new Map<string, number>();
  for (const f of asArray(modules.function)) {
    const handler = String(f.handler ?? '');
    functions.set(String(f.key), handler.slice(handler.lastIndexOf('.') + 1));
    if (typeof f.timeoutSeconds === 'number') {
      // Forge allows a function at most 900 s (consumers and scheduled triggers; resolvers and triggers stay at 25 s).
      if (!(f.timeoutSeconds >= 1 && f.timeoutSeconds <= 900))
        throw new Error(`manifest.yml: function '${String(f.key)}' has timeoutSeconds ${f.timeoutSeconds}; Forge allows 1 to 900.`);
      functionTimeouts.set(String(f.key), f.timeoutSeconds);
    }
  }
  const triggers = asArray(modules.trigger).map((t) => ({
    key: String(t.key),
    functionKey: String(t.function ?? ''),
    events: asArray(t.events).map(String),
    ignoreSelf: ((t.filter ?? {}) as Obj).ignoreSelf === true,
  }));
  const scheduledTriggers = asArray(modules.scheduledTrigger).map((t) => ({
    key: String(t.key),
    functionKey: String(t.function ?? ''),
    interval: String(t.interval ?? ''),
  }));
  const consumers: ConsumerModule[] = asArray(modules.consumer).map((c) => {
    const resolver = c.resolver as Obj | undefined;
    return resolver
      ? {
          key: String(c.key),
          queue: String(c.queue),
          kind: 'resolver' as const,
          functionKey: String(resolver.function),
          method: String(resolver.method),
        }
      : { key: String(c.key), queue: String(c.queue), kind: 'function' as const, functionKey: String(c.function) };
  });
  const resolverModules: ResolverModule[] = [];
  for (const [type, list] of Object.entries(modules)) {
    for (const m of asArray(list)) {
      const resolver = m.resolver as Obj | undefined;
      if (type !== 'consumer' && resolver && typeof resolver.function === 'string') {
        const edit = (m.edit ?? {}) as Obj;
        resolverModules.push({
          key: String(m.key),
          type,
          resource: typeof m.resource === 'string' ? m.resource : null,
          functionKey: resolver.function,
          ...(typeof edit.resource === 'string' ? { editResource: edit.resource } : {}),
        });
      }
    }
  }
  const customFields = asArray(modules['jira:customField']).map((f) => ({
    key: String(f.key),
    name: String(f.name ?? f.key),
    type: String(f.type ?? 'string') as AppFieldType,
    ...(typeof f.description === 'string' ? { description: f.description } : {}),
  }));
  const scopes = asArray(((doc.permissions ?? {}) as Obj).scopes).map(String);
  return {
    appId: appAri.slice(appAri.lastIndexOf('/') + 1),
    functions,
    functionTimeouts,
    triggers,
    scheduledTriggers,
    consumers,
    resolverModules,
    customFields,
    scopes,
  };
}
