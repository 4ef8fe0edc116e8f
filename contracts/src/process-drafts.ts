import { z } from 'zod';
import { text } from './common.js';

/**
 * Process drafts (docs/decisions/0019-process-drafts.md): unfinished work of the process designer,
 * saved on the server without deploying. One draft per owner (the group, or a subsidiary for its
 * `wl-ext-*` extensions — the deploy rules) and process id; a `revision` guards against overwriting
 * someone else's newer save.
 */

/** Largest draft XML (UTF-8 bytes); the shipped ticket process is about 50 KB. */
export const PROCESS_DRAFT_MAX_BYTES = 512 * 1024;

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;
const MAX_INT = 2_147_483_647;

export const processDraftParams = z.strictObject({ processId: z.string().trim().min(1).max(128) });

/** The BPMN XML of a draft: bounded, and XML text at first sight (whether it is BPMN the server checks: 422 MODEL_REJECTED). */
export const processDraftXml = z.string().superRefine((xml, ctx) => {
  const bytes = utf8Bytes(xml);
  if (bytes > PROCESS_DRAFT_MAX_BYTES) {
    ctx.addIssue({ code: 'custom', message: `流程草稿不能超过 512 KB（当前约 ${Math.ceil(bytes / 1024)} KB）` });
    return;
  }
  if (
    !xml
      .replace(/^\uFEFF/, '')
      .trimStart()
      .startsWith('<')
  )
    ctx.addIssue({ code: 'custom', message: '草稿内容不是 XML 文本' });
});

/** PUT /api/process-drafts/:processId */
export const processDraftSaveBody = z.strictObject({
  name: text(100),
  xml: processDraftXml,
  /** The deployed version the work started from; null for a process never deployed (or opened from a file). */
  basedOnVersion: z.number().int().min(1).max(MAX_INT).nullable(),
  /** The revision the client last loaded or saved; null when it knows of no draft (a save over an existing draft then answers 409). */
  revision: z.number().int().min(1).max(MAX_INT).nullable(),
});
export type ProcessDraftSaveBody = z.infer<typeof processDraftSaveBody>;

/** DELETE /api/process-drafts/:processId?revision=N — with a revision, only that revision is discarded (409 otherwise). */
export const processDraftDeleteQuery = z.strictObject({ revision: z.coerce.number().int().min(1).max(MAX_INT).optional() });

/**
 * How a draft stands to the latest deployed version of its owner: never deployed, saved after it
 * (`newer`), or the process was deployed since the draft's last save (`older`).
 */
export const PROCESS_DRAFT_FRESHNESS = ['undeployed', 'newer', 'older'] as const;
export type ProcessDraftFreshness = (typeof PROCESS_DRAFT_FRESHNESS)[number];

export const processDraftItem = z.object({
  processId: z.string(),
  name: z.string(),
  /** Whose draft: `<default>` (the group) or a subsidiary code, as the tenants of deployed definitions. */
  owner: z.string(),
  basedOnVersion: z.number().int().nullable(),
  revision: z.number().int(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string(),
  /** The owner's latest deployed version of the process, if any. */
  deployedVersion: z.number().int().nullable(),
  deployedAt: z.string().nullable(),
  freshness: z.enum(PROCESS_DRAFT_FRESHNESS),
});
export type ProcessDraftItem = z.infer<typeof processDraftItem>;
export const processDraftList = z.object({ items: z.array(processDraftItem) });

export const processDraftDetail = processDraftItem.extend({ xml: z.string() });
export type ProcessDraftDetail = z.infer<typeof processDraftDetail>;

export const processDraftSaveResult = z.object({
  processId: z.string(),
  revision: z.number().int(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string(),
  created: z.boolean(),
});
export type ProcessDraftSaveResult = z.infer<typeof processDraftSaveResult>;
