import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shipped BPMN files: `process-models/bpmn/<process id>.bpmn` (one process per file). */
export const PROCESS_MODELS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bpmn');

export interface ProcessModelFile {
  /** Process id = file name without `.bpmn`. */
  processId: string;
  /** File name, e.g. `wl-ticket.bpmn`. */
  name: string;
  content: string;
}

let cache: ProcessModelFile[] | undefined;

/** Every shipped model, read once per process (the files are part of the release, not runtime data). */
export function listProcessModels(): ProcessModelFile[] {
  cache ??= fs
    .readdirSync(PROCESS_MODELS_DIR)
    .filter((f) => f.endsWith('.bpmn'))
    .sort()
    .map((name) => ({
      processId: name.slice(0, -'.bpmn'.length),
      name,
      content: fs.readFileSync(path.join(PROCESS_MODELS_DIR, name), 'utf8'),
    }));
  return cache;
}

/** The shipped model of one process id, or undefined when the product ships none. */
export function readProcessModel(processId: string): ProcessModelFile | undefined {
  return listProcessModels().find((m) => m.processId === processId);
}
