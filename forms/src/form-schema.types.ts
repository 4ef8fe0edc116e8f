/**
 * The subset of the form-js schema (schemaVersion 19, @bpmn-io/form-js 1.x) that Warmline forms use
 * and the server-side validator understands. Anything else is refused when a schema is loaded.
 */

export const FORM_SCHEMA_VERSION = 19;

/** Components that hold a value under `key`. */
export const INPUT_TYPES = ['textfield', 'textarea', 'number', 'checkbox', 'radio', 'select', 'checklist', 'taglist', 'datetime'] as const;
export type InputType = (typeof INPUT_TYPES)[number];

/** Components that only show something (no value). */
export const DISPLAY_TYPES = ['text', 'html', 'spacer', 'separator', 'image'] as const;

/** Containers whose children are laid out inline (no `path`: their fields sit at the top level). */
export const CONTAINER_TYPES = ['group'] as const;

export interface FormOption {
  label: string;
  value: string | number | boolean;
}

export interface FormValidate {
  required?: boolean;
  minLength?: number | string;
  maxLength?: number | string;
  min?: number | string;
  max?: number | string;
  pattern?: string;
  patternErrorMessage?: string;
  validationType?: 'email' | 'phone' | 'custom';
}

export interface FormComponent {
  type: string;
  id?: string;
  key?: string;
  label?: string;
  description?: string;
  text?: string;
  validate?: FormValidate;
  conditional?: { hide?: string };
  /** Static options (radio, select, checklist, taglist). */
  values?: FormOption[];
  /** Options from an input variable holding a list of options. */
  valuesKey?: string;
  /** Options from a FEEL expression over the input variables. */
  valuesExpression?: string;
  /** number */
  decimalDigits?: number;
  increment?: number | string;
  serializeToString?: boolean;
  /** datetime */
  subtype?: 'date' | 'time' | 'datetime';
  disabled?: boolean;
  readonly?: boolean | string;
  defaultValue?: unknown;
  components?: FormComponent[];
  path?: string;
  [other: string]: unknown;
}

export interface FormSchema {
  type: 'default';
  id: string;
  schemaVersion: number;
  components: FormComponent[];
  executionPlatform?: string;
  executionPlatformVersion?: string;
  exporter?: { name: string; version: string };
  [other: string]: unknown;
}

/** A keyed input component (the only kind the validator checks). */
export type InputComponent = FormComponent & { type: InputType; key: string };

export interface FieldError {
  /** The form field's key (the variable name). */
  field: string;
  /** Chinese, naming the field's label. */
  message: string;
}

export type ValidationResult = { ok: true; values: Record<string, unknown> } | { ok: false; errors: FieldError[] };
