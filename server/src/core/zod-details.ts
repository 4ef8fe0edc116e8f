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
    // Messages come from the shared wording in contracts (必填 only for a missing value: zod's final
    // issues carry no `input`, so deciding it here called every wrong type "必填").
    details.push({ field: base, message: issue.message });
  }
  return details;
}
