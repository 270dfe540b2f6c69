import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { GraphBuilder } from '../../src/arch/builder.js';
import type { ArchGraph } from '../../src/arch/types.js';
import { generateC } from '../../src/deploy/c/generate.js';
import { DeployError } from '../../src/deploy/errors.js';
import { exportModel } from '../../src/deploy/export.js';
import { useBackend } from '../../src/engine/backend.js';
import { planMemory } from '../../src/hardware/memory/plan.js';
import { findRuntime } from '../../src/hardware/runtime/profiles.js';
import { quantizeGraph } from '../../src/quantize/ptq.js';
import { seededInputs, seededWeights, writeGeneratedWithCases, zooModels } from './export-models.js';

await useBackend('cpu');
const gcc = spawnSync('gcc', ['--version']).status === 0;
const skip = gcc ? false : 'gcc missing: apt-get install gcc';

/** Quantizes, generates C, compiles it with the host gcc and runs it on seeded inputs against the interpreter. */
function compileAndRun(name: string, graph: ArchGraph, seed: number): { arenaBytes: number; planArena: number; stdout: string } {
  const { model, deploy } = quantizeGraph(graph, seededWeights(graph, seed), seededInputs(graph, 16, seed + 1));
  const plan = planMemory(deploy, findRuntime('tinyevo-c'));
  const c = generateC(model, deploy, plan, name);
  const dir = writeGeneratedWithCases(model, c, name, 3, seed + 2);
  const cc = spawnSync('gcc', ['-std=c99', '-Wall', '-Wextra', '-Werror', '-O2', '-o', join(dir, 'run'), join(dir, `${name}.c`), join(dir, `${name}_test.c`)], { encoding: 'utf8' });
  assert.equal(cc.status, 0, `gcc failed:\n${cc.stderr}`);
  const run = spawnSync(join(dir, 'run'), { encoding: 'utf8' });
  assert.equal(run.status, 0, `${name}: generated C differs from the interpreter:\n${run.stdout.slice(0, 2000)}`);
  return { arenaBytes: c.arenaBytes, planArena: plan.arenaBytes, stdout: run.stdout };
}

const kernels: [string, (b: GraphBuilder) => string, readonly [number, number, number]][] = [
  ['conv_relu', (b) => b.activation(b.conv2d(b.input, { filters: 8, kernel: 3 }), 'relu'), [9, 9, 3]],
  ['conv_s2_valid', (b) => b.conv2d(b.input, { filters: 6, kernel: 5, strides: 2, padding: 'valid', useBias: false }), [12, 11, 2]],
  ['grouped_bn', (b) => b.batchNorm(b.conv2d(b.input, { filters: 8, kernel: 3, groups: 2 })), [8, 8, 4]],
  ['depthwise_relu6', (b) => b.activation(b.batchNorm(b.depthwiseConv2d(b.input, { kernel: 3, strides: 2, depthMultiplier: 2 })), 'relu6'), [10, 10, 3]],
  ['pools', (b) => b.avgPool(b.maxPool(b.conv2d(b.input, { filters: 4 }), { pool: 2, strides: 2, padding: 'same' }), { pool: 3, strides: 2, padding: 'same' }), [11, 11, 1]],
  ['gap_dense_softmax', (b) => b.activation(b.dense(b.globalAvgPool(b.conv2d(b.input, { filters: 5 })), 4), 'softmax'), [6, 6, 2]],
  ['residual', (b) => { const c = b.conv2d(b.input, { filters: 3 }); return b.activation(b.add([c, b.input]), 'relu'); }, [6, 6, 3]],
  ['concat_relu_bn', (b) => b.batchNorm(b.activation(b.concat([b.conv2d(b.input, { filters: 3 }), b.conv2d(b.input, { filters: 2, kernel: 1 })]), 'relu')), [6, 6, 2]],
  ['pad_flatten_dense', (b) => b.dense(b.flatten(b.conv2d(b.zeroPad(b.input, { top: 1, bottom: 2, left: 0, right: 1 }), { filters: 4, padding: 'valid' })), 5), [6, 6, 2]],
];

for (const [name, build, shape] of kernels) {
  test(`generated C is bit-exact with the interpreter (host gcc): ${name}`, { skip }, () => {
    const b = new GraphBuilder(shape);
    const r = compileAndRun(name, b.build(build(b)), 5);
    assert.match(r.stdout, /^OK 3 cases/);
    assert.equal(r.arenaBytes, Math.max(4, r.planArena), 'the static arena is the memory plan\'s');
  });
}

for (const [name, graph] of zooModels()) {
  test(`generated C for ${name} is bit-exact with the interpreter (host gcc)`, { skip }, () => {
    assert.match(compileAndRun(name.replace(/[^a-z0-9]/g, '_'), graph, 9).stdout, /^OK 3 cases/);
  });
}

