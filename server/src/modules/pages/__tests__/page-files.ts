import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh temporary folder of shipped page files, standing in for admin/pages. */
export const pageDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'warmline-pages-'));

/** Write `<dir>/<key>.json` as the front end ships it. */
export function writePageFile(dir: string, page: { key: string } & Record<string, unknown>) {
  fs.writeFileSync(path.join(dir, `${page.key}.json`), `${JSON.stringify(page, null, 2)}\n`);
}
