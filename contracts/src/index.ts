import { configureZodMessages } from './zod-messages.js';

// Validation messages in plain Simplified Chinese for every consumer (server, console, mobile).
configureZodMessages();

export * from './errors.js';
export { friendlyMessage } from './zod-messages.js';
export * from './common.js';
export * from './permissions.js';
export * from './auth.js';
export * from './audit.js';
export * from './org.js';
export * from './users.js';
export * from './roles.js';
export * from './dictionaries.js';
export * from './buildings.js';
export * from './customers.js';
export * from './houses.js';
export * from './process-definitions.js';
export * from './process-drafts.js';
export * from './tasks.js';
export * from './business-calendars.js';
export * from './sla.js';
export * from './approval-chains.js';
export * from './tickets.js';
export * from './ticket-types.js';
export * from './knowledge-base.js';
export * from './ticket-intake.js';
export * from './ticket-actions.js';
export * from './ticket-pools.js';
export * from './ticket-process-view.js';
export * from './worker-profiles.js';
export * from './notifications.js';
export * from './ticket-attachments.js';
export * from './pages.js';
export * from './forms.js';
export * from './call-records.js';
export * from './process-test-run.js';
