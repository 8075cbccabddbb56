// Builds the SLA panel to static/sla-panel/dist; `base: './'` because Forge serves resources under a path.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    rolldownOptions: {
      // The panel borrows only formatMinutes from src/engine/duration.ts. The zod schemas that module builds at
      // load time are unused here; declaring zod's builders pure lets them (and zod, ~20 KB gzipped) drop out.
      treeshake: { manualPureFunctions: ['z'] },
    },
  },
});
