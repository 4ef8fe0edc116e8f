import { EXTENSION_POINTS } from '@warmline/process-models';
import type { RouteFixtures } from '../../../testing/index.js';
import { branchingExtension } from './test-run-samples.js';

/**
 * A test run is for the caller's own tenant (as a deploy), never one named by the request: the
 * fixture uploads an extension process with a user task and a gateway. No marker in its names —
 * the answer echoes element names, and the run reaches nothing of the target subsidiary.
 */
export const processTestRunFixtures: RouteFixtures = {
  'processDefinitions.testRun': async (env) => ({
    path: '/api/process-definitions/test-run',
    upload: { field: 'file', fileName: `t${env.unique()}.bpmn`, content: Buffer.from(branchingExtension(EXTENSION_POINTS.beforeHandle)) },
  }),
};
