import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GROUP_TENANT } from '../../../process-engine.js';
import { startHarness, type Harness } from './harness.js';

const def = (tenantId: string, processDefinitionId: string, version: number, key: string) => ({
  processDefinitionKey: key,
  processDefinitionId,
  name: processDefinitionId,
  version,
  resourceName: `${processDefinitionId}.bpmn`,
  tenantId,
  hasStartForm: false,
});

describe('zeebe driver: listDefinitions through the 8.8 REST API against a fake server', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    h.rest.on('POST', '/v2/process-definitions/search', (req) => {
      const tenant = (req.body as { filter: { tenantId: string } }).filter.tenantId;
      const items =
        tenant === 'SUB01'
          ? [def('SUB01', 'ticket', 2, '2251799813685102'), def('SUB01', 'ticket', 1, '2251799813685101')]
          : [def(GROUP_TENANT, 'complaint', 1, '2251799813685200')];
      return { items, page: { totalItems: items.length } };
    });
  });
  after(async () => {
    await h.stop();
  });

  test('given a tenant, when listing definitions, then the search filters by that tenant, sorts by id and version, and maps each version', async () => {
    const list = await h.engine.listDefinitions('SUB01');
    const searches = h.rest.requestsTo('POST', '/v2/process-definitions/search');
    assert.equal(searches.length, 1);
    assert.deepEqual(searches[0].body.filter, { tenantId: 'SUB01' });
    assert.deepEqual(searches[0].body.sort, [
      { field: 'processDefinitionId', order: 'ASC' },
      { field: 'version', order: 'ASC' },
    ]);
    assert.deepEqual(list, [
      {
        tenantId: 'SUB01',
        processId: 'ticket',
        version: 1,
        definitionKey: '2251799813685101',
        resourceName: 'ticket.bpmn',
        deployedAt: null,
      },
      {
        tenantId: 'SUB01',
        processId: 'ticket',
        version: 2,
        definitionKey: '2251799813685102',
        resourceName: 'ticket.bpmn',
        deployedAt: null,
      },
    ]);
  });

  test("given includeGroup, when listing definitions, then the group's <default> tenant is searched too", async () => {
    const list = await h.engine.listDefinitions('SUB01', { includeGroup: true });
    const tenants = h.rest.requestsTo('POST', '/v2/process-definitions/search').map((r) => r.body.filter.tenantId);
    assert.deepEqual(tenants.slice(-2), ['SUB01', GROUP_TENANT]);
    assert.deepEqual(
      list.map((d) => [d.tenantId, d.processId, d.version]),
      [
        [GROUP_TENANT, 'complaint', 1],
        ['SUB01', 'ticket', 1],
        ['SUB01', 'ticket', 2],
      ],
    );
  });
});
