import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { GraphBuilder } from '../../src/arch/builder.js';
import type { ArchGraph } from '../../src/arch/types.js';
import { dsCnn, mobileNetV2, resnet8 } from '../../src/arch/zoo/index.js';
import { useBackend } from '../../src/engine/backend.js';
import { loadNative } from '../../src/engine/native/addon.js';
import { NativeModel } from '../../src/engine/native/model.js';
import { TfModel } from '../../src/engine/tfjs/model.js';

const { addon, reason } = loadNative();
// CI installs oneDNN and builds the addon, so there a missing addon is a failure, not a skip; the fallback run sets
// TINYEVO_NATIVE=off on purpose and these tests skip there.
if (!addon && process.env.CI && process.env.TINYEVO_NATIVE !== 'off') throw new Error(`native engine expected in CI: ${reason}`);
const skip = addon ? false : reason;
// One engine thread: the suite runs two test files at once, and oneDNN's thread pool waits badly on a busy core.
addon?.setThreads(1);

function pseudoRandom(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32) * 2 - 1;
  }
  return out;
}

/** Gradients of the mean softmax cross-entropy (against `labels`, or soft `targets`) on TF.js's cpu backend, keyed by weight name. */
function tfGradients(graph: ArchGraph, seed: number, x: Float32Array, labels: Int32Array, classes: number, targets?: Float32Array): { loss: number; grads: Map<string, Float32Array> } {
  const model = new TfModel(graph, seed);
  try {
    const vars = model.trainableVariables();
    const xt = tf.tensor(x, [labels.length, ...graph.inputShape]);
    const yt = targets ? tf.tensor2d(targets, [labels.length, classes]) : tf.oneHot(tf.tensor1d(labels, 'int32'), classes);
    const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(yt, model.forward(xt, true)) as tf.Scalar, vars);
    const out = new Map<string, Float32Array>();
    for (const [name, g] of Object.entries(grads)) out.set(name.slice(name.indexOf('/') + 1), g.dataSync() as Float32Array);
    const loss = value.dataSync()[0] as number;
    tf.dispose([xt, yt, value, ...Object.values(grads)]);
    return { loss, grads: out };
  } finally {
    model.dispose();
  }
}

/** max |a - b| / max |b| over one tensor. */
function relError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] as number) - (b[i] as number)));
    scale = Math.max(scale, Math.abs(b[i] as number));
  }
  return scale === 0 ? diff : diff / scale;
}

function assertSameGradients(graph: ArchGraph, batch: number, tolerance = 1e-4): void {
  const classes = graph.nodes[graph.nodes.length - 1]?.shape[0] as number;
  const x = pseudoRandom(batch * graph.inputShape.reduce((p, d) => p * d, 1), 7);
  const labels = Int32Array.from({ length: batch }, (_, i) => (i * 7) % classes);
  const expected = tfGradients(graph, 3, x, labels, classes);
  const model = new NativeModel(graph, 3);
  const got = model.gradients(x, labels);
  assert.ok(Math.abs(got.loss - expected.loss) <= 1e-4 * Math.max(1, Math.abs(expected.loss)), `loss ${got.loss} vs ${expected.loss}`);
  assert.deepEqual([...got.grads.keys()].sort(), [...expected.grads.keys()].sort());
  for (const [name, g] of expected.grads) {
    const err = relError(got.grads.get(name) as Float32Array, g);
    assert.ok(err <= tolerance, `${name}: relative gradient error ${err.toExponential(2)} > ${tolerance}`);
  }
}

/**
 * Whole models, where float32 rounding alone moves some gradients by more than 1e-4: a ReLU input within rounding of
 * zero flips, and a batch norm followed by a linear conv and another batch norm has a beta gradient that is zero
 * up to rounding. So each tensor's error is taken relative to the larger of its own scale and 1% of the model's
 * largest gradient, and it must be within 1e-4 or within twice what TF.js itself moves when the input moves by
 * one part in a million, whichever is larger. A wrong kernel moves gradients by far more than either.
 */
