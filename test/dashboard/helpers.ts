/** HTTP helpers for the dashboard tests: GET a path of a running dashboard, as JSON or raw. */
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:http';

/** A response: status, headers and body text. */
export interface Got {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** GETs (or `method`s) `path` on 127.0.0.1:`port` with optional headers. */
export function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** GETs `path` and parses the JSON body, failing with the body when the status is not 200. */
export async function getJson<T>(port: number, path: string, headers: Record<string, string> = {}): Promise<T> {
  const r = await get(port, path, headers);
  if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.body}`);
  return JSON.parse(r.body) as T;
}
