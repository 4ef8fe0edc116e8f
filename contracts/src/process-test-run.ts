import { z } from 'zod';
import { errorDetailSchema } from './errors.js';

/** Variables as the client sends them: a JSON object (names as FEEL reads them). */
const variablesObject = z.record(z.string().min(1).max(100), z.unknown());

/**
 * POST /api/process-definitions/test-run — the multipart text field `input` (JSON) next to the
 * uploaded `file`: the start variables, the data each user task is completed with (by element id;
 * a list is used in order, its last entry repeats) and the mock output of each job type.
 */
export const processTestRunInput = z.strictObject({
  variables: variablesObject.default({}),
  answers: z.record(z.string().min(1).max(255), z.union([variablesObject, z.array(variablesObject).max(200)])).default({}),
  jobOutputs: z.record(z.string().min(1).max(255), variablesObject).default({}),
});
export type ProcessTestRunInput = z.input<typeof processTestRunInput>;

export const PROCESS_TEST_RUN_OUTCOMES = ['completed', 'waiting', 'incident', 'rejected'] as const;
export type ProcessTestRunOutcome = (typeof PROCESS_TEST_RUN_OUTCOMES)[number];

/** One element the test run passed through, in the order it was seen. */
export const processTestRunStep = z.object({
  elementId: z.string(),
  /** The element's label in the model (its id when it has none). */
  name: z.string(),
  /** BPMN type, e.g. `bpmn:UserTask`. */
  type: z.string(),
  /** The type in Chinese (用户任务, 排他网关 …). */
  typeName: z.string(),
  /** ISO time the run saw it. */
  at: z.string(),
  /** What the test run did there (completed with which data, mocked which job type …). */
  detail: z.string().optional(),
});
export type ProcessTestRunStep = z.infer<typeof processTestRunStep>;

/** The answer of a test run: nothing is deployed, no ticket, task, job or notification of the real server is touched. */
export const processTestRunResult = z.object({
  outcome: z.enum(PROCESS_TEST_RUN_OUTCOMES),
  /** The process that ran (the file's first executable process). */
  processId: z.string(),
  /** Chinese summary of the outcome. */
  summary: z.string(),
  steps: z.array(processTestRunStep),
  /** Elements visited (for the diagram markers) and sequence flows taken. */
  visitedElementIds: z.array(z.string()),
  takenFlowIds: z.array(z.string()),
  /** Where the instance waits (outcome `waiting`) or is stuck (`incident`). */
  activeElementIds: z.array(z.string()),
  variables: z.record(z.string(), z.unknown()),
  /** Outcome `rejected` (the embedded engine refuses the model) or `incident`: one entry per problem. */
  problems: z.array(errorDetailSchema).optional(),
  /** Chinese notes: mocked jobs, timers fired at once, limits. */
  notes: z.array(z.string()),
});
export type ProcessTestRunResult = z.infer<typeof processTestRunResult>;
