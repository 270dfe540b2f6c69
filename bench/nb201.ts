/**
 * NAS-Bench-201 experiments (issue 10): REINFORCE, the survey's selection and survival policies, tinyevo variants
 * against REA (paired by seed) under the NB201 and NATS protocols, and multi-objective hypervolumes. Prints markdown.
 * Usage: npm run bench:nb201 [-- --data ../shared/benchmarks/nb201 --runs 500 --mo-runs 100]
 */
import { reportColumns, runHarness, runMoHarness, type HarnessOptions, type Protocol } from '../src/benchmarks/nb201/harness.js';
import { canonicalCellHashes, IsomorphismKeyedNb201Space } from '../src/benchmarks/nb201/isomorphism.js';
import { pairedDifference, summarise } from '../src/benchmarks/nb201/stats.js';
import { loadNb201Table, type TableDataset } from '../src/benchmarks/nb201/table.js';
import { Evolution, type EvolutionOptions } from '../src/search/evolution.js';
import { roulette, tournament, uniform } from '../src/search/selection/index.js';
import { aging, discardWorst, elitism, worstOfOldest } from '../src/search/survival/index.js';
import type { Select, Strategy } from '../src/search/types.js';
import { mutateChoices } from '../src/space/categorical.js';
import { Nb201Space, toArchString, type Nb201Genome } from '../src/space/nb201/index.js';
import type { Rng } from '../src/util/rng.js';

const arg = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
};
const DATA = arg('data', '../shared/benchmarks/nb201');
const RUNS = Number(arg('runs', '500'));
const MO_RUNS = Number(arg('mo-runs', '100'));
const table = loadNb201Table(DATA);
const log = (s: string) => process.stderr.write(`${s}\n`);

type Factory = (seed: number) => Strategy<Nb201Genome>;
type Genome = Nb201Genome;

/** A protocol's search dataset and the test column the variants are compared on. */
const SETTINGS: Record<Protocol, { dataset: TableDataset; test: string; label: string }> = {
  nb201: { dataset: 'cifar10', test: 'c10_test_nb201', label: 'NB201 protocol, CIFAR-10 test (12,000 s)' },
  nats: { dataset: 'cifar100', test: 'c100_test', label: 'NATS protocol, CIFAR-100 test (40,000 s)' },
};

function runs(protocol: Protocol, name: string, seed: number, factory?: Factory) {
  const o: HarnessOptions = { strategy: name, dataset: SETTINGS[protocol].dataset, protocol, runs: RUNS, seed, ...(factory && { factory }) };
  return runHarness(table, o);
}

/** The test accuracies of the chosen cells of `RUNS` runs, seeds seed.. */
function testAcc(protocol: Protocol, name: string, seed: number, factory?: Factory): number[] {
  const col = table.column(SETTINGS[protocol].test);
  return runs(protocol, name, seed, factory).runs.map((r) => col[r.index] as number);
}

const pm = (m: number, s: number, d = 2) => `${m.toFixed(d)}±${s.toFixed(d)}`;

function reinforceTable(): string[] {
  const cols = reportColumns('nb201');
  const lines = [`| strategy | queries/run | ${cols.join(' | ')} |`, `|---|---|${cols.map(() => '---').join('|')}|`];
  for (const name of ['reinforce', 'reinforce-0.5', 'rea', 'random']) {
    const r = runs('nb201', name, 0);
    const q = r.runs.reduce((a, x) => a + x.queries, 0) / r.runs.length;
    lines.push(`| ${name} | ${q.toFixed(1)} | ${cols.map((c) => pm(r.summary[c]?.mean ?? NaN, r.summary[c]?.std ?? NaN)).join(' | ')} |`);
    log(`reinforce table: ${name}`);
  }
  return lines;
}

