import type { UserTask, UserTaskFilter, Variables } from '../../process-engine.js';
import type { EngineDb } from '../../store/engine-db.js';
import { iso, toBuffer } from '../../store/sql.js';
import type { EmbeddedEngine } from './embedded-engine.js';
import type { Wait } from './instance-run.js';
import { parseJson, type InstanceRow } from './instance-store.js';

interface TaskRow {
  task_key: string;
  instance_key: string;
  wait_key: string;
  process_id: string;
  element_id: string;
  name: string;
  state: string;
  assignee: string | null;
  candidate_groups: string;
  candidate_users: string;
  due_date: unknown;
  follow_up_date: unknown;
  priority: number;
  form_id: string | null;
  created_at: unknown;
  completed_at: unknown;
}

/** `zeebe:userTask` tasks: rows of `engine_user_tasks`; their variables are the instance's plus the task's local ones. */
export class UserTasks {
  constructor(private readonly engine: EmbeddedEngine) {}

  async byKey(db: EngineDb, tenantId: string, taskKey: string): Promise<UserTask | undefined> {
    const rows = await db.select<TaskRow>('SELECT * FROM engine_user_tasks WHERE task_key = ?', [taskKey]);
    return rows[0] ? (await this.toTasks(db, tenantId, rows))[0] : undefined;
  }

  /**
   * A task the run that just committed completed or canceled, with that run's variables (its wait and
   * local variables are gone, so they are the instance's): the task row only, no read of the instance.
   */
  async endedByKey(db: EngineDb, tenantId: string, taskKey: string, variables: Variables): Promise<UserTask | undefined> {
    const rows = await db.select<TaskRow>('SELECT * FROM engine_user_tasks WHERE task_key = ?', [taskKey]);
    return rows[0] ? toTask(tenantId, rows[0], { ...variables }) : undefined;
  }

  private async toTasks(db: EngineDb, tenantId: string, rows: TaskRow[]): Promise<UserTask[]> {
    const keys = [...new Set(rows.map((r) => r.instance_key))];
    const vars = new Map<string, { variables: Variables; waits: Record<string, Wait> }>();
    for (let i = 0; i < keys.length; i += 200) {
      const chunk = keys.slice(i, i + 200);
      const found = await db.select<{ instance_key: string; variables: string; waits: string }>(
        `SELECT instance_key, variables, waits FROM engine_instances WHERE instance_key IN (${chunk.map(() => '?').join(', ')})`,
        chunk,
      );
      for (const r of found) vars.set(r.instance_key, { variables: parseJson(r.variables, {}), waits: parseJson(r.waits, {}) });
    }
    return rows.map((r) => {
      const inst = vars.get(r.instance_key);
      return toTask(tenantId, r, { ...inst?.variables, ...inst?.waits[r.wait_key]?.loc });
    });
  }

  async search(filter: UserTaskFilter): Promise<UserTask[]> {
    const db = await this.engine.db(filter.tenantId);
    const where: string[] = [];
    const params: unknown[] = [];
    const eq = (col: string, v: unknown) => {
      where.push(`t.${col} = ?`);
      params.push(v);
    };
    if (filter.instanceKey) eq('instance_key', filter.instanceKey);
    if (filter.state) eq('state', filter.state);
    if (filter.assignee) eq('assignee', filter.assignee);
    if (filter.elementId) eq('element_id', filter.elementId);
    if (filter.candidateGroup) {
      where.push('t.candidate_groups LIKE ?');
      params.push(`%${JSON.stringify(filter.candidateGroup)}%`);
    }
    if (filter.candidateUser) {
      where.push('t.candidate_users LIKE ?');
      params.push(`%${JSON.stringify(filter.candidateUser)}%`);
    }
    const byVariables = Object.entries(filter.variables ?? {});
    for (const [name, value] of byVariables) {
      const test = variableEquals(db.dialect, name, value);
      where.push(test.sql);
      params.push(...test.params);
    }
    // Without a variable filter the listing stays a page (a worklist); with one it is one business
    // object's tasks, always complete.
    const rows = await db.select<TaskRow>(
      `SELECT t.* FROM engine_user_tasks t${byVariables.length ? ' JOIN engine_instances i ON i.instance_key = t.instance_key' : ''}${
        where.length ? ` WHERE ${where.join(' AND ')}` : ''
      } ORDER BY t.created_at, t.task_key${byVariables.length ? '' : ' LIMIT 1000'}`,
      params,
    );
    return this.toTasks(db, filter.tenantId, rows);
  }

