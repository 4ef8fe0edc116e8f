import { createRequire } from 'node:module';
import BpmnModdle from 'bpmn-moddle';
import { Engine } from 'bpmn-engine';
import * as Elements from 'bpmn-elements';
import { CronExpressionParser } from 'cron-parser';
import { ModelRejectedError } from '../../process-engine.js';
import { readCorrelationKey, type ZeebeActivity } from './zeebe-extensions.js';

const require = createRequire(import.meta.url);
const zeebeSchema = require('zeebe-bpmn-moddle/resources/zeebe.json') as object;

export const moddleOptions = { zeebe: zeebeSchema };

const ElementsAny = Elements as unknown as Record<string, unknown>;
type TimerDefCtor = { prototype: { parse: (type: string, value: string) => { repeat?: number; delay?: number; expireAt?: Date } } };
const BaseTimer = ElementsAny.TimerEventDefinition as unknown as TimerDefCtor & ((...args: unknown[]) => void);

/** A cron `timeCycle` (Zeebe: `0 0 9 * * MON-FRI`, seconds first) is not an ISO 8601 interval. */
export function isCron(value: string): boolean {
  const v = value.trim();
  return !/^R/i.test(v) && !/^P/i.test(v) && v.split(/\s+/).length >= 5;
}

/** bpmn-elements' timer with cron cycles added (repeating forever, as Zeebe does). */
function ZeebeTimerEventDefinition(this: unknown, ...args: unknown[]) {
  BaseTimer.apply(this, args);
}
ZeebeTimerEventDefinition.prototype = Object.create(BaseTimer.prototype as object) as object;
(ZeebeTimerEventDefinition.prototype as TimerDefCtor['prototype']).parse = function parse(timerType: string, value: string) {
  if (timerType === 'timeCycle' && isCron(String(value))) {
    const now = new Date();
    const expireAt = CronExpressionParser.parse(String(value).trim(), { currentDate: now }).next().toDate();
    return { repeat: -1, delay: expireAt.getTime() - now.getTime(), expireAt };
  }
  return BaseTimer.prototype.parse.call(this, timerType, value);
};

export const elementOverrides = { TimerEventDefinition: ZeebeTimerEventDefinition };

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
