import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { graphFromJSON } from '../../arch/json.js';
import type { ArchGraph } from '../../arch/types.js';
import { zoo } from '../../arch/zoo/index.js';
import { ConfigError } from '../../errors.js';
import { calibrate, calibrationModule } from '../../hardware/calibrate/calibrate.js';
import { check, type Limits } from '../../hardware/constraints.js';
import { readDeviceFile } from '../../hardware/devices/file.js';
import { allDevices, findDevice } from '../../hardware/devices/registry.js';
import type { Device } from '../../hardware/devices/types.js';
import { HardwareError } from '../../hardware/errors.js';
import { costToJSON, formatCost, formatDevices } from '../../hardware/format.js';
import { findRuntime } from '../../hardware/runtime/profiles.js';
import { smallestFittingDevice } from '../../hardware/select.js';
import { optimiseSpaceForDevice, type SpaceSetting } from '../../study/optimise-space.js';
import { numArg, runAction } from '../args.js';

interface CostFlags { device: string; runtime: string; devices?: string; maxLatencyMs?: number; maxEnergyUj?: number; maxMacs?: number; json?: boolean }
interface CalibrateFlags { csv: string; out: string; ts?: string; json?: boolean }

/** A known model name (src/arch/zoo) or a path to an ArchGraph JSON file. */
function loadModel(spec: string): ArchGraph {
  const make = zoo[spec];
  if (make) return make();
  if (existsSync(spec)) return graphFromJSON(readFileSync(spec, 'utf8'));
  throw new ConfigError(`cost: model must be one of ${Object.keys(zoo).join(', ')} or the path of an ArchGraph JSON file; got ${JSON.stringify(spec)}. Check the name or the path.`);
}

function pickDevice(graph: ArchGraph, o: CostFlags, extra: readonly Device[], limits: Limits): Device {
  if (o.device !== 'auto') return findDevice(o.device, extra);
  return smallestFittingDevice(graph, allDevices(extra), limits, { runtime: findRuntime(o.runtime).id }).device;
}

function registerCost(cli: Command): void {
  cli.command('cost <model>')
    .description('params, MACs, flash, peak SRAM (and where it peaks), latency and energy of a model on a device, with limits and margins')
    .requiredOption('--device <id>', "device id (see 'tinyevo devices'), or auto for the smallest device it fits")
    .option('--runtime <id>', 'tflm-ref | tflm-cmsis | tinyevo-c', 'tflm-cmsis')
    .option('--devices <file>', 'JSON file with more devices ({"devices": [...]}, see docs/hardware.md)')
    .option('--max-latency-ms <ms>', 'latency limit', numArg('--max-latency-ms'))
    .option('--max-energy-uj <uJ>', 'energy limit per inference', numArg('--max-energy-uj'))
    .option('--max-macs <n>', 'MAC limit', numArg('--max-macs'))
    .option('--json', 'print one JSON document on stdout')
    .action((model: string, o: CostFlags) => runAction(o.json, (out) => {
      const runtime = findRuntime(o.runtime);
      const extra = o.devices ? readDeviceFile(o.devices) : [];
      const graph = loadModel(model);
      const limits: Limits = { latencyMs: o.maxLatencyMs, energyUj: o.maxEnergyUj, macs: o.maxMacs };
      const device = pickDevice(graph, o, extra, limits);
      const report = check(graph, device, limits, { runtime: runtime.id });
      out.result(costToJSON(model, report), () => formatCost(model, device, report));
    }));
}

