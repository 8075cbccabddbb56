/**
 * Engine modules that run on few paths (saves, validation, presets, regex rules), loaded by dynamic `import()` so
 * that @forge/bundler (webpack, target node) emits each as a separate chunk file: the bundle every cold invocation
 * loads stays small, and Node `require`s a chunk only when its path first runs (docs/forge.md, "Cold start").
 */

/** The five preset policies and their holiday tables (about 150 kB of text): the admin page's preset list only. */
export function loadPresets(): Promise<typeof import('../engine/presets')> {
  return import('../engine/presets');
}

/**
 * The policy loader: the YAML parser (line and column of each problem), the policy schema and re2js. Saves and
 * validation reach it through the holiday library; the runtime only for a stored version without a current
 * compiled form (src/forge/compiled-policy.ts).
 */
export function loadPolicyLoader(): Promise<typeof import('../engine/load-policy')> {
  return import('../engine/load-policy');
}

/** re2js, the linear-time regex engine: only for a policy whose classification rules have a regex. */
export function loadTextRegex(): Promise<typeof import('../engine/text-regex')> {
  return import('../engine/text-regex');
}

/** The incident report of one issue: only `getIncidentReport` builds it (the report page's incident view). */
export function loadIncidentReport(): Promise<typeof import('../engine/incident-report')> {
  return import('../engine/incident-report');
}
