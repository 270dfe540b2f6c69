import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { checkBind, safeFilePath } from '../../src/dashboard/security.js';
import { startDashboard } from '../../src/dashboard/server.js';
import { SqliteStorage } from '../../src/study/storage/sqlite.js';
import { writeFixtureStudy } from './fixture.js';
import { get } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tinyevo-dashboard-sec-'));
const db = join(dir, 'studies.db');
before(async () => { await writeFixtureStudy(db, 's', 5); });
after(() => rmSync(dir, { recursive: true, force: true }));

test('checkBind: a non-loopback host without a token is refused, loopback is allowed', () => {
  assert.throws(() => checkBind('0.0.0.0', undefined), { message: 'dashboard: --host 0.0.0.0 is not loopback, so --token must be given; got no --token. Pass --token with a secret of 16 or more characters, or bind 127.0.0.1.' });
  assert.throws(() => checkBind('192.168.1.5', 'short'), /--token must be at least 16 characters; got 5/);
  assert.doesNotThrow(() => checkBind('127.0.0.1', undefined));
  assert.doesNotThrow(() => checkBind('localhost', undefined));
  assert.doesNotThrow(() => checkBind('0.0.0.0', 'a-long-enough-token-123'));
});

test('startDashboard refuses a non-loopback bind without a token before opening anything', async () => {
  await assert.rejects(startDashboard({ storage: db, host: '0.0.0.0', port: 0 }), /--token must be given/);
});

test('with a token every request needs it: none or a wrong one is 401; ?token=, Bearer and header pass', async () => {
  const token = 'test-token-0123456789abcdef';
  const d = await startDashboard({ storage: db, port: 0, token });
  try {
    assert.ok(d.url.endsWith(`/?token=${token}`));
    for (const path of ['/', '/app.js', '/api/studies', '/api/studies/s/files/x.weights']) assert.equal((await get(d.port, path)).status, 401, path);
    assert.equal((await get(d.port, '/api/studies?token=wrong-token-0123456789ab')).status, 401);
    assert.equal((await get(d.port, `/api/studies?token=${token}`)).status, 200);
    assert.equal((await get(d.port, '/api/studies', { authorization: `Bearer ${token}` })).status, 200);
    assert.equal((await get(d.port, '/api/studies', { 'x-tinyevo-token': token })).status, 200);
    const html = await get(d.port, `/?token=${token}`);
    assert.match(html.body, new RegExp(`src="/app.js\\?token=${token}"`), 'the page loads its script with the token');
  } finally {
    await d.close();
  }
});

test('a study whose name climbs out of artifacts/ has no files served', async () => {
  const s = new SqliteStorage(db);
  await s.createStudy({ name: '../..', config: {} });
  s.close();
  const d = await startDashboard({ storage: db, port: 0 });
  try {
    const r = await get(d.port, `/api/studies/${encodeURIComponent('../..')}/files/studies.db`);
    assert.equal(r.status, 400);
    assert.match(JSON.parse(r.body).error, /has a name that leaves the artifacts folder/);
  } finally {
    await d.close();
  }
});

test('safeFilePath keeps names inside the folder', () => {
  assert.equal(safeFilePath('/data/artifacts/s', '12.weights'), '/data/artifacts/s/12.weights');
  for (const bad of ['../x', '..', 'a/b', 'a\\b', '/etc/passwd', '.env', '', 'x..y']) assert.throws(() => safeFilePath('/data/artifacts/s', bad), /file must be a plain file name/, bad);
});

test('bad storage, bad port and a busy port give one-line errors', async () => {
  await assert.rejects(startDashboard({ storage: join(dir, 'missing.db'), port: 0 }), { message: `dashboard: --storage must be an existing study database; got '${join(dir, 'missing.db')}', which does not exist. Run a search with --study NAME first, or pass --storage FILE.` });
  await assert.rejects(startDashboard({ storage: db, port: 70000 }), { message: 'dashboard: --port must be an integer from 0 to 65535; got 70000.' });
  await assert.rejects(startDashboard({ storage: 'postgres://u@h/db', port: 0 }), /--storage must be a SQLite study file; got a PostgreSQL URL/);
  const d = await startDashboard({ storage: db, port: 0 });
  try {
    await assert.rejects(startDashboard({ storage: db, port: d.port }), { message: `dashboard: --port must be a free port on 127.0.0.1; got ${d.port}, which is in use. Pick another, or --port 0 for any free one.` });
  } finally {
    await d.close();
  }
});
