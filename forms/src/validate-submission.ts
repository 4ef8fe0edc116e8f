import { checkValue, isEmptyValue, labelOf } from './field-rules.js';
import { evaluateFeelValue, feelVariableNames, hideConditionMet, isFeel } from './form-feel.js';
import { inputsOf, parentsOf } from './form-schema-check.js';
import type { FieldError, FormComponent, FormSchema, InputComponent, ValidationResult } from './form-schema.types.js';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && [Object.prototype, null].includes(Object.getPrototypeOf(v));

/** A field the user cannot change: `disabled`, or `readonly` (true or a FEEL expression that is true). */
function locked(c: InputComponent, context: Record<string, unknown>): boolean {
  if (c.disabled === true) return true;
  if (c.readonly === true) return true;
  return typeof c.readonly === 'string' && isFeel(c.readonly) && evaluateFeelValue(c.readonly, context) === true;
}

/**
 * Validate data submitted for a form the way form-js would before submitting it, on the server:
 *
 * - every submitted key must be a field of the form ("表单中没有此字段");
 * - a field whose `conditional.hide` (or a containing group's) is true against
 *   `{...context, ...data}` is hidden: not required, and its value is dropped;
 * - disabled and read-only fields are not the user's to set: their values are dropped;
 * - every other field: `validate.required`, then the value type of its component (text, number with
 *   `decimalDigits`, boolean, one of the options, list of options, ISO date/time), then `minLength`,
 *   `maxLength`, `min`, `max`, `pattern`, `validationType` email/phone.
 *
 * `context` holds the process variables the form sees (e.g. `isConsultation`). Answers the values to
 * set (submitted fields only, hidden and locked ones removed) or one Chinese error per field.
 */
export function validateSubmission(schema: FormSchema, data: unknown, context: Record<string, unknown> = {}): ValidationResult {
  if (!isPlainObject(data)) return { ok: false, errors: [{ field: '', message: '提交的表单数据必须是一个对象' }] };
  const inputs = inputsOf(schema);
  const byKey = new Map(inputs.map((c) => [c.key, c]));
  const errors: FieldError[] = [];
  for (const key of Object.keys(data)) {
    if (!byKey.has(key)) errors.push({ field: key, message: '表单中没有此字段' });
  }

  const scope: Record<string, unknown> = { ...(isPlainObject(context) ? context : {}), ...data };
  const parents = parentsOf(schema);
  const hidden = (c: FormComponent) => [...(parents.get(c) ?? []), c].some((x) => hideConditionMet(x.conditional?.hide, scope));
  const values: Record<string, unknown> = {};

  for (const c of inputs) {
    if (hidden(c) || locked(c, scope)) continue;
    const given = Object.prototype.hasOwnProperty.call(data, c.key);
    const value = given ? data[c.key] : undefined;
    if (isEmptyValue(c, value)) {
      if (c.validate?.required === true) errors.push({ field: c.key, message: `「${labelOf(c)}」为必填项` });
      else if (given) {
        // An emptied optional field keeps null or the component's own empty value ('' text, [] list, false).
        const problem = value === null ? null : checkValue(c, value, scope);
        if (problem) errors.push({ field: c.key, message: problem });
        else values[c.key] = value;
      }
      continue;
    }
    const problem = checkValue(c, value, scope);
    if (problem) errors.push({ field: c.key, message: problem });
    else values[c.key] = value;
  }
  return errors.length ? { ok: false, errors } : { ok: true, values };
}

/**
 * The process variables a form reads: its field keys (initial values) and every variable its
 * expressions (`conditional.hide`, `valuesExpression`, `readonly`) or `valuesKey` refer to.
 */
export function formVariableNames(schema: FormSchema): string[] {
  const names = new Set<string>();
  const walk = (list: FormComponent[]) => {
    for (const c of list) {
      if (typeof c.key === 'string') names.add(c.key);
      if (typeof c.conditional?.hide === 'string') feelVariableNames(c.conditional.hide, 'unaryTest').forEach((n) => names.add(n));
      if (typeof c.valuesExpression === 'string') feelVariableNames(c.valuesExpression, 'expression').forEach((n) => names.add(n));
      if (typeof c.readonly === 'string') feelVariableNames(c.readonly, 'expression').forEach((n) => names.add(n));
      if (typeof c.valuesKey === 'string') names.add(c.valuesKey);
      if (Array.isArray(c.components)) walk(c.components);
    }
  };
  walk(schema.components);
  return [...names].sort();
}