/** One table row: mean±std, SE of the mean, and the paired difference to `base` (same seeds). */
function row(name: string, values: readonly number[], base: readonly number[]): string {
  const s = summarise(values);
  if (values === base) return `| ${name} | ${pm(s.mean, s.std)} | ${s.se.toFixed(3)} | (reference) | |`;
  const d = pairedDifference(values, base);
  return `| ${name} | ${pm(s.mean, s.std)} | ${s.se.toFixed(3)} | ${d.mean >= 0 ? '+' : ''}${d.mean.toFixed(3)} ± ${d.se.toFixed(3)} | ${d.significant ? 'yes' : 'no'} |`;
}

const HEAD = ['| variant | test mean±std | SE | paired diff to rea ± SE | beats rea by > 2 SE |', '|---|---|---|---|---|'];
const evo = (space: Nb201Space, o: Partial<EvolutionOptions<Genome>>): Factory => (seed) => new Evolution(space, { ...o, seed });

function policyTable(protocol: Protocol): string[] {
  const space = new Nb201Space();
  const t3 = tournament<Genome>({ size: 3 });
  const policies: [string, Factory][] = [
    ['elitism, generational (mu+lambda, 10+10) + tournament 3', evo(space, { offspring: 10, select: t3, survive: elitism() })],
    ['discard worst (steady state) + tournament 3', evo(space, { select: t3, survive: discardWorst() })],
    ['worst-of-oldest (window 3) + tournament 3', evo(space, { select: t3, survive: worstOfOldest({ window: 3 }) })],
    ['roulette + aging', evo(space, { select: roulette(), survive: aging() })],
    ['tournament 2 + aging', evo(space, { select: tournament({ size: 2 }), survive: aging() })],
    ['tournament 5 + aging', evo(space, { select: tournament({ size: 5 }), survive: aging() })],
    ['uniform + aging', evo(space, { select: uniform(), survive: aging() })],
  ];
  const base = testAcc(protocol, 'rea', 0);
  return [...HEAD, row('aging + tournament 3 (= rea)', base, base), ...policies.map(([name, f]) => (log(`policy: ${name}`), row(name, testAcc(protocol, name, 0, f), base)))];
}

/** Tournament of `early` for the first `after` selections of a run, then of `late` (make one per run: it counts). */
function lateTournament(after: number, early: number, late: number): Select<Genome> {
  let calls = 0;
  return (pop, n, rng) => tournament<Genome>({ size: calls++ < after ? early : late })(pop, n, rng);
}

/** NB201 (keyed by canonical hash when `iso`, else by architecture string) whose first `count` mutations change 2 edges (make one per run). */
class EarlyDoubleMutation extends IsomorphismKeyedNb201Space {
  private mutations = 0;
  constructor(hashes: ReadonlyMap<string, string>, private readonly count: number, private readonly iso: boolean) {
    super(hashes);
  }

  override key(genome: Genome): string {
    return this.iso ? super.key(genome) : toArchString(genome);
  }

  override mutate(genome: Genome, rng: Rng): Genome {
    const once = mutateChoices(this.decisions, genome, rng);
    return this.mutations++ < this.count ? mutateChoices(this.decisions, once, rng) : once;
  }
}

function variants(hashes: ReadonlyMap<string, string>): [string, Factory][] {
  const plain = new Nb201Space();
  const iso = new IsomorphismKeyedNb201Space(hashes);
  const woo = worstOfOldest<Genome>({ window: 3 });
  const t = (size: number) => tournament<Genome>({ size });
  return [
    ['rea-dedup (architecture string)', evo(plain, { dedup: true })],
    ['no isomorphic duplicates (iso)', evo(iso, { dedup: true })],
    ...[5, 20, 30].map((p): [string, Factory] => [`population ${p}`, evo(plain, { populationSize: p })]),
    ['tournament 10', evo(plain, { select: t(10) })],
    ['tournament 3, then 10 after 40 children', (seed) => new Evolution(plain, { select: lateTournament(40, 3, 10), seed })],
    ['2-edge mutation for the first 30 children', (seed) => new Evolution(new EarlyDoubleMutation(hashes, 30, false), { seed })],
    ['worst-of-oldest + iso (preset rea-woo-iso)', evo(iso, { survive: woo, dedup: true })],
    ['tournament 5 + iso', evo(iso, { select: t(5), dedup: true })],
    ['population 20, tournament 5 + iso', evo(iso, { populationSize: 20, select: t(5), dedup: true })],
    ['population 20, worst-of-oldest + iso', evo(iso, { populationSize: 20, survive: woo, dedup: true })],
    ['worst-of-oldest + iso + 2-edge mutation early', (seed) => new Evolution(new EarlyDoubleMutation(hashes, 30, true), { survive: woo, dedup: true, seed })],
    ['worst-of-oldest + iso + tournament 10 after 40', (seed) => new Evolution(iso, { select: lateTournament(40, 3, 10), survive: woo, dedup: true, seed })],
  ];
}

