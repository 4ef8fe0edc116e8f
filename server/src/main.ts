import { loadConfig } from './config.js';
import { createLogger } from './core/logger.js';
import { startServer } from './server.js';

/** `npm start`: the whole product on one port. */
async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const running = await startServer(config, logger);
  if (running.firstStart && config.seedDemo) {
    logger.info('empty data directory: seeding the demo data set');
    const { seedDemo } = await import('@warmline/seed');
    await seedDemo(running.services);
  }
  logger.info({ url: running.url, database: config.database.kind, dataDir: config.dataDir }, 'Warmline is running');

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
