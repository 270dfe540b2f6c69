import type { ArchGraph } from '../arch/types.js';
import type { Rng } from '../util/rng.js';

/** One problem found by `validate`: where in the genome, and what is wrong and allowed. */
export interface Issue {
  readonly path: string;
  readonly message: string;
}

/** One categorical decision of a fixed-length space: a name and its choices (the genome holds an index). */
export interface Decision {
  readonly name: string;
  readonly choices: readonly string[];
}

/**
 * The survey's three initialisations: `trivial` is the smallest valid network (grown by mutation), `random` a
 * uniform sample, `rich` one seeded from known good models of the space.
 */
export type InitKind = 'trivial' | 'random' | 'rich';

/**
 * A search space over genomes G. Every operator returns a new genome and never edits its input; every random choice
 * comes from the `rng` argument. `decode` gives a checked ArchGraph, the single currency of the other modules.
 * Contract (tested for every space): `validate(sample(rng))`, `validate(mutate(g, rng))` and
 * `validate(crossover(a, b, rng))` are empty and their decodes build; the same seed gives the same genomes;
 * `fromJSON(toJSON(g))` equals g; `key` is canonical for a genome.
 */
export interface SearchSpace<G> {
  readonly name: string;
  /** The decisions of a fixed-length space (categorical index per position); absent for variable-length spaces. */
  readonly decisions?: readonly Decision[];
  sample(rng: Rng): G;
  initial(kind: InitKind, rng: Rng): G;
  mutate(genome: G, rng: Rng): G;
  crossover(a: G, b: G, rng: Rng): G;
  /** The network; throws SpaceError if `validate` would find issues. */
  decode(genome: G): ArchGraph;
  /** [] when valid; never throws. */
  validate(genome: unknown): readonly Issue[];
  /** A canonical string for dedup and storage. */
  key(genome: G): string;
  toJSON(genome: G): unknown;
  /** Reads a genome; throws SpaceError naming the problem when it is not a valid genome of this space. */
  fromJSON(json: unknown): G;
}
