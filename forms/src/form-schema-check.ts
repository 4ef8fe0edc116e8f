import {
  CONTAINER_TYPES,
  DISPLAY_TYPES,
  FORM_SCHEMA_VERSION,
  INPUT_TYPES,
  type FormComponent,
  type FormSchema,
  type InputComponent,
} from './form-schema.types.js';
import { isFeel } from './form-feel.js';

const KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const OPTION_TYPES = new Set(['radio', 'select', 'checklist', 'taglist']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInput = (c: FormComponent): c is InputComponent => (INPUT_TYPES as readonly string[]).includes(c.type);

/** Every keyed input of a form, in order, containers flattened. */
export function inputsOf(schema: Pick<FormSchema, 'components'>): InputComponent[] {
  const out: InputComponent[] = [];
  const walk = (list: FormComponent[]) => {
    for (const c of list) {
      if (isInput(c)) out.push(c);
      if (Array.isArray(c.components)) walk(c.components);
    }
  };
  walk(schema.components);
  return out;
}

/** The containers above each input (their `conditional.hide` hides the input too). */
export function parentsOf(schema: Pick<FormSchema, 'components'>): Map<FormComponent, FormComponent[]> {
  const out = new Map<FormComponent, FormComponent[]>();
  const walk = (list: FormComponent[], parents: FormComponent[]) => {
    for (const c of list) {
      out.set(c, parents);
      if (Array.isArray(c.components)) walk(c.components, [...parents, c]);
    }
  };
  walk(schema.components, []);
  return out;
}

function checkComponent(c: unknown, where: string, keys: Set<string>, problems: string[]) {
  if (!isObject(c) || typeof c.type !== 'string') {
    problems.push(`${where}: not a component`);
    return;
  }
  const comp = c as FormComponent;
  const known = [...INPUT_TYPES, ...DISPLAY_TYPES, ...CONTAINER_TYPES] as readonly string[];
  if (!known.includes(comp.type)) {
    problems.push(`${where}: component type "${comp.type}" is not supported by the server-side validator`);
    return;
  }
  if (
    comp.conditional !== undefined &&
    (!isObject(comp.conditional) || (comp.conditional.hide !== undefined && !isFeel(comp.conditional.hide)))
  ) {
    problems.push(`${where}: conditional.hide must be a FEEL expression starting with "="`);
  }
  if ((CONTAINER_TYPES as readonly string[]).includes(comp.type)) {
    if (comp.path) problems.push(`${where}: a group with a path is not supported`);
    if (!Array.isArray(comp.components)) problems.push(`${where}: a group needs components`);
    else comp.components.forEach((child, i) => checkComponent(child, `${where}.components[${i}]`, keys, problems));
    return;
  }
  if (!isInput(comp)) return;
  const label = `${where} (${String(comp.key)})`;
  if (typeof comp.key !== 'string' || !KEY.test(comp.key)) problems.push(`${where}: an input needs a key that is a plain variable name`);
  else if (keys.has(comp.key)) problems.push(`${label}: duplicate key`);
  else keys.add(comp.key);
  if (typeof comp.label !== 'string' || !comp.label.trim()) problems.push(`${label}: an input needs a label`);
  if (comp.validate !== undefined && !isObject(comp.validate)) problems.push(`${label}: validate must be an object`);
  const pattern: unknown = comp.validate?.pattern;
  if (pattern !== undefined) {
    try {
      if (typeof pattern !== 'string') throw new Error('not text');
      new RegExp(pattern);
    } catch {
      problems.push(`${label}: validate.pattern is not a regular expression`);
    }
  }
  if (OPTION_TYPES.has(comp.type)) {
    const sources = [comp.values !== undefined, comp.valuesKey !== undefined, comp.valuesExpression !== undefined].filter(Boolean).length;
    if (sources !== 1) problems.push(`${label}: options need exactly one of values, valuesKey, valuesExpression`);
    if (comp.values !== undefined) {
      const ok =
        Array.isArray(comp.values) &&
        comp.values.length > 0 &&
        comp.values.every((o) => isObject(o) && typeof o.label === 'string' && 'value' in o);
      if (!ok) problems.push(`${label}: values must be a non-empty list of {label, value}`);
    }
    if (comp.valuesExpression !== undefined && !isFeel(comp.valuesExpression))
      problems.push(`${label}: valuesExpression must start with "="`);
  }
  if (comp.type === 'datetime' && !['date', 'time', 'datetime'].includes(String(comp.subtype))) {
    problems.push(`${label}: datetime needs subtype date, time or datetime`);
  }
}

/**
 * Problems that make a form schema unusable on the server (English, for developers and the loader):
 * not a form-js `default` form of schemaVersion ≤ 19, an id other than `expectedId`, component types
 * the validator does not know, inputs without a key or label, duplicate keys, broken patterns.
 */
export function checkFormSchema(raw: unknown, expectedId?: string): string[] {
  const problems: string[] = [];
  if (!isObject(raw)) return ['the schema is not a JSON object'];
  if (raw.type !== 'default') problems.push('type must be "default"');
  if (typeof raw.id !== 'string' || !raw.id) problems.push('id is missing');
  else if (expectedId !== undefined && raw.id !== expectedId) problems.push(`id "${raw.id}" differs from the file name "${expectedId}"`);
  if (typeof raw.schemaVersion !== 'number' || raw.schemaVersion < 1 || raw.schemaVersion > FORM_SCHEMA_VERSION) {
    problems.push(`schemaVersion must be a number from 1 to ${FORM_SCHEMA_VERSION}`);
  }
  if (!Array.isArray(raw.components)) problems.push('components must be a list');
  else {
    const keys = new Set<string>();
    raw.components.forEach((c, i) => checkComponent(c, `components[${i}]`, keys, problems));
  }
  return problems;
}
