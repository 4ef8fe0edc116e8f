import { compareLockedProcess, readProcess, type ModdleElement, type ModelProblem } from '@warmline/engine/lock-check';
import type { Element } from 'bpmn-js/lib/model/Types';
import { loadTemplates, processesOf, type Template } from './templates';

interface BpmnJsLike {
  getDefinitions(): ModdleElement | undefined;
}

/** The process (bpmn:Process) a business object belongs to. */
function processOf(bo: ModdleElement | undefined): ModdleElement | undefined {
  let cur = bo;
  while (cur && cur.$type !== 'bpmn:Process') {
    if (cur.$type === 'bpmn:Participant') return cur.processRef as ModdleElement | undefined;
    cur = cur.$parent;
  }
  return cur;
}

/**
 * The contract of the shipped templates inside the editor: which elements are contract nodes
 * (locked core nodes and extension points of a template process), and what a model breaks of it —
 * computed with the engine's own comparison, exactly as the server does at deploy.
 */
export class LockContract {
  static $inject = ['bpmnjs', 'moddle'];

  private templates = new Map<string, Template>();
  readonly ready: Promise<void>;

  constructor(
    private readonly bpmnjs: BpmnJsLike,
    moddle: Parameters<typeof loadTemplates>[0],
  ) {
    this.ready = loadTemplates(moddle).then((t) => {
      this.templates = t;
    });
  }

  templateOf(processId: string | undefined): Template | undefined {
    return processId === undefined ? undefined : this.templates.get(processId);
  }

  /** True when the element (a shape, connection or business object) is a contract node of its template process. */
  isContractNode(element: Element | ModdleElement | undefined): boolean {
    const bo = ((element as Element | undefined)?.businessObject ?? element) as ModdleElement | undefined;
    if (!bo?.id || !bo.$type || bo.$type === 'bpmn:SequenceFlow') return false;
    const proc = processOf(bo);
    const template = this.templateOf(proc?.id as string | undefined);
    return !!template?.contractIds.has(bo.id as string);
  }

  /** The element itself or anything inside it (a subprocess, a participant) is a contract node. */
  holdsContractNode(element: Element): boolean {
    if (this.isContractNode(element)) return true;
    const children = (element as { children?: Element[] }).children ?? [];
    return children.some((c) => this.holdsContractNode(c));
  }

  /** What `definitions` breaks of the templates of the processes it defines (empty when it keeps them). */
  problemsOf(definitions: ModdleElement | undefined): ModelProblem[] {
    const out: ModelProblem[] = [];
    for (const proc of processesOf(definitions)) {
      const template = this.templateOf(proc.id as string | undefined);
      if (template) out.push(...compareLockedProcess(template.process, readProcess(proc)));
    }
    return out;
  }

  /** Problems of the diagram open in the editor. */
  currentProblems(): ModelProblem[] {
    return this.problemsOf(this.bpmnjs.getDefinitions());
  }
}
