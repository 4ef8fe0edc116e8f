import type { Variables } from '../../process-engine.js';
import type { DeploymentFacts } from './deployment-facts.js';
import type { ZeebeActivity } from './zeebe-extensions.js';

export const ENGINE_VERSION = 'bpmn-engine@25.0.1+bpmn-elements@17.3.0';

export type WaitKind = 'job' | 'task' | 'timer' | 'msg' | 'signal' | 'call';

/** One thing an instance waits for; persisted in `engine_instances.waits`, keyed by execution id. */
export interface Wait {
  k: WaitKind;
  el: string;
  key: string;
  loc?: Variables;
  due?: number;
  name?: string;
  ck?: string;
  /** Call activity: the called process id, and `pa: false` when parent variables are not propagated. */
  pid?: string;
  pa?: false;
}

export interface TaskSpec {
  name: string;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  dueDate: Date | null;
  followUpDate: Date | null;
  priority: number;
  formId: string | null;
}

export interface JobSpec {
  type: string;
  retries: number;
  headers: Record<string, string>;
  /** Set when the job is handed straight to a worker of this process (created already activated). */
  worker?: string;
  deadline?: Date;
}

export interface CallSpec {
  processId: string;
  variables: Variables;
}

export interface Added {
  waitKey: string;
  wait: Wait;
  task?: TaskSpec;
  job?: JobSpec;
  call?: CallSpec;
}

export interface Removed {
  waitKey: string;
  wait: Wait;
  how: 'done' | 'fired' | 'canceled';
}

export interface RunOutcome {
  state: 'active' | 'completed';
  variables: Variables;
  waits: Record<string, Wait>;
  added: Added[];
  removed: Removed[];
  snapshot: Buffer | null;
  /** Codes of escalations thrown and not caught inside the instance (for the call activity of a parent). */
  escalations: (string | undefined)[];
  /** BPMN errors thrown (error end events) and not caught inside the instance. */
  errors: { code?: string; message: string; elementId: string }[];
  /** Signals thrown by signal throw events (broadcast into the tenant once committed). */
  signals: { name: string; elementId: string; variables: Variables }[];
}

export class RunError extends Error {
  constructor(
    message: string,
    readonly elementId: string,
    readonly errorType: 'EXPRESSION_ERROR' | 'UNHANDLED_ERROR' | 'ENGINE_ERROR',
    /** The code of an uncaught BPMN error (a call activity of the parent may catch it). */
    readonly errorCode?: string,
  ) {
    super(message);
    this.name = 'RunError';
  }
}

export interface DeploymentInfo {
  sourceFor(processId: string): unknown;
  messages: Map<string, { name: string; correlationKey?: string }>;
  zeebe: Map<string, ZeebeActivity>;
  facts: DeploymentFacts;
}

export type Callback = (err: unknown, output?: unknown) => void;
export interface Api {
  id: string;
  type: string;
  executionId: string;
  content: Record<string, unknown> & { message?: { id?: string; name?: string }; signal?: { id?: string; name?: string } };
  owner?: { behaviour?: unknown };
  signal(payload?: unknown): void;
}
