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
import { processDraftRoutes } from './modules/process-drafts/process-draft.routes.js';
import { processTestRunRoutes } from './modules/process-test-run/process-test-run.routes.js';
import { taskRoutes } from './modules/tasks/task.routes.js';
import { businessCalendarRoutes } from './modules/business-calendars/business-calendar.routes.js';
import { slaRuleRoutes } from './modules/sla/sla-rule.routes.js';
import { approvalChainRoutes } from './modules/approval-chains/approval-chain.routes.js';
import { ticketRoutes } from './modules/tickets/ticket.routes.js';
import { workerProfileRoutes } from './modules/worker-profiles/worker-profile.routes.js';
import { notificationRoutes } from './modules/notifications/notification.routes.js';
import { ticketAttachmentRoutes } from './modules/tickets/ticket-attachment.routes.js';
import { ticketTypeRoutes } from './modules/ticket-types/ticket-type.routes.js';
import { knowledgeBaseRoutes } from './modules/knowledge-base/kb.routes.js';
import { ticketActionRoutes } from './modules/tickets/ticket-action.routes.js';
import { ticketPoolRoutes } from './modules/tickets/ticket-pool.routes.js';
import { ticketTimelineRoutes } from './modules/tickets/ticket-timeline.routes.js';
import { ticketProcessViewRoutes } from './modules/tickets/ticket-process-view.routes.js';
import { pageRoutes } from './modules/pages/page.routes.js';
import { formRoutes } from './modules/forms/form.routes.js';
import { callRecordRoutes } from './modules/call-records/call-record.routes.js';

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
  ...processDraftRoutes,
  ...processTestRunRoutes,
  ...taskRoutes,
  ...businessCalendarRoutes,
  ...slaRuleRoutes,
  ...approvalChainRoutes,
  ...ticketRoutes,
  ...workerProfileRoutes,
  ...notificationRoutes,
  ...ticketAttachmentRoutes,
  ...ticketTypeRoutes,
  ...knowledgeBaseRoutes,
  ...ticketActionRoutes,
  ...ticketPoolRoutes,
  ...ticketTimelineRoutes,
  ...ticketProcessViewRoutes,
  ...pageRoutes,
  ...formRoutes,
  ...callRecordRoutes,
];
