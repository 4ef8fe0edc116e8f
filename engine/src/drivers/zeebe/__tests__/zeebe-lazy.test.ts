import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const sdkLoaded = () => Object.keys(require.cache).some((file) => file.includes('@camunda8/sdk'));

test('given the driver module, when imported, then @camunda8/sdk is loaded only by createZeebeEngine', async () => {
  const { createZeebeEngine } = await import('../index.js');
  assert.equal(sdkLoaded(), false, 'importing the driver must not load the SDK');
  const { FakeZeebeGateway } = await import('./fake-gateway.js');
  const gateway = new FakeZeebeGateway();
  const address = await gateway.start();
  const engine = await createZeebeEngine({ gatewayAddress: address, restAddress: 'http://127.0.0.1:9', logLevel: 'none' });
  try {
    assert.equal(sdkLoaded(), true);
    assert.equal(engine.driver, 'zeebe');
  } finally {
    await engine.close();
    await gateway.stop();
  }
});
