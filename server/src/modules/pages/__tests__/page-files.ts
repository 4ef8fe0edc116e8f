import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made: string[] = [];
process.once('exit', () => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A fresh temporary folder of shipped page files, standing in for admin/pages; removed when the test process ends. */
export function pageDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warmline-pages-'));
  made.push(dir);
  return dir;
}

/** Write `<dir>/<key>.json` as the front end ships it. */
export function writePageFile(dir: string, page: { key: string } & Record<string, unknown>) {
  fs.writeFileSync(path.join(dir, `${page.key}.json`), `${JSON.stringify(page, null, 2)}\n`);
}
