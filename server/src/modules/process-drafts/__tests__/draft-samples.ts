import type { ApiClient, FixtureEnv } from '../../../testing/index.js';

const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"';

/** An unfinished process: a start event and a task, no end yet (a draft need not pass the deploy checks). */
export const draftBpmn = (processId: string, taskName = '待完善的任务') =>
  `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="Definitions_1" targetNamespace="http://warmline/test">
  <bpmn:process id="${processId}" name="草稿流程" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:task id="Todo" name="${taskName}" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Todo" />
  </bpmn:process>
</bpmn:definitions>
`;

/** The current revision of the caller's draft of `processId`, or null when it has none. */
export async function currentRevision(client: ApiClient, processId: string): Promise<number | null> {
  const res = await client.get(`/api/process-drafts/${processId}`);
  if (res.status === 404) return null;
  if (res.status !== 200) throw new Error(`draft lookup: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { revision: number }).revision;
}

/** Save a draft as `client` over whatever revision it has now. */
export async function saveDraftAs(client: ApiClient, processId: string, name: string, xml = draftBpmn(processId)): Promise<number> {
  const revision = await currentRevision(client, processId);
  const res = await client.request('PUT', `/api/process-drafts/${processId}`, { name, xml, basedOnVersion: null, revision });
  if (res.status !== 200) throw new Error(`draft save: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { revision: number }).revision;
}

/** The target subsidiary's administrator (holds process:deploy): subsidiaries keep extension drafts. */
export const ownerOf = (env: FixtureEnv) => env.target.as.subsidiary_admin;
