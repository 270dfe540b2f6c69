import { demoCnn } from '../arch/zoo/demo-cnn.js';
import { totalMacs, totalParams } from '../arch/graph.js';
import { loadBundledMnist } from '../data/mnist.js';
import { useEngine } from '../engine/engine.js';
import type { Output } from './output.js';
import { startProgress } from './progress.js';

/** Options of `tinyevo train-demo`. */
export interface TrainDemoOptions { engine: string; threads?: number; epochs: number; batchSize: number; seed: number; learningRate: number }

/** Trains the demo CNN on the bundled MNIST digits and reports test accuracy. */
export async function trainDemo(o: TrainDemoOptions, out: Output): Promise<void> {
  const engine = await useEngine(o.engine, { ...(o.threads !== undefined && { threads: o.threads }) });
  const backend = engine.name;
  const data = loadBundledMnist();
  const graph = demoCnn();
  out.progress(`train-demo: ${data.train.n} train / ${data.validation.n} validation / ${data.test.n} test digits, engine ${engine.description}, ${totalParams(graph)} params, ${totalMacs(graph)} MACs`);
  const model = engine.createModel(graph, o.seed);
  try {
    const stepsPerEpoch = Math.floor(data.train.n / o.batchSize);
    const bar = startProgress('train', stepsPerEpoch * o.epochs);
    let lastVal = '';
    const result = model.fit({ train: data.train, validation: data.validation, numClasses: data.numClasses },
      { epochs: o.epochs, batchSize: o.batchSize, seed: o.seed, learningRate: o.learningRate, optimizer: 'adam', schedule: 'cosine' },
      {
        onStep: (s) => bar.update(s, lastVal),
        onEpoch: (r) => { lastVal = `epoch ${r.epoch} loss ${r.loss.toFixed(4)} val ${((r.valAccuracy ?? 0) * 100).toFixed(2)}%`; },
      });
    bar.stop();
    const test = model.evaluate(data.test);
    const value = {
      model: 'demo-cnn', dataset: data.name, backend, engine: engine.description, params: totalParams(graph), macs: totalMacs(graph),
      epochs: o.epochs, batchSize: o.batchSize, seed: o.seed, trainSeconds: result.seconds,
      samplesPerSecond: (result.steps * o.batchSize) / result.seconds,
      testAccuracy: test.accuracy, testLoss: test.loss, testSamples: test.n, history: result.history,
    };
    out.result(value, () => [
      ...result.history.map((r) => `epoch ${r.epoch}: loss ${r.loss.toFixed(4)}, validation accuracy ${((r.valAccuracy ?? 0) * 100).toFixed(2)}% (${r.seconds.toFixed(1)} s)`),
      `test accuracy ${(test.accuracy * 100).toFixed(2)}% on ${test.n} digits; trained in ${result.seconds.toFixed(1)} s (${value.samplesPerSecond.toFixed(0)} samples/s, ${backend})`,
    ].join('\n'));
  } finally {
    model.dispose();
  }
}
