import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { createApp } from './app.js';
import { AuthService } from './auth/auth.service.js';
import { ensureInitialData } from './bootstrap/ensure-initial-data.js';
import { createLogger, type Logger } from './core/logger.js';
import { DatabaseManager } from './db/database-manager.js';
import { createEngine } from './engine/create-engine.js';
import { routeTable } from './routes.js';
import type { Services } from './services.js';
import { OrgRegistry } from './tenancy/org-registry.js';
import { TenantResolver } from './tenancy/tenant-resolver.js';
import { SlaClockService } from './modules/sla/sla-clock.service.js';
import { registerSlaWorkers } from './modules/sla/workers/register-sla-workers.js';
import { deployShippedModels } from './modules/ticket-process/deploy-shipped-models.js';
import { registerTicketWorkers } from './modules/ticket-process/ticket-workers.js';
import { Notifications } from './modules/notifications/notifications.runtime.js';
import { Scheduler } from './scheduler/scheduler.js';
import { createStorage } from './storage/create-storage.js';
import { startTicketProjector } from './modules/tickets/ticket-projector.js';
import { syncShippedPages } from './modules/pages/page-sync.js';
import { syncShippedForms } from './modules/forms/form-sync.js';

export interface RunningServer {
  services: Services;
  url: string;
  firstStart: boolean;
  close: () => Promise<void>;
}

/** Open the databases, build the services and the app, and listen. Used by main.ts and by tests. */
export async function startServer(config: Config, logger: Logger = createLogger(config.logLevel)): Promise<RunningServer> {
  const dbs = await DatabaseManager.open(config, logger);
  const orgs = new OrgRegistry(dbs.group);
  await orgs.refresh();
  const engine = await createEngine(config, logger, dbs, orgs);
  const services: Services = {
    config,
    logger,
    dbs,
    orgs,
    auth: new AuthService(dbs.group, orgs, config),
    tenants: new TenantResolver(orgs, dbs),
    engine,
    sla: new SlaClockService(engine),
    notifications: new Notifications(config, logger, dbs.group),
    scheduler: new Scheduler(config.scheduler, logger),
    storage: createStorage(config.storage),
  };
  const firstStart = await ensureInitialData(services);
  await deployShippedModels(services);
  await syncShippedPages(services);
  await syncShippedForms(services);
  registerSlaWorkers(services);
  registerTicketWorkers(services, services.sla);
  startTicketProjector(services);
  // Open (and migrate) every subsidiary database up front so the first request does not pay for it.
  await services.orgs.refresh();
  for (const org of await orgs.all()) if (org.type === 'subsidiary' && org.db_name) await dbs.tenant(org.db_name);

  services.notifications.start(services);
  services.scheduler.start(services);

  const app = createApp(services, routeTable);
  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Background work first: open SSE streams end here, so the HTTP server can close at once.
      await services.scheduler.stop();
      await services.notifications.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 5_000).unref();
      });
      await engine.close();
      await dbs.close();
    })());
  return { services, url: `http://${host}:${port}`, firstStart, close };
}
