import type { Variables } from '../../process-engine.js';
import type { EngineDb, EngineTx } from '../../store/engine-db.js';
import type { EmbeddedEngine } from './embedded-engine.js';
import { commit, runOn, targetOf, type Action, type Effects } from './instance-apply.js';
import { ENGINE_VERSION, type RunError, type Wait } from './instance-run.js';
import { ConflictError, loadInstance, parseJson, type InstanceRow, type PersistTarget } from './instance-store.js';

/**
 * What a child instance hands to the call activity of its parent, always in the child's own
 * transaction (so a crash cannot separate the two): its end (variables), an escalation it did not
 * catch, a BPMN error it did not catch.
 */

/** The finished child instance has been delivered to its parent (or the parent is gone). */
export async function markDelivered(db: EngineDb, tx: EngineTx, childKey: string) {
  const n = await db.execute(
    'UPDATE engine_instances SET parent_wait_key = NULL WHERE instance_key = ? AND parent_wait_key IS NOT NULL',
    [childKey],
    tx,
  );
  if (n !== 1) throw new ConflictError(childKey);
}

/**
 * A finished child resumes the call activity of its parent in the same transaction, so a crash
 * cannot leave the child finished and the parent waiting. A parent in an incident gets it when the
 * incident is resolved (the child stays marked undelivered).
 */
export async function deliverToParent(
  engine: EmbeddedEngine,
  tenantId: string,
  db: EngineDb,
  tx: EngineTx,
  child: InstanceRow,
  variables: Variables,
  effects: Effects,
  now: Date,
) {
  const parent = await loadInstance(db, child.parent_instance_key!, tx);
  if (parent?.state === 'incident') return;
  const wait = parent ? parseJson<Record<string, Wait>>(parent.waits, {})[child.parent_wait_key!] : undefined;
  if (!parent || parent.state !== 'active' || wait?.k !== 'call' || wait.key !== child.instance_key) {
    await markDelivered(db, tx, child.instance_key);
    return;
  }
  const action: Action = { t: 'call', waitKey: child.parent_wait_key!, variables, child: child.instance_key };
  const result = await runOn(engine, tenantId, parent, action, false);
  await commit(engine, tenantId, db, tx, parent, targetOf(parent), result, action, effects, now);
}

/**
 * A BPMN error the child did not catch goes up the call chain (as in Zeebe): to the call activity of
 * its parent, whose error boundary event or that of an enclosing subprocess catches it — else on to
 * the parent's parent, ending the parent too. The catching ancestor takes the boundary path and every
 * instance between it and the thrower is terminated, in one transaction. Answers false when no
 * ancestor catches it (the thrower gets the incident).
 */
export async function errorToParent(
  engine: EmbeddedEngine,
  tenantId: string,
  db: EngineDb,
  tx: EngineTx,
  child: InstanceRow,
  target: PersistTarget,
  failure: RunError,
  effects: Effects,
  now: Date,
): Promise<boolean> {
  if (!child.parent_instance_key || !child.parent_wait_key) return false;
  const parent = await loadInstance(db, child.parent_instance_key, tx);
  const wait = parent ? parseJson<Record<string, Wait>>(parent.waits, {})[child.parent_wait_key] : undefined;
  if (!parent || parent.state !== 'active' || wait?.k !== 'call' || wait.key !== child.instance_key) return false;
  const facts = (await engine.deployments.get(parent.definition_key)).facts;
  if (facts.errorCaughtWithin(wait.el, failure.errorCode)) {
    const action: Action = { t: 'callError', waitKey: child.parent_wait_key, code: failure.errorCode!, message: failure.message };
    const result = await runOn(engine, tenantId, parent, action, false);
    if (result.failure) return false;
    await commit(engine, tenantId, db, tx, parent, targetOf(parent), result, action, effects, now);
  } else if (!(await errorToParent(engine, tenantId, db, tx, parent, targetOf(parent), failure, effects, now))) {
    return false;
  } else {
    // The parent ended on the way up: its other called children end with it.
    effects.followUps.push(() => cancelOtherChildren(engine, tenantId, parent.instance_key, child.instance_key));
  }
  await terminate(db, tx, tenantId, child, target, effects, now);
  return true;
}

/** The child ends where the error left it. */
async function terminate(
  db: EngineDb,
  tx: EngineTx,
  tenantId: string,
  child: InstanceRow,
  target: PersistTarget,
  effects: Effects,
  now: Date,
) {
  const key = child.instance_key;
  if (target.rev === null) {
    await db.insert(
      'engine_instances',
      {
        ...target.insertRow,
        parent_wait_key: null,
        state: 'terminated',
        variables: child.variables,
        waits: '{}',
        snapshot: null,
        engine_version: ENGINE_VERSION,
        rev: 0,
        ended_at: now,
        updated_at: now,
      },
      tx,
    );
  } else {
    const n = await db.execute(
      "UPDATE engine_instances SET state = 'terminated', parent_wait_key = NULL, waits = '{}', snapshot = NULL, rev = rev + 1, ended_at = ?, updated_at = ? WHERE instance_key = ? AND rev = ?",
      [now, now, key, target.rev],
      tx,
    );
    if (n !== 1) throw new ConflictError(key);
    await db.execute('DELETE FROM engine_jobs WHERE instance_key = ?', [key], tx);
    await db.execute('DELETE FROM engine_timers WHERE instance_key = ? AND fired_at IS NULL', [key], tx);
    await db.execute('DELETE FROM engine_message_subscriptions WHERE instance_key = ?', [key], tx);
    await db.execute(
      "UPDATE engine_user_tasks SET state = 'canceled', completed_at = ? WHERE instance_key = ? AND state = 'created'",
      [now, key],
      tx,
    );
  }
  effects.events.push({ type: 'instance.ended', tenantId, instanceKey: key, processId: child.process_id, state: 'terminated' });
}

/** Children of a terminated instance other than the one that raised the error (e.g. parallel call activities). */
async function cancelOtherChildren(engine: EmbeddedEngine, tenantId: string, instanceKey: string, except: string) {
  const db = await engine.db(tenantId);
  const rows = await db.select<{ instance_key: string }>(
    "SELECT instance_key FROM engine_instances WHERE parent_instance_key = ? AND instance_key <> ? AND state IN ('active', 'incident')",
    [instanceKey, except],
  );
  for (const r of rows) await engine.calls.cancelChild(tenantId, r.instance_key);
}

/** An escalation the child did not catch reaches the call activity of its parent, in the same transaction. */
export async function escalateToParent(
  engine: EmbeddedEngine,
  tenantId: string,
  db: EngineDb,
  tx: EngineTx,
  child: InstanceRow,
  code: string | undefined,
  effects: Effects,
  now: Date,
) {
  const parent = await loadInstance(db, child.parent_instance_key!, tx);
  const wait = parent ? parseJson<Record<string, Wait>>(parent.waits, {})[child.parent_wait_key!] : undefined;
  if (!parent || parent.state !== 'active' || wait?.k !== 'call' || wait.key !== child.instance_key) return;
  const action: Action = { t: 'escalate', waitKey: child.parent_wait_key!, code };
  const result = await runOn(engine, tenantId, parent, action, false);
  await commit(engine, tenantId, db, tx, parent, targetOf(parent), result, action, effects, now);
}
