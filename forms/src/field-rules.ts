import { evaluateFeelValue, isFeel } from './form-feel.js';
import type { FormOption, InputComponent } from './form-schema.types.js';

/**
 * One field's value against its form-js component: the value type of the component, then the
 * `validate` rules. Answers the Chinese message of the first problem, or null. Rules given as FEEL
 * expressions are ignored (never evaluated), like labels given as expressions.
 */

const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
/** International (+86…, 0086…), a mainland mobile number, or a landline with area code (0431-88886666). */
const PHONE = /^(?:(?:\+|00)[1-9]\d{6,14}|1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?$/;
const DATETIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?$/;

/** The label a message names: the field's label, or its key when the label is missing or an expression. */
export const labelOf = (c: InputComponent) => (typeof c.label === 'string' && c.label.trim() && !isFeel(c.label) ? c.label.trim() : c.key);

/** A static numeric rule value; FEEL expressions and anything non-numeric are ignored. */
function ruleNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && !isFeel(v) && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** Value is "not given": what form-js's `required` refuses. */
export function isEmptyValue(c: InputComponent, v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0;
  return c.type === 'checkbox' && v === false;
}

/** The allowed option values of a radio/select/checklist/taglist in this context. */
export function optionValues(c: InputComponent, context: Record<string, unknown>): unknown[] {
  let options: unknown;
  if (c.values !== undefined) options = c.values;
  else if (c.valuesKey !== undefined) options = context[c.valuesKey];
  else if (c.valuesExpression !== undefined) options = evaluateFeelValue(c.valuesExpression, context);
  if (!Array.isArray(options)) return [];
  return options.map((o) => (o && typeof o === 'object' && 'value' in o ? (o as FormOption).value : o));
}

const decimalsOf = (n: number): number => {
  const text = String(n);
  if (/e-/i.test(text)) {
    const [mantissa, exp] = text.toLowerCase().split('e-');
    return (mantissa.split('.')[1]?.length ?? 0) + Number(exp);
  }
  return text.split('.')[1]?.length ?? 0;
};

const validDate = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

function checkNumber(c: InputComponent, raw: unknown, name: string): string | null {
  let n: number;
  if (typeof raw === 'number') n = raw;
  else if (c.serializeToString && typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim())) n = Number(raw);
  else return `「${name}」必须是数字`;
  if (!Number.isFinite(n)) return `「${name}」必须是数字`;
  const digits = ruleNumber(c.decimalDigits);
  if (digits !== undefined && decimalsOf(n) > digits)
    return digits === 0 ? `「${name}」必须是整数` : `「${name}」最多保留 ${digits} 位小数`;
  const min = ruleNumber(c.validate?.min);
  if (min !== undefined && n < min) return `「${name}」不能小于 ${min}`;
  const max = ruleNumber(c.validate?.max);
  if (max !== undefined && n > max) return `「${name}」不能大于 ${max}`;
  const step = ruleNumber(c.increment);
  if (step !== undefined && step > 0) {
    const scale = 10 ** Math.min(12, Math.max(decimalsOf(step), decimalsOf(n)));
    if (Math.round(n * scale) % Math.round(step * scale) !== 0) return `「${name}」必须是 ${step} 的整数倍`;
  }
  return null;
}

function checkText(c: InputComponent, v: unknown, name: string): string | null {
  if (typeof v !== 'string') return `「${name}」必须是文本`;
  if (v.trim() === '') return null;
  const length = [...v.trim()].length;
  const minLength = ruleNumber(c.validate?.minLength);
  if (minLength !== undefined && length < minLength) return `「${name}」至少需要 ${minLength} 个字`;
  const maxLength = ruleNumber(c.validate?.maxLength);
  if (maxLength !== undefined && length > maxLength) return `「${name}」不能超过 ${maxLength} 个字`;
  const pattern = c.validate?.pattern;
  if (typeof pattern === 'string' && pattern && !isFeel(pattern) && !new RegExp(pattern).test(v)) {
    const custom = c.validate?.patternErrorMessage;
    return typeof custom === 'string' && custom.trim() && !isFeel(custom) ? `「${name}」${custom.trim()}` : `「${name}」格式不正确`;
  }
  if (c.validate?.validationType === 'email' && !EMAIL.test(v)) return `「${name}」不是有效的电子邮箱地址`;
  if (c.validate?.validationType === 'phone' && !PHONE.test(v.replace(/[\s]/g, ''))) return `「${name}」不是有效的电话号码`;
  return null;
}

function checkDatetime(c: InputComponent, v: unknown, name: string): string | null {
  if (typeof v !== 'string') return `「${name}」必须是日期或时间文本`;
  if (c.subtype === 'date') {
    const m = DATE.exec(v);
    return m && validDate(+m[1], +m[2], +m[3]) ? null : `「${name}」不是有效的日期（格式 YYYY-MM-DD）`;
  }
  if (c.subtype === 'time') return TIME.test(v) ? null : `「${name}」不是有效的时间（格式 HH:mm）`;
  const m = DATETIME.exec(v);
  const d = m ? DATE.exec(m[1]) : null;
  return m && d && validDate(+d[1], +d[2], +d[3]) && !Number.isNaN(Date.parse(v)) ? null : `「${name}」不是有效的日期时间`;
}

/**
 * The problem with a given (non-empty) value of `c`, or null. `context` is the data the options
 * expressions see (process variables and the submitted data).
 */
export function checkValue(c: InputComponent, v: unknown, context: Record<string, unknown>): string | null {
  const name = labelOf(c);
  switch (c.type) {
    case 'textfield':
    case 'textarea':
      return checkText(c, v, name);
    case 'number':
      return checkNumber(c, v, name);
    case 'checkbox':
      return typeof v === 'boolean' ? null : `「${name}」只能是“是”或“否”`;
    case 'radio':
    case 'select':
      return optionValues(c, context).some((o) => o === v) ? null : `「${name}」的取值不在可选项中`;
    case 'checklist':
    case 'taglist': {
      if (!Array.isArray(v)) return `「${name}」必须是选项列表`;
      const allowed = optionValues(c, context);
      if (v.some((x) => !allowed.some((o) => o === x))) return `「${name}」包含不在可选项中的值`;
      if (new Set(v).size !== v.length) return `「${name}」包含重复的选项`;
      return null;
    }
    case 'datetime':
      return checkDatetime(c, v, name);
  }
}
