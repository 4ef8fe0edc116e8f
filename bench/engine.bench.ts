/**
 * `npm run bench -- engine [--simple 2000] [--ticket 200] [--warmup 300] [--waiting 10000] [--restore 300]
 *   [--only simple,ticket,waiting] [--db sqlite,mariadb] [--skip-mysql]`:
 * the durable embedded engine on SQLite (temp file, WAL) and MariaDB (WARMLINE_BENCH_ENGINE_MYSQL,
 * default mysql://root@127.0.0.1:3306, a fresh `wle_bench_<random>` database dropped afterwards).
 *
 * - simple: start → job → end, an in-process worker completes each job; instances/s from the first
 *   start to the last end, after a warm-up round that is not measured (V8 compiles the hot paths).
 * - ticket: a 20-node path (15 jobs, 2 gateways, a user task completed by the benchmark); instances/s.
 * - stored bytes per waiting instance: instance row (snapshot + variables + waits) + task + timer rows
 *   (bytesPerWaiting, row payload), and the growth of the engine tables on disk (diskBytesPerWaiting).
 * - heap growth for N waiting instances (after gc), restore latency p50/p99 (completing a user task).
 * Prints a summary and one JSON object last. WARMLINE_ENGINE_HOT_INSTANCES / WARMLINE_ENGINE_HOT_MB bound
 * the engine's cache of loaded instances (defaults 200 / 128 MB, 0 = off; decision 0017).
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { parseArgs } from 'node:util';
import { QueryTypes, Sequelize } from 'sequelize';
import { EmbeddedEngine } from '../engine/src/index.js';
import { bpmn, simpleJobModel, userTaskModel } from '../engine/src/testing/models.js';
import { mariaTestDbs, sqliteTestDbs, type EngineTestDbs } from '../engine/src/testing/test-databases.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** start, 8 jobs, a gateway, a user task, a gateway, 7 jobs, end: 20 flow nodes. */
function ticketModel(): string {
  const nodes: string[] = ['<bpmn:startEvent id="start"/>'];
  const ids = ['start'];
  for (let i = 1; i <= 8; i++) {
    nodes.push(
      `<bpmn:serviceTask id="a${i}"><bpmn:extensionElements><zeebe:taskDefinition type="ticket-step"/></bpmn:extensionElements></bpmn:serviceTask>`,
    );
    ids.push(`a${i}`);
  }
  nodes.push('<bpmn:exclusiveGateway id="g1" default="g1-def"/>');
  nodes.push(
    '<bpmn:userTask id="handle" name="处理"><bpmn:extensionElements><zeebe:userTask/><zeebe:assignmentDefinition assignee="=agent"/></bpmn:extensionElements></bpmn:userTask>',
  );
  nodes.push('<bpmn:exclusiveGateway id="g2" default="g2-def"/>');
  const tail: string[] = [];
  for (let i = 1; i <= 7; i++) {
    nodes.push(
      `<bpmn:serviceTask id="b${i}"><bpmn:extensionElements><zeebe:taskDefinition type="ticket-step"/></bpmn:extensionElements></bpmn:serviceTask>`,
    );
    tail.push(`b${i}`);
  }
  nodes.push('<bpmn:endEvent id="end"/>');
  const flows: string[] = [];
  const chain = [...ids, 'g1'];
  for (let i = 0; i < chain.length - 1; i++)
    flows.push(`<bpmn:sequenceFlow id="f${i}" sourceRef="${chain[i]}" targetRef="${chain[i + 1]}"/>`);
  flows.push('<bpmn:sequenceFlow id="g1-def" sourceRef="g1" targetRef="handle"/>');
  flows.push(
    '<bpmn:sequenceFlow id="g1-skip" sourceRef="g1" targetRef="end"><bpmn:conditionExpression>=skip = true</bpmn:conditionExpression></bpmn:sequenceFlow>',
  );
  flows.push('<bpmn:sequenceFlow id="h-g2" sourceRef="handle" targetRef="g2"/>');
  flows.push('<bpmn:sequenceFlow id="g2-def" sourceRef="g2" targetRef="b1"/>');
  flows.push(
    '<bpmn:sequenceFlow id="g2-back" sourceRef="g2" targetRef="handle"><bpmn:conditionExpression>=reopen = true</bpmn:conditionExpression></bpmn:sequenceFlow>',
  );
  const t2 = [...tail, 'end'];
  for (let i = 0; i < t2.length - 1; i++) flows.push(`<bpmn:sequenceFlow id="t${i}" sourceRef="${t2[i]}" targetRef="${t2[i + 1]}"/>`);
  return bpmn(`<bpmn:process id="bench-ticket" isExecutable="true">\n${[...nodes, ...flows].join('\n')}\n</bpmn:process>`);
}

type Dbs = EngineTestDbs & { name: string };

const sqliteDbs = async (): Promise<Dbs> => ({ ...(await sqliteTestDbs({ prefix: 'wle-bench', tuned: true })), name: 'sqlite' });
const mysqlDbs = async (url: string): Promise<Dbs> => ({
  ...(await mariaTestDbs(url, { prefix: 'wle_bench', poolMax: 20 })),
  name: 'mariadb',
});

