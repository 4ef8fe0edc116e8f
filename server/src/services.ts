import type { ProcessEngine } from '@warmline/engine';
import type { Config } from './config.js';
import type { Logger } from './core/logger.js';
import type { DatabaseManager } from './db/database-manager.js';
import type { AuthService } from './auth/auth.service.js';
import type { OrgRegistry } from './tenancy/org-registry.js';
import type { TenantResolver } from './tenancy/tenant-resolver.js';
import type { SlaClockService } from './modules/sla/sla-clock.service.js';
import type { Notifications } from './modules/notifications/notifications.runtime.js';
import type { Scheduler } from './scheduler/scheduler.js';
import type { Storage } from './storage/storage.types.js';

/** The process-wide collaborators every route and job can use. Module logic lives in the modules. */
export interface Services {
  config: Config;
  logger: Logger;
  dbs: DatabaseManager;
  orgs: OrgRegistry;
  auth: AuthService;
  tenants: TenantResolver;
  /** The process engine (embedded or Zeebe, from configuration). Tenants are subsidiary codes. */
  engine: ProcessEngine;
  /** The tickets' SLA clocks (`wl-sla-clock`): start / pause / resume / extend / stop, flag events, injectable now. */
  sla: SlaClockService;
  /** Attachment storage: local disk by default, MinIO / S3 when configured (server/src/storage). */
  storage: Storage;
  /** In-app / SMS / WeChat notifications: outbox, dispatcher, SSE push (docs/decisions/0008). */
  notifications: Notifications;
  /** Cron jobs (due-soon, overdue, daily summary), one run per slot across processes. */
  scheduler: Scheduler;
}
