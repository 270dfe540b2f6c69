import cliProgress from 'cli-progress';

/** A progress display on stderr: a bar with ETA on a terminal, a line every few seconds otherwise (CI, pipes). */
export interface Progress {
  update(done: number, info?: string): void;
  stop(): void;
}

/** Starts a progress display for `total` units of work named `label`. */
export function startProgress(label: string, total: number): Progress {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar({
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% {value}/{total} eta {eta_formatted} {info}`,
      hideCursor: true,
    }, cliProgress.Presets.shades_classic);
    bar.start(total, 0, { info: '' });
    return { update: (done, info = '') => bar.update(done, { info }), stop: () => bar.stop() };
  }
  const t0 = Date.now();
  let last = 0;
  return {
    update(done, info = '') {
      const now = Date.now();
      if (now - last < 5000 && done < total) return;
      last = now;
      const eta = done > 0 ? ((now - t0) / done) * (total - done) / 1000 : 0;
      process.stderr.write(`${label} ${done}/${total} (${Math.round((100 * done) / total)}%) eta ${eta.toFixed(0)}s ${info}\n`);
    },
    stop() {},
  };
}
