import bpmnJs from 'bpmn-js-i18n-zh/lib/bpmn-js/index.js';
import propertiesPanel from 'bpmn-js-i18n-zh/lib/properties-panel/index.js';
import zeebePanel from 'bpmn-js-i18n-zh/lib/zeebe-properties-panel/index.js';
import { ZH_EXTRA } from './zh-extra';
import { ZH_TYPES } from './zh-types';

/** bpmn-js-i18n-zh for bpmn-js and the properties panels, completed by the designer's own table. */
export const ZH: Record<string, string> = { ...bpmnJs, ...propertiesPanel, ...zeebePanel, ...ZH_TYPES, ...ZH_EXTRA };

/** Texts asked for that have no Chinese yet (the browser tests require this to stay empty). */
export const untranslated = new Set<string>();

/** Texts already in Chinese (the lint messages, worded by @warmline/engine/lint-messages) pass through as they are. */
const CHINESE = /[\u4e00-\u9fa5]/;

/** diagram-js `translate`: the Chinese text of `template` (the English text when unknown), with `{name}` replaced. */
export function translateZh(template: string, replacements: Record<string, unknown> = {}): string {
  const text = ZH[template];
  if (text === undefined && CHINESE.test(template)) return fill(template, replacements);
  if (text === undefined) {
    untranslated.add(template);
    return fill(template, replacements);
  }
  return fill(text, replacements);
}

function fill(text: string, replacements: Record<string, unknown>): string {
  return text.replace(/{([^}]+)}/g, (whole, key: string) => (key in replacements ? String(replacements[key]) : whole));
}

/** Replaces diagram-js' default `translate` service. */
export default { translate: ['value', translateZh] };
