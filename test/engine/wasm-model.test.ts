import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { GraphBuilder } from '../../src/arch/builder.js';
import type { ArchGraph } from '../../src/arch/types.js';
import { dsCnn, mobileNetV2, resnet8 } from '../../src/arch/zoo/index.js';
import { useBackend } from '../../src/engine/backend.js';
import { TfModel } from '../../src/engine/tfjs/model.js';
import { Optimizer, type OptimizerSpec } from '../../src/engine/tfjs/optimizer.js';
import { setSimdKernelsEnabled, simdKernels } from '../../src/engine/wasm-kernels/simd/index.js';

// Whole-model gradients on the wasm backend, where tinyevo's SIMD kernels run batch norm, activations and the conv
// gradients, against TF.js's cpu backend (plain JavaScript kernels and TF.js's own composed gradients).

function pseudoRandom(n: number, seed: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    out[i] = ((s / 2 ** 32) * 2 - 1) * scale;
  }
  return out;
}

/** Loss and gradients of the mean softmax cross-entropy on `backend`, keyed by weight name. */
async function gradients(backend: 'cpu' | 'wasm', graph: ArchGraph, x: Float32Array, labels: Int32Array): Promise<{ loss: number; grads: Map<string, Float32Array> }> {
  await useBackend(backend);
  const classes = graph.nodes[graph.nodes.length - 1]?.shape[0] as number;
  const model = new TfModel(graph, 3);
  try {
    const xt = tf.tensor(x, [labels.length, ...graph.inputShape]);
    const yt = tf.oneHot(tf.tensor1d(labels, 'int32'), classes);
    const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(yt, model.forward(xt, true)) as tf.Scalar, model.trainableVariables());
    const out = new Map<string, Float32Array>();
    for (const [name, g] of Object.entries(grads)) out.set(name.slice(name.indexOf('/') + 1), Float32Array.from(g.dataSync()));
    const loss = value.dataSync()[0] as number;
    tf.dispose([xt, yt, value, ...Object.values(grads)]);
    return { loss, grads: out };
  } finally {
    model.dispose();
  }
}

/**
 * Each tensor's max abs difference over the larger of its own max abs and 1% of the model's largest gradient
 * (float32 rounding moves a gradient that is zero up to rounding, e.g. the beta of a batch norm followed by another).
 */
