import { processTestRunInput, type ProcessTestRunResult } from '@warmline/contracts';
import type { AuthUser } from '../../auth/auth-user.js';
import { AppError, conflict, invalid } from '../../core/app-error.js';
import type { UploadedFile } from '../../core/route-table.js';
import { zodDetails } from '../../core/zod-details.js';
import type { Services } from '../../services.js';
import { checkDeployUpload } from '../process-definitions/process-definition.service.js';
import { runInThrowawayEngine, type TestRunInput, type TestRunLimits } from './process-test-run.runner.js';

/** The multipart text field that carries the run's input as JSON. */
export const TEST_RUN_INPUT_FIELD = 'input';
const MAX_INPUT_CHARS = 100_000;
/** Test runs at once in this server process: each holds an engine and a temp database for up to the time limit. */
const MAX_CONCURRENT_RUNS = 4;
let running = 0;

/**
 * The multipart text fields next to the file: only `input` (JSON: variables, answers, jobOutputs),
 * and no query parameters — the run's tenant comes from the user, as for a deploy.
 */
export function parseTestRunInput(query: unknown, body: unknown): TestRunInput {
  const keys = (v: unknown) => (v && typeof v === 'object' ? Object.keys(v) : []);
  const [q] = keys(query);
  if (q !== undefined) throw invalid(`query.${q.slice(0, 64)}`, '不接受此参数：试运行只需上传 BPMN 文件和试运行数据');
  const fields = (body ?? {}) as Record<string, unknown>;
  const other = keys(fields).find((k) => k !== TEST_RUN_INPUT_FIELD);
  if (other !== undefined)
    throw invalid(`body.${other.slice(0, 64)}`, `不接受此字段：试运行数据请放在「${TEST_RUN_INPUT_FIELD}」字段（JSON）中`);
  const raw = fields[TEST_RUN_INPUT_FIELD];
  if (raw === undefined || raw === '') return { variables: {}, answers: {}, jobOutputs: {} };
  if (typeof raw !== 'string') throw invalid(`body.${TEST_RUN_INPUT_FIELD}`, '试运行数据只能填写一次');
  if (raw.length > MAX_INPUT_CHARS) throw invalid(`body.${TEST_RUN_INPUT_FIELD}`, `试运行数据过长（最多 ${MAX_INPUT_CHARS} 个字符）`);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw invalid(`body.${TEST_RUN_INPUT_FIELD}`, '试运行数据不是有效的 JSON');
  }
  const r = processTestRunInput.safeParse(json);
  if (!r.success) throw new AppError('VALIDATION_FAILED', '提交的数据有误', zodDetails(`body.${TEST_RUN_INPUT_FIELD}`, r.error));
  return r.data as TestRunInput;
}

/**
 * Test-run one uploaded BPMN file: exactly the deploy checks first (403 for a process the user
 * may not deploy, 422 for a refused model), then one run in a throw-away embedded engine. Nothing
 * is deployed and nothing of the real server changes.
 */
export async function testRunProcessFile(
  services: Services,
  user: AuthUser,
  file: UploadedFile,
  input: TestRunInput,
  limits?: TestRunLimits,
): Promise<ProcessTestRunResult> {
  const { tenantId, xml, model } = await checkDeployUpload(services, user, file);
  if (running >= MAX_CONCURRENT_RUNS) throw conflict('同时进行的试运行过多，请稍后再试');
  running += 1;
  try {
    return await runInThrowawayEngine(model, xml, tenantId, input, limits);
  } finally {
    running -= 1;
  }
}
