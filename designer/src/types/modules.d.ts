/** Packages without type declarations, typed as far as the designer uses them. */

declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: Record<string, unknown>;
  export const BpmnPropertiesProviderModule: Record<string, unknown>;
  export const ZeebePropertiesProviderModule: Record<string, unknown>;
}

declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud' {
  const module: Record<string, unknown>;
  export default module;
}

declare module 'bpmn-js-bpmnlint' {
  const module: Record<string, unknown>;
  export default module;
}

declare module 'virtual:bpmnlint-config' {
  const bundle: { config: object; resolver: object };
  export default bundle;
}

declare module 'bpmn-js-i18n-zh/lib/*' {
  const translations: Record<string, string>;
  export default translations;
}

declare module 'zeebe-bpmn-moddle/resources/zeebe.json' {
  const descriptor: object;
  export default descriptor;
}

declare module 'bpmn-moddle' {
  const BpmnModdle: new (packages?: Record<string, object>) => unknown;
  export default BpmnModdle;
}

declare module '@bpmn-io/properties-panel' {
  export const TextFieldEntry: unknown;
  export const Group: unknown;
  export function isTextFieldEntryEdited(node: unknown): boolean;
}

declare module 'bpmn-js-differ' {
  interface Changed {
    model: { id: string; name?: string; $type: string };
    attrs: Record<string, { oldValue: unknown; newValue: unknown }>;
  }
  export function diff(
    a: unknown,
    b: unknown,
  ): {
    _added: Record<string, { id: string; name?: string; $type: string }>;
    _removed: Record<string, { id: string; name?: string; $type: string }>;
    _changed: Record<string, Changed>;
    _layoutChanged: Record<string, unknown>;
  };
}
