import type { Sequelize } from 'sequelize';
import type { ProcessEngine } from './process-engine.js';
import { EmbeddedEngine, type EmbeddedEngineOptions, type EngineLogger } from './drivers/embedded/index.js';

/** The embedded driver's options as configuration may give them (the test-only gate bypass is not one of them). */
export interface EmbeddedFactoryOptions extends Omit<EmbeddedEngineOptions, 'databases' | 'logger' | 'unsafeSkipDeployGateForTests'> {
  driver: 'embedded';
  databases: { group: Sequelize; tenant(tenantId: string): Promise<Sequelize>; tenantIds(): Promise<string[]> };
  logger?: EngineLogger;
}

export interface ZeebeFactoryOptions {
  driver: 'zeebe';
  logger?: EngineLogger;
  [setting: string]: unknown;
}

export type ProcessEngineOptions = EmbeddedFactoryOptions | ZeebeFactoryOptions;

/** Pick the driver from configuration. The Zeebe driver (and the Camunda SDK) load only when chosen. */
export async function createProcessEngine(options: ProcessEngineOptions): Promise<ProcessEngine> {
  if (options.driver === 'embedded') {
    const engine = new EmbeddedEngine({ ...options, unsafeSkipDeployGateForTests: false });
    engine.start();
    return engine;
  }
  if (options.driver === 'zeebe') {
    let mod: { createZeebeEngine?: (o: unknown) => Promise<ProcessEngine> };
    try {
      const path = './drivers/zeebe/index.js';
      mod = (await import(path)) as typeof mod;
    } catch (err) {
      throw new Error('Zeebe driver not available', { cause: err });
    }
    if (typeof mod.createZeebeEngine !== 'function') throw new Error('Zeebe driver not available');
    return mod.createZeebeEngine(options);
  }
  throw new Error(`unknown engine driver ${(options as { driver?: string }).driver}`);
}