/** The sweep on seeds 0..RUNS-1, then the preset rea-woo-iso on fresh seeds 1000.. (chosen before running them). */
function variantTable(protocol: Protocol, hashes: ReadonlyMap<string, string>): string[] {
  const base = testAcc(protocol, 'rea', 0);
  const lines = [`Sweep, seeds 0-${RUNS - 1}:`, '', ...HEAD, row('rea', base, base)];
  for (const [name, f] of variants(hashes)) {
    lines.push(row(name, testAcc(protocol, name, 0, f), base));
    log(`variant ${protocol}: ${name}`);
  }
  const iso = new IsomorphismKeyedNb201Space(hashes);
  const fresh = testAcc(protocol, 'rea', 1000);
  const confirm = testAcc(protocol, 'rea-woo-iso', 1000, evo(iso, { survive: worstOfOldest({ window: 3 }), dedup: true }));
  lines.push('', `Confirmation on fresh seeds 1000-${1000 + RUNS - 1}:`, '', ...HEAD, row('rea', fresh, fresh), row('rea-woo-iso', confirm, fresh));
  return lines;
}

function moTable(): string[] {
  const lines = ['| objectives | strategy | HV@100 | HV@300 | HV@1000 | front size @1000 |', '|---|---|---|---|---|---|'];
  for (const objectives of ['accuracy,flops', 'accuracy,latency:raspi4']) {
    for (const strategy of ['nsga2', 'scalarised', 'random', 'rea']) {
      const r = runMoHarness(table, { strategy, dataset: 'cifar10', protocol: 'nb201', runs: MO_RUNS, seed: 0, objectives, dataDir: DATA });
      const hv = ['hv@100', 'hv@300', 'hv@1000'].map((k) => pm(r.summary[k]?.mean ?? NaN, r.summary[k]?.std ?? NaN, 4));
      lines.push(`| ${objectives} | ${strategy} | ${hv.join(' | ')} | ${(r.summary['front size']?.mean ?? NaN).toFixed(1)} |`);
      log(`mo: ${objectives} ${strategy}`);
    }
  }
  return lines;
}

const t0 = performance.now();
const out: string[] = [`node ${process.version}, ${RUNS} runs per row (${MO_RUNS} for hypervolume), data ${DATA}`, ''];
out.push('### REINFORCE (NB201 protocol, seeds 0-' + `${RUNS - 1})`, '', ...reinforceTable(), '');
out.push(`### Selection and survival policies (${SETTINGS.nb201.label}, population 10)`, '', ...policyTable('nb201'), '');
log('hashing the 15,625 cells');
const hashes = canonicalCellHashes();
for (const p of ['nb201', 'nats'] as const) out.push(`### Variants against rea (${SETTINGS[p].label})`, '', ...variantTable(p, hashes), '');
out.push(`### Multi-objective: hypervolume fraction of the exact front (mean±std over ${MO_RUNS} runs)`, '', ...moTable(), '');
out.push(`wall time ${((performance.now() - t0) / 1000).toFixed(0)} s`);
process.stdout.write(`${out.join('\n')}\n`);
