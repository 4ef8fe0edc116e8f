import type { Services } from '@warmline/server';
import { seedIntakeForms } from '@warmline/server/seeding';

/**
 * The demo ticket types' intake forms (forms/schemas/ticket-intake-*.form.json, decision 0014):
 * 测温 asks the room temperature, the faulty part and whether elderly people or babies live there;
 * 报停/恢复 asks what to do, from when and why.
 */
export const DEMO_INTAKE_FORMS: Readonly<Record<string, string>> = {
  temperature_check: 'ticket-intake-heating',
  suspend_resume: 'ticket-intake-suspend',
};

export const seedDemoTicketTypes = (services: Services) => seedIntakeForms(services, DEMO_INTAKE_FORMS);
