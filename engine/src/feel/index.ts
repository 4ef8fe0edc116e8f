export { FeelError } from './feel-error.js';
export { evaluateCondition, evaluateExpression, evaluateFeel, evaluateUnaryTests, feelBody, isFeelExpression } from './feel-evaluate.js';
export { feelSyntaxError } from './feel-syntax.js';
export { camundaFunctionNames } from './camunda-functions.js';
export { toJsonValue, isDateTimeValue, isDurationValue } from './feel-values.js';
