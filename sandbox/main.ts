/**
 * `npm start`: builds the Custom UI bundles, starts the sandbox on 127.0.0.1:4610 (PORT overrides; SANDBOX_NOW
 * sets the opening instant; SANDBOX_BUILD=0 serves the bundles already built), prints the address, and stops
 * cleanly on Ctrl-C (SIGINT) or SIGTERM.
 */
import { DEFAULT_PORT, startSandbox } from './index';
import { startupMessage } from './startup-message';

async function main(): Promise<void> {
  const port = process.env.PORT ? Number(process.env.PORT) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${process.env.PORT}".`);
  const build = process.env.SANDBOX_BUILD !== '0';
  process.stdout.write(`SLA Ladder sandbox: building ${build ? 'the Custom UI bundles and ' : ''}the demo site…\n`);
  const started = performance.now();
  const sandbox = await startSandbox({
    port,
    build,
    // three months of finished requests, so the report page and gadget open populated
    historyMonths: 3,
    ...(process.env.SANDBOX_NOW ? { now: process.env.SANDBOX_NOW } : {}),
  });
  process.stdout.write(
    `SLA Ladder sandbox ready in ${((performance.now() - started) / 1000).toFixed(1)} s\n` +
      startupMessage(sandbox) +
      'Press Ctrl-C to stop.\n',
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the sandbox…\n`);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if ((error as { code?: unknown }).code === 'EADDRINUSE') {
    // The usual first-run problem: say what to do instead of printing a stack.
    process.stderr.write(
      `Port ${process.env.PORT ?? DEFAULT_PORT} is already in use (another sandbox?). Stop it, or choose another port: PORT=4611 npm start\n`,
    );
  } else {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