// Models that leave a helper unused or whose flatten is a view of its input: the generated C must still pass
// -Wall -Wextra -Werror (no unused static function, no copy of a tensor onto itself).
const strict: [string, (b: GraphBuilder) => string, readonly [number, number, number]][] = [
  ['pools_only', (b) => b.avgPool(b.maxPool(b.input, { pool: 2, strides: 2, padding: 'same' }), { pool: 3, strides: 2, padding: 'same' }), [9, 9, 2]],
  ['pad_only', (b) => b.zeroPad(b.input, { top: 1, bottom: 0, left: 2, right: 1 }), [4, 5, 3]],
  ['aliased_flatten', (b) => b.dense(b.flatten(b.conv2d(b.input, { filters: 3 })), 4), [5, 5, 2]],
];

for (const [name, build, shape] of strict) {
  test(`generated C passes -Wall -Wextra -Werror and is bit-exact (host gcc): ${name}`, { skip }, () => {
    const b = new GraphBuilder(shape);
    const graph = b.build(build(b));
    const { model, deploy } = quantizeGraph(graph, seededWeights(graph, 3), seededInputs(graph, 16, 4));
    const source = generateC(model, deploy, planMemory(deploy, findRuntime('tinyevo-c')), name).source;
    if (name === 'aliased_flatten') {
      assert.match(source, /reshape: a view of its input/, 'the planner put the flatten at its input\'s offset');
      assert.doesNotMatch(source, /memmove/, 'no copy for a view');
    } else {
      assert.doesNotMatch(source, /te_requant/, 'no rescaling step, no te_requant');
    }
    assert.match(compileAndRun(name, graph, 3).stdout, /^OK 3 cases/);
  });
}

test('the C generator refuses an add of more than two inputs, saying what it emits and which format can', () => {
  const b = new GraphBuilder([4, 4, 2]);
  const graph = b.build(b.add([b.conv2d(b.input, { filters: 2 }), b.conv2d(b.input, { filters: 2, kernel: 1 }), b.input], 'sum3'));
  const { model, deploy } = quantizeGraph(graph, seededWeights(graph, 1), seededInputs(graph, 4, 2));
  assert.equal(model.ops.filter((o) => o.kind === 'add').length, 2, 'the int8 model (and the .tflite) runs it as two two-input adds');
  assert.throws(() => generateC(model, deploy, planMemory(deploy, findRuntime('tinyevo-c')), 'm'),
    (e: unknown) => e instanceof DeployError && /add 'sum3' has 3 inputs; it emits add of two inputs only/.test(e.message) && /tflite format expresses it/.test(e.message));
});

test('the C generator names an op it cannot emit', () => {
  const b = new GraphBuilder([4, 4, 1]);
  const graph = b.build(b.conv2d(b.input, { filters: 2 }));
  const { model, deploy } = quantizeGraph(graph, seededWeights(graph, 1), seededInputs(graph, 4, 2));
  const bad = { ...model, ops: [{ ...model.ops[0]!, kind: 'hardSwish', inputs: [0] } as unknown as (typeof model.ops)[number]] };
  assert.throws(() => generateC(bad, deploy, planMemory(deploy, findRuntime('tinyevo-c')), 'm'), (e: unknown) => e instanceof DeployError && /'hardSwish' is not supported; it emits conv2d/.test(e.message));
});

test('export of several formats checks them all before writing: a model C cannot express leaves no files', async () => {
  await useBackend('cpu');
  const b = new GraphBuilder([4, 4, 2]);
  const graph = b.build(b.dense(b.flatten(b.add([b.conv2d(b.input, { filters: 2 }), b.conv2d(b.input, { filters: 2, kernel: 1 }), b.input], 'sum3')), 3));
  const split = (n: number, seed: number) => ({ n, x: seededInputs(graph, n, seed), y: Int32Array.from({ length: n }, (_, i) => i % 3) });
  const data = { name: 'tiny', inputShape: [4, 4, 2], numClasses: 3, classNames: ['a', 'b', 'c'], train: split(8, 1), validation: split(4, 2), test: split(4, 3) };
  const outDir = join(mkdtempSync(join(tmpdir(), 'tinyevo-export-')), 'out');
  const options = { formats: ['tflite', 'c'] as const, outDir, name: 'm', calibration: 'minmax' as const, calibrationSamples: 8, evaluationSamples: 4, testVectors: 2, device: 'stm32f746', runtime: 'tflm-cmsis' as const, force: false };
  assert.throws(() => exportModel(graph, seededWeights(graph, 1), data, options), (e: unknown) => e instanceof DeployError && /add 'sum3' has 3 inputs/.test(e.message));
  assert.equal(existsSync(outDir), false, 'nothing written, not even the .tflite');
  assert.deepEqual(exportModel(graph, seededWeights(graph, 1), data, { ...options, formats: ['tflite'] }).formats.map((f) => f.format), ['tflite']);
  assert.ok(existsSync(join(outDir, 'm.tflite')));
});
