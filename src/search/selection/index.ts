export { roulette } from './roulette.js';
export { topK } from './top-k.js';
export { tournament } from './tournament.js';
export { uniform } from './uniform.js';
