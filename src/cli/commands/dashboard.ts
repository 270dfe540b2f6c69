import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_PORT, startDashboard } from '../../dashboard/server.js';
import { DEFAULT_STORAGE_PATH } from '../../study/storage/sqlite.js';
import { runAction } from '../args.js';

interface DashboardFlags { storage?: string; port: number; host: string; token?: string; json?: boolean }

function portArg(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isInteger(n) || n > 65535) throw new InvalidArgumentError(`--port must be an integer from 0 to 65535 (0 picks a free port); got ${JSON.stringify(v)}.`);
  return n;
}

/** `tinyevo dashboard`: the live web dashboard of a study database, opened read-only. */
export function register(cli: Command): void {
  cli.command('dashboard')
    .description('serve the live web dashboard (studies, progress, Pareto fronts, trials, architectures) of a study database, opened read-only')
    .option('--storage <file>', `study database (default ${DEFAULT_STORAGE_PATH})`)
    .option('--port <n>', 'TCP port, 0 for any free one', portArg, DEFAULT_PORT)
    .option('--host <h>', 'interface to bind; anything but loopback needs --token', '127.0.0.1')
    .option('--token <t>', 'access token every request must carry (?token=, or TINYEVO_DASHBOARD_TOKEN)')
    .option('--json', 'print one JSON document {url, host, port, storage} on stdout once listening')
    .action((o: DashboardFlags) => runAction(o.json, async (out) => {
      const token = o.token ?? process.env.TINYEVO_DASHBOARD_TOKEN;
      const storage = o.storage ?? DEFAULT_STORAGE_PATH;
      const d = await startDashboard({ storage, host: o.host, port: o.port, ...(token !== undefined && { token }) });
      out.result({ url: d.url, host: d.host, port: d.port, storage: d.storage }, () => `dashboard of ${storage} (read-only) at ${d.url}`);
      out.progress('serving; Ctrl-C stops');
      await new Promise<void>((resolve) => {
        const stop = (): void => { void d.close().then(resolve); };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    }));
}
