import { h } from '@bpmn-io/properties-panel/preact';
import { Group, TextFieldEntry } from '@bpmn-io/properties-panel';
import type { Element } from 'bpmn-js/lib/model/Types';
import type { ModdleElement } from '@warmline/engine/lock-check';
import type { LockContract } from './lock-contract';

/** Below the BPMN (1000) and Zeebe (500) providers: it sees and adjusts their finished groups. */
const PRIORITY = 100;

interface Entry {
  id: string;
  component: unknown;
  [key: string]: unknown;
}
interface GroupDef {
  id: string;
  label: string;
  component?: unknown;
  entries?: Entry[];
  items?: unknown[];
  [key: string]: unknown;
}
type Translate = (text: string, replacements?: Record<string, string>) => string;

interface PropertiesPanelLike {
  registerProvider(priority: number, provider: { getGroups(element: Element): (groups: GroupDef[]) => GroupDef[] }): void;
}

const extensions = (bo: ModdleElement | undefined, type: string): ModdleElement[] =>
  (((bo?.extensionElements as ModdleElement | undefined)?.values as ModdleElement[] | undefined) ?? []).filter((v) => v.$type === type);
const first = (bo: ModdleElement | undefined, type: string) => extensions(bo, type)[0];
const text = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * In the properties panel a contract node shows what defines it read-only: its id, job type,
 * user-task implementation, form, called process and its zeebe properties (the lock and the
 * extension point). Labels, assignments, mappings and timers stay editable, as the deploy rules allow.
 */
export class LockProperties {
  static $inject = ['propertiesPanel', 'lockContract', 'translate'];

  constructor(
    propertiesPanel: PropertiesPanelLike,
    private readonly contract: LockContract,
    private readonly translate: Translate,
  ) {
    propertiesPanel.registerProvider(PRIORITY, this);
  }

  getGroups(element: Element) {
    return (groups: GroupDef[]): GroupDef[] => {
      if (!this.contract.isContractNode(element)) return groups;
      const bo = element.businessObject as ModdleElement;
      const t = this.translate;
      const readOnly = (id: string, label: string, value: () => string): Entry => ({
        id,
        component: () =>
          h(TextFieldEntry as never, {
            element,
            id,
            label,
            disabled: true,
            debounce: (fn: unknown) => fn,
            description: t('Locked core node: defined by the group template'),
            getValue: value,
            setValue: () => undefined,
          }),
      });
      const replaced: Record<string, () => Entry[]> = {
        taskDefinition: () => [
          readOnly('wl-locked-task-type', t('Job type'), () => text(first(bo, 'zeebe:TaskDefinition')?.type)),
          readOnly('wl-locked-task-retries', t('Retries'), () => text(first(bo, 'zeebe:TaskDefinition')?.retries)),
        ],
        userTaskImplementation: () => [
          readOnly('wl-locked-user-task', t('Implementation'), () =>
            first(bo, 'zeebe:UserTask') ? t('Camunda user task') : t('Job worker'),
          ),
        ],
        form: () => [readOnly('wl-locked-form', t('Form ID'), () => text(first(bo, 'zeebe:FormDefinition')?.formId))],
        calledElement: () => [readOnly('wl-locked-called', t('Process ID'), () => text(first(bo, 'zeebe:CalledElement')?.processId))],
        Zeebe__ExtensionProperties: () =>
          ((first(bo, 'zeebe:Properties')?.properties as ModdleElement[] | undefined) ?? []).map((p, i) =>
            readOnly(`wl-locked-property-${i}`, text(p.name), () => text(p.value)),
          ),
      };
      return groups.map((group) => {
        if (group.id === 'general') {
          return {
            ...group,
            entries: (group.entries ?? []).map((e) => (e.id === 'id' ? readOnly('id', t('ID'), () => text(bo.id)) : e)),
          };
        }
        const entries = replaced[group.id];
        if (!entries) return group;
        return { id: group.id, label: group.label, component: Group, entries: entries() };
      });
    };
  }
}
