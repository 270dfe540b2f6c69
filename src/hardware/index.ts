// The hardware module: device catalog, runtime profiles and cost models as pure functions of (ArchGraph, Device,
// Runtime). See docs/hardware.md. (MCUNet-style search-space optimisation, `optimiseSpaceForDevice`, waits for
// src/space/.)
export { HardwareError } from './errors.js';
export { coreFamilies, type CoreFamily, type Device } from './devices/types.js';
export { deviceCatalog } from './devices/catalog.js';
export { allDevices, findDevice } from './devices/registry.js';
export { parseDevices } from './devices/schema.js';
export { readDeviceFile } from './devices/file.js';
export { familyPowerMw, inferencePower } from './devices/power.js';
export { runtimeIds, type RuntimeId, type RuntimeProfile } from './runtime/types.js';
export { findRuntime, runtimes } from './runtime/profiles.js';
export { lowerGraph } from './lowering/fuse.js';
export type { DeployGraph, DeployOp, DeployTensor, OpClass } from './lowering/types.js';
export { planMemory, naivePeakBytes, type MemoryPlan } from './memory/plan.js';
export { flashBreakdown, type FlashBreakdown } from './flash/flash.js';
export { estimateLatency, type LatencyEstimate } from './latency/model.js';
export { calibration } from './latency/coefficients.js';
export { estimateCost, costModel, type Cost, type CostModel, type CostReport } from './cost.js';
export { check, type Limits, type LimitCheck, type ConstraintReport } from './constraints.js';
export { fittingDevices, smallestFittingDevice } from './select.js';
