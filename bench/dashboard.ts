/**
 * The dashboard at scale: a 50,000-trial study (real chain-space genomes costed on the nrf52840, as the test
 * fixture) opened in headless Chromium. Prints the time to the first drawn front, cold (wall clock from starting
 * the server, study unread, with the page opened at once) and warm (a second page on the running server),
 * against the 2 s target; the server's full read; the Pareto front computation (O(n log n), against the O(n^2)
 * reference on a sample); and an idle poll.
 * Usage: npm run bench:dashboard [-- --trials N]. Needs /usr/bin/chromium. Prints markdown.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { writeWebBundle } from '../src/dashboard/build-web.js';
import { startDashboard } from '../src/dashboard/server.js';
import { DashboardReader } from '../src/dashboard/reader.js';
import { StudyCache } from '../src/dashboard/study-cache.js';
import { paretoFront2, paretoFrontBruteForce, type TradeoffPoint } from '../src/report/front.js';
import { writeLargeFixtureStudy } from '../test/dashboard/fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const arg = process.argv.indexOf('--trials');
const TRIALS = arg > 0 ? Number(process.argv[arg + 1]) : 50_000;
const out = (line = ''): void => void process.stdout.write(`${line}\n`);
const ms = (v: number): string => `${v.toFixed(1)} ms`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

interface FrontGlobals { tinyevoFront?: { firstDrawMs: number | null } }

/** Opens the study page in a fresh page and returns ms from navigation start to the front's first draw. */
async function timeToFront(page: Page, url: string): Promise<number> {
  await page.goto(`${url}#/study/big`);
  await page.waitForFunction(() => (globalThis as unknown as FrontGlobals).tinyevoFront?.firstDrawMs != null, undefined, { timeout: 60_000 });
  return page.evaluate(() => (globalThis as unknown as FrontGlobals).tinyevoFront?.firstDrawMs ?? NaN);
}

function frontTiming(cache: StudyCache): void {
  const s = cache.series.get('sram');
  if (!s) throw new Error('bench: the study has no sram figures');
  const points: TradeoffPoint[] = s.trial.map((trial, i) => ({ trial, cost: s.cost[i] as number, value: s.accuracy[i] as number })).filter((_, i) => s.feasible[i] === 1);
  const runs = Array.from({ length: 7 }, () => { const t0 = performance.now(); paretoFront2(points); return performance.now() - t0; });
  const sample = points.slice(0, 5_000);
  const t0 = performance.now();
  paretoFrontBruteForce(sample);
  const brute = performance.now() - t0;
  const t1 = performance.now();
  paretoFront2(sample);
  const fast = performance.now() - t1;
  out(`| Pareto front, ${points.length.toLocaleString('en-US')} feasible points (paretoFront2, O(n log n), median of 7) | ${ms(median(runs))} |`);
  out(`| same on ${sample.length.toLocaleString('en-US')} points: O(n log n) / O(n^2) brute force | ${ms(fast)} / ${ms(brute)} |`);
}

const dir = mkdtempSync(join(tmpdir(), 'tinyevo-bench-dashboard-'));
try {
  if (!existsSync(CHROMIUM)) throw new Error(`bench: ${CHROMIUM} must exist; got none. apt-get install -y chromium`);
  const db = join(dir, 'studies.db');
  let t = performance.now();
  writeLargeFixtureStudy(db, 'big', TRIALS);
  out(`# Dashboard at ${TRIALS.toLocaleString('en-US')} trials`);
  out();
  out(`fixture written in ${((performance.now() - t) / 1000).toFixed(1)} s; web bundle: ${(await writeWebBundle()).join(', ')}`);
  out();
  out('| measure | time |');
  out('|---|---|');
  const reader = new DashboardReader(db);
  t = performance.now();
  const cache = new StudyCache(reader.study('big'));
  cache.refresh(reader, 0);
  out(`| server: first full read of the study (${cache.order.length.toLocaleString('en-US')} trials, all fronts) | ${ms(performance.now() - t)} |`);
  frontTiming(cache);
  t = performance.now();
  cache.refresh(reader, 0);
  out(`| server: an idle poll (no new trials) | ${ms(performance.now() - t)} |`);
  reader.close();

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const started = performance.now();
  const d = await startDashboard({ storage: db, port: 0 });
  try {
    const cold = await timeToFront(page, d.url);
    const fromStart = performance.now() - started;
    const warm = await timeToFront(await browser.newPage({ viewport: { width: 1280, height: 1000 } }), d.url);
    out(`| headless Chromium: server started (study unread) and page opened, to the front drawn, wall clock (target < 2 s) | ${ms(fromStart)} ${fromStart < 2000 ? '(met)' : '(MISSED)'} |`);
    out(`| headless Chromium: that page's navigation start to first drawn front | ${ms(cold)} |`);
    out(`| headless Chromium: navigation to first drawn front, second page on the running server (target < 2 s) | ${ms(warm)} ${warm < 2000 ? '(met)' : '(MISSED)'} |`);
  } finally {
    await browser.close();
    await d.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
