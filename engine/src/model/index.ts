export type * from './model.types.js';
export { parseBpmn, MAX_BPMN_BYTES, MAX_NESTING } from './parse-bpmn.js';
export { checkEmbeddedSupport } from './embedded-gate.js';
export { lintForZeebe, ZEEBE_LINT_CONFIG } from './zeebe-lint.js';
export { validateDeployment, type ValidateOptions } from './validate-deployment.js';
export { isCronCycle, isIsoDateTime, isIsoDuration, isRepeatingInterval, timerValueError, type TimerKind } from './timer-values.js';
export { DOCUMENT } from './problems.js';
export { checkLockedNodes, compareLockedProcess, contractNodesOf, isLockedNode, extensionPointProperty } from './locked-nodes.js';
