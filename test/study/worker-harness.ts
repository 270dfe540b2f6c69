/** Starts worker-child.js processes for the workers and crash tests, and reads what they did. */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'worker-child.js');

/** What a worker child is told: the storage URL or path, the study, its evaluation delay and lease, and a trial to hang on. */
export interface WorkerChildSpec {
  readonly storage: string;
  readonly name: string;
  readonly delayMs: number;
  readonly leaseMs: number;
  /** Hang (heartbeats still running) once this trial is claimed, printing `holding N`, until killed. */
  readonly hangOnTrial?: number;
}

/** What a worker child reports when it exits. */
export interface WorkerChildResult { readonly workerId: string; readonly finished: number[]; readonly stderr: string }

/** A running worker child. */
export interface WorkerChild {
  readonly child: ChildProcess;
  /** Resolves with the summary when it exits with 0; rejects otherwise (resolves null when killed by a signal). */
  readonly done: Promise<WorkerChildResult | null>;
  /** Resolves once its stdout contains `text`. */
  waitFor(text: string): Promise<void>;
}

/** Spawns one worker child with an IPC channel (it exits when this process goes away). */
export function spawnWorkerChild(spec: WorkerChildSpec): WorkerChild {
  const child = spawn(process.execPath, [CHILD], { env: { ...process.env, TINYEVO_WORKER_CHILD: JSON.stringify(spec) }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let out = '';
  let err = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of waiters.splice(0)) (out.includes(w.text) ? w.resolve() : waiters.push(w));
  });
  child.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
  const done = new Promise<WorkerChildResult | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal) return resolve(null);
      if (code !== 0) return reject(new Error(`worker child exited with ${code}: ${err}`));
      const last = out.trim().split('\n').pop() ?? '{}';
      resolve({ ...(JSON.parse(last) as { workerId: string; finished: number[] }), stderr: err });
    });
  });
  return {
    child, done,
    waitFor: (text) => new Promise((resolve) => (out.includes(text) ? resolve() : waiters.push({ text, resolve }))),
  };
}

/** `count` worker children on one study, as a search's local workers (see QueueEvaluator's `stalled`). */
export function startWorkerChildren(count: number, spec: WorkerChildSpec): { stalled(): string | null; close(): Promise<void>; results: Promise<(WorkerChildResult | null)[]> } {
  const kids = Array.from({ length: count }, () => spawnWorkerChild(spec));
  let exited = 0;
  for (const k of kids) k.child.on('exit', () => { exited++; });
  const results = Promise.all(kids.map((k) => k.done.catch(() => null)));
  return {
    stalled: () => (exited === count ? `all ${count} worker children exited` : null),
    async close() {
      await results;
    },
    results,
  };
}
