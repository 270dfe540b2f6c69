import { dirname, resolve, sep } from 'node:path';
import { studyArtifactsDir } from '../study/artifacts.js';
import type { StudyRow } from '../study/storage/types.js';
import { COST_NAMES, type CostName, type FrontResponse, type StudiesResponse, type StudySummaryResponse, type TrialDetailResponse, type TrialsResponse } from './api-types.js';
import { DashboardError } from './errors.js';
import type { DashboardReader } from './reader.js';
import { safeFilePath } from './security.js';
import { StudyCache } from './study-cache.js';
import { parseTableQuery, trialsPage } from './table.js';
import { trialDetail } from './trial-detail.js';

/** What an API route answers: a JSON document, or a file to stream. */
export type ApiResult = { readonly json: unknown } | { readonly file: string; readonly name: string };

/**
 * The dashboard's JSON API over one read-only study database. Keeps one StudyCache per study, refreshed by the
 * requests themselves (a poll reads only the trials finished since the last one).
 */
export class DashboardApi {
  private readonly caches = new Map<string, StudyCache>();

  constructor(readonly reader: DashboardReader, private readonly refreshIntervalMs = 200) {}

  /** The study's cache, refreshed; a study deleted and stored again under the same name starts a new cache. */
  cache(study: StudyRow): StudyCache {
    let c = this.caches.get(study.name);
    if (!c || c.study.id !== study.id) this.caches.set(study.name, (c = new StudyCache(study)));
    c.refresh(this.reader, this.refreshIntervalMs);
    return c;
  }

  /**
   * Reads every study into its cache, one study per event-loop turn, so the first page a user opens finds the
   * study already read. Returns when all are read; failures are left for the requests to report.
   */
  async preload(): Promise<void> {
    for (const s of this.reader.listStudies()) {
      await new Promise((resolve) => setImmediate(resolve));
      try {
        this.cache(s);
      } catch {
        return;
      }
    }
  }

  /** Answers `GET path?query`; throws DashboardError with a 400/404 status for a bad request. */
  handle(path: string, query: URLSearchParams): ApiResult {
    const parts = path.split('/').filter((p) => p !== '').map(decodeSegment);
    if (parts[0] !== 'api' || parts[1] !== 'studies') throw notFound(path);
    if (parts.length === 2) return { json: this.studies() };
    const study = this.reader.study(parts[2] as string);
    if (parts.length === 3) return { json: this.summary(study) };
    if (parts.length === 4 && parts[3] === 'front') return { json: this.front(study, query) };
    if (parts.length === 4 && parts[3] === 'trials') return { json: this.trials(study, query) };
    if (parts.length === 5 && parts[3] === 'trials') return { json: this.trial(study, parts[4] as string) };
    if (parts.length === 5 && parts[3] === 'files') return this.file(study, parts[4] as string);
    throw notFound(path);
  }

  /** Every study with its counts. */
  studies(): StudiesResponse {
    return {
      storage: this.reader.path,
      studies: this.reader.listStudies().map((s) => {
        const counts = this.reader.counts(s.id);
        return { name: s.name, status: s.status, createdAt: s.createdAt, counts, total: sum(counts) };
      }),
    };
  }

  /** A study's summary, progress and cost axes. */
  summary(study: StudyRow): StudySummaryResponse {
    const c = this.cache(study);
    // Finished trials by state from the cache, queued and running ones from the (study_id, state) index.
    const counts = { ...c.counts };
    for (const u of this.reader.unfinished(study.id)) counts[u.state] = (counts[u.state] ?? 0) + 1;
    const costs = [...c.series.entries()].filter(([, s]) => s.limit !== null).map(([name, s]) => ({ name, limit: s.limit as number }));
    return {
      name: study.name, status: study.status, createdAt: study.createdAt, config: study.config, counts, total: sum(counts), finished: c.order.length,
      costs: COST_NAMES.flatMap((n) => costs.filter((x) => x.name === n)), progress: c.progress, evaluations: c.order.length,
      elapsedSeconds: c.elapsedSeconds, best: c.bestTrial,
    };
  }

  /** The points of one cost axis from index `from` on, and its whole front. */
  front(study: StudyRow, query: URLSearchParams): FrontResponse {
    const c = this.cache(study);
    const cost = query.get('cost') ?? 'sram';
    const s = (COST_NAMES as readonly string[]).includes(cost) ? c.series.get(cost as CostName) : undefined;
    if (!s) throw new DashboardError(`dashboard: cost must be one of the limits study '${study.name}' records carry (${[...c.series.keys()].join(', ') || 'none yet'}); got '${cost}'.`);
    // A client holding more points than exist (the study was stored again) starts over from 0.
    const from = startIndex(query, 'from', s.trial.length);
    const rejectedFrom = startIndex(query, 'rejectedFrom', s.rejectedTrial.length);
    return {
      cost: cost as CostName, limit: s.limit, total: s.trial.length, from,
      points: { trial: s.trial.slice(from), cost: s.cost.slice(from), accuracy: s.accuracy.slice(from), feasible: s.feasible.slice(from) },
      rejected: { trial: s.rejectedTrial.slice(rejectedFrom), cost: s.rejectedCost.slice(rejectedFrom) }, rejectedTotal: s.rejectedTrial.length, rejectedFrom,
      front: s.front, frontMs: s.frontMs,
    };
  }

  /** One page of the trials table. */
  trials(study: StudyRow, query: URLSearchParams): TrialsResponse {
    const q = parseTableQuery(query);
    return trialsPage(this.cache(study), this.reader.unfinished(study.id), q, q.text === '' ? null : this.reader.search(study.id, q.text));
  }

  /** One trial's details. */
  trial(study: StudyRow, raw: string): TrialDetailResponse {
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) throw new DashboardError(`dashboard: trial must be a trial number (an integer >= 0); got '${raw}'.`);
    const row = this.reader.detail(study.id, n);
    if (!row) throw new DashboardError(`dashboard: trial must be a stored trial of study '${study.name}'; got ${n}, which is not stored.`, 404);
    return trialDetail(this.reader.path, study, row);
  }

  /** A stored file of the study (trial weights), confined to the study's artifacts folder. */
  file(study: StudyRow, name: string): ApiResult {
    const dir = studyArtifactsDir(this.reader.path, study.name);
    // A study named with '/' or '..' must not move the folder out of artifacts/ either.
    const root = resolve(dirname(this.reader.path), 'artifacts');
    if (!resolve(dir).startsWith(root + sep)) throw new DashboardError(`dashboard: study '${study.name}' has a name that leaves the artifacts folder; its files are not served.`);
    return { file: safeFilePath(dir, name), name };
  }
}

/** An append-only index the client asks from: an integer >= 0; past `length` (the study was stored again) it is 0. */
function startIndex(query: URLSearchParams, name: string, length: number): number {
  const raw = query.get(name) ?? '0';
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) throw new DashboardError(`dashboard: ${name} must be an integer >= 0; got '${raw}'.`);
  return n > length ? 0 : n;
}

const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new DashboardError(`dashboard: URL path segments must be valid percent-encoding; got '${s}'.`);
  }
}

function notFound(path: string): DashboardError {
  return new DashboardError(`dashboard: path must be one of /api/studies, /api/studies/NAME, /api/studies/NAME/front, /api/studies/NAME/trials, /api/studies/NAME/trials/N, /api/studies/NAME/files/FILE; got '${path}'.`, 404);
}
