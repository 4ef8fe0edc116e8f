import type { EngineEvent, InstanceInfo, ProcessEngine, UserTask } from '../process-engine.js';

/** What each group of contract tests gets: the engine and tenant of the suite (set in `before`) and its events. */
export interface ContractContext {
  readonly engine: ProcessEngine;
  readonly tenantId: string;
  readonly events: EngineEvent[];
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll until `fn` answers something truthy (drivers may be eventually consistent). */
export async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** Wait until the instance reaches `state`. */
export function instanceIn(ctx: ContractContext, instanceKey: string, state: InstanceInfo['state']): Promise<InstanceInfo> {
  return until(`instance ${instanceKey} ${state}`, async () => {
    const i = await ctx.engine.getInstance(ctx.tenantId, instanceKey);
    return i?.state === state ? i : undefined;
  });
}

/** Wait until the instance has an open user task at `elementId` (optionally more than `count - 1` of them). */
export function openTasks(ctx: ContractContext, instanceKey: string, elementId: string, count = 1): Promise<UserTask[]> {
  return until(`${count} open task(s) ${elementId} of ${instanceKey}`, async () => {
    const list = await ctx.engine.searchUserTasks({ tenantId: ctx.tenantId, instanceKey, elementId, state: 'created' });
    return list.length >= count ? list : undefined;
  });
}
