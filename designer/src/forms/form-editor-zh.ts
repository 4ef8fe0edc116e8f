/**
 * A form-js editor module: the palette offers only the components the server's validator supports
 * (`@warmline/forms`, form-schema.types.ts — anything else would be refused on save), under Chinese
 * names, and new fields start with Chinese labels. form-js 1.23 has no translate service for the
 * editor; the remaining fixed texts are translated in the DOM (form-dom-zh.ts).
 */

interface FieldConfig {
  name?: string;
  label?: string;
  create?: (options?: Record<string, unknown>, isNewField?: boolean) => Record<string, unknown>;
  [key: string]: unknown;
}
interface FormFields {
  _formFields: Record<string, { config: FieldConfig }>;
}

/** Supported components, their Chinese names and the label a new one gets. */
export const SUPPORTED_FIELDS: Record<string, { name: string; label?: string }> = {
  textfield: { name: '单行文本', label: '单行文本' },
  textarea: { name: '多行文本', label: '多行文本' },
  number: { name: '数字', label: '数字' },
  datetime: { name: '日期时间' },
  checkbox: { name: '复选框', label: '复选框' },
  checklist: { name: '多选', label: '多选' },
  radio: { name: '单选', label: '单选' },
  select: { name: '下拉选择', label: '下拉选择' },
  taglist: { name: '标签选择', label: '标签选择' },
  text: { name: '说明文字' },
  separator: { name: '分隔线' },
  spacer: { name: '空白' },
  group: { name: '分组', label: '分组' },
};

const patched = new WeakSet<FieldConfig>();

/** Chinese names and first labels on the (shared) field configs; done once per config. */
function patchConfig(type: string, config: FieldConfig): void {
  if (patched.has(config)) return;
  patched.add(config);
  const zh = SUPPORTED_FIELDS[type];
  config.name = zh.name;
  if (config.label !== undefined && config.label !== null) config.label = zh.name;
  const create = config.create;
  if (!create) return;
  config.create = (options = {}, isNewField) => {
    const field = create(options, isNewField);
    if (zh.label && field.label !== undefined && options.label === undefined) field.label = zh.label;
    if (type === 'datetime' && isNewField && options.dateLabel === undefined) field.dateLabel = '日期';
    if (type === 'text' && options.text === undefined) field.text = '### 说明文字';
    const values = field.values as { label?: unknown }[] | undefined;
    if (options.values === undefined && Array.isArray(values) && values.length === 1 && values[0].label === 'Value') {
      field.values = [{ label: '选项一', value: 'option1' }];
    }
    return field;
  };
}

class FormEditorZh {
  static $inject = ['formFields'];

  constructor(formFields: FormFields) {
    for (const [type, field] of Object.entries(formFields._formFields)) {
      if (type === 'default') continue;
      if (!SUPPORTED_FIELDS[type]) delete formFields._formFields[type];
      else patchConfig(type, field.config);
    }
  }
}

export const FormEditorZhModule = { __init__: ['wlFormEditorZh'], wlFormEditorZh: ['type', FormEditorZh] };
