import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { buildWebBundle, writeWebBundle } from '../../src/dashboard/build-web.js';

const dir = mkdtempSync(join(tmpdir(), 'tinyevo-dashboard-web-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the web app type-checks under its own tsconfig (DOM types, kept out of the Node build)', () => {
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'src/dashboard/web/tsconfig.json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('the bundle is one JS and one CSS file with uPlot inside and nothing to fetch from elsewhere', async () => {
  const b = await buildWebBundle();
  assert.ok(b.js.length > 30_000, 'uPlot is bundled in');
  assert.match(b.css, /\.uplot/, "uPlot's CSS is bundled in");
  assert.match(b.css, /\.table-tools/, "the dashboard's CSS is bundled in");
  assert.doesNotMatch(b.js, /\bimport\s*\(|\brequire\(|https?:\/\/(?!www\.w3\.org\/)/, 'no dynamic import, require or URL other than the SVG namespace');
  const files = await writeWebBundle(dir);
  assert.deepEqual(files, [join(dir, 'app.js'), join(dir, 'app.css')]);
  assert.equal(readFileSync(files[0] as string, 'utf8'), b.js);
});
