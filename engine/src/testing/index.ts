export { processEngineContract, type ContractHarness } from './contract-suite.js';
export * from './models.js';
