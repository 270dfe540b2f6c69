import type { Command } from 'commander';
import { writeReport } from '../../report/index.js';
import { DEFAULT_STORAGE_PATH } from '../../study/storage/sqlite.js';
import { runAction } from '../args.js';

interface ReportFlags { storage?: string; out: string; json?: boolean }

/** `tinyevo report STUDY --out DIR`: a self-contained HTML report and a Markdown summary of a stored study. */
export function register(cli: Command): void {
  cli.command('report <study>')
    .description('write report.html (inline SVG plots, no external URLs) and report.md for a stored study; opens the database read-only')
    .option('--storage <file>', `study database (default ${DEFAULT_STORAGE_PATH})`)
    .requiredOption('--out <dir>', 'folder for report.html and report.md')
    .option('--json', 'print one JSON document on stdout')
    .action((study: string, o: ReportFlags) => runAction(o.json, (out) => {
      const r = writeReport(o.storage ?? DEFAULT_STORAGE_PATH, study, o.out);
      out.result(r, () => `report of study '${study}' (${r.trials} finished trials, best trial ${r.bestTrial ?? 'none'}): ${r.files.join(', ')}`);
    }));
}
