import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ENSURE_BUILT = fileURLToPath(new URL('../../scripts/ensure-built.mjs', import.meta.url));

/** Build admin/dist if it is missing or older than the console sources (a clean clone, an edited screen). */
export function ensureConsoleBuilt(): void {
  const result = spawnSync(process.execPath, [ENSURE_BUILT, 'admin'], { stdio: 'inherit', cwd: path.dirname(ENSURE_BUILT) });
  if (result.status !== 0) throw new Error(`building the console failed (exit ${result.status})`);
}
