import { z } from 'zod';
import { idSchema, reasonSchema } from './common.js';

/**
 * Worker profiles (维修人员档案) and assignment suggestions (派工建议). Skills are codes of the
 * `worker_skill` dictionary; an item's `extra` says which ticket types / categories need it:
 * `{"ticketTypes": ["repair"], "categories": ["radiator_leak"]}`.
 */
export const WORKER_SKILL_DICTIONARY = 'worker_skill';

/** The seeded skills (the group adds more through the dictionary admin). */
export const DEFAULT_WORKER_SKILLS: ReadonlyArray<{ code: string; label: string; ticketTypes: string[] }> = [
  { code: 'heating_repair', label: '暖气维修', ticketTypes: ['repair', 'complaint'] },
  { code: 'pipe_welding', label: '管道焊接', ticketTypes: ['repair'] },
  { code: 'valve_replacement', label: '阀门更换', ticketTypes: ['repair', 'suspend_resume'] },
  { code: 'temperature_measurement', label: '测温', ticketTypes: ['temperature_check', 'complaint'] },
  { code: 'electrical', label: '电气', ticketTypes: [] },
  { code: 'customer_communication', label: '客户沟通', ticketTypes: ['consultation', 'payment_reminder', 'skip_level_complaint'] },
];

/**
 * Weights of the suggestion score: skill match × 100 (a full match outweighs everything else);
 * workload 60 − 15 per open ticket (pending accept / in progress), never below 0; 20 when the
 * ticket's house lies in one of the worker's areas; 10 when on duty. So skill > workload > area:
 * two open tickets less beat the area, one ticket less does not.
 */
export const SUGGESTION_WEIGHTS = { skill: 100, workloadMax: 60, workloadPerTicket: 15, area: 20, onDuty: 10 } as const;

export const workerProfileParams = z.strictObject({ subsidiaryId: idSchema, userId: idSchema });

const skillCode = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,47}$/, '技能编码须以小写字母开头，由小写字母、数字、下划线组成');

export const workerProfileBody = z.strictObject({
  skills: z.array(skillCode).max(50),
  /** Building-tree node ids (usually 小区) the worker serves. */
  areaNodeIds: z.array(z.number().int().positive().max(2_147_483_647)).max(200),
  onDuty: z.boolean(),
  reason: reasonSchema,
});
export type WorkerProfileBody = z.infer<typeof workerProfileBody>;

export const workerProfile = z.object({
  userId: z.number().int(),
  displayName: z.string(),
  orgId: z.number().int(),
  orgName: z.string().nullable(),
  /** False until an administrator saved the profile (then the defaults are shown). */
  configured: z.boolean(),
  skills: z.array(z.object({ code: z.string(), label: z.string() })),
  areas: z.array(z.object({ id: z.number().int(), name: z.string(), type: z.string() })),
  onDuty: z.boolean(),
  updatedAt: z.string().nullable(),
});
export type WorkerProfile = z.infer<typeof workerProfile>;

export const assignmentSuggestionParams = z.strictObject({ subsidiaryId: idSchema, ticketId: idSchema });

export const assignmentSuggestion = z.object({
  workerId: z.number().int(),
  displayName: z.string(),
  score: z.number(),
  /** Share of the skills the ticket needs that the worker has (1 when it needs none). */
  skillMatch: z.number(),
  openWorkload: z.number().int(),
  inArea: z.boolean(),
  onDuty: z.boolean(),
  /** Why, in Chinese, one line per criterion. */
  reasons: z.array(z.string()),
});

export const assignmentSuggestions = z.object({
  ticketId: z.number().int(),
  stationId: z.number().int(),
  requiredSkills: z.array(z.object({ code: z.string(), label: z.string() })),
  items: z.array(assignmentSuggestion),
});
export type AssignmentSuggestions = z.infer<typeof assignmentSuggestions>;