function assertWholeModelGradients(graph: ArchGraph, batch: number): void {
  const classes = graph.nodes[graph.nodes.length - 1]?.shape[0] as number;
  const x = pseudoRandom(batch * graph.inputShape.reduce((p, d) => p * d, 1), 7);
  const nudged = x.map((v, i) => v * (1 + (i % 2 ? 1e-6 : -1e-6)));
  const labels = Int32Array.from({ length: batch }, (_, i) => (i * 7) % classes);
  const expected = tfGradients(graph, 3, x, labels, classes).grads;
  const selfCheck = tfGradients(graph, 3, nudged, labels, classes).grads;
  const got = new NativeModel(graph, 3).gradients(x, labels).grads;
  const largest = Math.max(...[...expected.values()].map((g) => g.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
  const error = (a: Float32Array, b: Float32Array) => {
    let diff = 0;
    let scale = 0.01 * largest;
    for (let i = 0; i < b.length; i++) {
      diff = Math.max(diff, Math.abs((a[i] as number) - (b[i] as number)));
      scale = Math.max(scale, Math.abs(b[i] as number));
    }
    return diff / scale;
  };
  for (const [name, g] of expected) {
    const noise = error(selfCheck.get(name) as Float32Array, g);
    const err = error(got.get(name) as Float32Array, g);
    assert.ok(err <= Math.max(1e-4, 2 * noise), `${name}: gradient error ${err.toExponential(2)} exceeds 1e-4 and twice TF.js's own ${noise.toExponential(2)}`);
  }
}

/**
 * For ops whose TF.js gradient cannot serve as the reference (dilated convolutions have none; TF.js's average-pool
 * gradient divides by the whole window at 'same' borders while its forward pass divides by the cells inside):
 * the native forward pass must match TF.js's, and the native gradient must match central differences of the
 * native loss on every weight entry.
 */
function assertForwardAndFiniteDifferences(graph: ArchGraph, batch: number): void {
  const classes = graph.nodes[graph.nodes.length - 1]?.shape[0] as number;
  const x = pseudoRandom(batch * graph.inputShape.reduce((p, d) => p * d, 1), 11);
  const labels = Int32Array.from({ length: batch }, (_, i) => (i * 5) % classes);
  const reference = new TfModel(graph, 3);
  const xt = tf.tensor(x, [batch, ...graph.inputShape]);
  const expected = tf.tidy(() => reference.forward(xt, false).dataSync() as Float32Array);
  tf.dispose(xt);
  reference.dispose();
  const model = new NativeModel(graph, 3);
  assert.ok(relError(model.predict(x, batch), expected) <= 1e-5, 'forward pass differs from TF.js');
  const { grads } = model.gradients(x, labels);
  const weights = model.getWeights();
  const eps = 1e-2;
  for (const [name, g] of grads) {
    const w = weights.find((t) => t.name === name) as { name: string; shape: readonly number[]; values: Float32Array };
    const numeric = new Float32Array(g.length);
    for (let i = 0; i < g.length; i++) {
      const at = (delta: number) => {
        const v = w.values.slice();
        v[i] = (v[i] as number) + delta;
        model.setWeights([{ ...w, values: v }]);
        return model.gradients(x, labels).loss;
      };
      numeric[i] = (at(eps) - at(-eps)) / (2 * eps);
    }
    model.setWeights([w]);
    const err = relError(g, numeric);
    assert.ok(err <= 2e-3, `${name}: gradient differs from central differences by ${err.toExponential(2)} relative`);
  }
}

/** input -> `op` -> flatten -> dense(3): one op under test with a loss on top. */
function single(shape: [number, number, number], op: (b: GraphBuilder, x: string) => string): ArchGraph {
  const b = new GraphBuilder(shape);
  const y = op(b, b.input);
  b.dense(b.flatten(y), 3, { id: 'head' });
  return b.build();
}

describe('native engine: gradients agree with TF.js cpu within 1e-4 relative', { skip }, () => {
  before(async () => {
    await useBackend('cpu');
  });

  for (const k of [1, 3, 5, 7]) {
    for (const s of [1, 2]) {
      for (const padding of ['same', 'valid'] as const) {
        test(`conv2d ${k}x${k} stride ${s} ${padding}`, () => {
          assertSameGradients(single([11, 10, 3], (b, x) => b.conv2d(x, { filters: 4, kernel: [k, k], strides: [s, s], padding, useBias: true })), 3);
        });
        test(`depthwise ${k}x${k} stride ${s} ${padding}`, () => {
          assertSameGradients(single([11, 10, 4], (b, x) => b.depthwiseConv2d(x, { kernel: [k, k], strides: [s, s], padding, useBias: true })), 3);
        });
      }
    }
  }
  test('conv2d with groups, no bias; depthwise multiplier 2; dilation 2 (against central differences)', () => {
    assertSameGradients(single([9, 9, 4], (b, x) => b.conv2d(x, { filters: 6, kernel: [3, 3], groups: 2, useBias: false })), 2);
    assertForwardAndFiniteDifferences(single([9, 9, 2], (b, x) => b.conv2d(x, { filters: 2, kernel: [3, 3], dilation: [2, 2] })), 2);
    assertSameGradients(single([9, 9, 3], (b, x) => b.depthwiseConv2d(x, { kernel: [3, 3], depthMultiplier: 2 })), 2);
  });
  test('batch norm on images and on dense features', () => {
    assertSameGradients(single([6, 5, 3], (b, x) => b.batchNorm(b.conv2d(x, { filters: 5, kernel: [3, 3], useBias: false }), { epsilon: 1e-3 })), 4);
    const b = new GraphBuilder([12]);
    b.dense(b.batchNorm(b.dense(b.input, 8, { useBias: false })), 3);
    assertSameGradients(b.build(), 5);
  });
  for (const fn of ['relu', 'relu6', 'hardSwish', 'sigmoid'] as const) {
    test(`activation ${fn}`, () => {
      // Scaled so that relu6 and hard-swish see both of their bends.
      assertSameGradients(single([5, 5, 2], (b, x) => b.activation(b.conv2d(x, { filters: 4, kernel: [3, 3] }), fn)), 3);
    });
  }
  for (const [kind, pool, s, padding] of [['max', 2, 2, 'valid'], ['max', 3, 1, 'same'], ['max', 3, 2, 'same'], ['avg', 2, 2, 'valid'], ['avg', 3, 1, 'same'], ['avg', 3, 2, 'same']] as const) {
    test(`${kind} pool ${pool}x${pool} stride ${s} ${padding}`, () => {
      (kind === 'avg' && padding === 'same' ? assertForwardAndFiniteDifferences : assertSameGradients)(single([9, 8, 3], (b, x) => {
        const c = b.conv2d(x, { filters: 3, kernel: [1, 1] });
        return kind === 'max' ? b.maxPool(c, { pool: [pool, pool], strides: [s, s], padding }) : b.avgPool(c, { pool: [pool, pool], strides: [s, s], padding });
      }), 3);
    });
  }
  test('soft targets (in-place distillation): loss and gradients as TF.js; probabilities are the softmax of the logits', () => {
    const b = new GraphBuilder([6, 6, 2]);
    b.dense(b.globalAvgPool(b.activation(b.batchNorm(b.conv2d(b.input, { filters: 4, kernel: [3, 3], useBias: false })), 'relu')), 5);
    const graph = b.build();
    const batch = 4;
    const classes = 5;
    const x = pseudoRandom(batch * 72, 11);
    const labels = Int32Array.from([0, 3, 1, 4]);
    const raw = pseudoRandom(batch * classes, 5).map((v) => Math.exp(2 * v));
    const targets = raw.map((v, i) => v / raw.slice(Math.floor(i / classes) * classes, Math.floor(i / classes) * classes + classes).reduce((a, b) => a + b, 0));
    const expected = tfGradients(graph, 3, x, labels, classes, targets);
    const model = new NativeModel(graph, 3);
    try {
      const loss = model.computeGradients(x, labels, [0, 1, 2, 3], 0, batch, targets);
      assert.ok(Math.abs(loss - expected.loss) <= 1e-5 * expected.loss, `loss ${loss} vs ${expected.loss}`);
      for (const t of model.trainable()) {
        const err = relError(t.grad, expected.grads.get(t.name) as Float32Array);
        assert.ok(err <= 1e-4, `${t.name}: relative gradient error ${err.toExponential(2)}`);
      }
      // The soft loss differs from the hard one, so the targets were used.
      assert.ok(Math.abs(loss - tfGradients(graph, 3, x, labels, classes).loss) > 1e-3);
      const probs = model.lastProbabilities(batch);
      const reference = tf.tidy(() => {
        const m = new TfModel(graph, 3);
        try {
          return tf.softmax(m.forward(tf.tensor(x, [batch, 6, 6, 2]), true)).dataSync() as Float32Array;
        } finally {
          m.dispose();
        }
      });
      assert.ok(relError(probs, reference) <= 1e-5, `probabilities off by ${relError(probs, reference)}`);
      assert.throws(() => model.computeGradients(x, labels, [0, 1, 2, 3], 0, batch, targets.subarray(1)), /soft targets must hold batch x classes = 4 x 5 = 20 probabilities; got 19/);
    } finally {
      model.dispose();
    }
  });
  test('global average pool, add of three, concat, zero padding, identity and a zero op', () => {
    assertSameGradients(single([6, 6, 2], (b, x) => {
      const a = b.conv2d(x, { filters: 3, kernel: [3, 3] });
      const c = b.conv2d(x, { filters: 3, kernel: [1, 1] });
      const sum = b.add([a, c, b.identity(a)]);
      const cat = b.concat([sum, c, b.zero(a)]);
      return b.zeroPad(cat, { top: 1, bottom: 0, left: 2, right: 1 });
    }), 3);
    const b = new GraphBuilder([7, 7, 3]);
    b.dense(b.globalAvgPool(b.conv2d(b.input, { filters: 6, kernel: [3, 3] })), 4);
    assertSameGradients(b.build(), 3);
  });
  for (const [name, graph] of [['DS-CNN', dsCnn()], ['ResNet-8', resnet8()], ['MobileNetV2-style', mobileNetV2()]] as const) {
    test(`whole model ${name}: gradients agree as closely as TF.js agrees with itself`, () => {
      assertWholeModelGradients(graph, 2);
    });
  }
});
