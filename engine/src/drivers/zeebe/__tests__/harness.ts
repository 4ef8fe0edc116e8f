import type { ProcessEngine } from '../../../process-engine.js';
import { createZeebeEngine, type ZeebeEngineOptions } from '../index.js';
import { FakeZeebeGateway } from './fake-gateway.js';
import { FakeRestApi } from './fake-rest.js';

export interface Harness {
  gateway: FakeZeebeGateway;
  rest: FakeRestApi;
  engine: ProcessEngine;
  backgroundErrors: Error[];
  stop(): Promise<void>;
}

/** A Zeebe driver wired to a fake gateway (plaintext gRPC) and a fake REST API on 127.0.0.1. */
export async function startHarness(options: Partial<ZeebeEngineOptions> = {}): Promise<Harness> {
  const gateway = new FakeZeebeGateway();
  const rest = new FakeRestApi();
  const [gatewayAddress, restAddress] = await Promise.all([gateway.start(), rest.start()]);
  const backgroundErrors: Error[] = [];
  const engine = await createZeebeEngine(
    { gatewayAddress, restAddress, logLevel: 'none', requestTimeoutMs: 3000, workerLongPollMs: 2000, ...options },
    { onBackgroundError: (e) => backgroundErrors.push(e) },
  );
  return {
    gateway,
    rest,
    engine,
    backgroundErrors,
    async stop() {
      await engine.close();
      await Promise.all([gateway.stop(), rest.stop()]);
    },
  };
}
