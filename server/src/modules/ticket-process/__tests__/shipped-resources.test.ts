import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shippedResources } from '../deploy-shipped-models.js';

describe('shipped resources per driver', () => {
  it('gives the embedded driver the BPMN files only', () => {
    // given the embedded driver / when listing what it deploys / then only .bpmn files
    const names = shippedResources('embedded').map((r) => r.name);
    assert.ok(names.includes('wl-ticket.bpmn'));
    assert.ok(names.every((n) => n.endsWith('.bpmn')));
  });

  it('gives Zeebe the BPMN files and every form a user task links', () => {
    // given the Zeebe driver / when listing what it deploys
    const resources = shippedResources('zeebe');
    const forms = new Set(resources.filter((r) => r.name.endsWith('.form')).map((r) => r.name.slice(0, -'.form'.length)));
    // then every formId referenced by a shipped model is deployed next to it, as form-js JSON with that id
    const linked = resources
      .filter((r) => r.name.endsWith('.bpmn'))
      .flatMap((r) => [...r.content.matchAll(/formId="([^"]+)"/g)].map((m) => m[1]));
    assert.ok(linked.length > 0);
    for (const id of linked) assert.ok(forms.has(id), `form ${id} is deployed`);
    for (const r of resources.filter((x) => x.name.endsWith('.form')))
      assert.equal(JSON.parse(r.content).id, r.name.slice(0, -'.form'.length));
  });
});
