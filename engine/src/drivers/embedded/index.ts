export { EmbeddedEngine, filterVariables, type EmbeddedEngineOptions, type EngineLogger } from './embedded-engine.js';
export { ENGINE_VERSION } from './instance-run.js';
