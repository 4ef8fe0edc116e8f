import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkFormSchema } from './form-schema-check.js';
import type { FormSchema } from './form-schema.types.js';

/** `forms/schemas`: one `<form id>.form.json` per user task form. */
export const SCHEMAS_DIR = fileURLToPath(new URL('../schemas/', import.meta.url));

const FORM_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
const SUFFIX = '.form.json';

export class FormSchemaError extends Error {
  constructor(
    readonly formId: string,
    readonly problems: string[],
  ) {
    super(`form ${formId} is invalid: ${problems.join('; ')}`);
    this.name = 'FormSchemaError';
  }
}

const cache = new Map<string, FormSchema | null>();

/** Read and check one schema file; throws FormSchemaError when it is not a usable form. */
export function readFormFile(file: string, expectedId: string): FormSchema {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new FormSchemaError(expectedId, [`not readable JSON: ${(err as Error).message}`]);
  }
  const problems = checkFormSchema(raw, expectedId);
  if (problems.length) throw new FormSchemaError(expectedId, problems);
  return raw as FormSchema;
}

/**
 * The form with this id (`forms/schemas/<id>.form.json`), or undefined when there is none. Read
 * once and cached; a broken schema file throws FormSchemaError (a shipped form is a programming
 * error, not user input). Ids other than lowercase words with dashes are never looked up.
 */
export function loadForm(id: string): FormSchema | undefined {
  if (!FORM_ID.test(id)) return undefined;
  if (cache.has(id)) return cache.get(id) ?? undefined;
  const file = `${SCHEMAS_DIR}${id}${SUFFIX}`;
  const form = fs.existsSync(file) ? readFormFile(file, id) : null;
  cache.set(id, form);
  return form ?? undefined;
}

/** The ids of every shipped form, sorted. */
export function listFormIds(): string[] {
  return fs
    .readdirSync(SCHEMAS_DIR)
    .filter((f) => f.endsWith(SUFFIX))
    .map((f) => f.slice(0, -SUFFIX.length))
    .sort();
}

/** Every shipped form, sorted by id. */
export function listForms(): FormSchema[] {
  return listFormIds().map((id) => loadForm(id)!);
}
