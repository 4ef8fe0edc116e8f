/**
 * The locked-node check as the process designer (browser) uses it: it reads processes from its own
 * bpmn-js moddle elements and compares them with the shipped templates exactly as the server does at
 * deploy (docs/decisions/0006-deploy-rules.md). No file parsing and no Node APIs at call time.
 */
export {
  compareLockedProcess,
  contractNodesOf,
  extensionPointProperty,
  isLockedNode,
  EXTENSION_POINT_PROPERTY,
  LOCKED_PROPERTY,
} from './locked-nodes.js';
export { readProcess } from './read-process.js';
export type { ModdleElement } from './moddle.js';
export type { ParsedElement, ParsedProcess } from './model.types.js';
export type { ModelProblem } from '../process-engine.js';
