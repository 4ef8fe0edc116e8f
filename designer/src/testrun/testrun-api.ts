import { api } from '../api/http';

/** The answer of POST /api/process-definitions/test-run (contracts/src/process-test-run.ts). */
export type TestRunOutcome = 'completed' | 'waiting' | 'incident' | 'rejected';

export interface TestRunStep {
  elementId: string;
  name: string;
  type: string;
  typeName: string;
  at: string;
  detail?: string;
}

export interface TestRunResult {
  outcome: TestRunOutcome;
  processId: string;
  summary: string;
  steps: TestRunStep[];
  visitedElementIds: string[];
  takenFlowIds: string[];
  activeElementIds: string[];
  variables: Record<string, unknown>;
  problems?: { field: string; message: string; elementId?: string }[];
  notes: string[];
}

export interface TestRunInput {
  variables: Record<string, unknown>;
  answers?: Record<string, unknown>;
  jobOutputs?: Record<string, unknown>;
}

/**
 * Run the diagram once on the server, in a throw-away engine (nothing is deployed). The same deploy
 * checks come first: a refused model throws ApiError 403 / 422 naming the elements.
 */
export function testRunXml(xml: string, fileName: string, input: TestRunInput): Promise<TestRunResult> {
  const form = new FormData();
  form.append('file', new Blob([xml], { type: 'application/xml' }), fileName);
  form.append('input', JSON.stringify(input));
  return api<TestRunResult>('POST', '/api/process-definitions/test-run', form);
}
