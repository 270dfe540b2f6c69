// Sample one network from each search space with a seeded RNG and print a one-line summary of each.
// Run: npx tsc && node dist/examples/sample-space.js [seed]
import { Rng, spaceByName, spaceCatalog, totalMacs, totalParams } from '../src/index.js';

const seed = Number(process.argv[2] ?? 0);
for (const name of Object.keys(spaceCatalog)) {
  const space = spaceByName(name);
  const genome = space.sample(new Rng(seed));
  const graph = space.decode(genome);
  const issues = space.validate(genome);
  console.log(`${name}: ${graph.nodes.length} nodes, input [${graph.inputShape.join(',')}], ${totalParams(graph)} params, ${totalMacs(graph)} MACs, ${issues.length} issues`);
}
