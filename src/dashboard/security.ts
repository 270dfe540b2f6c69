import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isAbsolute, relative, resolve } from 'node:path';
import { DashboardError } from './errors.js';

/**
 * Headers on every response: a Content-Security-Policy that allows only this server's own script, style and
 * fetches (no inline script, no CDN, no framing), no MIME sniffing, no referrer (the URL may carry the token).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

/** Whether `host` names the loopback interface (the only bind allowed without a token). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Checks the bind options: a non-loopback host needs a token of at least 16 characters. */
export function checkBind(host: string, token: string | undefined): void {
  if (!isLoopback(host) && token === undefined) {
    throw new DashboardError(`dashboard: --host ${host} is not loopback, so --token must be given; got no --token. Pass --token with a secret of 16 or more characters, or bind 127.0.0.1.`);
  }
  if (token !== undefined && token.length < 16) throw new DashboardError(`dashboard: --token must be at least 16 characters; got ${token.length}. Use a random secret, e.g. \`openssl rand -hex 16\`.`);
}

/** The token a request carries: `?token=`, `Authorization: Bearer`, or the `x-tinyevo-token` header. */
function requestToken(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7);
  const header = req.headers['x-tinyevo-token'];
  if (typeof header === 'string') return header;
  return url.searchParams.get('token');
}

/** Whether the request may be served: the token matches (compared in constant time) when one is required. */
export function authorised(req: IncomingMessage, url: URL, token: string | undefined): boolean {
  if (token === undefined) return true;
  const got = Buffer.from(requestToken(req, url) ?? '');
  const want = Buffer.from(token);
  return got.length === want.length && timingSafeEqual(got, want);
}

/**
 * Whether a loopback-bound server should answer a request: its Host header must name loopback too, so a page on
 * another site cannot reach the dashboard through DNS rebinding.
 */
export function hostAllowed(req: IncomingMessage, boundHost: string): boolean {
  if (!isLoopback(boundHost)) return true;
  const host = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  return isLoopback(host);
}

/**
 * The path of file `name` inside `dir`: a plain file name only (no `/`, `\`, `..`, NUL or leading dot), and the
 * resolved path must stay inside `dir`. Throws DashboardError (400) otherwise.
 */
export function safeFilePath(dir: string, name: string): string {
  if (!/^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/.test(name) || name.includes('..')) {
    throw new DashboardError(`dashboard: file must be a plain file name (letters, digits, '_', '-', '.', no '..' or '/'); got '${name}'.`);
  }
  const full = resolve(dir, name);
  const rel = relative(resolve(dir), full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new DashboardError(`dashboard: file must stay inside the study's artifacts folder; got '${name}'.`);
  return full;
}
