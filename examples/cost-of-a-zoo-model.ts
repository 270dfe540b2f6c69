// The cost of a known model on a microcontroller, without training: params, MACs, flash, peak SRAM (and the op where
// it peaks), latency and energy, then a check against limits. Run: npx tsc && node dist/examples/cost-of-a-zoo-model.js [model] [device]
import { check, estimateCost, findDevice, zoo } from '../src/index.js';

const modelName = process.argv[2] ?? 'ds-cnn';
const deviceId = process.argv[3] ?? 'nrf52840';
const make = zoo[modelName];
if (!make) throw new Error(`model must be one of ${Object.keys(zoo).join(', ')}; got '${modelName}'.`);

const graph = make();
const device = findDevice(deviceId);
const cost = estimateCost(graph, device, { runtime: 'tflm-cmsis' });
console.log(`${modelName} on ${device.id} (${cost.runtime}): ${cost.params} params, ${cost.macs} MACs`);
console.log(`flash ${cost.flashBytes} B, peak SRAM ${cost.peakSramBytes} B at op ${cost.memory.peakOp}, latency ${cost.latencyMs.toFixed(2)} ms, energy ${cost.energyUj.toFixed(1)} uJ`);

// Limits: 64 KiB SRAM and 256 KiB flash; each check says its margin and what drives the value.
const report = check(graph, device, { sramBytes: 64 * 1024, flashBytes: 256 * 1024 }, { runtime: 'tflm-cmsis' });
for (const c of report.checks) console.log(`${c.name}: ${c.value} of ${c.limit} ${c.unit} -> ${c.ok ? 'fits' : `over (shrink ${c.culprits.join(', ')})`}`);
console.log(`feasible: ${report.feasible}`);