function makeEngine(dbs: Dbs): EmbeddedEngine {
  const engine = new EmbeddedEngine({
    ensureSchema: true,
    scheduleTimers: false,
    databases: { group: dbs.group, tenant: async () => dbs.tenant, tenantIds: async () => ['A'] },
    // Loaded instances kept between actions (decision 0017): the engine's default unless set.
    hotInstances: {
      ...(process.env.WARMLINE_ENGINE_HOT_INSTANCES !== undefined && { maxInstances: Number(process.env.WARMLINE_ENGINE_HOT_INSTANCES) }),
      ...(process.env.WARMLINE_ENGINE_HOT_MB !== undefined && { maxMb: Number(process.env.WARMLINE_ENGINE_HOT_MB) }),
    },
  });
  return engine;
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>) {
  let i = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (i < items.length) await fn(items[i++]);
    }),
  );
}

async function countActive(db: Sequelize, processId: string): Promise<number> {
  const r = await db.query<{ n: number }>("SELECT COUNT(*) AS n FROM engine_instances WHERE process_id = ? AND state = 'active'", {
    replacements: [processId],
    type: QueryTypes.SELECT,
  });
  return Number(r[0].n);
}

/**
 * Instances/s of `processId` from the first start to the last end, `concurrency` starts in flight.
 * A warm-up round (not measured) first lets V8 compile the engine's hot paths.
 */
async function rate(
  dbs: Dbs,
  engine: EmbeddedEngine,
  processId: string,
  n: number,
  warmup: number,
  variables: (i: number) => Record<string, unknown>,
) {
  const concurrency = dbs.name === 'sqlite' ? 8 : 16;
  const round = async (count: number) => {
    await pool(
      [...Array(count).keys()],
      concurrency,
      async (i) => void (await engine.startInstance({ tenantId: 'A', processId, variables: variables(i) })),
    );
    while ((await countActive(dbs.tenant, processId)) > 0) await new Promise((r) => setTimeout(r, 10));
  };
  await round(warmup);
  const t0 = performance.now();
  await round(n);
  return n / ((performance.now() - t0) / 1000);
}

async function simpleRate(dbs: Dbs, n: number, warmup: number): Promise<number> {
  const engine = makeEngine(dbs);
  await engine.deploy('A', [{ name: 's.bpmn', content: simpleJobModel('bench-simple', 'bench-work') }]);
  const worker = engine.registerWorker('bench-work', async () => ({ outcome: 'complete' }), { maxJobsActive: 64 });
  const result = await rate(dbs, engine, 'bench-simple', n, warmup, (i) => ({ i }));
  await worker.close();
  await engine.close();
  return result;
}

async function ticketRate(dbs: Dbs, n: number, warmup: number): Promise<number> {
  const engine = makeEngine(dbs);
  await engine.deploy('A', [{ name: 't.bpmn', content: ticketModel() }]);
  const worker = engine.registerWorker('ticket-step', async () => ({ outcome: 'complete' }), { maxJobsActive: 64 });
  const off = engine.onEvent((e) => {
    if (e.type === 'task.created')
      void engine.completeUserTask('A', e.task.taskKey, { reopen: false, result: 'ok' }).catch(() => undefined);
  });
  const result = await rate(dbs, engine, 'bench-ticket', n, warmup, (i) => ({ i, agent: 'li', skip: false, reopen: false }));
  off();
  await worker.close();
  await engine.close();
  return result;
}

/** Heap in use once garbage (also from earlier cases of the run) is collected and finalizers ran. */
async function settledHeap(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 100));
  }
  gc();
  return process.memoryUsage().heapUsed;
}

/** Bytes the engine tables take on disk (MariaDB: InnoDB data + indexes after ANALYZE; SQLite: the file's pages after a checkpoint). */
async function storedBytes(dbs: Dbs): Promise<number> {
  if (dbs.name === 'mariadb') {
    const tables = await dbs.tenant.query<{ t: string }>(
      "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'engine%'",
      { type: QueryTypes.SELECT },
    );
    for (const { t } of tables) await dbs.tenant.query(`ANALYZE TABLE ${t}`);
    const r = await dbs.tenant.query<{ b: number }>(
      "SELECT SUM(DATA_LENGTH + INDEX_LENGTH) AS b FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'engine%'",
      { type: QueryTypes.SELECT },
    );
    return Number(r[0].b);
  }
  await dbs.tenant.query('PRAGMA wal_checkpoint(TRUNCATE)');
  const pages = await dbs.tenant.query<{ page_count: number }>('PRAGMA page_count', { type: QueryTypes.SELECT });
  const size = await dbs.tenant.query<{ page_size: number }>('PRAGMA page_size', { type: QueryTypes.SELECT });
  return Number(pages[0].page_count) * Number(size[0].page_size);
}

