// The Vite build shared by every Custom UI app: each static/<app>/vite.config.mts builds its folder to dist/.
// `base: './'` because Forge serves an app's resources under a path of its own.
import { defineConfig, type UserConfig } from 'vite';

export function customUiConfig(appRoot: string): UserConfig {
  return defineConfig({
    root: appRoot,
    base: './',
    logLevel: 'warn',
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
      reportCompressedSize: false,
      rolldownOptions: {
        // The apps borrow formatMinutes and parseDuration from src/engine/duration.ts. The zod schemas that module
        // builds at load time are unused here; declaring zod's builders pure lets them (and zod, ~20 KB gzipped)
        // drop out.
        treeshake: { manualPureFunctions: ['z'] },
      },
    },
  });
}
