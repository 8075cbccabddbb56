/**
 * Follows a spawned `npm start` (sandbox/main.ts) process: collects what it prints and resolves the issue view's
 * address once it is printed, or rejects with the output if the process exits first.
 */
import type { ChildProcess } from 'node:child_process';

export interface FollowedSandbox {
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** The process's exit code, once it exits. */
  exited: Promise<number | null>;
  /** The sandbox's base address, e.g. `http://127.0.0.1:4610`. */
  url: Promise<string>;
}

export function followSandbox(child: ChildProcess): FollowedSandbox {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((settle) => child.on('exit', (code) => settle(code)));
  const url = new Promise<string>((resolveUrl, reject) => {
    const timer = setInterval(() => {
      const match = /issue view:\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (match) {
        clearInterval(timer);
        resolveUrl(match[1]!);
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`sandbox exited early (${code}):\n${output}`));
    });
  });
  return { output: () => output, exited, url };
}
