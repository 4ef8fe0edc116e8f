export * from './form-schema.types.js';
export { checkFormSchema, formSchemaProblems, inputsOf, type FormSchemaProblem } from './form-schema-check.js';
export { formTitle } from './form-title.js';
export { loadForm, listForms, listFormIds, readFormFile, FormSchemaError, SCHEMAS_DIR } from './form-loader.js';
export { validateSubmission, formVariableNames } from './validate-submission.js';
export { hideConditionMet, feelVariableNames } from './form-feel.js';
