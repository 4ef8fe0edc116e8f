import type BpmnModeler from 'bpmn-js/lib/Modeler';
import type { Element } from 'bpmn-js/lib/model/Types';
import type { ModdleElement } from '@warmline/engine/lock-check';

interface BpmnFactory {
  create(type: string, attrs?: Record<string, unknown>): ModdleElement;
}
interface CommandStack {
  execute(command: string, context: unknown): void;
}

const values = (ext: ModdleElement | undefined) => ((ext?.values as ModdleElement[] | undefined) ?? []) as ModdleElement[];

/** The form id a user task links (`zeebe:formDefinition formId`), or ''. */
export function formIdOf(element: Element): string {
  const bo = element.businessObject as ModdleElement;
  const fd = values(bo.extensionElements as ModdleElement | undefined).find((v) => v.$type === 'zeebe:FormDefinition');
  return typeof fd?.formId === 'string' ? fd.formId : '';
}

/**
 * Link a user task to a form: `zeebe:formDefinition formId` (a linked Camunda form), created in the
 * task's extension elements when missing. One command on the modeler's command stack, so a single
 * undo takes it back.
 */
export function setFormId(modeler: BpmnModeler, element: Element, formId: string): void {
  const bpmnFactory = modeler.get<BpmnFactory>('bpmnFactory');
  const bo = element.businessObject as ModdleElement;
  const commands: { cmd: string; context: Record<string, unknown> }[] = [];
  let ext = bo.extensionElements as ModdleElement | undefined;
  if (!ext) {
    ext = bpmnFactory.create('bpmn:ExtensionElements', { values: [] });
    ext.$parent = bo;
    commands.push({
      cmd: 'element.updateModdleProperties',
      context: { element, moddleElement: bo, properties: { extensionElements: ext } },
    });
  }
  const existing = values(ext).find((v) => v.$type === 'zeebe:FormDefinition');
  if (existing) {
    commands.push({
      cmd: 'element.updateModdleProperties',
      context: { element, moddleElement: existing, properties: { formId, formKey: undefined, externalReference: undefined } },
    });
  } else {
    const definition = bpmnFactory.create('zeebe:FormDefinition', { formId });
    definition.$parent = ext;
    commands.push({
      cmd: 'element.updateModdleProperties',
      context: { element, moddleElement: ext, properties: { values: [...values(ext), definition] } },
    });
  }
  modeler.get<CommandStack>('commandStack').execute('properties-panel.multi-command-executor', commands);
}
