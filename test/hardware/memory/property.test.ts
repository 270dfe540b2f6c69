import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lowerGraph } from '../../../src/hardware/lowering/fuse.js';
import { planMemory, type MemoryPlan, type PlanRules } from '../../../src/hardware/memory/plan.js';
import { runtimes } from '../../../src/hardware/runtime/profiles.js';
import { Rng } from '../../../src/util/rng.js';
import { randomMultiBranchGraph } from '../helpers/random-graphs.js';

// Same accounting as the naive peak (no scratch, no persistent bytes, no alignment), so only the planner differs.
const bare = (base: PlanRules): PlanRules => ({ ...base, alignmentBytes: 1, scratchBytes: () => 0, persistentBytes: () => 0 });

/** Every pair of tensors live at a common step must occupy disjoint byte ranges (shared buffers excepted). */
function assertNoOverlap(plan: MemoryPlan): void {
  const t = plan.tensors;
  for (let i = 0; i < t.length; i++) {
    for (let j = i + 1; j < t.length; j++) {
      const a = t[i]!;
      const b = t[j]!;
      const sameBuffer = a.offsetBytes === b.offsetBytes && a.firstStep === b.firstStep && a.lastStep === b.lastStep;
      const together = a.firstStep <= b.lastStep && b.firstStep <= a.lastStep;
      const disjoint = a.offsetBytes + a.sizeBytes <= b.offsetBytes || b.offsetBytes + b.sizeBytes <= a.offsetBytes;
      assert.ok(sameBuffer || !together || disjoint, `tensors ${a.tensor} and ${b.tensor} overlap`);
    }
  }
}

test('planner on 300 random multi-branch graphs: best-placement arena <= naive peak, best order <= graph order, no two live tensors overlap', () => {
  const rng = new Rng(20240611);
  let helped = 0;
  let exact = 0;
  for (let i = 0; i < 300; i++) {
    const deploy = lowerGraph(randomMultiBranchGraph(rng));
    for (const rules of [{ ...bare(runtimes['tflm-cmsis']), placement: 'best' as const }, bare(runtimes['tinyevo-c'])]) {
      const plan = planMemory(deploy, rules);
      assert.ok(plan.arenaBytes <= plan.naivePeakBytes, `graph ${i} inPlace=${rules.inPlace}: arena ${plan.arenaBytes} > naive ${plan.naivePeakBytes}`);
      assert.ok(plan.orderPeakBytes <= plan.topologicalPeakBytes);
      assert.ok(plan.arenaBytes >= plan.orderPeakBytes, 'a placement can never beat the live-bytes bound');
      assertNoOverlap(plan);
      if (rules.inPlace) {
        if (plan.orderPeakBytes < plan.topologicalPeakBytes) helped++;
        if (plan.orderExact) exact++;
      }
    }
  }
  // The order search must matter on some of these graphs, and stay exact on most of them.
  assert.ok(helped > 0, 'the best order never beat the graph order');
  assert.ok(exact > 200, `only ${exact} of 300 orders exact`);
});
