import type { Variables } from '../../process-engine.js';
import type { EmbeddedEngine } from './embedded-engine.js';
import { raiseIncident } from './incidents.js';
import { applyAction, createInstance } from './instance-apply.js';
import type { CallSpec, Wait } from './instance-run.js';
import { loadInstance, parseJson } from './instance-store.js';

interface ChildRow {
  instance_key: string;
  parent_instance_key: string;
  parent_wait_key: string;
  variables: string;
}

/**
 * Call activities across deployments. The child instance's key is the key of the parent's call
 * wait, so starting it is idempotent; a finished child resumes its parent in its own last
 * transaction (instance-apply). `reconcile` repairs what a crash can leave between two
 * transactions: a call wait whose child was never started, a finished child not yet delivered
 * (its parent was in an incident), a child still running although its parent left the call.
 */
export class CallActivities {
  constructor(private readonly engine: EmbeddedEngine) {}

  /** Start the child of a call wait: the called process's latest version, the tenant's own first, else the group's. */
  async startChild(tenantId: string, parentKey: string, waitKey: string, wait: Wait, call: CallSpec): Promise<void> {
    const engine = this.engine;
    const db = await engine.db(tenantId);
    if (await loadInstance(db, wait.key)) return; // already started
    try {
      const def = await engine.definitions.resolve(tenantId, call.processId);
      if (!def) throw new Error(`called process ${call.processId} is not deployed`);
      await createInstance(engine, tenantId, def, call.variables, {
        parentInstanceKey: parentKey,
        parentWaitKey: waitKey,
        instanceKey: wait.key,
      });
    } catch (err) {
      if (await loadInstance(db, wait.key)) return; // started concurrently (another process reconciling)
      engine.hot.delete(tenantId, parentKey);
      const event = await db.transaction(async (tx) => {
        const n = await db.execute(
          "UPDATE engine_instances SET state = 'incident', rev = rev + 1 WHERE instance_key = ? AND state = 'active'",
          [parentKey],
          tx,
        );
        if (n !== 1) return undefined;
        return raiseIncident(
          db,
          tx,
          tenantId,
          parentKey,
          { message: (err as Error).message, elementId: wait.el, errorType: 'CALLED_ELEMENT_ERROR' },
          { t: 'resume' },
          null,
        );
      });
      if (event) engine.emit(event);
    }
  }

  /** The parent left the call activity (interrupting boundary event, cancel): end the child. */
  async cancelChild(tenantId: string, childKey: string): Promise<void> {
    const db = await this.engine.db(tenantId);
    const child = await loadInstance(db, childKey);
    if (child && (child.state === 'active' || child.state === 'incident')) await this.engine.cancelInstance(tenantId, childKey);
  }

  /** Repair call activities of one instance, or of the whole tenant (on start). */
  async reconcile(tenantId: string, instanceKey?: string): Promise<void> {
    const engine = this.engine;
    const db = await engine.db(tenantId);
    const only = instanceKey ? ' AND parent_instance_key = ?' : '';
    const args = instanceKey ? [instanceKey] : [];
    // Finished children whose parent did not get them yet.
    const finished = await db.select<ChildRow>(
      `SELECT instance_key, parent_instance_key, parent_wait_key, variables FROM engine_instances WHERE parent_wait_key IS NOT NULL AND state = 'completed'${only}`,
      args,
    );
    for (const c of finished) {
      const parent = await loadInstance(db, c.parent_instance_key);
      if (parent?.state !== 'active') continue;
      await applyAction(engine, tenantId, c.parent_instance_key, {
        t: 'call',
        waitKey: c.parent_wait_key,
        variables: parseJson<Variables>(c.variables, {}),
        child: c.instance_key,
      }).catch((err: unknown) => engine.log.warn({ err, child: c.instance_key }, 'finished child not delivered'));
    }
    // Running children whose parent no longer waits for them.
    const running = await db.select<ChildRow>(
      `SELECT instance_key, parent_instance_key, parent_wait_key, variables FROM engine_instances WHERE parent_wait_key IS NOT NULL AND state IN ('active', 'incident')${only}`,
      args,
    );
    for (const c of running) {
      const parent = await loadInstance(db, c.parent_instance_key);
      const wait = parent ? parseJson<Record<string, Wait>>(parent.waits, {})[c.parent_wait_key] : undefined;
      const waiting =
        parent && (parent.state === 'active' || parent.state === 'incident') && wait?.k === 'call' && wait.key === c.instance_key;
      if (!waiting)
        await this.cancelChild(tenantId, c.instance_key).catch((err: unknown) => engine.log.warn({ err }, 'orphan child not canceled'));
    }
    // Call waits whose child was never started.
    const parents = await db.select<{ instance_key: string; variables: string; waits: string }>(
      `SELECT instance_key, variables, waits FROM engine_instances WHERE state = 'active' AND waits LIKE ?${instanceKey ? ' AND instance_key = ?' : ''}`,
      ['%"k":"call"%', ...args],
    );
    for (const p of parents) {
      const vars = parseJson<Variables>(p.variables, {});
      for (const [waitKey, wait] of Object.entries(parseJson<Record<string, Wait>>(p.waits, {}))) {
        if (wait.k !== 'call' || !wait.pid || (await loadInstance(db, wait.key))) continue;
        const variables = wait.pa === false ? { ...wait.loc } : { ...vars, ...wait.loc };
        await this.startChild(tenantId, p.instance_key, waitKey, wait, { processId: wait.pid, variables });
      }
    }
  }
}
