import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Default lease: a trial whose worker sent no heartbeat for this many seconds goes to another worker. */
export const DEFAULT_LEASE_S = 60;

/** Worker processes started by a search on this machine. */
export interface LocalWorkers {
  /** Why the workers cannot make progress (all exited), or null while at least one runs. */
  stalled(): string | null;
  /** Waits for the workers to exit (they do once the study is closed), killing any left after a grace period. */
  close(): Promise<void>;
}

/**
 * Starts `n` `tinyevo worker` processes on the study, each with its own TF.js backend and its log in `logDir`. They are
 * tied to this process by an IPC channel: when it dies (even by SIGKILL) the channel closes and they exit, and their
 * trials are re-queued on resume.
 */
export function startLocalWorkers(n: number, storage: string, study: string, logDir: string, leaseSeconds: number): LocalWorkers {
  mkdirSync(logDir, { recursive: true });
  const main = fileURLToPath(new URL('./main.js', import.meta.url));
  const children: { child: ChildProcess; exited: boolean; code: number | null; log: string }[] = [];
  for (let i = 0; i < n; i++) {
    const log = join(logDir, `worker-${i}.log`);
    const fd = openSync(log, 'a');
    const child = spawn(process.execPath, [main, 'worker', '--storage', storage, '--study', study, '--lease-s', String(leaseSeconds)], {
      stdio: ['ignore', fd, fd, 'ipc'], env: { ...process.env, TINYEVO_WORKER_INDEX: String(i), TINYEVO_THREADS: process.env.TINYEVO_THREADS ?? String(Math.max(1, Math.floor(availableParallelism() / n))) },
    });
    closeSync(fd);
    const entry = { child, exited: false, code: null as number | null, log };
    child.on('exit', (code) => { entry.exited = true; entry.code = code; });
    children.push(entry);
  }
  return {
    stalled() {
      if (!children.every((c) => c.exited)) return null;
      return `all ${n} local worker processes exited (codes ${children.map((c) => c.code).join(', ')}; logs: ${children.map((c) => c.log).join(', ')})`;
    },
    async close() {
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && !children.every((c) => c.exited)) await new Promise((r) => setTimeout(r, 50));
      for (const c of children) if (!c.exited) c.child.kill('SIGKILL');
      for (const c of children) if (c.child.connected) c.child.disconnect();
    },
  };
}
