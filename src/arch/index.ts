export * from './types.js';
export * from './graph.js';
export * from './builder.js';
export { opDefs, opKinds } from './ops/index.js';
export * from './json.js';
export * from './hash.js';
