import type { Survive } from '../types.js';

/**
 * Worst-and-oldest combined: while the pool is too large, remove the least fit of its `window` oldest members, so an
 * old but excellent individual outlives one old and poor one (window 1 is aging).
 */
export function worstOfOldest<G>(options: { window: number } = { window: 3 }): Survive<G> {
  return (pool, size) => {
    const out = [...pool].sort((a, b) => a.birth - b.birth);
    while (out.length > size) {
      const window = out.slice(0, Math.max(1, options.window));
      const worst = window.reduce((a, b) => (b.fitness < a.fitness ? b : a));
      out.splice(out.indexOf(worst), 1);
    }
    return out;
  };
}
