import { after, before } from 'node:test';
import { postgresMissing, startPostgres, type PostgresCluster } from '../util/postgres-cluster.js';
import { workersContract } from './workers-contract.js';

const missing = postgresMissing();
let cluster: PostgresCluster | null = null;
let n = 0;
before(async () => { if (!missing) cluster = await startPostgres(); });
after(() => cluster?.stop());

workersContract({ name: 'postgres', url: () => (cluster as PostgresCluster).database(`workers_${n++}`), trials: 600, workers: 2, skip: missing });
