import { child, extensionValues, list, str, bodyOf, type ModdleElement } from './moddle.js';
import type { ZeebeExtensions, ZeebeIoParameter } from './model.types.js';

const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const params = (items: ModdleElement[]): ZeebeIoParameter[] =>
  items.map((p) => ({ source: str(p, 'source') ?? '', target: str(p, 'target') ?? '' }));

const listeners = (el: ModdleElement) =>
  list(el, 'listeners').map((l) => defined({ eventType: str(l, 'eventType'), type: str(l, 'type'), retries: str(l, 'retries') }));

/** true/false attribute with Zeebe's default when absent. */
const flag = (el: ModdleElement, key: string, fallback: boolean): boolean => {
  const v = el[key];
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v !== 'false';
  return fallback;
};

/** The zeebe:* extension elements of one flow element, as plain values (attribute strings as written). */
export function readZeebe(el: ModdleElement): ZeebeExtensions {
  const z: ZeebeExtensions = {};
  for (const v of extensionValues(el)) {
    switch (v.$type) {
      case 'zeebe:TaskDefinition':
        z.taskDefinition = { type: str(v, 'type') ?? '', retries: str(v, 'retries') ?? '3' };
        break;
      case 'zeebe:TaskHeaders': {
        const headers: Record<string, string> = {};
        for (const h of list(v, 'values')) {
          const key = str(h, 'key');
          if (key !== undefined)
            Object.defineProperty(headers, key, { value: str(h, 'value') ?? '', enumerable: true, writable: true, configurable: true });
        }
        z.taskHeaders = headers;
        break;
      }
      case 'zeebe:IoMapping':
        z.ioMapping = { inputs: params(list(v, 'inputParameters')), outputs: params(list(v, 'outputParameters')) };
        break;
      case 'zeebe:UserTask':
        z.userTask = true;
        break;
      case 'zeebe:AssignmentDefinition':
        z.assignmentDefinition = defined({
          assignee: str(v, 'assignee'),
          candidateGroups: str(v, 'candidateGroups'),
          candidateUsers: str(v, 'candidateUsers'),
        });
        break;
      case 'zeebe:TaskSchedule':
        z.taskSchedule = defined({ dueDate: str(v, 'dueDate'), followUpDate: str(v, 'followUpDate') });
        break;
      case 'zeebe:PriorityDefinition':
        z.priorityDefinition = defined({ priority: str(v, 'priority') });
        break;
      case 'zeebe:FormDefinition':
        z.formDefinition = defined({
          formId: str(v, 'formId'),
          formKey: str(v, 'formKey'),
          externalReference: str(v, 'externalReference'),
          bindingType: str(v, 'bindingType'),
        });
        break;
      case 'zeebe:CalledElement':
        z.calledElement = {
          ...defined({ processId: str(v, 'processId') ?? str(v, 'processIdExpression') }),
          propagateAllChildVariables: flag(v, 'propagateAllChildVariables', true),
          propagateAllParentVariables: flag(v, 'propagateAllParentVariables', true),
          bindingType: str(v, 'bindingType') ?? 'latest',
        };
        break;
      case 'zeebe:Script':
        z.script = defined({ expression: str(v, 'expression'), resultVariable: str(v, 'resultVariable') });
        break;
      case 'zeebe:Subscription':
        z.subscription = defined({ correlationKey: str(v, 'correlationKey') });
        break;
      case 'zeebe:Properties': {
        const props: Record<string, string> = {};
        for (const p of list(v, 'properties')) {
          const name = str(p, 'name');
          if (name !== undefined)
            Object.defineProperty(props, name, { value: str(p, 'value') ?? '', enumerable: true, writable: true, configurable: true });
        }
        z.properties = props;
        break;
      }
      case 'zeebe:CalledDecision':
        z.calledDecision = defined({ decisionId: str(v, 'decisionId'), resultVariable: str(v, 'resultVariable') });
        break;
      case 'zeebe:ExecutionListeners':
        z.executionListeners = listeners(v);
        break;
      case 'zeebe:TaskListeners':
        z.taskListeners = listeners(v);
        break;
      default:
        break;
    }
  }
  const loop = child(el, 'loopCharacteristics');
  if (loop?.$type === 'bpmn:MultiInstanceLoopCharacteristics') {
    const zl = extensionValues(loop).find((v) => v.$type === 'zeebe:LoopCharacteristics');
    z.loopCharacteristics = {
      isSequential: loop.isSequential === true,
      ...defined({
        inputCollection: str(zl, 'inputCollection'),
        inputElement: str(zl, 'inputElement'),
        outputCollection: str(zl, 'outputCollection'),
        outputElement: str(zl, 'outputElement'),
        completionCondition: bodyOf(loop, 'completionCondition'),
      }),
    };
  }
  return z;
}
