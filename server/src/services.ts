import type { ProcessEngine } from '@warmline/engine';
import type { Config } from './config.js';
import type { Logger } from './core/logger.js';
import type { DatabaseManager } from './db/database-manager.js';
import type { AuthService } from './auth/auth.service.js';
import type { OrgRegistry } from './tenancy/org-registry.js';
import type { TenantResolver } from './tenancy/tenant-resolver.js';

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
}
