// The static report of a study: read the store read-only, summarise, analyse the best model, write HTML + Markdown.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarise, type StudySummary } from './data.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { analyseBest, reportConfig, type BestModel } from './model.js';
import { ReadOnlyStudyStore } from './store.js';
import { exportStatusOf } from './export-status.js';
import { studyArtifactsDir } from '../study/artifacts.js';

export { paretoFront2, paretoFrontBruteForce, type TradeoffPoint } from './front.js';
export { ReadOnlyStudyStore } from './store.js';
export { exportStatusOf } from './export-status.js';
export { summarise, type StudySummary } from './data.js';
export type { BestModel } from './model.js';

/** What `writeReport` wrote and found. */
export interface ReportResult {
  readonly study: string;
  readonly files: readonly string[];
  readonly trials: number;
  readonly bestTrial: number | null;
  readonly frontSram: readonly number[];
  readonly frontFlash: readonly number[];
}

/**
 * Summarises a study and analyses its best model (decoded and costed on the study's device); with `artifactsDir`, also
 * whether each top model can be exported (its stored weights present and intact).
 */
export function buildReport(store: ReadOnlyStudyStore, name: string, artifactsDir?: string): { summary: StudySummary; best: BestModel | null } {
  const study = store.loadStudy(name);
  const base = summarise(study, store.trials(study.id));
  const summary = artifactsDir ? { ...base, exportStatus: new Map(base.top.map((r) => [r.trial, exportStatusOf(r, artifactsDir)])) } : base;
  const top = summary.top[0];
  return { summary, best: top ? analyseBest(top, reportConfig(study.config)) : null };
}

/**
 * Writes `report.html` (self-contained: inline SVG and CSS, no URL) and `report.md` for study `name` of the SQLite
 * file `storagePath` into `outDir`. The file is opened read-only, so a running search is never disturbed. Throws
 * StudyError listing the stored studies when `name` is not one, StorageFileError when the file is not a study database.
 */
export function writeReport(storagePath: string, name: string, outDir: string): ReportResult {
  const store = new ReadOnlyStudyStore(storagePath);
  try {
    const { summary, best } = buildReport(store, name, studyArtifactsDir(storagePath, name));
    mkdirSync(outDir, { recursive: true });
    const files = [join(outDir, 'report.html'), join(outDir, 'report.md')];
    writeFileSync(files[0] as string, renderHtml(summary, best));
    writeFileSync(files[1] as string, renderMarkdown(summary, best));
    return {
      study: name, files, trials: summary.progress.length, bestTrial: best?.record.trial ?? null,
      frontSram: summary.sram.front.map((p) => p.trial), frontFlash: summary.flash.front.map((p) => p.trial),
    };
  } finally {
    store.close();
  }
}
