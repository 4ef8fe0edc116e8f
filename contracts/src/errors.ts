import { z } from 'zod';

/** Stable error codes returned to every client. Never rename one: clients switch on them. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'ACCOUNT_DISABLED',
  'FORBIDDEN',
  'TENANT_FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'DUPLICATE',
  'PROTECTED',
  'IMPORT_INVALID',
  'UNSUPPORTED_MEDIA_TYPE',
  /** A BPMN model the engine refuses to deploy (details name the element ids). */
  'MODEL_REJECTED',
  /** Data submitted for a user task breaks its form's rules (details name the form fields as `body.data.<key>`). */
  'FORM_INVALID',
  /** A ticket action that does not fit the ticket's current state (no such open step, ticket ended). */
  'TICKET_STATE_CONFLICT',
  /** The process engine (Zeebe) did not take a change; what was saved stays saved (details say what to retry). */
  'ENGINE_UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorDetailSchema = z.object({
  /** Dotted path of the offending field (`body.name`, `query.page`, `row 3.phone`). */
  field: z.string(),
  message: z.string(),
  row: z.number().int().optional(),
  /** MODEL_REJECTED: the BPMN element the problem is about (`(document)` for the file as a whole). */
  elementId: z.string().optional(),
  /** MODEL_REJECTED: the reason in English (`message` holds it in Chinese). */
  reasonEn: z.string().optional(),
});
export type ErrorDetail = z.infer<typeof errorDetailSchema>;

export const apiErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.array(errorDetailSchema).optional(),
  requestId: z.string().optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;
