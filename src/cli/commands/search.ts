import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ConfigError } from '../../errors.js';
import { parseSearchConfig, type SearchConfig } from '../../study/config.js';
import { openStorage } from '../../study/storage/open.js';
import { redactUrl } from '../../study/storage/postgres.js';
import { intArg, numArg, runAction } from '../args.js';
import { DEFAULT_STORAGE_PATH } from '../../study/storage/sqlite.js';
import { search } from '../search.js';

interface SearchFlags { config?: string; dataset?: string; inheritWeights?: boolean; earlyStopping?: boolean; int8Fitness?: boolean; space?: string; spaceWidth?: number; strategy?: string; seed?: number; budgetS?: number; finalEpochs?: number; device?: string; runtime?: string; maxSram?: number; maxFlash?: number; maxLatencyMs?: number; maxMacs?: number; backend?: string; engine?: string; threads?: number; out?: string; json?: boolean; study?: string; storage?: string; workers?: number; batch?: number; leaseS?: number; resume?: boolean; proxyWidth?: number; proxyInput?: number }

function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`search: --config file must be readable; got ${(e as Error).message}.`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`search: --config file ${path} must be JSON; got a parse error: ${(e as Error).message}.`);
  }
}

/** The stored config of the study named by --study, for --resume, with the flags that may change between runs applied. */
async function storedConfig(o: SearchFlags): Promise<SearchConfig> {
  if (o.study === undefined) throw new ConfigError('search: --resume must come with --study NAME; got --resume alone.');
  const storage = await openStorage(o.storage ?? DEFAULT_STORAGE_PATH);
  try {
    const row = await storage.loadStudy(o.study);
    if (!row) throw new ConfigError(`search: --resume needs a stored study; got --study ${o.study}, which is not in ${redactUrl(o.storage ?? DEFAULT_STORAGE_PATH)}. Drop --resume to create it.`);
    const stored = row.config !== null && typeof row.config === 'object' ? (row.config as Record<string, unknown>) : {};
    return parseSearchConfig({ ...stored, ...(o.budgetS !== undefined && { budgetSeconds: o.budgetS }), ...(o.finalEpochs !== undefined && { finalEpochs: o.finalEpochs }) }, `study '${o.study}' config`);
  } finally {
    await storage.close();
  }
}

