import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const bin = fileURLToPath(new URL('../../../bin/tinyevo.js', import.meta.url));
const nb201Dir = fileURLToPath(new URL('../../../../shared/benchmarks/nb201', import.meta.url));
const tinyevo = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 600_000 });

test('tinyevo models --json prints one JSON document with the reference models and their MACs', () => {
  const r = tinyevo('models', '--json');
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { models: { name: string; macs: number }[] };
  assert.deepEqual(doc.models.map((m) => m.name).sort(), ['demo-cnn', 'ds-cnn', 'fc-autoencoder', 'mobilenet-v2', 'mobilenetv1-0.25', 'mobilenetv2-0.35', 'resnet8']);
  assert.ok((doc.models.find((m) => m.name === 'ds-cnn')?.macs ?? 0) > 2_656_768);
});

test('tinyevo summary resnet8 prints the layer table; an unknown model is a one-line error with exit code 2', () => {
  const ok = tinyevo('summary', 'resnet8');
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /s3\.add\s+add\s+\[8,8,64\]/);
  const bad = tinyevo('summary', 'vgg16');
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim(), 'tinyevo: summary: model must be one of demo-cnn, ds-cnn, resnet8, mobilenet-v2, mobilenetv1-0.25, fc-autoencoder, mobilenetv2-0.35; got "vgg16".');
  const badJson = tinyevo('summary', 'vgg16', '--json');
  assert.equal(badJson.status, 2);
  assert.equal((JSON.parse(badJson.stdout) as { error: { type: string } }).error.type, 'ConfigError');
});

test('tinyevo train-demo rejects an unknown backend and a bad --epochs with a clear message', () => {
  const r = tinyevo('train-demo', '--backend', 'gpu', '--json');
  assert.equal(r.status, 2);
  assert.match((JSON.parse(r.stdout) as { error: { message: string } }).error.message, /engine: name must be one of auto, native, wasm, cpu, tensorflow; got "gpu"/);
  const e = tinyevo('train-demo', '--epochs', 'zero');
  assert.notEqual(e.status, 0);
  assert.match(e.stderr, /--epochs must be an integer >= 1; got "zero"/);
});

test('tinyevo train-demo --json trains the demo CNN on bundled MNIST to >= 97% test accuracy (wasm, default settings)', () => {
  const r = tinyevo('train-demo', '--json', '--backend', 'wasm');
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { testAccuracy: number; testSamples: number; history: unknown[]; backend: string };
  assert.equal(doc.backend, 'wasm');
  assert.equal(doc.history.length, 8);
  assert.ok(doc.testSamples >= 2000);
  assert.ok(doc.testAccuracy >= 0.97, `test accuracy ${doc.testAccuracy}`);
  assert.match(r.stderr, /train .*eta/);
});

test('tinyevo space list/sample/known: one JSON document each; the same seed samples the same network', () => {
  const list = JSON.parse(tinyevo('space', 'list', '--json').stdout) as { spaces: { name: string }[] };
  assert.deepEqual(list.spaces.map((s) => s.name), ['chain', 'nb201', 'mnasnet', 'multi-branch', 'cell', 'block', 'mcunet']);
  for (const { name } of list.spaces) {
    const a = tinyevo('space', 'sample', name, '--seed', '4', '--json');
    assert.equal(a.status, 0, a.stderr);
    const doc = JSON.parse(a.stdout) as { hash: string; graph: { nodes: unknown[] }; macs: number };
    assert.ok(doc.graph.nodes.length > 3 && doc.macs > 0);
    assert.equal((JSON.parse(tinyevo('space', 'sample', name, '--seed', '4', '--json').stdout) as { hash: string }).hash, doc.hash);
  }
  const known = JSON.parse(tinyevo('space', 'known', '--json').stdout) as { models: { name: string }[] };
  for (const name of ['ds-cnn', 'resnet8', 'mobilenetv1-0.25', 'fc-autoencoder', 'mobilenetv2-0.35']) assert.ok(known.models.some((m) => m.name === name), name);
  const bad = tinyevo('space', 'sample', 'vgg');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /space: name must be one of chain, nb201, mnasnet, multi-branch, cell, block, mcunet; got "vgg"/);
});

