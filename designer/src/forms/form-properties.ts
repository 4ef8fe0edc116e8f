import { h } from '@bpmn-io/properties-panel/preact';
import { Group } from '@bpmn-io/properties-panel';
import type { Element } from 'bpmn-js/lib/model/Types';
import type EventBus from 'diagram-js/lib/core/EventBus';
import { formIdOf } from './set-form-id';

/** Fired when the user asks to pick (or create) a form for a task, or to design its form. */
export const FORM_PICK_EVENT = 'wl.forms.pick';
export const FORM_DESIGN_EVENT = 'wl.forms.design';

interface GroupDef {
  id: string;
  label: string;
  [key: string]: unknown;
}
interface PropertiesPanelLike {
  registerProvider(priority: number, provider: { getGroups(element: Element): (groups: GroupDef[]) => GroupDef[] }): void;
}

/** Below the lock provider (100): the form group is added after the panel's own groups are final. */
const PRIORITY = 90;

const isUserTask = (element: Element) => (element.businessObject as { $type?: string } | undefined)?.$type === 'bpmn:UserTask';

/**
 * A 表单设计 group for user tasks in the properties panel: the linked form id, 选择或新建表单…
 * and 设计表单. `locked(element)` keeps the link of locked core nodes (the template defines it) —
 * their form can still be designed.
 */
export class FormProperties {
  constructor(
    propertiesPanel: PropertiesPanelLike,
    private readonly eventBus: EventBus,
    private readonly locked: (element: Element) => boolean,
  ) {
    propertiesPanel.registerProvider(PRIORITY, this);
  }

  getGroups(element: Element) {
    return (groups: GroupDef[]): GroupDef[] => {
      if (!isUserTask(element)) return groups;
      const formId = formIdOf(element);
      const locked = this.locked(element);
      const fire = (event: string) => () => this.eventBus.fire(event, { element });
      const entry = {
        id: 'wl-form-designer',
        component: () =>
          h(
            'div',
            { class: 'bio-properties-panel-entry wl-form-entry', 'data-entry-id': 'wl-form-designer' },
            h('div', { class: 'bio-properties-panel-label' }, '表单'),
            h('div', { class: 'wl-form-entry-value', 'data-testid': 'task-form-id' }, formId || '（未设置）'),
            h(
              'div',
              { class: 'wl-form-entry-actions' },
              h(
                'button',
                {
                  type: 'button',
                  'data-testid': 'task-form-pick',
                  disabled: locked,
                  title: locked ? '锁定的核心节点：表单由集团模板规定' : '选择已有表单，或新建表单',
                  onClick: fire(FORM_PICK_EVENT),
                },
                '选择或新建表单…',
              ),
              h(
                'button',
                { type: 'button', 'data-testid': 'task-form-design', disabled: !formId, onClick: fire(FORM_DESIGN_EVENT) },
                '设计表单',
              ),
            ),
          ),
      };
      const group = { id: 'wl-form-designer', label: '表单设计', component: Group, entries: [entry], shouldOpen: true };
      const at = groups.findIndex((g) => g.id === 'form');
      const out = [...groups];
      out.splice(at >= 0 ? at + 1 : out.length, 0, group);
      return out;
    };
  }
}
