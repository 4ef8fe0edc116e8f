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

  test('given a version of a definition, when reading its XML, then the definition is found by tenant, id and version and its XML read by key', async () => {
    const xml = '<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions id="d">版本</bpmn:definitions>';
    h.rest.on('POST', '/v2/process-definitions/search', (req) => {
      const f = (req.body as { filter: { version?: number } }).filter;
      return f.version === 2 ? { items: [def('SUB01', 'ticket', 2, '2251799813685102')], page: { totalItems: 1 } } : { items: [] };
    });
    h.rest.on('GET', '/v2/process-definitions/2251799813685102/xml', () => ({ status: 200, body: xml, contentType: 'text/xml' }));
    assert.equal(await h.engine.getDefinitionXml('SUB01', 'ticket', 2), xml);
    assert.deepEqual(h.rest.requestsTo('POST', '/v2/process-definitions/search').at(-1)!.body.filter, {
      tenantId: 'SUB01',
      processDefinitionId: 'ticket',
      version: 2,
    });
    assert.equal(await h.engine.getDefinitionXml('SUB01', 'ticket', 9), undefined);
  });

  test('given definition keys, when counting running instances, then each key is one ACTIVE instance search of the tenant read by its total', async () => {
    h.rest.on('POST', '/v2/process-instances/search', (req) => {
      const f = (req.body as { filter: { processDefinitionKey: string } }).filter;
      const total = f.processDefinitionKey === '2251799813685101' ? 7 : 0;
      return { items: total ? [{ processInstanceKey: '1' }] : [], page: { totalItems: total } };
    });
    const counts = await h.engine.countRunningInstances('SUB01', ['2251799813685101', '2251799813685102']);
    assert.deepEqual(counts, { '2251799813685101': 7, '2251799813685102': 0 });
    const searches = h.rest.requestsTo('POST', '/v2/process-instances/search').slice(-2);
    assert.deepEqual(
      searches.map((r) => r.body),
      [
        { filter: { tenantId: 'SUB01', processDefinitionKey: '2251799813685101', state: 'ACTIVE' }, page: { from: 0, limit: 1 } },
        { filter: { tenantId: 'SUB01', processDefinitionKey: '2251799813685102', state: 'ACTIVE' }, page: { from: 0, limit: 1 } },
      ],
    );
  });
});
