import fs from 'node:fs';
import path from 'node:path';
import { pageFile, type PageFile } from '@warmline/contracts';

/**
 * The shipped page files, `<dir>/<key>.json`, parsed and checked against the contract. A broken file
 * stops the start with its name and the offending fields: it is a defect of the release, and serving
 * the page half-valid would hide it. A missing directory means no shipped pages.
 */
export function readShippedPages(dir: string): PageFile[] {
  if (!fs.existsSync(dir)) return [];
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return files.map((file) => {
    const full = path.join(dir, file);
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(full, 'utf8'));
    } catch (err) {
      throw new Error(`Invalid page file ${full}: ${(err as Error).message}`);
    }
    const parsed = pageFile.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => {
        const where = i.path.join('.') || '(file)';
        return i.code === 'unrecognized_keys' ? `  ${where}: unknown field(s) ${i.keys.join(', ')}` : `  ${where}: ${i.message}`;
      });
      throw new Error(`Invalid page file ${full}:\n${problems.join('\n')}`);
    }
    if (`${parsed.data.key}.json` !== file)
      throw new Error(`Invalid page file ${full}: key "${parsed.data.key}" does not match the file name`);
    return parsed.data;
  });
}
