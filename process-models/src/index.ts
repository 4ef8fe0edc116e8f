export { PROCESS_MODELS_DIR, listProcessModels, readProcessModel, type ProcessModelFile } from './process-model-files.js';
export {
  CORE_PROCESS_IDS,
  EXTENSION_POINTS,
  EXTENSION_PROCESS_IDS,
  PASSTHROUGH_PROCESS_ID,
  extensionPointOf,
  type ExtensionPoint,
} from './catalog.js';
