import type BpmnModeler from 'bpmn-js/lib/Modeler';
import type { Element } from 'bpmn-js/lib/model/Types';
import type EventBus from 'diagram-js/lib/core/EventBus';
import type { Me } from '../api/definitions';
import type { LockContract } from '../locks/lock-contract';
import type { ReadOnly } from '../modeler/read-only';
import { openFormDesigner } from './form-dialog';
import { FORM_DESIGN_EVENT, FORM_PICK_EVENT, FormProperties } from './form-properties';
import { pickForm } from './form-picker';
import { formIdOf, setFormId } from './set-form-id';

/**
 * Task forms in the designer: a 表单设计 group in a user task's properties, a picker of the
 * server's forms (or a new one), and the form-js designer dialog. A form made here is linked to the
 * task once its first save reached the server (the task never names a form that does not exist).
 */
export function installFormDesigner(modeler: BpmnModeler, user: Pick<Me, 'permissions'>): void {
  const canManage = user.permissions.includes('form:manage');
  const eventBus = modeler.get<EventBus>('eventBus');
  const contract = modeler.get<LockContract>('lockContract');
  const readOnly = modeler.get<ReadOnly>('readOnly');
  const lockedLink = (element: Element) => contract.isContractNode(element) || readOnly.isOn;
  new FormProperties(modeler.get('propertiesPanel'), eventBus, lockedLink);

  const link = (element: Element, formId: string) => {
    if (formIdOf(element) !== formId && !lockedLink(element)) setFormId(modeler, element, formId);
  };

  eventBus.on(FORM_PICK_EVENT, ({ element }: { element: Element }) => {
    void (async () => {
      const choice = await pickForm(formIdOf(element), canManage);
      if (!choice) return;
      if (choice.action === 'use') return link(element, choice.form.formId);
      if (choice.action === 'design') {
        await openFormDesigner({ formId: choice.form.formId, isNew: false, canManage });
        return link(element, choice.form.formId);
      }
      const result = await openFormDesigner({ formId: choice.formId, isNew: true, name: choice.name, canManage });
      if (result.saved) link(element, result.formId);
    })();
  });

  eventBus.on(FORM_DESIGN_EVENT, ({ element }: { element: Element }) => {
    const formId = formIdOf(element);
    if (formId) void openFormDesigner({ formId, isNew: false, canManage });
  });
}
