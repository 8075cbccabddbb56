/**
 * Dashboard gadgets' saved configurations, as Jira keeps them for a Forge `jira:dashboardGadget`: the edit view
 * calls `view.submit(config)`, Jira stores the object with the gadget (a dashboard item property) and hands it to
 * the gadget's view as `extension.gadgetConfiguration`. The limits the app relies on are enforced here:
 *
 * - only a gadget module whose manifest entry has an `edit` resource has an edit view, and only that edit view may
 *   submit (the bridge answers false elsewhere: "this resource's view is not submittable");
 * - the configuration is a JSON object (entity property values are JSON; the gadget reads fields of an object);
 * - `refresh`, when given, is a positive whole number of minutes (Forge's auto-refresh field);
 * - the stored JSON is at most 32,768 bytes (UTF-8), Jira's limit on an entity property value.
 */
import type { ResolverModule } from './manifest';

/** Largest configuration Jira stores, in bytes of its JSON (inclusive): the entity property value limit. */
export const MAX_GADGET_CONFIGURATION_BYTES = 32_768;

/** A refused submit: `status` is what the host answers (400 for a bad value, 403 for a view that cannot submit). */
export class GadgetConfigurationError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'GadgetConfigurationError';
  }
}

export class GadgetConfigurations {
  private readonly saved = new Map<string, Record<string, unknown>>();

  constructor(private readonly modules: readonly ResolverModule[]) {}

  private gadget(moduleKey: string): ResolverModule {
    const module = this.modules.find((m) => m.key === moduleKey && m.type === 'jira:dashboardGadget');
    if (module === undefined) throw new GadgetConfigurationError(404, `No jira:dashboardGadget module '${moduleKey}' in manifest.yml.`);
    return module;
  }

  /**
   * The configuration saved for one gadget on a dashboard (`gadgetId`); {} until its edit view submits one.
   * @example new GadgetConfigurations(modules).get('sla-compliance-gadget', 'g1') //=> {}
   */
  get(moduleKey: string, gadgetId: string): Record<string, unknown> {
    this.gadget(moduleKey);
    return structuredClone(this.saved.get(`${moduleKey}\u0000${gadgetId}`) ?? {});
  }

  /** Saves what the edit view submitted, replacing the previous configuration; throws GadgetConfigurationError on a refusal. */
  submit(moduleKey: string, gadgetId: string, entryPoint: string | null, value: unknown): void {
    const module = this.gadget(moduleKey);
    if (module.editResource === undefined || entryPoint !== 'edit') {
      throw new GadgetConfigurationError(403, "this resource's view is not submittable.");
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new GadgetConfigurationError(400, 'A gadget configuration must be a JSON object, e.g. { "projectKey": "SUP" }.');
    }
    const refresh = (value as Record<string, unknown>).refresh;
    if (refresh !== undefined && !(typeof refresh === 'number' && Number.isInteger(refresh) && refresh > 0)) {
      throw new GadgetConfigurationError(400, `refresh: ${JSON.stringify(refresh)} is not a positive whole number of minutes.`);
    }
    const json = JSON.stringify(value);
    const bytes = Buffer.byteLength(json, 'utf8');
    if (bytes > MAX_GADGET_CONFIGURATION_BYTES) {
      throw new GadgetConfigurationError(
        400,
        `The gadget configuration is ${bytes} bytes of JSON; Jira stores at most ${MAX_GADGET_CONFIGURATION_BYTES}.`,
      );
    }
    this.saved.set(`${moduleKey}\u0000${gadgetId}`, JSON.parse(json) as Record<string, unknown>);
  }
}
