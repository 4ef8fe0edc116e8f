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

/** One problem of a form schema: where it is, in English (developers, the loader) and in Chinese (the designer). */
export interface FormSchemaProblem {
  /** Dotted path inside the schema (`id`, `components.2.key`); empty for the schema as a whole. */
  path: string;
  en: string;
  zh: string;
}

type Push = (path: string, en: string, zh: string) => void;

const TYPE_NAMES_ZH: Record<string, string> = {
  textfield: '单行文本',
  textarea: '多行文本',
  number: '数字',
  checkbox: '复选框',
  radio: '单选',
  select: '下拉选择',
  checklist: '多选',
  taglist: '标签选择',
  datetime: '日期时间',
};

function checkComponent(c: unknown, where: string, path: string, keys: Set<string>, push: Push) {
  const at = (suffix = '') => (suffix ? `${path}.${suffix}` : path);
  if (!isObject(c) || typeof c.type !== 'string') {
    push(at(), `${where}: not a component`, '不是有效的表单组件');
    return;
  }
  const comp = c as FormComponent;
  const known = [...INPUT_TYPES, ...DISPLAY_TYPES, ...CONTAINER_TYPES] as readonly string[];
  if (!known.includes(comp.type)) {
    push(
      at('type'),
      `${where}: component type "${comp.type}" is not supported by the server-side validator`,
      `组件类型「${comp.type}」不受支持（可用：文本类输入、数字、复选框、单选、下拉、多选、标签、日期时间、说明文字、分组等）`,
    );
    return;
  }
  const named = typeof comp.label === 'string' && comp.label.trim() ? `「${comp.label.trim()}」` : '该组件';
  if (
    comp.conditional !== undefined &&
    (!isObject(comp.conditional) || (comp.conditional.hide !== undefined && !isFeel(comp.conditional.hide)))
  ) {
    push(
      at('conditional.hide'),
      `${where}: conditional.hide must be a FEEL expression starting with "="`,
      `${named}的隐藏条件必须是以“=”开头的 FEEL 表达式`,
    );
  }
  if ((CONTAINER_TYPES as readonly string[]).includes(comp.type)) {
    if (comp.path) push(at('path'), `${where}: a group with a path is not supported`, '分组不支持设置数据路径（path）');
    if (!Array.isArray(comp.components)) push(at('components'), `${where}: a group needs components`, '分组需要包含组件');
    else comp.components.forEach((child, i) => checkComponent(child, `${where}.components[${i}]`, at(`components.${i}`), keys, push));
    return;
  }
  if (!isInput(comp)) return;
  const label = `${where} (${String(comp.key)})`;
  const kind = TYPE_NAMES_ZH[comp.type] ?? comp.type;
  if (typeof comp.key !== 'string' || !KEY.test(comp.key))
    push(
      at('key'),
      `${where}: an input needs a key that is a plain variable name`,
      `${named}（${kind}）的字段标识必须是以字母开头的英文字母、数字或下划线`,
    );
  else if (keys.has(comp.key)) push(at('key'), `${label}: duplicate key`, `字段标识「${comp.key}」重复了，每个字段的标识必须不同`);
  else keys.add(comp.key);
  if (typeof comp.label !== 'string' || !comp.label.trim())
    push(at('label'), `${label}: an input needs a label`, `${kind}字段「${String(comp.key)}」需要填写标签`);
  if (comp.validate !== undefined && !isObject(comp.validate))
    push(at('validate'), `${label}: validate must be an object`, `${named}的校验规则格式不正确`);
  const pattern: unknown = comp.validate?.pattern;
  if (pattern !== undefined) {
    try {
      if (typeof pattern !== 'string') throw new Error('not text');
      new RegExp(pattern);
    } catch {
      push(at('validate.pattern'), `${label}: validate.pattern is not a regular expression`, `${named}的校验格式不是有效的正则表达式`);
    }
  }
  if (OPTION_TYPES.has(comp.type)) {
    const sources = [comp.values !== undefined, comp.valuesKey !== undefined, comp.valuesExpression !== undefined].filter(Boolean).length;
    if (sources !== 1)
      push(
        at('values'),
        `${label}: options need exactly one of values, valuesKey, valuesExpression`,
        `${named}的选项来源只能是一种：静态选项、输入变量或表达式`,
      );
    if (comp.values !== undefined) {
      const ok =
        Array.isArray(comp.values) &&
        comp.values.length > 0 &&
        comp.values.every((o) => isObject(o) && typeof o.label === 'string' && 'value' in o);
      if (!ok)
        push(
          at('values'),
          `${label}: values must be a non-empty list of {label, value}`,
          `${named}至少需要一个选项，且每个选项都要有标签和值`,
        );
    }
    if (comp.valuesExpression !== undefined && !isFeel(comp.valuesExpression))
      push(at('valuesExpression'), `${label}: valuesExpression must start with "="`, `${named}的选项表达式必须以“=”开头`);
  }
  if (comp.type === 'datetime' && !['date', 'time', 'datetime'].includes(String(comp.subtype))) {
    push(at('subtype'), `${label}: datetime needs subtype date, time or datetime`, `${named}需要选择日期、时间或日期时间类型`);
  }
}

/**
 * Problems that make a form schema unusable on the server, each with its place and an English and
 * a Chinese text: not a form-js `default` form of schemaVersion ≤ 19, an id other than `expectedId`,
 * component types the validator does not know, inputs without a key or label, duplicate keys,
 * broken patterns.
 */
export function formSchemaProblems(raw: unknown, expectedId?: string): FormSchemaProblem[] {
  const problems: FormSchemaProblem[] = [];
  const push: Push = (path, en, zh) => problems.push({ path, en, zh });
  if (!isObject(raw)) {
    push('', 'the schema is not a JSON object', '表单定义必须是 JSON 对象');
    return problems;
  }
  if (raw.type !== 'default') push('type', 'type must be "default"', '表单类型（type）必须是 "default"');
  if (typeof raw.id !== 'string' || !raw.id) push('id', 'id is missing', '缺少表单编号（id）');
  else if (expectedId !== undefined && raw.id !== expectedId)
    push('id', `id "${raw.id}" differs from the file name "${expectedId}"`, `表单编号「${raw.id}」与应有的编号「${expectedId}」不一致`);
  if (typeof raw.schemaVersion !== 'number' || raw.schemaVersion < 1 || raw.schemaVersion > FORM_SCHEMA_VERSION) {
    push(
      'schemaVersion',
      `schemaVersion must be a number from 1 to ${FORM_SCHEMA_VERSION}`,
      `表单格式版本（schemaVersion）必须是 1 到 ${FORM_SCHEMA_VERSION} 之间的数字`,
    );
  }
  if (!Array.isArray(raw.components)) push('components', 'components must be a list', '表单组件（components）必须是列表');
  else {
    const keys = new Set<string>();
    raw.components.forEach((c, i) => checkComponent(c, `components[${i}]`, `components.${i}`, keys, push));
  }
  return problems;
}

/** The problems of formSchemaProblems in English (for developers and the file loader). */
export function checkFormSchema(raw: unknown, expectedId?: string): string[] {
  return formSchemaProblems(raw, expectedId).map((p) => p.en);
}
