import { SearchError } from '../errors.js';
import { spaceCatalog } from '../space/index.js';
import type { Decision, SearchSpace } from '../space/types.js';
import { Rng } from '../util/rng.js';
import { Adam } from './adam.js';
import type { Direction, Proposal, Strategy, Told } from './types.js';

/** Options of `Reinforce`; the constructor fills what is unset. */
export interface ReinforceOptions {
  /** Adam's learning rate (NB201's script uses 0.5, NATS-Bench 0.01). */
  readonly lr: number;
  /** Momentum of the exponential moving average of rewards that is the baseline. */
  readonly baselineMomentum: number;
  /** Standard deviation of the initial logits. */
  readonly initScale: number;
  /** Reward = the first objective, negated when it is minimised. */
  readonly direction: Direction;
  readonly seed: number;
}

/** The names of the catalogue's fixed-length spaces (those with `decisions`), for error messages. */
function fixedLengthSpaces(): string[] {
  return Object.entries(spaceCatalog).filter(([, s]) => s.make().decisions !== undefined).map(([name]) => name);
}

/**
 * REINFORCE (Williams 1992) as NAS-Bench-201 runs it: a policy of independent categoricals, one per decision of a
 * fixed-length space, with logits drawn from initScale·N(0,1); after each result one Adam step on
 * `-(reward - baseline) · log p(choices)`, where the baseline is a bias-corrected EMA of the rewards that already
 * includes this reward (as in AutoDL's REINFORCE.py). The genome is the vector of sampled choice indices.
 * Unlike the original, proposals asked together are all sampled from the same policy, and each tell updates the
 * current policy (for one ask per tell, as in the benchmark, this is exactly the original).
 * Throws SearchError for a space without `decisions` or for bad options.
 */
export class Reinforce<G> implements Strategy<G> {
  readonly name = 'reinforce';
  readonly options: ReinforceOptions;
  private readonly rng: Rng;
  private readonly decisions: readonly Decision[];
  /** Where each decision's logits start in the flat parameter vector. */
  private readonly offsets: number[] = [];
  private readonly logits: Float64Array;
  private readonly adam: Adam;
  private readonly pending = new Map<number, number[]>();
  private emaNumerator = 0;
  private emaDenominator = 0;
  private worst: number | null = null;
  private trial = 0;

  constructor(private readonly space: SearchSpace<G>, options: Partial<ReinforceOptions> = {}) {
    this.options = { lr: 0.01, baselineMomentum: 0.9, initScale: 1e-3, direction: 'maximize', seed: 0, ...options };
    const o = this.options;
    if (!space.decisions) {
      throw new SearchError(`Reinforce: space '${space.name}' must be fixed-length (have decisions); got a variable-length space. Use one of ${fixedLengthSpaces().join(', ')}, or an evolutionary strategy such as rea.`);
    }
    if (!(o.lr > 0 && Number.isFinite(o.lr))) throw new SearchError(`Reinforce: lr must be a finite number > 0; got ${o.lr}.`);
    if (!(o.baselineMomentum >= 0 && o.baselineMomentum < 1)) throw new SearchError(`Reinforce: baselineMomentum must be in [0, 1); got ${o.baselineMomentum}.`);
    this.decisions = space.decisions;
    let size = 0;
    for (const d of this.decisions) {
      this.offsets.push(size);
      size += d.choices.length;
    }
    this.rng = new Rng(o.seed);
    this.logits = Float64Array.from({ length: size }, () => o.initScale * this.rng.normal());
    this.adam = new Adam(size, { lr: o.lr });
  }

  /** The policy's current choice probabilities, one array per decision (each sums to 1). */
  probabilities(): number[][] {
    return this.decisions.map((d, i) => {
      const z = this.logits.subarray(this.offsets[i], (this.offsets[i] as number) + d.choices.length);
      const max = Math.max(...z);
      const e = Array.from(z, (x) => Math.exp(x - max));
      const sum = e.reduce((a, b) => a + b, 0);
      return e.map((x) => x / sum);
    });
  }

  /** The current baseline (bias-corrected EMA of the rewards told so far); 0 before any. */
  get baseline(): number {
    return this.emaDenominator > 0 ? this.emaNumerator / this.emaDenominator : 0;
  }

  private sample(probs: readonly number[]): number {
    let r = this.rng.next();
    for (let k = 0; k < probs.length; k++) {
      r -= probs[k] as number;
      if (r < 0) return k;
    }
    return probs.length - 1;
  }

  ask(n: number): Proposal<G>[] {
    const probs = this.probabilities();
    return Array.from({ length: n }, () => {
      const choices = probs.map((p) => this.sample(p));
      const trial = this.trial++;
      this.pending.set(trial, choices);
      return { trial, genome: this.space.fromJSON(choices), parents: [] };
    });
  }

  /** A failed or infeasible result earns the worst reward told so far (0 before any), so the policy moves away from it. */
  private reward(r: Told<G>): number {
    const v = r.objectives?.[0];
    if (v === undefined || r.violation > 0) return this.worst ?? 0;
    const reward = this.options.direction === 'maximize' ? v : -v;
    this.worst = this.worst === null ? reward : Math.min(this.worst, reward);
    return reward;
  }

  tell(results: readonly Told<G>[]): void {
    const m = this.options.baselineMomentum;
    for (const r of results) {
      const choices = this.pending.get(r.proposal.trial);
      if (!choices) throw new SearchError(`Reinforce.tell: trial ${r.proposal.trial} must be a pending proposal of this strategy; got one that was never asked or was already told. Tell each proposal once.`);
      this.pending.delete(r.proposal.trial);
      const reward = this.reward(r);
      this.emaNumerator = m * this.emaNumerator + (1 - m) * reward;
      this.emaDenominator = m * this.emaDenominator + (1 - m);
      const advantage = reward - this.baseline;
      // d/dz of -advantage · log softmax(z)[k] = -advantage · (onehot(k) - p).
      const grad = new Float64Array(this.logits.length);
      this.probabilities().forEach((p, i) => p.forEach((pk, k) => {
        grad[(this.offsets[i] as number) + k] = -advantage * ((k === choices[i] ? 1 : 0) - pk);
      }));
      this.adam.step(this.logits, grad);
    }
  }
}