function registerCalibrate(hardware: Command): void {
  hardware.command('calibrate')
    .description('fit the cycle models and core factors to mlperf_tiny_latency.csv and write the coefficients JSON')
    .option('--csv <file>', 'MLPerf Tiny latency CSV', '../shared/reference/mcu/mlperf_tiny_latency.csv')
    .option('--out <file>', 'where to write the fitted coefficients (JSON)', 'tinyevo-calibration.json')
    .option('--ts <file>', 'also write them as the TypeScript module (src/hardware/latency/coefficients.ts)')
    .option('--json', 'print one JSON document on stdout')
    .action((o: CalibrateFlags) => runAction(o.json, (out) => {
      if (!existsSync(o.csv)) throw new HardwareError(`hardware calibrate: --csv must name an existing file; got ${JSON.stringify(o.csv)}. Pass the path of mlperf_tiny_latency.csv (shared/reference/mcu/).`);
      const cal = calibrate(readFileSync(o.csv, 'utf8'), o.csv.split('/').pop() as string);
      writeFileSync(o.out, `${JSON.stringify(cal, null, 2)}\n`);
      if (o.ts) writeFileSync(o.ts, calibrationModule(cal));
      const lines = cal.groups.map((g) => `${g.core.padEnd(14)} ${g.stack.padEnd(16)} rows ${String(g.rows).padStart(3)}  in-sample MAPE ${g.inSampleMapePct.toFixed(1).padStart(5)} %`);
      out.result({ out: o.out, ts: o.ts ?? null, calibration: cal }, () => [`${cal.rowsUsed} rows used, ${cal.rowsExcluded} excluded; wrote ${o.out}${o.ts ? ` and ${o.ts}` : ''}`, ...lines].join('\n'));
    }));
}

/** `tinyevo devices`, `tinyevo cost <model>`, `tinyevo hardware calibrate` and `tinyevo hardware optimise-space`. */
export function register(cli: Command): void {
  cli.command('devices')
    .description('list the device catalog (and devices from --devices)')
    .option('--devices <file>', 'JSON file with more devices')
    .option('--json', 'print one JSON document on stdout')
    .action((o: { devices?: string; json?: boolean }) => runAction(o.json, (out) => {
      const devices = allDevices(o.devices ? readDeviceFile(o.devices) : []);
      out.result({ devices }, () => formatDevices(devices));
    }));
  registerCost(cli);
  const hardware = cli.command('hardware').description('hardware cost models');
  registerCalibrate(hardware);
  registerOptimiseSpace(hardware);
}

function registerOptimiseSpace(hardware: Command): void {
  hardware.command('optimise-space')
    .description("MCUNet's search-space optimisation: the (width, resolution) of the MCUNet space whose feasible models have the most MACs on a device")
    .requiredOption('--device <id>', 'target MCU')
    .option('--max-sram <bytes>', 'peak SRAM limit (default: the device SRAM)', numArg('--max-sram'))
    .option('--max-flash <bytes>', 'flash limit (default: the device flash)', numArg('--max-flash'))
    .option('--samples <n>', 'models sampled per setting', numArg('--samples'), 100)
    .option('--json', 'print one JSON document on stdout')
    .action((o: { device: string; maxSram?: number; maxFlash?: number; samples: number; json?: boolean }) => runAction(o.json, (out) => {
      const device = findDevice(o.device);
      const r = optimiseSpaceForDevice(device, { ...(o.maxSram !== undefined && { sramBytes: o.maxSram }), ...(o.maxFlash !== undefined && { flashBytes: o.maxFlash }) }, { samples: Math.round(o.samples) });
      const row = (x: SpaceSetting) => `w ${x.width.toFixed(1)}  r ${String(x.resolution).padStart(3)}  feasible ${(x.feasibleFraction * 100).toFixed(0).padStart(3)} %  MACs mean ${(x.meanMacs / 1e6).toFixed(1).padStart(6)} M  p10/p50/p90 ${(x.macsP10 / 1e6).toFixed(1)}/${(x.macsP50 / 1e6).toFixed(1)}/${(x.macsP90 / 1e6).toFixed(1)} M`;
      out.result(r, () => [...r.settings.filter((x) => x.feasibleFraction > 0).map(row), r.best ? `best: ${row(r.best)}` : 'no setting has enough feasible models; relax the limits'].join('\n'));
    }));
}
