import { Command } from 'commander';
import { register as registerBench } from './commands/bench.js';
import { register as registerDashboard } from './commands/dashboard.js';
import { register as registerData } from './commands/data.js';
import { register as registerExport } from './commands/export.js';
import { register as registerHardware } from './commands/hardware.js';
import { register as registerModels } from './commands/models.js';
import { register as registerReport } from './commands/report.js';
import { register as registerSearch } from './commands/search.js';
import { register as registerSpace } from './commands/space.js';
import { register as registerStudy } from './commands/study.js';
import { register as registerTrainDemo } from './commands/train-demo.js';
import { register as registerWorker } from './commands/worker.js';

/** The tinyevo command line: each command lives in its own file under `commands/` and registers itself here. */
export function program(): Command {
  const cli = new Command('tinyevo').description('Evolutionary neural architecture search for microcontrollers').showHelpAfterError();
  for (const register of [registerSearch, registerTrainDemo, registerModels, registerSpace, registerBench, registerHardware, registerStudy, registerExport, registerData, registerReport, registerWorker, registerDashboard]) register(cli);
  return cli;
}

await program().parseAsync(process.argv);
