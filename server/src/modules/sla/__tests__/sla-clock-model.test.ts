import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SLA_JOB_TYPES, SLA_MESSAGES } from '@warmline/contracts';
import { validateDeployment } from '@warmline/engine';
import { readProcessModel } from '@warmline/process-models';

const xml = () => {
  const file = readProcessModel('wl-sla-clock');
  assert.ok(file, 'process-models/bpmn/wl-sla-clock.bpmn ships');
  return file.content;
};

test('given the shipped wl-sla-clock model, then the embedded gate and the Camunda 8.8 lint accept it', async () => {
  const model = await validateDeployment(xml());
  assert.ok(model);
});

test('given the shipped wl-sla-clock model, then it uses exactly the job types and messages of decision 0004 and carries diagram interchange', () => {
  const content = xml();
  const jobTypes = new Set([...content.matchAll(/zeebe:taskDefinition type="([^"]+)"/g)].map((m) => m[1]));
  assert.deepEqual([...jobTypes].sort(), [SLA_JOB_TYPES.compute, SLA_JOB_TYPES.overdue, SLA_JOB_TYPES.pause, SLA_JOB_TYPES.remind].sort());
  const messages = [...content.matchAll(/<bpmn:message id="[^"]+" name="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(messages.sort(), Object.values(SLA_MESSAGES).sort());
  assert.equal([...content.matchAll(/correlationKey="=string\(ticketId\)"/g)].length, messages.length);
  const flowNodes = [
    ...content.matchAll(
      /<bpmn:(?:startEvent|endEvent|serviceTask|exclusiveGateway|eventBasedGateway|intermediateCatchEvent) id="([^"]+)"/g,
    ),
  ];
  const shapes = new Set([...content.matchAll(/<bpmndi:BPMNShape [^>]*bpmnElement="([^"]+)"/g)].map((m) => m[1]));
  for (const [, id] of flowNodes) assert.ok(shapes.has(id!), `${id} has a diagram shape`);
});