/** `tinyevo search`: the main job. With no arguments: the chain space on bundled MNIST, 150 s, MCU-sized limits. */
export function register(cli: Command): void {
  cli.command('search')
    .description('search for the most accurate network that fits the limits (default: bundled MNIST, a few minutes)')
    .option('--config <file>', 'JSON search configuration (flags override it)')
    .option('--dataset <name>', 'mnist (bundled) | fashion-mnist (Debian package dataset-fashion-mnist) | cifar10:DIR (CIFAR-10 binary batches) | idx:DIR (MNIST-layout IDX files)')
    .option('--space <name>', 'chain | mnasnet | block | cell | multi-branch | mcunet')
    .option('--space-width <w>', "width multiplier of the mcunet space's channels (0.1-2; default 0.5)", numArg('--space-width'))
    .option('--strategy <name>', 'random | rea | rea-dedup | rea-woo-iso | mcunet-ea | mcunet-oneshot (supernet first; --space mcunet) | dnas (differentiable, --space mcunet) | unas | nsga2 | scalarised | reinforce | reinforce-0.5')
    .option('--seed <n>', 'seed of the whole search', intArg('--seed', 0))
    .option('--budget-s <s>', 'seconds of search before the final training (for mcunet-oneshot, the supernet training included)', numArg('--budget-s'))
    .option('--final-epochs <n>', 'epochs of the final training of the best candidate', intArg('--final-epochs', 1))
    .option('--device <id>', 'target MCU (tinyevo devices lists them); default nrf52840')
    .option('--runtime <id>', 'tflm-ref | tflm-cmsis | tinyevo-c; default tflm-cmsis')
    .option('--max-sram <bytes>', 'peak SRAM limit (default 65536; the device size when a config omits it)', numArg('--max-sram'))
    .option('--max-flash <bytes>', 'flash limit: model + runtime code (default 131072)', numArg('--max-flash'))
    .option('--max-latency-ms <ms>', 'latency limit on the device', numArg('--max-latency-ms'))
    .option('--max-macs <n>', 'MACs limit per inference (default 2,000,000)', numArg('--max-macs'))
    .option('--inherit-weights', 'start each child from its parent\'s trained weights where layers match')
    .option('--early-stopping', 'stop candidates whose extrapolated learning curve cannot beat the best (fidelity epochs >= 4)')
    .option('--proxy-width <m>', 'train a narrower proxy of each candidate: filters times m, 0 < m <= 1 (fidelity.widthMultiplier)', numArg('--proxy-width'))
    .option('--proxy-input <f>', 'train each candidate on inputs scaled by f, 0 < f <= 1 (fidelity.inputScale)', numArg('--proxy-input'))
    .option('--int8-fitness', 'score candidates by int8 accuracy (quantized after training, integer interpreter)')
    .option('--engine <name>', 'auto | native | wasm | cpu | tensorflow: what trains candidates (auto: native oneDNN when built, else wasm)')
    .option('--threads <n>', 'threads of the native engine per training job (default: every core; local workers split them)', intArg('--threads', 1))
    .option('--backend <name>', 'former name of --engine')
    .option('--out <dir>', 'results folder (default: tinyevo-runs/<date-time>)')
    .option('--study <name>', 'keep trials in a named study; an existing study with the same config is resumed')
    .option('--storage <file|url>', `study database: an SQLite file (default ${DEFAULT_STORAGE_PATH}) or postgres://user:pass@host:port/db`)
    .option('--resume', 'continue the study --study NAME with its stored config (only --budget-s, --final-epochs and the worker flags may change)')
    .option('--workers <n>', 'train candidates in n local worker processes (a study is created if --study is not given)', intArg('--workers', 1))
    .option('--batch <n>', 'candidates proposed together before the strategy hears their results (default: --workers, else 1)', intArg('--batch', 1))
    .option('--lease-s <s>', 'seconds without a worker heartbeat after which its trial goes to another worker (default 60)', numArg('--lease-s'))
    .option('--json', 'print one JSON document on stdout')
    .action((o: SearchFlags) => runAction(o.json, async (out) => {
      const file = o.config ? readConfigFile(o.config) : {};
      const base = (file !== null && typeof file === 'object' ? file : {}) as Record<string, unknown>;
      const defaults = base.limits === undefined ? { sramBytes: 64 * 1024, flashBytes: 128 * 1024, macs: 2_000_000 } : {};
      const limits = { ...defaults, ...(base.limits as object | undefined), ...(o.maxSram !== undefined && { sramBytes: o.maxSram }), ...(o.maxFlash !== undefined && { flashBytes: o.maxFlash }),
        ...(o.maxLatencyMs !== undefined && { latencyMs: o.maxLatencyMs }), ...(o.maxMacs !== undefined && { macs: o.maxMacs }) };
      const merged = {
        ...base,
        ...(o.dataset !== undefined && { dataset: o.dataset }), ...(o.inheritWeights !== undefined && { inheritWeights: o.inheritWeights }), ...(o.earlyStopping !== undefined && { earlyStopping: o.earlyStopping }), ...(o.int8Fitness !== undefined && { int8Fitness: o.int8Fitness }), ...(o.space !== undefined && { space: o.space }), ...(o.spaceWidth !== undefined && { spaceWidth: o.spaceWidth }), ...(o.strategy !== undefined && { strategy: o.strategy }),
        ...(o.seed !== undefined && { seed: o.seed }), ...(o.budgetS !== undefined && { budgetSeconds: o.budgetS }),
        ...(o.finalEpochs !== undefined && { finalEpochs: o.finalEpochs }), ...((o.engine ?? o.backend) !== undefined && { engine: o.engine ?? o.backend }), ...(o.threads !== undefined && { threads: o.threads }),
        ...(o.device !== undefined && { device: o.device }), ...(o.runtime !== undefined && { runtime: o.runtime }), limits,
        ...((o.proxyWidth !== undefined || o.proxyInput !== undefined) && { fidelity: { ...(base.fidelity as object | undefined), ...(o.proxyWidth !== undefined && { widthMultiplier: o.proxyWidth }), ...(o.proxyInput !== undefined && { inputScale: o.proxyInput }) } }),
        ...(o.batch !== undefined ? { batch: o.batch } : o.workers !== undefined && base.batch === undefined && { batch: o.workers }),
      };
      const config = o.resume ? await storedConfig(o) : parseSearchConfig(merged, o.config ? `search config ${o.config}` : 'search');
      const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
      if (o.storage !== undefined && o.study === undefined) throw new ConfigError(`search: --storage must come with --study NAME; got --storage ${o.storage} alone. Add --study NAME.`);
      const name = o.study ?? (o.workers !== undefined ? `search-${stamp}` : undefined);
      const study = name !== undefined ? { name, storagePath: o.storage ?? DEFAULT_STORAGE_PATH, ...(o.workers !== undefined && { workers: o.workers }), ...(o.leaseS !== undefined && { leaseSeconds: o.leaseS }) } : undefined;
      await search(config, o.out ?? `tinyevo-runs/${stamp}`, out, study);
    }));
}
