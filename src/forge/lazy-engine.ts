/**
 * Engine modules that run on few paths (saves, validation, presets, regex rules), loaded by dynamic `import()` so
 * that @forge/bundler (webpack, target node) emits each as a separate chunk file: the bundle every cold invocation
 * loads stays small, and Node `require`s a chunk only when its path first runs (docs/forge.md, "Cold start").
 */

/** The five preset policies and their holiday tables (about 150 kB of text): the admin page's preset list only. */
export function loadPresets(): Promise<typeof import('../engine/presets')> {
  return import('../engine/presets');
}
