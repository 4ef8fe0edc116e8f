import type { AnyRoute } from './core/route-table.js';
import { healthRoutes } from './health/health.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { orgRoutes } from './modules/org/org.routes.js';
import { houseRoutes } from './modules/houses/house.routes.js';
import { customerRoutes } from './modules/customers/customer.routes.js';
import { buildingRoutes } from './modules/buildings/building.routes.js';
import { userRoutes } from './modules/users/user.routes.js';
import { roleRoutes } from './modules/roles/role.routes.js';
import { dictionaryRoutes } from './modules/dictionaries/dictionary.routes.js';
import { processDefinitionRoutes } from './modules/process-definitions/process-definition.routes.js';

/** The route table: every API route, in one list. OpenAPI, validation and the route-matrix tests read it. */
export const routeTable: AnyRoute[] = [
  ...healthRoutes,
  ...authRoutes,
  ...auditRoutes,
  ...orgRoutes,
  ...houseRoutes,
  ...customerRoutes,
  ...buildingRoutes,
  ...userRoutes,
  ...roleRoutes,
  ...dictionaryRoutes,
  ...processDefinitionRoutes,
];
