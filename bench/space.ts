/**
 * Samples, mutations and decodes per second for each search space. Usage: npm run bench:space
 */
import { spaceCatalog } from '../src/space/index.js';
import { Rng } from '../src/util/rng.js';

function rate(seconds: number, count: number): string {
  return (count / seconds).toFixed(0).padStart(9);
}

function measure(fn: () => void, minSeconds = 0.5): { count: number; seconds: number } {
  let count = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < minSeconds * 1000) {
    fn();
    count++;
  }
  return { count, seconds: (performance.now() - t0) / 1000 };
}

const lines = ['| space | samples/s | mutations/s | crossovers/s | decodes/s |', '|---|---|---|---|---|'];
for (const [name, entry] of Object.entries(spaceCatalog)) {
  const space = entry.make();
  const rng = new Rng(1);
  const pool = Array.from({ length: 64 }, () => space.sample(rng));
  let i = 0;
  const next = () => pool[i++ % pool.length];
  const s = measure(() => space.sample(rng));
  const m = measure(() => space.mutate(next(), rng));
  const c = measure(() => space.crossover(next(), next(), rng));
  const d = measure(() => space.decode(next()));
  lines.push(`| ${name} | ${rate(s.seconds, s.count)} | ${rate(m.seconds, m.count)} | ${rate(c.seconds, c.count)} | ${rate(d.seconds, d.count)} |`);
  process.stderr.write(`${name} done\n`);
}
process.stdout.write(`node ${process.version}\n${lines.join('\n')}\n`);