  async assign(tenantId: string, taskKey: string, assignee: string | null): Promise<void> {
    const db = await this.engine.db(tenantId);
    const n = await db.execute("UPDATE engine_user_tasks SET assignee = ? WHERE task_key = ? AND state = 'created'", [assignee, taskKey]);
    if (n !== 1) throw new Error(`user task ${taskKey} is not open`);
    const task = await this.byKey(db, tenantId, taskKey);
    if (task) this.engine.emit({ type: 'task.assigned', tenantId, task });
  }

  async complete(tenantId: string, taskKey: string, variables?: Variables): Promise<void> {
    const db = await this.engine.db(tenantId);
    // The task and its instance in one read; the instance row serves the restore (checked on write by `rev`).
    const rows = await db.select<InstanceRow & { task_wait_key: string; task_state: string }>(
      'SELECT t.wait_key AS task_wait_key, t.state AS task_state, i.* FROM engine_user_tasks t JOIN engine_instances i ON i.instance_key = t.instance_key WHERE t.task_key = ?',
      [taskKey],
    );
    const row = rows[0];
    if (!row || row.task_state !== 'created') throw new Error(`user task ${taskKey} is not open`);
    const { task_wait_key: waitKey, task_state: _state, ...instance } = row;
    instance.snapshot = toBuffer(instance.snapshot);
    this.engine.hot.offer(tenantId, instance);
    await this.engine.apply(tenantId, instance.instance_key, { t: 'task', waitKey, variables });
  }
}

function toTask(tenantId: string, r: TaskRow, variables: Variables): UserTask {
  return {
    taskKey: r.task_key,
    tenantId,
    instanceKey: r.instance_key,
    processId: r.process_id,
    elementId: r.element_id,
    name: r.name,
    state: r.state as UserTask['state'],
    assignee: r.assignee,
    candidateGroups: parseJson<string[]>(r.candidate_groups, []),
    candidateUsers: parseJson<string[]>(r.candidate_users, []),
    dueDate: iso(r.due_date),
    followUpDate: iso(r.follow_up_date),
    priority: Number(r.priority),
    formId: r.form_id,
    createdAt: iso(r.created_at) ?? '',
    completedAt: iso(r.completed_at),
    variables,
  };
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `i.variables` (the instance's JSON) holds `name` equal to `value`, in the dialect's JSON functions:
 * SQLite's json_extract answers SQL values (true → 1); MariaDB's answers JSON text, unquoted here.
 */
function variableEquals(dialect: string, name: string, value: string | number | boolean): { sql: string; params: unknown[] } {
  if (!VARIABLE_NAME.test(name)) throw new Error(`variable filter: "${name}" is not a plain variable name`);
  const path = `$.${name}`;
  if (dialect === 'sqlite') {
    if (typeof value === 'boolean') return { sql: 'json_type(i.variables, ?) = ?', params: [path, String(value)] };
    const types = typeof value === 'number' ? "IN ('integer', 'real')" : "= 'text'";
    return { sql: `(json_type(i.variables, ?) ${types} AND json_extract(i.variables, ?) = ?)`, params: [path, path, value] };
  }
  if (typeof value === 'string') {
    return {
      sql: "(JSON_TYPE(JSON_EXTRACT(i.variables, ?)) = 'STRING' AND JSON_UNQUOTE(JSON_EXTRACT(i.variables, ?)) = ?)",
      params: [path, path, value],
    };
  }
  if (typeof value === 'boolean') return { sql: 'JSON_EXTRACT(i.variables, ?) = ?', params: [path, String(value)] };
  return {
    sql: "(JSON_TYPE(JSON_EXTRACT(i.variables, ?)) IN ('INTEGER', 'DOUBLE', 'UNSIGNED INTEGER') AND JSON_EXTRACT(i.variables, ?) = ?)",
    params: [path, path, value],
  };
}
