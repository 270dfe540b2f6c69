import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TinyevoError } from '../errors.js';
import { DashboardApi } from './api.js';
import { indexHtml, WebAssets } from './assets.js';
import { DashboardError } from './errors.js';
import { DashboardReader } from './reader.js';
import { authorised, checkBind, hostAllowed, SECURITY_HEADERS } from './security.js';

/** Options of `startDashboard`. */
export interface DashboardOptions {
  /** The SQLite study database, opened read-only. */
  readonly storage: string;
  /** Interface to bind; default 127.0.0.1. Any other than loopback needs `token`. */
  readonly host?: string;
  /** TCP port; 0 picks a free one. Default 8520. */
  readonly port?: number;
  /** Access token every request must carry (`?token=`, `Authorization: Bearer`, or `x-tinyevo-token`). */
  readonly token?: string;
  /** Least milliseconds between two reads of a study's new trials (default 200). */
  readonly refreshIntervalMs?: number;
}

/** A running dashboard. */
export interface RunningDashboard {
  /** The page's URL (with `?token=` when a token is set). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly storage: string;
  /** Stops listening and closes the database. */
  close(): Promise<void>;
}

/** The default port of `tinyevo dashboard`. */
export const DEFAULT_PORT = 8520;

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const sendJson = (res: ServerResponse, status: number, value: unknown): void => send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));

function sendFile(res: ServerResponse, path: string, name: string): void {
  if (!existsSync(path) || !statSync(path).isFile()) {
    sendJson(res, 404, { error: `dashboard: file must exist in the study's artifacts folder; got '${name}', which does not.` });
    return;
  }
  res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'application/octet-stream', 'content-length': statSync(path).size, 'content-disposition': `attachment; filename="${name}"` });
  createReadStream(path).pipe(res);
}

async function route(res: ServerResponse, url: URL, api: DashboardApi, assets: WebAssets, token: string | undefined): Promise<void> {
  const path = url.pathname;
  if (path === '/' || path === '/index.html') return send(res, 200, 'text/html; charset=utf-8', indexHtml(token));
  if (path === '/app.js') return send(res, 200, 'text/javascript; charset=utf-8', (await assets.get()).js);
  if (path === '/app.css') return send(res, 200, 'text/css; charset=utf-8', (await assets.get()).css);
  if (path === '/favicon.ico') return send(res, 204, 'text/plain', '');
  const result = api.handle(path, url.searchParams);
  if ('file' in result) return sendFile(res, result.file, result.name);
  return sendJson(res, 200, result.json);
}

function handler(api: DashboardApi, assets: WebAssets, host: string, token: string | undefined) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    if (!hostAllowed(req, host)) return sendJson(res, 403, { error: `dashboard: Host header must name loopback (127.0.0.1 or localhost); got '${req.headers.host ?? ''}'.` });
    if (!authorised(req, url, token)) return sendJson(res, 401, { error: 'dashboard: request must carry the access token (?token=T, Authorization: Bearer T or x-tinyevo-token); got none or a wrong one.' });
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: `dashboard: method must be GET; got ${req.method}. The dashboard is read-only.` });
    route(res, url, api, assets, token).catch((e: unknown) => {
      const status = e instanceof DashboardError ? e.status : e instanceof TinyevoError ? 400 : 500;
      if (!res.headersSent) sendJson(res, status, { error: e instanceof Error ? e.message : String(e) });
      else res.destroy();
    });
  };
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') reject(new DashboardError(`dashboard: --port must be a free port on ${host}; got ${port}, which is in use. Pick another, or --port 0 for any free one.`));
      else if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') reject(new DashboardError(`dashboard: --host must be an address of this machine; got '${host}' (${e.code}).`));
      else if (e.code === 'EACCES') reject(new DashboardError(`dashboard: --port must be one this user may bind; got ${port} (EACCES). Use a port above 1023.`));
      else reject(e);
    });
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * Serves the dashboard for the SQLite study database `storage`, opened read-only: the web app at `/` and the JSON
 * API under `/api/`. Binds 127.0.0.1 unless `host` says otherwise, and then only with a token. Throws
 * DashboardError for a bad bind, a busy port or a missing token, StorageFileError for a missing or foreign file.
 */
export async function startDashboard(o: DashboardOptions): Promise<RunningDashboard> {
  const host = o.host ?? '127.0.0.1';
  const port = o.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new DashboardError(`dashboard: --port must be an integer from 0 to 65535; got ${port}.`);
  checkBind(host, o.token);
  if (/^postgres(ql)?:\/\//i.test(o.storage)) throw new DashboardError(`dashboard: --storage must be a SQLite study file; got a PostgreSQL URL. Export the study or run the dashboard on a SQLite copy.`);
  if (!existsSync(o.storage)) throw new DashboardError(`dashboard: --storage must be an existing study database; got '${o.storage}', which does not exist. Run a search with --study NAME first, or pass --storage FILE.`);
  const reader = new DashboardReader(o.storage);
  const api = new DashboardApi(reader, o.refreshIntervalMs);
  const server = createServer(handler(api, new WebAssets(), host, o.token));
  let bound: number;
  try {
    bound = await listen(server, host, port);
  } catch (e) {
    reader.close();
    throw e;
  }
  const preloading = api.preload();
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${bound}/${o.token === undefined ? '' : `?token=${encodeURIComponent(o.token)}`}`, host, port: bound, storage: o.storage,
    close: async () => {
      await preloading;
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      reader.close();
    },
  };
}
