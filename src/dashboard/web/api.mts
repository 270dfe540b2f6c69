// Fetches the dashboard's JSON API, carrying the access token of the page URL when there is one.
import type { FrontResponse, StudiesResponse, StudySummaryResponse, TrialDetailResponse, TrialsResponse } from '../api-types.js';

/** The token the page was opened with (`?token=`), or null. */
export const token = new URLSearchParams(location.search).get('token');

/** A URL of this server with the token appended. */
export function withToken(path: string): string {
  if (token === null) return path;
  return `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
}

async function get<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: token === null ? {} : { 'x-tinyevo-token': token } });
  const body = (await res.json()) as T | { error: string };
  if (!res.ok) throw new Error((body as { error: string }).error ?? `${res.status} ${res.statusText}`);
  return body as T;
}

const s = (name: string): string => `/api/studies/${encodeURIComponent(name)}`;

/** The API, one function per endpoint. */
export const api = {
  studies: (): Promise<StudiesResponse> => get('/api/studies'),
  summary: (name: string): Promise<StudySummaryResponse> => get(s(name)),
  front: (name: string, cost: string, from: number, rejectedFrom: number): Promise<FrontResponse> => get(`${s(name)}/front?cost=${encodeURIComponent(cost)}&from=${from}&rejectedFrom=${rejectedFrom}`),
  trials: (name: string, query: URLSearchParams): Promise<TrialsResponse> => get(`${s(name)}/trials?${query.toString()}`),
  trial: (name: string, trial: number): Promise<TrialDetailResponse> => get(`${s(name)}/trials/${trial}`),
  fileUrl: (name: string, file: string): string => withToken(`${s(name)}/files/${encodeURIComponent(file)}`),
};
