import { validateSubmission, type FormSchema } from '@warmline/forms';
import type { ErrorDetail } from '@warmline/contracts';
import { AppError, invalid } from '../../core/app-error.js';
import type { Services } from '../../services.js';
import { resolveForm } from '../forms/form.service.js';

/** A ticket type's intake form as intake validates against it. */
export interface IntakeForm {
  formId: string;
  /** The stored version intake validated against. */
  version: number | null;
  schema: FormSchema;
}

/**
 * The one place intake reads a form (decision 0014): the forms module's resolver, i.e. the current
 * stored version (shipped or edited at runtime, docs/decisions/0012).
 */
export async function resolveIntakeForm(services: Services, formId: string): Promise<IntakeForm | undefined> {
  const form = await resolveForm(services, formId);
  return form ? { formId, version: form.version, schema: form.schema } : undefined;
}

/** What intake stores with the ticket. */
export interface IntakeFormAnswers {
  formId: string | null;
  formVersion: number | null;
  formData: Record<string, unknown> | null;
}

const NONE: IntakeFormAnswers = { formId: null, formVersion: null, formData: null };

/**
 * Check the intake body's `formData` against the type's intake form:
 * - a type without a form refuses form data (400 naming `body.formData`);
 * - a type with one validates the answers (also when none were sent: its required fields) —
 *   422 FORM_INVALID with one detail per field, `body.formData.<key>`;
 * - a form id that no longer resolves is a configuration defect (500, logged by the handler).
 */
export async function checkIntakeForm(
  services: Services,
  intakeFormId: string | null,
  formData: Record<string, unknown> | undefined,
  context: Record<string, unknown>,
): Promise<IntakeFormAnswers> {
  if (!intakeFormId) {
    if (formData !== undefined && Object.keys(formData).length > 0)
      throw invalid('body.formData', '该工单类型没有受理表单，不能提交表单数据');
    return NONE;
  }
  const form = await resolveIntakeForm(services, intakeFormId);
  if (!form) throw new Error(`intake form ${intakeFormId} of a ticket type does not resolve`);
  const result = validateSubmission(form.schema, formData ?? {}, context);
  if (!result.ok) {
    const details: ErrorDetail[] = result.errors.map((e) => ({
      field: e.field ? `body.formData.${e.field}` : 'body.formData',
      message: e.message,
    }));
    throw new AppError('FORM_INVALID', `受理表单有 ${details.length} 处问题，工单未受理`, details);
  }
  return { formId: form.formId, formVersion: form.version, formData: result.values };
}
