import { createRequire } from 'node:module';
import BpmnModdle from 'bpmn-moddle';
import { Engine } from 'bpmn-engine';
import { ModelRejectedError } from '../../process-engine.js';
import { readCorrelationKey, type ZeebeActivity } from './zeebe-extensions.js';
import { DeploymentFacts } from './deployment-facts.js';
import { elementOverrides } from './zeebe-elements.js';

const require = createRequire(import.meta.url);
const zeebeSchema = require('zeebe-bpmn-moddle/resources/zeebe.json') as object;

export const moddleOptions = { zeebe: zeebeSchema };

interface ModdleElement {
  $type: string;
  id: string;
  isExecutable?: boolean;
  rootElements?: ModdleElement[];
}

/** The parsed XML of one deployment: process ids, and one source context per process (built lazily). */
export interface ParsedDeployment {
  processIds: string[];
  sourceFor(processId: string): unknown;
  messages: Map<string, { name: string; correlationKey?: string }>;
  zeebe: Map<string, ZeebeActivity>;
  facts: DeploymentFacts;
}

const serializer = new Engine({ moddleOptions, elements: elementOverrides }) as unknown as {
  _serializeModdleContext(ctx: unknown): unknown;
};

export async function parseDeployment(xml: string): Promise<ParsedDeployment> {
  let moddleContext: { rootElement: ModdleElement; warnings?: { message: string }[] };
  try {
    moddleContext = (await new BpmnModdle(moddleOptions).fromXML(xml)) as unknown as typeof moddleContext;
  } catch (err) {
    throw new ModelRejectedError([
      {
        elementId: '(document)',
        reason: `无法解析 BPMN 文件：${(err as Error).message}`,
        reasonEn: `cannot parse the BPMN file: ${(err as Error).message}`,
      },
    ]);
  }
  const root = moddleContext.rootElement;
  if (!root || root.$type !== 'bpmn:Definitions') {
    throw new ModelRejectedError([{ elementId: '(document)', reason: '不是 BPMN 定义文件', reasonEn: 'not a BPMN definitions document' }]);
  }
  const processes = (root.rootElements ?? []).filter((e) => e.$type === 'bpmn:Process');
  const executable = processes.filter((p) => p.isExecutable !== false).map((p) => p.id);
  const cache = new Map<string, unknown>();
  const messages = new Map<string, { name: string; correlationKey?: string }>();
  for (const m of (root.rootElements ?? []).filter((e) => e.$type === 'bpmn:Message')) {
    messages.set(m.id, { name: (m as { name?: string }).name ?? m.id, correlationKey: readCorrelationKey(m) });
  }
  return {
    processIds: executable,
    messages,
    zeebe: new Map(),
    facts: new DeploymentFacts(processes as never, (root.rootElements ?? []) as never),
    sourceFor(processId: string) {
      let ctx = cache.get(processId);
      if (!ctx) {
        // Engine.execute() starts every executable process of a file: one context per process id.
        const saved = processes.map((p) => p.isExecutable);
        for (const p of processes) p.isExecutable = p.id === processId;
        try {
          ctx = serializer._serializeModdleContext(moddleContext);
        } finally {
          processes.forEach((p, i) => (p.isExecutable = saved[i]));
        }
        cache.set(processId, ctx);
      }
      return ctx;
    },
  };
}
