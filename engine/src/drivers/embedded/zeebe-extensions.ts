/**
 * Reads the Zeebe extension elements of one activity from the serialized moddle behaviour
 * bpmn-engine hands to the `extensions` hook.
 */
interface ExtValue {
  $type: string;
  [key: string]: unknown;
}

export interface Mapping {
  source: string;
  target: string;
}

export interface ZeebeActivity {
  taskType?: string;
  retries?: string;
  headers: Record<string, string>;
  inputs: Mapping[];
  outputs: Mapping[];
  userTask: boolean;
  assignee?: string;
  candidateGroups?: string;
  candidateUsers?: string;
  dueDate?: string;
  followUpDate?: string;
  priority?: string;
  formId?: string;
  script?: { expression: string; resultVariable?: string };
  calledProcessId?: string;
  propagateAllChildVariables: boolean;
  propagateAllParentVariables: boolean;
  loop?: {
    inputCollection?: string;
    inputElement?: string;
    outputCollection?: string;
    outputElement?: string;
    /** bpmn:completionCondition of the multi-instance (FEEL). */
    completionCondition?: string;
  };
}

function values(behaviour: unknown): ExtValue[] {
  const b = behaviour as
    | { extensionElements?: { values?: ExtValue[] }; loopCharacteristics?: { behaviour?: { extensionElements?: { values?: ExtValue[] } } } }
    | undefined;
  // zeebe:loopCharacteristics sits in the extension elements of bpmn:multiInstanceLoopCharacteristics.
  return [...(b?.extensionElements?.values ?? []), ...(b?.loopCharacteristics?.behaviour?.extensionElements?.values ?? [])];
}

const mappings = (list: unknown): Mapping[] =>
  ((list as { source?: string; target?: string }[] | undefined) ?? []).map((m) => ({ source: m.source ?? '', target: m.target ?? '' }));

export function readZeebe(behaviour: unknown): ZeebeActivity {
  const out: ZeebeActivity = {
    headers: {},
    inputs: [],
    outputs: [],
    userTask: false,
    propagateAllChildVariables: true,
    propagateAllParentVariables: true,
  };
  for (const v of values(behaviour)) {
    switch (v.$type) {
      case 'zeebe:TaskDefinition':
        out.taskType = v.type as string | undefined;
        out.retries = v.retries as string | undefined;
        break;
      case 'zeebe:TaskHeaders':
        for (const h of (v.values as { key?: string; value?: string }[] | undefined) ?? []) if (h.key) out.headers[h.key] = h.value ?? '';
        break;
      case 'zeebe:IoMapping':
        out.inputs = mappings(v.inputParameters);
        out.outputs = mappings(v.outputParameters);
        break;
      case 'zeebe:UserTask':
        out.userTask = true;
        break;
      case 'zeebe:AssignmentDefinition':
        out.assignee = v.assignee as string | undefined;
        out.candidateGroups = v.candidateGroups as string | undefined;
        out.candidateUsers = v.candidateUsers as string | undefined;
        break;
      case 'zeebe:TaskSchedule':
        out.dueDate = v.dueDate as string | undefined;
        out.followUpDate = v.followUpDate as string | undefined;
        break;
      case 'zeebe:PriorityDefinition':
        out.priority = v.priority as string | undefined;
        break;
      case 'zeebe:FormDefinition':
        out.formId = (v.formId ?? v.formKey ?? v.externalReference) as string | undefined;
        break;
      case 'zeebe:Script':
        out.script = { expression: String(v.expression ?? ''), resultVariable: v.resultVariable as string | undefined };
        break;
      case 'zeebe:CalledElement':
        out.calledProcessId = v.processId as string | undefined;
        out.propagateAllChildVariables = v.propagateAllChildVariables !== false;
        out.propagateAllParentVariables = v.propagateAllParentVariables !== false;
        break;
      case 'zeebe:LoopCharacteristics':
        out.loop = {
          completionCondition: (behaviour as { loopCharacteristics?: { behaviour?: { completionCondition?: string } } })
            ?.loopCharacteristics?.behaviour?.completionCondition,
          inputCollection: v.inputCollection as string | undefined,
          inputElement: v.inputElement as string | undefined,
          outputCollection: v.outputCollection as string | undefined,
          outputElement: v.outputElement as string | undefined,
        };
        break;
    }
  }
  return out;
}

/** `zeebe:subscription correlationKey` of a bpmn:Message element. */
export function readCorrelationKey(messageBehaviour: unknown): string | undefined {
  const sub = values(messageBehaviour).find((v) => v.$type === 'zeebe:Subscription');
  return sub?.correlationKey as string | undefined;
}
