import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ModelRejectedError, validateDeployment } from '@warmline/engine';
import { CORE_PROCESS_IDS, listProcessModels } from '../index.js';

const ids = (xml: string, pattern: RegExp) => [...xml.matchAll(pattern)].map((m) => m[1]);

describe('shipped process models', () => {
  const models = listProcessModels();

  it('ships every core process, one per file named after its process id', () => {
    // given the bpmn folder / when listing it / then each core process has its file
    assert.deepEqual(
      models.map((m) => m.processId),
      [...CORE_PROCESS_IDS].sort(),
    );
    for (const m of models) {
      assert.deepEqual(ids(m.content, /<bpmn:process id="([^"]+)"/g), [m.processId], `${m.name} holds exactly its own process`);
    }
  });

  for (const m of models) {
    it(`${m.name} passes the embedded deploy gate and the Camunda 8.8 lint`, async () => {
      // given a shipped model / when validated for the embedded driver (which includes the lint) / then nothing is refused
      try {
        await validateDeployment(m.content, { embedded: true });
      } catch (err) {
        if (err instanceof ModelRejectedError) assert.fail(`${m.name}: ${err.message}`);
        throw err;
      }
    });

    it(`${m.name} has diagram interchange for every element and flow`, () => {
      // given a shipped model / when comparing semantic ids with DI references / then each is drawn
      const drawn = new Set(ids(m.content, /bpmnElement="([^"]+)"/g));
      const semantic = ids(
        m.content,
        /<bpmn:(?:startEvent|endEvent|userTask|serviceTask|scriptTask|callActivity|exclusiveGateway|subProcess|boundaryEvent|sequenceFlow|intermediateCatchEvent|eventBasedGateway|parallelGateway)\s+id="([^"]+)"/g,
      );
      assert.ok(semantic.length > 0);
      for (const id of semantic) assert.ok(drawn.has(id), `${m.name}: ${id} has no shape or edge`);
    });

    it(`${m.name} names every activity and event in Chinese`, () => {
      // given a shipped model / when reading element names / then tasks, events and subprocesses carry a Chinese name
      const unnamed = [
        ...m.content.matchAll(
          /<bpmn:(startEvent|endEvent|userTask|serviceTask|scriptTask|callActivity|subProcess|boundaryEvent)\s+id="([^"]+)"(?: name="([^"]*)")?/g,
        ),
      ]
        .filter((x) => !x[3] || !/[\u4e00-\u9fa5]/.test(x[3]))
        .map((x) => x[2]);
      assert.deepEqual(unnamed, []);
    });
  }

  it('gives every user task a form', () => {
    // given the shipped models / when reading user tasks / then each has a zeebe:formDefinition formId
    for (const m of models) {
      for (const task of m.content.matchAll(/<bpmn:userTask id="([^"]+)"[\s\S]*?<\/bpmn:userTask>/g)) {
        assert.match(task[0], /<zeebe:formDefinition formId="[a-z0-9-]+"/, `${m.name}: ${task[1]} has no form`);
      }
    }
  });
});
