import { parseArgs } from 'node:util';
import { loadConfig, startServer } from '@warmline/server';
import { seedLarge } from '../large/seed-large.js';

const USAGE = `Usage: npm run seed:large -- --database-url mysql://root@127.0.0.1:3306/wl_bench --households 1000000 [--subsidiaries 3]
  --database-url   sqlite, or a MySQL/MariaDB URL (default: WARMLINE_DATABASE_URL or sqlite)
  --data-dir       folder of the SQLite files (default: WARMLINE_DATA_DIR or ./data)
  --households     total houses with heating customers wanted (default 1000000)
  --subsidiaries   subsidiaries to spread them over, created when missing (default 3)
  --chunk          households per transaction (default 50000)
  --batch-size     rows per INSERT statement (default 2000)`;

const positive = (name: string, raw: string | undefined, fallback: number) => {
  const n = raw === undefined ? fallback : Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer\n${USAGE}`);
  return n;
};

async function main() {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      households: { type: 'string' },
      subsidiaries: { type: 'string' },
      chunk: { type: 'string' },
      'batch-size': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const config = loadConfig({
    ...process.env,
    ...(values['database-url'] ? { WARMLINE_DATABASE_URL: values['database-url'] } : {}),
    ...(values['data-dir'] ? { WARMLINE_DATA_DIR: values['data-dir'] } : {}),
    WARMLINE_SEED_DEMO: 'false',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const running = await startServer(config);
  try {
    const summary = await seedLarge(running.services, {
      households: positive('households', values.households, 1_000_000),
      subsidiaries: positive('subsidiaries', values.subsidiaries, 3),
      chunk: positive('chunk', values.chunk, 50_000),
      batchSize: positive('batch-size', values['batch-size'], 2_000),
      onProgress: (line) => console.log(line),
    });
    console.log(
      `完成：${summary.households.toLocaleString('en-US')} 户，新增 ${summary.added.toLocaleString('en-US')} 户，用时 ${summary.seconds} s`,
    );
    console.log(
      JSON.stringify({ households: summary.households, customers: summary.customers, phones: summary.phones, seconds: summary.seconds }),
    );
  } finally {
    await running.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
