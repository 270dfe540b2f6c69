export { aging } from './aging.js';
export { discardWorst, elitism } from './elitism.js';
export { worstOfOldest } from './worst-of-oldest.js';
