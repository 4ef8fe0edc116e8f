import { z } from 'zod';
import { booleanQuery, pagingQuery } from './common.js';

/** POST /api/process-definitions (multipart `file`): the processes the file deployed, one version each. */
export const processDeployResult = z.object({
  processes: z.array(
    z.object({
      processId: z.string(),
      version: z.number().int(),
    }),
  ),
});
export type ProcessDeployResult = z.infer<typeof processDeployResult>;

/** Who owns a deployed definition: `<default>` (the whole group) or a subsidiary code. */
export const processDefinitionItem = z.object({
  processId: z.string(),
  version: z.number().int(),
  tenant: z.string(),
  resourceName: z.string(),
  deployedAt: z.string(),
});
export type ProcessDefinitionItem = z.infer<typeof processDefinitionItem>;

export const processDefinitionListQuery = pagingQuery.extend({
  processId: z.string().trim().min(1).max(255).optional(),
  /** Every version instead of the latest of each process. */
  allVersions: booleanQuery.optional(),
});
