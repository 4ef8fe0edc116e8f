import { GROUP_TENANT } from '@warmline/engine';
import { readProcessModel } from '@warmline/process-models';
import type { SlaFlagEvent } from '../sla-clock.service.js';
import type { TestServer } from '../../../testing/index.js';

/** A stand-in for `wl-ticket`: one waiting user task, so the clock has a live ticket instance to write on. */
const ticketStandIn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://warmline.test">
<bpmn:process id="sla-test-ticket" isExecutable="true">
  <bpmn:startEvent id="start"/>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="handle"/>
  <bpmn:userTask id="handle" name="处理"><bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements></bpmn:userTask>
  <bpmn:sequenceFlow id="f2" sourceRef="handle" targetRef="end"/>
  <bpmn:endEvent id="end"/>
</bpmn:process>
</bpmn:definitions>`;

/** What the ticket process does after an approved delay: the `wl-sla-extend` job. */
const delayStandIn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs2" targetNamespace="http://warmline.test">
<bpmn:process id="sla-test-delay" isExecutable="true">
  <bpmn:startEvent id="start"/>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="extend"/>
  <bpmn:serviceTask id="extend" name="延时顺延"><bpmn:extensionElements><zeebe:taskDefinition type="wl-sla-extend"/></bpmn:extensionElements></bpmn:serviceTask>
  <bpmn:sequenceFlow id="f2" sourceRef="extend" targetRef="end"/>
  <bpmn:endEvent id="end"/>
</bpmn:process>
</bpmn:definitions>`;

export const MINUTE = 60_000;
let nextTicketId = 7_000;

import { eventually as waitFor } from '../../../testing/eventually.js';

export { waitFor };

export interface SlaWorld {
  tenant: string;
  events: SlaFlagEvent[];
  /** Start a stand-in ticket and its SLA clock; `startedAt` defaults to now. */
  startTicket: (input: {
    ticketType: string;
    urgency?: string;
    source?: string;
    priority?: string;
    startedAt?: Date;
    agreedDueAt?: Date;
  }) => Promise<SlaTicket>;
  runDelayJob: (ticketId: number, delayMinutes: number) => Promise<void>;
  /** Read the service's "now" from a fixed instant or an offset to the real clock; `reset` goes back to real time. */
  setNow: (at: Date | { offsetMs: number }) => void;
  reset: () => void;
}

export interface SlaTicket {
  ticketId: number;
  ticketInstanceKey: string;
  clockInstanceKey: string;
  ticketVars: () => Promise<Record<string, unknown>>;
  clock: () => Promise<{ state: string; variables: Record<string, unknown>; activeElementIds: string[] }>;
}

/** Deploy the shipped `wl-sla-clock` for the group and the stand-ins for a fresh subsidiary. */
export async function slaWorld(server: TestServer, code: string): Promise<SlaWorld> {
  const admin = server.admin;
  const root = (await admin.get('/api/auth/me')).body.orgId;
  const sub = await admin.post('/api/org-units', { parentId: root, type: 'subsidiary', code, name: `时限测试分公司${code}` });
  if (sub.status !== 201) throw new Error(`subsidiary: ${sub.status} ${JSON.stringify(sub.body)}`);
  const engine = server.services.engine;
  const clockXml = readClockModel();
  await engine.deploy(GROUP_TENANT, [{ name: 'wl-sla-clock.bpmn', content: clockXml }]);
  await engine.deploy(code, [
    { name: 'sla-test-ticket.bpmn', content: ticketStandIn },
    { name: 'sla-test-delay.bpmn', content: delayStandIn },
  ]);
  const events: SlaFlagEvent[] = [];
  server.services.sla.onFlag((e) => {
    if (e.flagChanged !== false) events.push(e);
  });
  const sla = server.services.sla;
  return {
    tenant: code,
    events,
    startTicket: async (input) => {
      const ticketId = (nextTicketId += 1);
      const ticket = await engine.startInstance({ tenantId: code, processId: 'sla-test-ticket', variables: { ticketId } });
      const clock = await sla.start(code, {
        ticketId,
        ticketInstanceKey: ticket.instanceKey,
        ticketType: input.ticketType,
        urgency: input.urgency ?? 'normal',
        source: input.source ?? 'phone',
        priority: input.priority ?? 'normal',
        startedAt: (input.startedAt ?? sla.now()).toISOString(),
        agreedDueAt: input.agreedDueAt?.toISOString() ?? null,
      });
      return {
        ticketId,
        ticketInstanceKey: ticket.instanceKey,
        clockInstanceKey: clock.instanceKey,
        ticketVars: async () => (await engine.getInstance(code, ticket.instanceKey))!.variables,
        clock: async () => {
          const info = (await engine.getInstance(code, clock.instanceKey))!;
          return { state: info.state, variables: info.variables, activeElementIds: info.activeElementIds };
        },
      };
    },
    runDelayJob: async (ticketId, delayMinutes) => {
      const run = await engine.startInstance({ tenantId: code, processId: 'sla-test-delay', variables: { ticketId, delayMinutes } });
      await waitFor('the wl-sla-extend job', async () => (await engine.getInstance(code, run.instanceKey))?.state === 'completed');
    },
    setNow: (at) => {
      sla.clock.now = at instanceof Date ? () => new Date(at.getTime()) : () => new Date(Date.now() + at.offsetMs);
    },
    reset: () => {
      sla.clock.now = () => new Date();
    },
  };
}

function readClockModel(): string {
  const file = readProcessModel('wl-sla-clock');
  if (!file) throw new Error('process-models/bpmn/wl-sla-clock.bpmn is missing');
  return file.content;
}
