import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { StudyError } from '../../study/errors.js';
import { parseSearchConfig } from '../../study/config.js';
import { studyArtifactsDir, WeightStore } from '../../study/artifacts.js';
import { ThreadHeartbeat, type Heartbeat } from '../../study/heartbeat.js';
import { isPostgresUrl, openStorage } from '../../study/storage/open.js';
import { redactUrl } from '../../study/storage/postgres.js';
import { DEFAULT_STORAGE_PATH } from '../../study/storage/sqlite.js';
import { describeCandidate, trainCandidate } from '../../study/trial.js';
import { releaseStopped, runWorker, workerIdOf } from '../../study/worker.js';
import type { TrialRow } from '../../study/storage/types.js';
import type { WeightTensor } from '../../engine/weights.js';
import { intArg, numArg, runAction } from '../args.js';
import { evaluationSetup } from '../search-setup.js';
import { DEFAULT_LEASE_S } from '../local-workers.js';

interface WorkerFlags { storage?: string; study: string; leaseS?: number; pollMs?: number; idleExitS?: number; artifacts?: string; json?: boolean }

/**
 * `tinyevo worker --storage URL --study NAME`: joins a running search from this or another machine. It builds the
 * study's data, space and estimator from the stored config, then claims and trains queued candidates until the
 * search closes the study.
 */
export function register(cli: Command): void {
  cli.command('worker')
    .description('train queued candidates of a study until its search ends (start the search with --workers or --batch)')
    .requiredOption('--study <name>', 'the study whose queue to work on')
    .option('--storage <file|url>', `the study's database: SQLite file (default ${DEFAULT_STORAGE_PATH}) or postgres://user:pass@host:port/db`)
    .option('--lease-s <s>', `seconds without a heartbeat after which a trial goes to another worker (default ${DEFAULT_LEASE_S})`, numArg('--lease-s'))
    .option('--poll-ms <ms>', 'how often to look at an empty queue (default 500)', intArg('--poll-ms', 10))
    .option('--idle-exit-s <s>', 'also exit after this many seconds with nothing to claim', numArg('--idle-exit-s'))
    .option('--artifacts <dir>', 'folder for trained weights (default: artifacts/<study> beside an SQLite file, tinyevo-runs/artifacts/<study> for PostgreSQL)')
    .option('--json', 'print one JSON document on stdout')
    .action((o: WorkerFlags) => runAction(o.json, async (out) => {
      const url = o.storage ?? DEFAULT_STORAGE_PATH;
      // A worker joins a study that exists; opening a missing SQLite file would create an empty database there.
      if (!isPostgresUrl(url) && !existsSync(url.replace(/^sqlite:/i, ''))) {
        throw new StudyError(`worker: --storage must be an existing study database; got '${url}', which does not exist. Start the search first (tinyevo search --study ${o.study} --workers N --storage ${url}) or give its database.`);
      }
      // Stopped from outside (its search process went away, or Ctrl-C): give the held trial back uncounted, then exit.
      let stop: (code: number, why: string) => void = (code) => process.exit(code);
      if (process.send) {
        process.on('disconnect', () => stop(3, 'the search process stopped'));
        if (!process.connected) process.exit(3);
      }
      process.once('SIGINT', () => stop(130, 'the worker was interrupted'));
      process.once('SIGTERM', () => stop(143, 'the worker was terminated'));
      const storage = await openStorage(url);
      let heartbeat: Heartbeat | null = null;
      const abort = new AbortController();
      let held: TrialRow | null = null;
      try {
        const row = await storage.loadStudy(o.study);
        const workerId = workerIdOf(process.env.TINYEVO_WORKER_INDEX ?? 0);
        stop = (code, why) => { abort.abort(); void releaseStopped(storage, row?.id ?? -1, workerId, held, why).finally(() => process.exit(code)); };
        if (!row) throw new StudyError(`worker: study must exist in ${redactUrl(url)}; got '${o.study}', which does not. Start it with tinyevo search --study ${o.study} --workers N (or --batch N).`);
        const config = parseSearchConfig(row.config, `study '${o.study}' config`);
        if (config.strategy === 'mcunet-oneshot') throw new StudyError(`worker: study '${o.study}' uses --strategy mcunet-oneshot, whose supernet lives in the search process; workers cannot join it.`);
        const setup = await evaluationSetup(config, (m) => out.progress(`worker ${workerId}: ${m}`));
        const leaseMs = (o.leaseS ?? DEFAULT_LEASE_S) * 1000;
        heartbeat = new ThreadHeartbeat({ storage: url, study: row.id, workerId, intervalMs: Math.max(200, leaseMs / 4) });
        const weights = new WeightStore(o.artifacts ?? studyArtifactsDir(url, o.study));
        out.progress(`worker ${workerId}: study '${o.study}' (${config.space}, ${setup.data.name}, engine ${setup.backend}) in ${redactUrl(url)}`);
        const parentWeights = async (parent: number): Promise<WeightTensor[] | undefined> => {
          const [p] = await storage.trials(row.id, { fromTrial: parent, states: ['complete'] });
          if (!p || p.trial !== parent || !p.record?.weights) return undefined;
          try { return weights.get(p.record.weights); } catch { return undefined; }
        };
        const summary = await runWorker({
          storage, study: row.id, name: o.study, workerId, leaseMs, pollMs: o.pollMs ?? 500, heartbeat, signal: abort.signal, onHold: (r) => { held = r; },
          ...(o.idleExitS !== undefined && { idleExitMs: o.idleExitS * 1000 }),
          onTrial: (r, outcome) => out.progress('record' in outcome
            ? `trial ${r.trial}: ${outcome.record.state}${outcome.record.accuracy !== null ? `, accuracy ${(outcome.record.accuracy * 100).toFixed(2)}%` : ''}`
            : `trial ${r.trial}: attempt ${r.attempts} failed: ${outcome.error}`),
        }, async (r) => {
          const c = describeCandidate(setup.space, setup.check, r);
          const parent = r.parents[0];
          const start = config.inheritWeights && parent !== undefined ? await parentWeights(parent) : undefined;
          const trained = await trainCandidate({ estimator: setup.estimator, fidelity: config.fidelity, storeWeights: (t, w) => weights.put(t, w) }, c, abort.signal, start);
          return trained.record;
        });
        out.result(summary, () => `worker ${summary.workerId}: ${summary.finished} trials finished, ${summary.released} given back after errors, ${summary.lost} finished first by another worker`);
      } finally {
        await heartbeat?.stop();
        await storage.close();
      }
    }));
}


