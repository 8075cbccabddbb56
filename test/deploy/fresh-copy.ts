/**
 * A fresh clone without the network: the repository's tracked files (`git ls-files`) copied to
 * `<tmp>/sla-fresh-<random>/repo`, alone in its folder (no sibling a stray `../shared/…` could find), with
 * `node_modules` copied from this worktree as hard links (what `npm ci` would produce, in a few seconds; its own
 * `.cache` and `.vite-temp` left out). Where hard links are impossible (another file system) node_modules is a
 * symbolic link instead, and reads inside its real folder are allowed. Commands run in the copy record every
 * file they read through node:fs (test/deploy/record-file-reads.cjs) so a test can say which reads left the copy.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, sep } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');

/**
 * Places outside the copy that may be read: the installed packages (when linked), and the machine's own files that Node and
 * tools consult to learn about the platform (detect-libc reads /usr/bin/ldd and /proc/version) or cache their work
 * (tsx keeps compiled files in <tmp>/tsx-<uid>). Nothing of the project lives in any of them.
 */
function allowedOutside(nodeModules: string): string[] {
  return [nodeModules, '/proc', '/sys', '/dev', '/usr', '/etc', join(tmpdir(), `tsx-${userInfo().uid}`)];
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface FreshCopy {
  /** The copy's root: `<tmp>/sla-fresh-<random>/repo`. */
  root: string;
  /** Runs `node <args>` in the copy (recording reads) and resolves when it exits. */
  node(args: string[], options?: { env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult>;
  /** Starts `node <args>` in the copy (recording reads); the caller stops it. */
  spawnNode(args: string[], options?: { env?: NodeJS.ProcessEnv }): ChildProcess;
  /** Every absolute path read by the commands run so far. */
  reads(): string[];
  /** Reads that left the copy, other than installed packages and the machine's own files. */
  readsOutside(): string[];
  remove(): void;
}

/** Copies the tracked tree (and node_modules unless told not to); the copy's parent folder holds nothing else. */
export function makeFreshCopy(options: { nodeModules?: boolean } = {}): FreshCopy {
  const parent = mkdtempSync(join(tmpdir(), 'sla-fresh-'));
  const root = join(parent, 'repo');
  const readsDir = mkdtempSync(join(tmpdir(), 'sla-fresh-reads-'));
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\0')
    .filter((path) => path !== '');
  for (const path of tracked) {
    const from = join(REPO_ROOT, path);
    if (!existsSync(from)) continue; // deleted in the worktree, not yet committed
    mkdirSync(dirname(join(root, path)), { recursive: true });
    copyFileSync(from, join(root, path));
  }
  const installed = realpathSync(join(REPO_ROOT, 'node_modules'));
  let nodeModules = join(root, 'node_modules');
  if (options.nodeModules !== false) {
    try {
      execFileSync('cp', ['-al', installed, nodeModules]);
      for (const cache of ['.cache', '.vite-temp']) rmSync(join(nodeModules, cache), { recursive: true, force: true });
    } catch {
      rmSync(nodeModules, { recursive: true, force: true });
      symlinkSync(installed, nodeModules, 'dir');
      nodeModules = installed;
    }
  }

  const recorder = join(root, 'test', 'deploy', 'record-file-reads.cjs');
  const childEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...extra, SLA_FILE_READS_DIR: readsDir, NODE_OPTIONS: `--require ${recorder}` };
    delete env.SLA_JIRA_SPEC; // the copy must find its own spec, not one a developer pointed at
    return env;
  };
  const spawnNode = (args: string[], options: { env?: NodeJS.ProcessEnv } = {}) =>
    spawn(process.execPath, args, { cwd: root, env: childEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });

  const reads = (): string[] => {
    const all = new Set<string>();
    for (const name of readdirSync(readsDir)) {
      for (const line of readFileSync(join(readsDir, name), 'utf8').split('\n')) if (line) all.add(line);
    }
    return [...all].sort();
  };

  return {
    root,
    node(args, options = {}) {
      return new Promise((settle, reject) => {
        const child = spawnNode(args, options);
        let stdout = '';
        let stderr = '';
        child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
        child.on('error', reject);
        child.on('exit', (code) => {
          clearTimeout(timer);
          settle({ code, stdout, stderr });
        });
      });
    },
    spawnNode,
    reads,
    readsOutside() {
      const allowed = allowedOutside(nodeModules);
      const within = (dir: string, path: string) => path === dir || path.startsWith(`${dir}${sep}`);
      return reads().filter((path) => !within(root, path) && !allowed.some((dir) => within(dir, path)));
    },
    remove() {
      rmSync(parent, { recursive: true, force: true });
      rmSync(readsDir, { recursive: true, force: true });
    },
  };
}

/** The commands of an npm script written as `node <file> && node <file>…`, as argument lists for `node`. */
export function nodeStepsOfScript(script: string): string[][] {
  return script.split('&&').map((step) => {
    const words = step.trim().split(/\s+/);
    if (words[0] !== 'node') throw new Error(`expected only \`node <file>\` steps in "${script}"`);
    return words.slice(1);
  });
}
