import type { ErrorDetail } from '@warmline/contracts';
import type { z } from 'zod';

/** Turn zod issues into field-level details (`body.name: 必填`), one per offending field. */
export function zodDetails(where: string, error: z.ZodError): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const issue of error.issues) {
    const base = [where, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) details.push({ field: `${base}.${key}`, message: '不允许的字段' });
      continue;
    }
    const message = issue.code === 'invalid_type' && issue.input === undefined ? '必填' : issue.message;
    details.push({ field: base, message });
  }
  return details;
}
