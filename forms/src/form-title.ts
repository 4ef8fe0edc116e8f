import type { FormSchema } from './form-schema.types.js';

/**
 * The display name of a shipped form: the first heading of its first text component
 * (`### 派单` → `派单`), else the form id. Shipped schema files carry no name of their own.
 */
export function formTitle(schema: Pick<FormSchema, 'id' | 'components'>): string {
  for (const c of schema.components) {
    if (c.type !== 'text' || typeof c.text !== 'string') continue;
    const heading = /^\s*#{1,6}\s+(.+?)\s*$/m.exec(c.text);
    if (heading) return heading[1].slice(0, 64);
  }
  return schema.id;
}
