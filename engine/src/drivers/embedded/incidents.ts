import type { EngineEvent, Incident, Variables } from '../../process-engine.js';
import type { EngineDb, EngineTx } from '../../store/engine-db.js';
import { newKey } from '../../store/keys.js';
import { iso } from '../../store/sql.js';
import type { EmbeddedEngine } from './embedded-engine.js';
import type { Action } from './instance-apply.js';
import type { RunError } from './instance-run.js';
import { loadInstance, parseJson } from './instance-store.js';

interface IncidentRow {
  incident_key: string;
  instance_key: string;
  element_id: string;
  error_type: string;
  error_message: string;
  state: string;
  job_key: string | null;
  retry_action: string | null;
  created_at: unknown;
}

export type IncidentCause = RunError | { message: string; elementId: string; errorType: Incident['errorType'] };

function toIncident(tenantId: string, r: IncidentRow): Incident {
  return {
    incidentKey: r.incident_key,
    tenantId,
    instanceKey: r.instance_key,
    elementId: r.element_id,
    errorType: r.error_type as Incident['errorType'],
    errorMessage: r.error_message,
    state: r.state as Incident['state'],
    createdAt: iso(r.created_at) ?? '',
    jobKey: r.job_key,
  };
}

/** Record an incident in `tx` (the instance's state is changed by the caller in the same transaction). */
export async function raiseIncident(
  db: EngineDb,
  tx: EngineTx,
  tenantId: string,
  instanceKey: string,
  cause: IncidentCause,
  retry: Action | null,
  jobKey: string | null,
): Promise<EngineEvent> {
  const incident: Incident = {
    incidentKey: newKey(),
    tenantId,
    instanceKey,
    elementId: cause.elementId,
    errorType: cause.errorType,
    errorMessage: cause.message,
    state: 'active',
    createdAt: new Date().toISOString(),
    jobKey,
  };
  await db.insert(
    'engine_incidents',
    {
      incident_key: incident.incidentKey,
      instance_key: instanceKey,
      element_id: incident.elementId.slice(0, 128),
      error_type: incident.errorType,
      error_message: incident.errorMessage,
      state: 'active',
      job_key: jobKey,
      retry_action: retry ? JSON.stringify(retry) : null,
      created_at: new Date(incident.createdAt),
    },
    tx,
  );
  return { type: 'incident.raised', tenantId, incident };
}

export async function listIncidents(
  engine: EmbeddedEngine,
  tenantId: string,
  filter?: { instanceKey?: string; state?: Incident['state'] },
): Promise<Incident[]> {
  const db = await engine.db(tenantId);
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter?.instanceKey) {
    where.push('instance_key = ?');
    params.push(filter.instanceKey);
  }
  if (filter?.state) {
    where.push('state = ?');
    params.push(filter.state);
  }
  const rows = await db.select<IncidentRow>(
    `SELECT * FROM engine_incidents${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at LIMIT 1000`,
    params,
  );
  return rows.map((r) => toIncident(tenantId, r));
}

/** Make a job available again (new retries) and the instance active; the worker of its type is woken. */
async function reactivateJob(
  engine: EmbeddedEngine,
  db: EngineDb,
  tenantId: string,
  instanceKey: string,
  jobKey: string,
  retries?: number,
) {
  const job = await db.select<{ type: string }>('SELECT type FROM engine_jobs WHERE job_key = ?', [jobKey]);
  await db.transaction(async (tx) => {
    await db.execute(
      "UPDATE engine_jobs SET state = 'activatable', retries = ?, retry_at = NULL, deadline_at = NULL, worker = NULL WHERE job_key = ?",
      [Math.max(1, retries ?? 1), jobKey],
      tx,
    );
    await db.execute(
      "UPDATE engine_instances SET state = 'active', rev = rev + 1 WHERE instance_key = ? AND state = 'incident'",
      [instanceKey],
      tx,
    );
  });
  if (job[0]) engine.jobCreated(tenantId, job[0].type);
}

/** Fix variables (optional) and retry from the last good state. */
export async function resolveIncident(
  engine: EmbeddedEngine,
  tenantId: string,
  incidentKey: string,
  fix?: { variables?: Variables; retries?: number },
): Promise<void> {
  const db = await engine.db(tenantId);
  const rows = await db.select<IncidentRow>('SELECT * FROM engine_incidents WHERE incident_key = ?', [incidentKey]);
  const inc = rows[0];
  if (!inc || inc.state !== 'active') throw new Error(`incident ${incidentKey} is not active`);
  const instanceKey = inc.instance_key;
  if (fix?.variables) await engine.setVariables(tenantId, instanceKey, fix.variables);
  const n = await db.execute(
    "UPDATE engine_incidents SET state = 'resolved', resolved_at = ? WHERE incident_key = ? AND state = 'active'",
    [new Date(), incidentKey],
  );
  if (n !== 1) throw new Error(`incident ${incidentKey} is not active`);
  engine.emit({ type: 'incident.resolved', tenantId, incident: { ...toIncident(tenantId, inc), state: 'resolved' } });
  const action = parseJson<Action>(inc.retry_action, { t: 'resume' });
  if (inc.job_key) {
    // A job out of retries: new retries, the instance waits as before.
    await reactivateJob(engine, db, tenantId, instanceKey, inc.job_key, fix?.retries);
  } else if (action.t === 'jobError') {
    // An uncaught BPMN error: the job becomes available again from the last good state.
    const job = await db.select<{ job_key: string }>('SELECT job_key FROM engine_jobs WHERE instance_key = ? AND wait_key = ?', [
      instanceKey,
      action.waitKey,
    ]);
    if (job[0]) await reactivateJob(engine, db, tenantId, instanceKey, job[0].job_key, fix?.retries);
  } else {
    const row = await loadInstance(db, instanceKey);
    if (row?.state === 'incident') await engine.apply(tenantId, instanceKey, action, { fromIncident: true });
  }
  // A child that finished while this instance was in the incident, or a child never started.
  await engine.calls.reconcile(tenantId, instanceKey);
}