async function assertSameAsCpu(graph: ArchGraph, batch: number, tolerance: number, inputScale = 1): Promise<void> {
  const classes = graph.nodes[graph.nodes.length - 1]?.shape[0] as number;
  const x = pseudoRandom(batch * graph.inputShape.reduce((p, d) => p * d, 1), 7, inputScale);
  const labels = Int32Array.from({ length: batch }, (_, i) => (i * 7) % classes);
  const cpu = await gradients('cpu', graph, x, labels);
  const wasm = await gradients('wasm', graph, x, labels);
  assert.ok(Math.abs(wasm.loss - cpu.loss) <= 1e-5 * Math.max(1, Math.abs(cpu.loss)), `loss ${wasm.loss} vs ${cpu.loss}`);
  assert.deepEqual([...wasm.grads.keys()].sort(), [...cpu.grads.keys()].sort());
  const largest = Math.max(...[...cpu.grads.values()].map((g) => g.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
  for (const [name, g] of cpu.grads) {
    const got = wasm.grads.get(name) as Float32Array;
    let diff = 0;
    let scale = 0.01 * largest;
    g.forEach((v, i) => {
      diff = Math.max(diff, Math.abs((got[i] as number) - v));
      scale = Math.max(scale, Math.abs(v));
    });
    assert.ok(diff / scale <= tolerance, `${name}: relative gradient error ${(diff / scale).toExponential(2)} > ${tolerance}`);
  }
}

/** input -> `op` -> flatten -> dense(3). */
function single(shape: [number, number, number], op: (b: GraphBuilder, x: string) => string): ArchGraph {
  const b = new GraphBuilder(shape);
  b.dense(b.flatten(op(b, b.input)), 3, { id: 'head' });
  return b.build();
}

describe('wasm engine with the SIMD kernels: gradients agree with TF.js cpu', () => {
  test('the SIMD kernels are built and bound to the wasm backend', async () => {
    await useBackend('wasm');
    assert.ok(simdKernels(tf.backend()), 'kernels.wasm missing: run `npm run build:simd`');
  });
  // 5 and 6 channels: one SIMD lane group plus a scalar tail; 8 and 12: whole lanes and the 4x8 tiles.
  for (const c of [5, 6, 8, 12]) {
    test(`batch norm + relu / relu6 / hard-swish on ${c} channels`, async () => {
      for (const fn of ['relu', 'relu6', 'hardSwish'] as const) {
        // Inputs scaled so that the batch-normed values cross every bend (0, 6, -3, 3).
        await assertSameAsCpu(single([6, 5, 3], (b, x) => b.activation(b.batchNorm(b.conv2d(x, { filters: c, kernel: [3, 3], useBias: false }), { epsilon: 1e-3 }), fn)), 4, 1e-4, 4);
        await assertSameAsCpu(single([7, 7, 3], (b, x) => b.activation(b.conv2d(x, { filters: c, kernel: [3, 3] }), fn)), 3, 1e-4, 8);
      }
    });
  }
  test('batch norm on dense features', async () => {
    const b = new GraphBuilder([12]);
    b.dense(b.batchNorm(b.dense(b.input, 10, { useBias: false })), 3);
    await assertSameAsCpu(b.build(), 5, 1e-4);
  });
  for (const [name, graph] of [['DS-CNN', dsCnn()], ['ResNet-8', resnet8()], ['MobileNetV2-style', mobileNetV2()]] as const) {
    test(`whole model ${name}`, async () => {
      await assertSameAsCpu(graph, 2, 2e-4);
    });
  }
  test('fused optimizer updates equal the composed ones (Adam, SGD, momentum, Nesterov, weight decay)', async () => {
    await useBackend('wasm');
    const specs: OptimizerSpec[] = [
      { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0 },
      { kind: 'adam', beta1: 0.8, beta2: 0.99, epsilon: 1e-5, weightDecay: 1e-3 },
      { kind: 'sgd', momentum: 0.9, nesterov: false, weightDecay: 5e-4 },
      { kind: 'sgd', momentum: 0.9, nesterov: true, weightDecay: 0 },
      { kind: 'sgd', momentum: 0, nesterov: false, weightDecay: 1e-2 },
    ];
    const run = (spec: OptimizerSpec, fused: boolean): Float32Array[] => {
      const old = setSimdKernelsEnabled(fused);
      // Variables outlive tidy; the tensors they start from do not.
      const vars = tf.tidy(() => [tf.variable(tf.tensor(pseudoRandom(3 * 3 * 4 * 5, 1), [3, 3, 4, 5]), true, `w${fused}`), tf.variable(tf.tensor(pseudoRandom(7, 2)), true, `b${fused}`)]);
      const opt = new Optimizer(spec);
      try {
        for (let step = 0; step < 3; step++) {
          const grads = tf.tidy(() => Object.fromEntries(vars.map((v, i) => [v.name, tf.tensor(pseudoRandom(v.size, 10 * step + i + 3), v.shape)])));
          opt.apply(vars, grads, 0.05 / (step + 1));
          tf.dispose(Object.values(grads));
        }
        return vars.map((v) => Float32Array.from(v.dataSync()));
      } finally {
        opt.dispose();
        tf.dispose(vars);
        setSimdKernelsEnabled(old);
      }
    };
    const before = tf.memory().numTensors;
    for (const spec of specs) {
      const [fused, composed] = [run(spec, true), run(spec, false)];
      fused.forEach((t, i) => t.forEach((x, j) => {
        const y = (composed[i] as Float32Array)[j] as number;
        assert.ok(Math.abs(x - y) <= 1e-6 * Math.max(1, Math.abs(y)), `${JSON.stringify(spec)}: tensor ${i}[${j}] ${x} vs ${y}`);
      }));
    }
    assert.equal(tf.memory().numTensors, before, 'the fused updates leak no tensor');
  });
  test('with the SIMD kernels off, the composed fallbacks give the same gradients', async () => {
    const old = setSimdKernelsEnabled(false);
    try {
      await useBackend('wasm');
      assert.equal(simdKernels(tf.backend()), null);
      await assertSameAsCpu(resnet8(), 2, 2e-4);
      await assertSameAsCpu(single([6, 5, 3], (b, x) => b.activation(b.batchNorm(b.conv2d(x, { filters: 6, kernel: [3, 3], useBias: false })), 'hardSwish')), 4, 1e-4, 4);
    } finally {
      setSimdKernelsEnabled(old);
    }
  });
});