test('tinyevo bench nb201 --json: per-run seeds, queries, seconds and chosen index, plus the summary; bad flags are clear', { skip: !existsSync(nb201Dir) && 'needs ../shared/benchmarks/nb201' }, () => {
  const r = tinyevo('bench', 'nb201', '--strategy', 'rea', '--runs', '5', '--seed', '3', '--data', nb201Dir, '--json');
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { runs: { seed: number; queries: number; seconds: number; index: number }[]; summary: Record<string, { mean: number }> };
  assert.deepEqual(doc.runs.map((x) => x.seed), [3, 4, 5, 6, 7]);
  assert.ok(doc.runs.every((x) => x.queries > 50 && x.seconds <= 12_000 && x.index >= 0 && x.index < 15_625));
  assert.ok((doc.summary.c10_test_nb201?.mean ?? 0) > 90);
  const bad = tinyevo('bench', 'nb201', '--protocol', 'darts', '--data', nb201Dir);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--protocol must be one of nb201, nats; got "darts"/);
});

test('tinyevo search --json: a short search writes the results folder; the best fits the device limits', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'tinyevo-search-')), 'run');
  const r = tinyevo('search', '--budget-s', '12', '--final-epochs', '1', '--backend', 'wasm', '--seed', '2', '--out', out, '--json');
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { trials: number; trained: number; best: { testAccuracy: number; limits: { name: string; margin: number }[] } };
  assert.ok(doc.trained >= 1);
  assert.ok(doc.best.limits.length >= 3 && doc.best.limits.every((l) => l.margin >= 0), JSON.stringify(doc.best.limits));
  assert.ok(doc.best.testAccuracy > 0.5);
  const lines = readFileSync(join(out, 'trials.jsonl'), 'utf8').trim().split('\n');
  assert.equal(lines.length, doc.trials);
  for (const f of ['config.json', 'summary.json', 'best/graph.json', 'best/weights.json']) assert.ok(existsSync(join(out, f)), f);
  const full = JSON.parse(r.stdout) as { front: { trial: number }[]; pareto: { trial: number; dir: string; export: { files?: string[]; error?: string } }[] };
  assert.deepEqual(full.pareto.map((p) => p.trial), full.front.map((p) => p.trial), 'every front model exported');
  for (const p of full.pareto) {
    assert.equal(p.export.error, undefined, `trial ${p.trial}: ${p.export.error}`);
    for (const f of ['model.tflite', 'model.c', 'model.h']) assert.ok(existsSync(join(p.dir, f)), `${p.dir}/${f}`);
  }
  assert.match(r.stderr, /search .*eta/);
});

test('tinyevo search: an unknown device and an unknown config field are one-line errors', () => {
  const d = tinyevo('search', '--device', 'stm32f999', '--budget-s', '1');
  assert.equal(d.status, 2);
  assert.match(d.stderr, /device: id must be one of stm32f746, .*; got "stm32f999"/);
  const dir = mkdtempSync(join(tmpdir(), 'tinyevo-cfg-'));
  writeFileSync(join(dir, 'c.json'), JSON.stringify({ budgetSeconds: 5, fidelity: { epoch: 2 } }));
  const c = tinyevo('search', '--config', join(dir, 'c.json'));
  assert.equal(c.status, 2);
  assert.match(c.stderr, /search config .*c\.json: fidelity unrecognized key\(s\) in object: 'epoch'/);
});

test('tinyevo worker on a database that does not exist refuses and creates nothing', () => {
  const db = join(mkdtempSync(join(tmpdir(), 'tinyevo-worker-')), 'missing.db');
  const r = tinyevo('worker', '--study', 's', '--storage', db, '--json');
  assert.equal(r.status, 2);
  assert.match((JSON.parse(r.stdout) as { error: { message: string } }).error.message, /--storage must be an existing study database; got '.*missing\.db', which does not exist/);
  assert.equal(existsSync(db), false);
});
