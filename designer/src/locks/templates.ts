import { contractNodesOf, readProcess, type ModdleElement, type ParsedProcess } from '@warmline/engine/lock-check';
import wlTicket from '@warmline/process-models/bpmn/wl-ticket.bpmn?raw';
import wlApproval from '@warmline/process-models/bpmn/wl-approval.bpmn?raw';
import wlSupervision from '@warmline/process-models/bpmn/wl-supervision.bpmn?raw';
import wlSlaClock from '@warmline/process-models/bpmn/wl-sla-clock.bpmn?raw';
import wlExtPassthrough from '@warmline/process-models/bpmn/wl-ext-passthrough.bpmn?raw';

/**
 * The shipped group templates of this release (process-models/bpmn), bundled at build time: the
 * server compares derived models with the same files (docs/decisions/0006).
 */
export const SHIPPED_TEMPLATES: Record<string, string> = {
  'wl-ticket': wlTicket,
  'wl-approval': wlApproval,
  'wl-supervision': wlSupervision,
  'wl-sla-clock': wlSlaClock,
  'wl-ext-passthrough': wlExtPassthrough,
};

/** A template process that has contract nodes (locked nodes, extension points). */
export interface Template {
  process: ParsedProcess;
  /** Ids of its contract nodes. */
  contractIds: Set<string>;
  /** Ids of its locked nodes (contract nodes that are not only extension points). */
  lockedIds: Set<string>;
  xml: string;
}

interface ModdleLike {
  fromXML(xml: string): Promise<{ rootElement: ModdleElement }>;
}

export const processesOf = (definitions: ModdleElement | undefined): ModdleElement[] =>
  ((definitions?.rootElements as ModdleElement[] | undefined) ?? []).filter((e) => e.$type === 'bpmn:Process');

/** Parse the shipped templates with the modeler's moddle; only processes with contract nodes are kept. */
export async function loadTemplates(moddle: ModdleLike): Promise<Map<string, Template>> {
  const out = new Map<string, Template>();
  for (const xml of Object.values(SHIPPED_TEMPLATES)) {
    const { rootElement } = await moddle.fromXML(xml);
    for (const proc of processesOf(rootElement)) {
      const process = readProcess(proc);
      const contract = contractNodesOf(process);
      if (contract.length === 0) continue;
      out.set(process.id, {
        process,
        contractIds: new Set(contract.map((e) => e.id)),
        lockedIds: new Set(contract.filter((e) => e.zeebe.properties?.locked === 'true').map((e) => e.id)),
        xml,
      });
    }
  }
  return out;
}
