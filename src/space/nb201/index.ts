import type { ArchGraph } from '../../arch/types.js';
import { SpaceError } from '../../errors.js';
import type { Rng } from '../../util/rng.js';
import { crossoverChoices, mutateChoices, sampleChoices, throwIfIssues, validateChoices } from '../categorical.js';
import type { Decision, InitKind, Issue, SearchSpace } from '../types.js';
import { fromArchString, NB201_EDGES, NB201_OPS, toArchString } from './cell.js';
import { nb201Network, NB201_DATASETS, type Nb201Dataset } from './skeleton.js';

export { fromArchString, NB201_OPS, toArchString } from './cell.js';
export { nb201Network, NB201_DATASETS, type Nb201Dataset } from './skeleton.js';

/** A NAS-Bench-201 genome: six op indices into NB201_OPS, one per edge in NB201 order. */
export type Nb201Genome = readonly number[];

const decisions: readonly Decision[] = NB201_EDGES.map(([from, to]) => ({ name: `edge ${from}->${to}`, choices: NB201_OPS }));

/** Cells the NB201 paper names: ResNet-like (conv, conv on a chain plus skip) and the best CIFAR-10 cell. */
const RICH = [
  '|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|nor_conv_3x3~2|',
  '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|',
];

/**
 * The NAS-Bench-201 cell space (Dong & Yang 2020): 6 edges x 5 ops = 15,625 cells, decoded into the NB201 macro
 * skeleton for one of its datasets. Genomes serialise as the standard architecture string.
 */
export class Nb201Space implements SearchSpace<Nb201Genome> {
  readonly name = 'nb201';
  readonly decisions = decisions;

  constructor(readonly dataset: Nb201Dataset = 'cifar10') {
    if (!(dataset in NB201_DATASETS)) {
      throw new SpaceError(`nb201: dataset must be one of ${Object.keys(NB201_DATASETS).join(', ')}; got ${JSON.stringify(dataset)}.`);
    }
  }

  sample(rng: Rng): Nb201Genome {
    return sampleChoices(decisions, rng);
  }

  /** trivial: every edge a skip connection (no parameters in the cells); rich: a cell from the NB201 paper. */
  initial(kind: InitKind, rng: Rng): Nb201Genome {
    if (kind === 'random') return this.sample(rng);
    if (kind === 'trivial') return decisions.map(() => NB201_OPS.indexOf('skip_connect'));
    return fromArchString(rng.pick(RICH));
  }

  mutate(genome: Nb201Genome, rng: Rng): Nb201Genome {
    return mutateChoices(decisions, genome, rng);
  }

  crossover(a: Nb201Genome, b: Nb201Genome, rng: Rng): Nb201Genome {
    return crossoverChoices(a, b, rng);
  }

  decode(genome: Nb201Genome): ArchGraph {
    throwIfIssues(this.validate(genome));
    return nb201Network(genome, this.dataset);
  }

  validate(genome: unknown): readonly Issue[] {
    return validateChoices(this.name, decisions, genome);
  }

  key(genome: Nb201Genome): string {
    return toArchString(genome);
  }

  toJSON(genome: Nb201Genome): string {
    return toArchString(genome);
  }

  fromJSON(json: unknown): Nb201Genome {
    if (typeof json === 'string') return fromArchString(json);
    throwIfIssues(this.validate(json));
    return [...(json as number[])];
  }
}
