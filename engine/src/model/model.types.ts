/**
 * The plain, typed view of a deployed BPMN file that the engine drivers read. Everything here is
 * JSON-safe except `definitions` / `moddleContext` (the bpmn-moddle objects, for drivers that build
 * on moddle, e.g. bpmn-engine's serializer). Zeebe attribute values are kept as written: a value
 * starting with `=` is a FEEL expression (evaluate it with `evaluateExpression` from ../feel).
 */

export interface ZeebeIoParameter {
  source: string;
  target: string;
}

/** The zeebe:* extension elements of one flow element (only those present are set). */
export interface ZeebeExtensions {
  /** zeebe:taskDefinition — a job of this type (type and retries may be `=` expressions). */
  taskDefinition?: { type: string; retries: string };
  /** zeebe:taskHeaders, key → value (static strings). */
  taskHeaders?: Record<string, string>;
  /** zeebe:ioMapping. */
  ioMapping?: { inputs: ZeebeIoParameter[]; outputs: ZeebeIoParameter[] };
  /** true when zeebe:userTask is present (a Camunda user task, not a job-worker user task). */
  userTask?: boolean;
  assignmentDefinition?: { assignee?: string; candidateGroups?: string; candidateUsers?: string };
  taskSchedule?: { dueDate?: string; followUpDate?: string };
  priorityDefinition?: { priority?: string };
  formDefinition?: { formId?: string; formKey?: string; externalReference?: string; bindingType?: string };
  /** zeebe:calledElement (defaults as in Zeebe: both propagate flags true). */
  calledElement?: {
    processId?: string;
    propagateAllChildVariables: boolean;
    propagateAllParentVariables: boolean;
    bindingType: string;
  };
  /** bpmn:multiInstanceLoopCharacteristics + zeebe:loopCharacteristics. */
  loopCharacteristics?: {
    isSequential: boolean;
    inputCollection?: string;
    inputElement?: string;
    outputCollection?: string;
    outputElement?: string;
    /** bpmn:completionCondition body (an `=` expression). */
    completionCondition?: string;
  };
  /** zeebe:script — FEEL only. */
  script?: { expression?: string; resultVariable?: string };
  /** zeebe:subscription of the message a catch event / receive task waits for (read from its bpmn:message). */
  subscription?: { correlationKey?: string };
  /** zeebe:properties, name → value. */
  properties?: Record<string, string>;
  /** zeebe:calledDecision (DMN; refused by the embedded gate). */
  calledDecision?: { decisionId?: string; resultVariable?: string };
  /** zeebe:executionListeners / zeebe:taskListeners (refused by the embedded gate). */
  executionListeners?: Array<{ eventType?: string; type?: string; retries?: string }>;
  taskListeners?: Array<{ eventType?: string; type?: string; retries?: string }>;
}

export interface ParsedMessageRef {
  id: string;
  /** Message name (static or `=` expression); undefined when the bpmn:message has none. */
  name?: string;
  /** zeebe:subscription correlationKey of the bpmn:message (where Camunda 8 keeps it). */
  correlationKey?: string;
}

export type ParsedEventDefinition =
  | { type: 'timer'; timeDuration?: string; timeDate?: string; timeCycle?: string }
  | { type: 'message'; message?: ParsedMessageRef }
  | { type: 'error'; error?: { id: string; name?: string; errorCode?: string } }
  | { type: 'escalation'; escalation?: { id: string; name?: string; escalationCode?: string } }
  | { type: 'signal'; signal?: { id: string; name?: string } }
  | { type: 'terminate' }
  | { type: 'link'; name?: string }
  | { type: 'conditional'; condition?: string }
  | { type: 'compensate' }
  | { type: 'cancel' };

export type EventDefinitionType = ParsedEventDefinition['type'];

export interface ParsedElement {
  id: string;
  /** bpmn-moddle type, e.g. `bpmn:ServiceTask`, `bpmn:SequenceFlow`. */
  $type: string;
  name?: string;
  /** The process id this element belongs to (also for elements inside subprocesses). */
  processId: string;
  /** The containing process or subprocess id. */
  parentId: string;
  /** Ids of incoming / outgoing sequence flows (flow nodes). */
  incoming: string[];
  outgoing: string[];
  /** Sequence flows. */
  sourceRef?: string;
  targetRef?: string;
  /** Sequence-flow condition body as written (Zeebe: `=` FEEL). */
  condition?: string;
  /** Gateways and activities: id of their default sequence flow. */
  defaultFlow?: string;
  /** Events. */
  eventDefinitions: ParsedEventDefinition[];
  /** Boundary events. */
  attachedToRef?: string;
  cancelActivity?: boolean;
  /** Start events of event subprocesses. */
  isInterrupting?: boolean;
  /** Subprocesses: true for an event subprocess. */
  triggeredByEvent?: boolean;
  /** Receive / send tasks: their bpmn:message. */
  message?: ParsedMessageRef;
  /** Activities: true when they are compensation handlers. */
  isForCompensation?: boolean;
  zeebe: ZeebeExtensions;
}

export interface ParsedProcess {
  id: string;
  name?: string;
  isExecutable: boolean;
  /** Every flow element, subprocess contents included, in document order. */
  elements: ParsedElement[];
}

export interface ParsedModel {
  /** The bpmn-moddle root (`bpmn:Definitions`). */
  definitions: unknown;
  /** The whole bpmn-moddle `fromXML` result (root, elementsById, references, warnings). */
  moddleContext: unknown;
  processes: ParsedProcess[];
}
