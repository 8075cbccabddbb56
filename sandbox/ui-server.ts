/**
 * The HTTP side of the sandbox: serves the built Custom UI bundles with the @forge/bridge stand-in injected,
 * forwards bridge invokes to a resolver runner, and hands every other path to the caller's routes.
 * Used by `npm start` (with the Forge runtime shim) and by the UI bench (with fixed answers).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { Router } from '../emulator/router';

export const REPO_ROOT = resolve(__dirname, '..');
const ASSETS = join(__dirname, 'assets');

/** One resolver call as the bridge stand-in sends it. */
export interface BridgeCall {
  moduleKey: string;
  functionKey: string;
  payload: Record<string, unknown>;
  accountId: string;
  issueKey: string | null;
  projectKey: string | null;
}
export type BridgeInvoke = (call: BridgeCall) => Promise<unknown>;
/** Extra routes; return true when the request was answered. */
export type Routes = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
/** A route's handler: `params` are the template's decoded parameters; false passes the request on. */
export type UiHandler = (req: IncomingMessage, res: ServerResponse, params: string[]) => Promise<boolean>;

/** Extra routes from a router of UiHandlers. */
export function routesOf(router: Router<UiHandler>): Routes {
  return async (req, res, url) => {
    const route = router.match(req.method ?? 'GET', url.pathname);
    return route !== undefined && (await route.handler(req, res, route.params));
  };
}

export interface UiServerOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  invoke: BridgeInvoke;
  routes?: Routes;
  /** app name → directory of its built bundle; default static/<app>/dist for sla-panel and admin */
  apps?: Record<string, string>;
}
export interface UiServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** The tag that loads the bridge stand-in; it must run before the bundle's module script. */
export const BRIDGE_TAG = '<script src="/sandbox/bridge.js"></script>';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/** Reads a JSON request body (at most 1 MB). */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > 1_000_000) throw new HttpError(413, 'Request body too large.');
    chunks.push(buffer);
  }
  if (chunks.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch {
    throw new HttpError(400, 'The request body must be a JSON object.');
  }
}

/** Serves a file from `dir` (no escaping it); injects the bridge into HTML documents. */
async function serveFile(res: ServerResponse, dir: string, relative: string): Promise<boolean> {
  const path = normalize(join(dir, relative || 'index.html'));
  if (path !== dir && !path.startsWith(dir + sep)) return false;
  let body: Buffer;
  try {
    body = await readFile(path);
  } catch {
    return false;
  }
  const type = CONTENT_TYPES[extname(path)] ?? 'application/octet-stream';
  if (extname(path) === '.html') {
    sendText(res, 200, type, body.toString('utf8').replace('<head>', `<head>\n    ${BRIDGE_TAG}`));
  } else {
    sendText(res, 200, type, body);
  }
  return true;
}

/** Starts the server on 127.0.0.1 (or `host`) and resolves once it listens. */
export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const apps = options.apps ?? {
    'sla-panel': join(REPO_ROOT, 'static', 'sla-panel', 'dist'),
    admin: join(REPO_ROOT, 'static', 'admin', 'dist'),
    reports: join(REPO_ROOT, 'static', 'reports', 'dist'),
  };
  const host = options.host ?? '127.0.0.1';

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      // A refusal carries its HTTP status (HttpError here, the emulator's SiteError for Jira-side refusals such as
      // an unknown status or a read-only field): the user's to see, not a crash.
      const status = (error as { status?: unknown } | null)?.status;
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) sendJson(res, typeof status === 'number' ? status : 500, { ok: false, error: message });
      else res.end();
    });
  });

  const router = new Router<UiHandler>()
    .add('POST', '/bridge/invoke', async (req, res) => {
      const body = await readJson(req);
      const call: BridgeCall = {
        moduleKey: String(body.moduleKey ?? ''),
        functionKey: String(body.functionKey ?? ''),
        payload: (body.payload ?? {}) as Record<string, unknown>,
        accountId: String(body.accountId ?? ''),
        issueKey: typeof body.issueKey === 'string' ? body.issueKey : null,
        projectKey: typeof body.projectKey === 'string' ? body.projectKey : null,
      };
      try {
        sendJson(res, 200, { ok: true, body: await options.invoke(call) });
      } catch (error) {
        sendJson(res, 200, { ok: false, error: error instanceof Error ? error.message : String(error) });
      }
      return true;
    })
    // A file the assets lack falls through to the caller's routes.
    .add('GET', '/sandbox/{file*}', (_req, res, [file]) => serveFile(res, ASSETS, file ?? ''))
    .add('GET', '/apps/{app}/{file*}', async (_req, res, [app, file]) => {
      const dir = Object.hasOwn(apps, app ?? '') ? apps[app!] : undefined;
      if (dir && (await serveFile(res, dir, file ?? ''))) return true;
      sendText(res, 404, 'text/plain; charset=utf-8', `Not found: /apps/${app}/${file}. Run npm run build:static first.`);
      return true;
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`);
    const route = router.match(req.method ?? 'GET', url.pathname);
    if (route && (await route.handler(req, res, route.params))) return;
    if (options.routes && (await options.routes(req, res, url))) return;
    sendText(res, 404, 'text/plain; charset=utf-8', `Not found: ${decodeURIComponent(url.pathname)}`);
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
