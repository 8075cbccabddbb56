#!/usr/bin/env node
// Launcher for the `sla` command: the CLI is bundled by `npm run build` (run by `npm ci` through `prepare`).
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'dist', 'sla.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('sla: the CLI is not built yet; run `npm run build` (or `npm ci`) in the repository root\n');
  process.exit(2);
}
require(bundle);
