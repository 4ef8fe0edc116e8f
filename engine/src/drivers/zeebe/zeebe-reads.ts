/**
 * Reads through the 8.8 REST API shared by the engine and its event polling: variables with full
 * values (search results truncate long ones), user tasks with their variables and form id.
 */
import type { UserTask, Variables } from '../../process-engine.js';
import { mapUserTask, parseVariableValue, type RestUserTask } from './zeebe-mappers.js';
import type { ZeebeRest } from './zeebe-rest.js';

export interface RestVariable {
  variableKey: string;
  name: string;
  value: string;
  isTruncated?: boolean;
  scopeKey?: string;
}

export class ZeebeReads {
  /** formKey → formId (a deployed form's key never changes its id). */
  private readonly formIds = new Map<string, Promise<string | null>>();

  constructor(private readonly rest: ZeebeRest) {}

  /** Variables of one scope with their full values (search results truncate long values). */
  async scopeVariables(operation: string, filter: Record<string, unknown>): Promise<Variables> {
    const items = await this.rest.searchAll<RestVariable>(operation, 'variables/search', filter);
    return this.variablesOf(items, operation);
  }

  async variablesOf(items: RestVariable[], operation: string): Promise<Variables> {
    const out: Variables = {};
    await mapConcurrently(items, 8, async (v) => {
      const value = v.isTruncated
        ? (await this.rest.json<RestVariable>(operation, 'GET', `variables/${encodeURIComponent(v.variableKey)}`)).value
        : v.value;
      out[v.name] = parseVariableValue(value);
    });
    return out;
  }

  async toUserTask(t: RestUserTask): Promise<UserTask> {
    const key = encodeURIComponent(t.userTaskKey);
    const [variableItems, formId] = await Promise.all([
      this.rest.searchAll<RestVariable>('user task variables', `user-tasks/${key}/variables/search`, {}),
      this.formIdOf(t),
    ]);
    return mapUserTask(t, await this.variablesOf(variableItems, 'user task variables'), formId);
  }

  /** zeebe:formDefinition formId of a task: the REST task only carries the deployed form's key (cached per key). */
  formIdOf(t: RestUserTask): Promise<string | null> {
    if (t.externalFormReference) return Promise.resolve(t.externalFormReference);
    if (!t.formKey) return Promise.resolve(null);
    const formKey = String(t.formKey);
    let formId = this.formIds.get(formKey);
    if (!formId) {
      formId = this.rest
        .json<{ formId?: string }>('user task form', 'GET', `user-tasks/${encodeURIComponent(t.userTaskKey)}/form`)
        .then((f) => f.formId ?? null);
      this.formIds.set(formKey, formId);
      formId.catch(() => this.formIds.delete(formKey));
    }
    return formId;
  }

  /** One task by key (any state); undefined when the API answers 404 — or, with `tenant`, when it is another tenant's. */
  async fetchUserTask(taskKey: string, tenant?: string): Promise<UserTask | undefined> {
    let t: RestUserTask | undefined;
    try {
      t = await this.rest.json<RestUserTask>('get user task', 'GET', `user-tasks/${encodeURIComponent(taskKey)}`);
    } catch (err) {
      if ((err as { code?: string }).code === 'NOT_FOUND') return undefined;
      throw err;
    }
    if (!t || (tenant !== undefined && (t.tenantId ?? '<default>') !== tenant)) return undefined;
    return this.toUserTask(t);
  }
}

export async function mapConcurrently<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  });
  await Promise.all(lanes);
  return out;
}
