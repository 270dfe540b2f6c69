import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { chromium, type Page } from 'playwright-core';
import type { FrontResponse, TrialsResponse } from '../../src/dashboard/api-types.js';
import { startDashboard } from '../../src/dashboard/server.js';
import { SqliteStorage } from '../../src/study/storage/sqlite.js';
import { writeLargeFixtureStudy } from './fixture.js';
import { liveTrial } from './live-records.js';
import { getJson } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = process.env.TEST_ARTIFACTS ? join(process.env.TEST_ARTIFACTS, 'dashboard') : join('dist', 'test-artifacts', 'dashboard');
const dir = mkdtempSync(join(tmpdir(), 'tinyevo-dashboard-browser-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// This file compiles without the DOM library (the web app has its own tsconfig), so page-side functions reach the
// page's globals through these structural types. They are functions, not strings: the page's CSP forbids eval.
interface ClientPoint { trial: number; x: number; y: number; feasible: boolean }
interface PageCanvas {
  readonly width: number;
  getBoundingClientRect(): { left: number; top: number; width: number };
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
}
interface PageGlobals {
  tinyevoFront?: { firstDrawMs: number | null; clientPoints(study: string): ClientPoint[] };
  document: { querySelector(selector: string): PageCanvas | null };
}

/** Waits until the front chart on the page has drawn its points. */
const frontDrawn = (page: Page): Promise<unknown> =>
  page.waitForFunction(() => (globalThis as unknown as PageGlobals).tinyevoFront?.firstDrawMs != null, undefined, { timeout: 30_000 });

/** The page coordinates of every point of a study on the front chart. */
const clientPoints = (page: Page, study: string): Promise<ClientPoint[]> =>
  page.evaluate((s) => (globalThis as unknown as PageGlobals).tinyevoFront?.clientPoints(s) ?? [], study);

/** The colour of the front canvas at a page point, as [r, g, b]. */
function pixelAt(page: Page, x: number, y: number): Promise<number[]> {
  return page.evaluate(([px, py]) => {
    const canvas = (globalThis as unknown as PageGlobals).document.querySelector('#front-chart canvas, #compare-chart canvas') as PageCanvas;
    const r = canvas.getBoundingClientRect();
    const k = canvas.width / r.width;
    return Array.from(canvas.getContext('2d').getImageData(Math.round((px - r.left) * k), Math.round((py - r.top) * k), 1, 1).data).slice(0, 3);
  }, [x, y] as const);
}

test('in Chromium, a 10,000-trial study: the front and the table render, clicking a front point opens that trial', { timeout: 120_000 }, async () => {
  assert.ok(existsSync(CHROMIUM), `browser test: ${CHROMIUM} must exist; got none. Install Debian's chromium (\`apt-get install -y chromium\`; .ci/run installs it before the tests).`);
  const db = join(dir, 'studies.db');
  writeLargeFixtureStudy(db, 'big', 10_000);
  writeLargeFixtureStudy(db, 'rival', 1_500, 11);
  mkdirSync(ARTIFACTS, { recursive: true });
  const d = await startDashboard({ storage: db, port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${d.url}?poll=500#/study/big`);
    await frontDrawn(page);

    // The front: every point, the front trials listed, and a front point drawn in the front's red.
    const front = await getJson<FrontResponse>(d.port, '/api/studies/big/front?cost=sram');
    assert.ok(front.total > 5_000 && front.front.length > 5);
    await page.locator('#front-chart').scrollIntoViewIfNeeded();
    assert.match(await page.locator('#front-list').innerText(), new RegExp(`^front \\(${front.front.length} trials of ${front.total} trained\\)`));
    const points = await clientPoints(page, 'big');
    assert.equal(points.length, front.total, 'every trained trial is drawn');

    // The table: one page of 25 of the 10,000 trials; sorting by accuracy puts the most accurate first.
    await page.waitForSelector('#trials-table tbody tr');
    assert.equal(await page.locator('#trials-table tbody tr').count(), 25);
    assert.equal(await page.locator('.table-status').innerText(), 'rows 1–25 of 10000');
    const top = await getJson<TrialsResponse>(d.port, '/api/studies/big/trials?sort=accuracy&order=desc&limit=1');
    await page.locator('#trials-table th[data-sort="accuracy"]').click();
    await page.waitForSelector(`#trials-table tbody tr:first-child[data-trial="${top.rows[0]?.trial}"]`);
    await page.screenshot({ path: join(ARTIFACTS, 'study-10000.png'), fullPage: true });

    // Live: trials a search stores while the page is open show up in the header, the table and the front (all 40
    // trained and within the limits: accuracy 0.5 at 1,000 bytes of SRAM).
    const storage = new SqliteStorage(db);
    try {
      const big = await storage.loadStudy('big');
      for (let t = 10_000; t < 10_040; t++) {
        const { p, r } = liveTrial(t, 0.5, 1_000);
        await storage.addProposal(big?.id ?? -1, p);
        await storage.finishTrial(big?.id ?? -1, t, r);
      }
    } finally {
      storage.close();
    }
    await page.waitForFunction(() => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } | null } }).document.getElementById('live')?.textContent === '10040 finished', undefined, { timeout: 15_000 });
    await page.waitForFunction((n) => (globalThis as unknown as PageGlobals).tinyevoFront?.clientPoints('big').length === n, front.total + 40, { timeout: 15_000 });
    assert.match(await page.locator('.table-status').innerText(), /of 10040$/);

    // Click a front point that no other point is drawn within 3 px of, so the click can only mean that trial.
    await page.locator('#front-chart').scrollIntoViewIfNeeded();
    const now = await clientPoints(page, 'big');
    const onFront = new Set((await getJson<FrontResponse>(d.port, '/api/studies/big/front?cost=sram')).front.map((p) => p.trial));
    const target = now.filter((p) => onFront.has(p.trial)).find((p) => now.every((q) => q.trial === p.trial || Math.hypot(q.x - p.x, q.y - p.y) > 3));
    assert.ok(target, 'an isolated front point');
    const [r, g, b] = await pixelAt(page, target.x, target.y);
    assert.ok((r as number) > 180 && (g as number) < 110 && (b as number) < 120, `front point drawn red; got rgb(${r}, ${g}, ${b})`);
    await page.mouse.click(target.x, target.y);
    await page.waitForSelector('#trial-title');
    assert.equal(await page.locator('#trial-title').innerText(), `Trial ${target.trial}`);
    assert.equal(new URL(page.url()).hash, `#/study/big/trial/${target.trial}`);
    assert.ok(await page.locator('#arch svg g.node').count() > 3, 'the architecture is drawn');
    assert.equal(await page.locator('#sram svg rect.peak').count(), 1, 'the SRAM chart marks the peak op');
    assert.equal(await page.locator('#limits-table tbody tr').count(), 2);
    await page.screenshot({ path: join(ARTIFACTS, 'trial.png'), fullPage: true });

    // Two studies on one front.
    await page.goto(`${d.url}?poll=500#/compare/big/rival`);
    await frontDrawn(page);
    const rival = await getJson<FrontResponse>(d.port, '/api/studies/rival/front?cost=sram');
    assert.equal((await clientPoints(page, 'rival')).length, rival.total);
    await page.screenshot({ path: join(ARTIFACTS, 'compare.png'), fullPage: true });
    assert.deepEqual(problems, [], 'no console errors (a Content-Security-Policy violation would be one)');
  } finally {
    await browser.close();
    await d.close();
  }
});
