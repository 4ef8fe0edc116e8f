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

export const processIdParams = z.strictObject({ processId: z.string().trim().min(1).max(128) });
export const processVersionParams = z.strictObject({
  processId: z.string().trim().min(1).max(128),
  version: z.coerce.number().int().positive().max(2_147_483_647),
});

/** Whose version: `<default>` (the group's) or a subsidiary code, as in the list items. */
export const processVersionQuery = z.strictObject({ tenant: z.string().trim().min(1).max(64) });

/** One deployed version of a process with the instances running on it (in the caller's scope). */
export const processVersionItem = processDefinitionItem.extend({
  deployedAt: z.string().nullable(),
  runningInstances: z.number().int(),
});
export type ProcessVersionItem = z.infer<typeof processVersionItem>;
export const processVersionList = z.object({ items: z.array(processVersionItem) });

/** GET /api/process-definitions/:processId/versions/:version/xml */
export const processDefinitionXml = z.object({
  processId: z.string(),
  version: z.number().int(),
  tenant: z.string(),
  xml: z.string(),
});
export type ProcessDefinitionXml = z.infer<typeof processDefinitionXml>;
