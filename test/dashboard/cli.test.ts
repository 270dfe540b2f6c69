import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { StudiesResponse } from '../../src/dashboard/api-types.js';
import { writeFixtureStudy } from './fixture.js';
import { getJson } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tinyevo-dashboard-cli-'));
const db = join(dir, 'studies.db');
before(async () => { await writeFixtureStudy(db, 'cli', 8); });
after(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/tinyevo.js', 'dashboard', ...args], { encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('tinyevo dashboard --port 0 --json prints one JSON document once listening, serves, and stops on SIGTERM', async () => {
  const p = spawn(process.execPath, ['bin/tinyevo.js', 'dashboard', '--storage', db, '--port', '0', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  p.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  const exited = new Promise<number | null>((resolve) => p.on('exit', (code) => resolve(code)));
  const doc = await new Promise<{ url: string; port: number; storage: string }>((resolve, reject) => {
    p.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      try { resolve(JSON.parse(stdout)); } catch { /* not the whole document yet */ }
    });
    void exited.then((code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  try {
    assert.equal(doc.url, `http://127.0.0.1:${doc.port}/`);
    assert.ok(doc.port > 0);
    assert.equal(doc.storage, db);
    const studies = await getJson<StudiesResponse>(doc.port, '/api/studies');
    assert.deepEqual(studies.studies.map((s) => s.name), ['cli']);
  } finally {
    p.kill('SIGTERM');
  }
  assert.equal(await exited, 0, stderr);
  assert.match(stderr, /serving; Ctrl-C stops/);
});

test('tinyevo dashboard: bad input gives a one-line error naming the value, no stack trace', () => {
  const noToken = run('--storage', db, '--host', '0.0.0.0', '--port', '0');
  assert.equal(noToken.status, 2);
  assert.equal(noToken.stderr, 'tinyevo: dashboard: --host 0.0.0.0 is not loopback, so --token must be given; got no --token. Pass --token with a secret of 16 or more characters, or bind 127.0.0.1.\n');
  const missing = run('--storage', join(dir, 'nope.db'), '--port', '0');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^tinyevo: dashboard: --storage must be an existing study database; got '.*nope\.db', which does not exist\. .*\n$/);
  const badPort = run('--storage', db, '--port', '70000');
  assert.notEqual(badPort.status, 0);
  assert.match(badPort.stderr, /--port must be an integer from 0 to 65535 \(0 picks a free port\); got "70000"\./);
  assert.doesNotMatch(badPort.stderr + missing.stderr + noToken.stderr, /\n\s+at /, 'no stack trace');
  const json = run('--storage', join(dir, 'nope.db'), '--port', '0', '--json');
  assert.equal(json.status, 2);
  assert.match(JSON.parse(json.stdout).error.message, /--storage must be an existing study database/);
});
