import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { workersContract } from './workers-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'tinyevo-workers-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

workersContract({ name: 'sqlite', url: () => join(dir, `studies-${n++}.db`), trials: 2000, workers: 4 });
