// Models the cross-runtime tests export: the MLPerf Tiny architectures from the zoo and random networks of the
// chain, multi-branch and block spaces, each with seeded weights (non-trivial batch-norm statistics) quantized by
// tinyevo's post-training quantization on seeded calibration inputs.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArchGraph } from '../../src/arch/types.js';
import { testHarness } from '../../src/deploy/c/generate.js';
import { runQuantModel } from '../../src/quantize/interpreter/index.js';
import { dsCnn } from '../../src/arch/zoo/ds-cnn.js';
import { mobileNetV1 } from '../../src/arch/zoo/mobilenet-v1.js';
import { resnet8 } from '../../src/arch/zoo/resnet8.js';
import { TfModel } from '../../src/engine/tfjs/model.js';
import type { WeightTensor } from '../../src/engine/weights.js';
import { QuantizeError } from '../../src/quantize/errors.js';
import { quantizeGraph } from '../../src/quantize/ptq.js';
import type { QuantModel } from '../../src/quantize/types.js';
import { spaceForData } from '../../src/space/index.js';
import { Rng } from '../../src/util/rng.js';

export function seededWeights(graph: ArchGraph, seed: number): WeightTensor[] {
  const m = new TfModel(graph, seed);
  const rng = new Rng(seed + 1);
  const w = m.getWeights().map((t) => {
    const role = t.name.split('/')[1];
    if (role === 'movingVariance' || role === 'gamma') return { ...t, values: Float32Array.from(t.values, () => 0.5 + rng.next()) };
    if (role === 'movingMean' || role === 'beta' || role === 'bias') return { ...t, values: Float32Array.from(t.values, () => rng.normal() * 0.2) };
    return t;
  });
  m.dispose();
  return w;
}

export function seededInputs(graph: ArchGraph, n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n * graph.inputShape.reduce((p, d) => p * d, 1) }, () => rng.next() * 2 - 0.5);
}

export function quantized(graph: ArchGraph, seed: number): QuantModel {
  return quantizeGraph(graph, seededWeights(graph, seed), seededInputs(graph, 16, seed + 7)).model;
}

/** The three MLPerf Tiny zoo models (DS-CNN, ResNet-8, MobileNetV1-0.25). */
export function zooModels(): [string, ArchGraph][] {
  return [['ds-cnn', dsCnn()], ['resnet-8', resnet8()], ['mobilenetv1-0.25', mobileNetV1({ alpha: 0.25 })]];
}

/** `count` random networks of a space (on 28x28x1 inputs, 10 classes) that int8 quantization supports. */
export function randomNetworks(space: string, count: number, seed: number): [string, QuantModel][] {
  const s = spaceForData(space, [28, 28, 1], 10);
  const rng = new Rng(seed);
  const out: [string, QuantModel][] = [];
  for (let tries = 0; out.length < count && tries < 50 * count; tries++) {
    const graph = s.decode(s.sample(rng));
    try {
      out.push([`${space} #${out.length}`, quantized(graph, seed + tries)]);
    } catch (e) {
      if (!(e instanceof QuantizeError)) throw e;
    }
  }
  return out;
}

/**
 * Writes a generated model (header, source, test harness) into a new temporary folder with `count` golden cases:
 * seeded random int8 inputs and the interpreter's outputs (TFLite Micro rounding). Returns the folder.
 */
export function writeGeneratedWithCases(model: QuantModel, c: { header: string; source: string }, name: string, count: number, seed: number): string {
  const size = model.tensors[model.inputs[0] as number]!.shape.reduce((p, d) => p * d, 1);
  const rng = new Rng(seed);
  const cases = Array.from({ length: count }, () => {
    const input = Int8Array.from({ length: size }, () => rng.int(-128, 127));
    return { input: Array.from(input), output: Array.from(runQuantModel(model, [input])[0] as Int8Array) };
  });
  const dir = mkdtempSync(join(tmpdir(), 'tinyevo-c-'));
  writeFileSync(join(dir, `${name}.h`), c.header);
  writeFileSync(join(dir, `${name}.c`), c.source);
  writeFileSync(join(dir, `${name}_test.c`), testHarness(name, cases));
  return dir;
}
