/** Entry of the `sla` command (bundled to dist/sla.js by scripts/build.mjs; launched by bin/sla.js). */
import { processIo, runCli } from './run-cli';

process.exitCode = runCli(process.argv.slice(2), processIo());
