export * from './process-engine.js';
export { createProcessEngine, type ProcessEngineOptions, type EmbeddedFactoryOptions, type ZeebeFactoryOptions } from './factory.js';
export {
  EmbeddedEngine,
  filterVariables,
  ENGINE_VERSION,
  type EmbeddedEngineOptions,
  type EngineLogger,
} from './drivers/embedded/index.js';
export { createGroupEngineTables, createTenantEngineTables, ensureGroupSchema, ensureTenantSchema } from './store/schema.js';
export * from './model/index.js';
export * from './feel/index.js';