async function waitingFigures(dbs: Dbs, n: number, restores: number) {
  const engine = makeEngine(dbs);
  await engine.deploy('A', [{ name: 'w.bpmn', content: userTaskModel('bench-wait', 'P30D') }]);
  await engine.startInstance({ tenantId: 'A', processId: 'bench-wait', variables: { owner: 'li', team: 't', urgent: false, amount: 1 } });
  const disk0 = await storedBytes(dbs);
  const heap0 = await settledHeap();
  await pool(
    [...Array(n).keys()],
    8,
    async (i) =>
      void (await engine.startInstance({
        tenantId: 'A',
        processId: 'bench-wait',
        variables: { owner: 'li', team: 't', urgent: false, amount: i },
      })),
  );
  const heapGrowthMb = ((await settledHeap()) - heap0) / 1024 / 1024;
  const diskBytesPerWaiting = ((await storedBytes(dbs)) - disk0) / n;
  const sz = await dbs.tenant.query<{ b: number; n: number }>(
    "SELECT SUM(LENGTH(snapshot) + LENGTH(variables) + LENGTH(waits) + 200) AS b, COUNT(*) AS n FROM engine_instances WHERE process_id = 'bench-wait' AND state = 'active'",
    { type: QueryTypes.SELECT },
  );
  const tasksBytes = await dbs.tenant.query<{ b: number }>(
    "SELECT SUM(LENGTH(candidate_groups) + LENGTH(candidate_users) + COALESCE(LENGTH(assignee),0) + LENGTH(name) + 150) AS b FROM engine_user_tasks WHERE process_id = 'bench-wait'",
    { type: QueryTypes.SELECT },
  );
  const timerCount = await dbs.tenant.query<{ n: number }>('SELECT COUNT(*) AS n FROM engine_timers WHERE fired_at IS NULL', {
    type: QueryTypes.SELECT,
  });
  const instances = Number(sz[0].n);
  const bytesPerWaiting = (Number(sz[0].b) + Number(tasksBytes[0].b) + Number(timerCount[0].n) * 120) / instances;
  const snap = await dbs.tenant.query<{ b: number }>(
    "SELECT AVG(LENGTH(snapshot)) AS b FROM engine_instances WHERE process_id = 'bench-wait' AND state = 'active'",
    { type: QueryTypes.SELECT },
  );
  const tasks = await engine.searchUserTasks({ tenantId: 'A', state: 'created' });
  const lat: number[] = [];
  for (const t of tasks.slice(0, restores)) {
    const t0 = performance.now();
    await engine.completeUserTask('A', t.taskKey, { approved: true });
    lat.push(performance.now() - t0);
  }
  lat.sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
  await engine.close();
  return {
    waiting: instances,
    heapGrowthMb,
    bytesPerWaiting,
    diskBytesPerWaiting,
    snapshotBytes: Number(snap[0].b),
    restoreP50Ms: q(0.5),
    restoreP99Ms: q(0.99),
  };
}

export async function engineBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      simple: { type: 'string', default: '2000' },
      warmup: { type: 'string', default: '300' },
      ticket: { type: 'string', default: '200' },
      waiting: { type: 'string', default: '10000' },
      restore: { type: 'string', default: '300' },
      'skip-mysql': { type: 'boolean', default: false },
      only: { type: 'string', default: 'simple,ticket,waiting' },
      db: { type: 'string', default: 'sqlite,mariadb' },
    },
  });
  const url = process.env.WARMLINE_BENCH_ENGINE_MYSQL ?? 'mysql://root@127.0.0.1:3306';
  const result: Record<string, unknown> = { benchmark: 'engine' };
  const only = new Set(values.only.split(','));
  const dbsWanted = new Set(values.db.split(','));
  const kinds: (() => Promise<Dbs>)[] = [];
  if (dbsWanted.has('sqlite')) kinds.push(sqliteDbs);
  if (dbsWanted.has('mariadb') && !values['skip-mysql']) kinds.push(() => mysqlDbs(url));
  for (const make of kinds) {
    const dbs = await make();
    try {
      const figures: Record<string, unknown> = {};
      if (only.has('simple')) {
        figures.simpleInstancesPerSec = await simpleRate(dbs, Number(values.simple), Number(values.warmup));
        console.log(`${dbs.name}: simple start→job→end ${(figures.simpleInstancesPerSec as number).toFixed(1)} instances/s`);
      }
      if (only.has('ticket')) {
        figures.ticketInstancesPerSec = await ticketRate(dbs, Number(values.ticket), Math.ceil(Number(values.warmup) / 4));
        console.log(`${dbs.name}: 20-node ticket path ${(figures.ticketInstancesPerSec as number).toFixed(1)} instances/s`);
      }
      if (only.has('waiting')) {
        const waiting = await waitingFigures(dbs, Number(values.waiting), Number(values.restore));
        console.log(`${dbs.name}: ${JSON.stringify(waiting)}`);
        Object.assign(figures, waiting);
      }
      result[dbs.name] = figures;
    } catch (err) {
      console.error(err);
      throw err;
    } finally {
      await dbs.cleanup();
    }
  }
  console.log(JSON.stringify(result));
}
