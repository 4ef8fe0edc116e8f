import { DataTypes, type ModelAttributeColumnOptions, type QueryInterface, type Sequelize } from 'sequelize';

/**
 * Tables of the embedded engine. The server's migrations call these functions
 * (group/0003-process-definitions.ts, tenant/0004-engine.ts); tests and benchmarks call
 * `ensureGroupSchema` / `ensureTenantSchema`, which create the tables when they are missing.
 * Columns are dialect-neutral (SQLite and MariaDB).
 */
const str = (length: number, allowNull = false): ModelAttributeColumnOptions => ({ type: DataTypes.STRING(length), allowNull });
const text = (allowNull = true): ModelAttributeColumnOptions => ({ type: DataTypes.TEXT, allowNull });
const int = (defaultValue = 0): ModelAttributeColumnOptions => ({ type: DataTypes.INTEGER, allowNull: false, defaultValue });
const date = (allowNull = true): ModelAttributeColumnOptions => ({ type: DataTypes.DATE(3), allowNull });
const key = (): ModelAttributeColumnOptions => ({ type: DataTypes.STRING(32), allowNull: false, primaryKey: true });
/** Large enough for a compressed instance state (MariaDB BLOB is 64 KB, MEDIUMBLOB 16 MB). */
const blob = (qi: QueryInterface): ModelAttributeColumnOptions => ({
  type: qi.sequelize.getDialect() === 'sqlite' ? DataTypes.BLOB : DataTypes.BLOB('medium'),
  allowNull: true,
});

export async function createGroupEngineTables(qi: QueryInterface): Promise<void> {
  await qi.createTable('process_definitions', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    tenant_id: str(64),
    process_id: str(128),
    version: int(),
    definition_key: str(32),
    resource_name: str(255),
    xml: { type: qi.sequelize.getDialect() === 'sqlite' ? DataTypes.TEXT : DataTypes.TEXT('long'), allowNull: false },
    checksum: str(64),
    deployed_at: date(false),
  });
  await qi.addIndex('process_definitions', ['tenant_id', 'process_id', 'version'], {
    unique: true,
    name: 'process_definitions_tenant_process_version',
  });
  await qi.addIndex('process_definitions', ['definition_key'], { unique: true, name: 'process_definitions_key' });
}

export async function createTenantEngineTables(qi: QueryInterface): Promise<void> {
  await qi.createTable('engine_instances', {
    instance_key: key(),
    process_id: str(128),
    version: int(),
    definition_key: str(32),
    state: str(16),
    business_key: str(128, true),
    parent_instance_key: str(32, true),
    parent_wait_key: str(128, true),
    variables: text(false),
    waits: text(false),
    snapshot: blob(qi),
    engine_version: str(64),
    rev: int(),
    started_at: date(false),
    ended_at: date(),
    updated_at: date(false),
  });
  await qi.addIndex('engine_instances', ['business_key'], { unique: true, name: 'engine_instances_business_key' });
  await qi.addIndex('engine_instances', ['state'], { name: 'engine_instances_state' });
  await qi.addIndex('engine_instances', ['parent_instance_key'], { name: 'engine_instances_parent' });
  // Children not yet delivered to their parent's call activity (set while the child runs).
  await qi.addIndex('engine_instances', ['parent_wait_key'], { name: 'engine_instances_parent_wait' });

  await qi.createTable('engine_jobs', {
    job_key: key(),
    instance_key: str(32),
    wait_key: str(128),
    process_id: str(128),
    element_id: str(128),
    type: str(128),
    state: str(16),
    retries: int(),
    headers: text(false),
    worker: str(64, true),
    deadline_at: date(),
    retry_at: date(),
    error_message: text(),
    created_at: date(false),
  });
  await qi.addIndex('engine_jobs', ['type', 'state', 'retry_at'], { name: 'engine_jobs_activatable' });
  await qi.addIndex('engine_jobs', ['instance_key'], { name: 'engine_jobs_instance' });

  await qi.createTable('engine_user_tasks', {
    task_key: key(),
    instance_key: str(32),
    wait_key: str(128),
    process_id: str(128),
    element_id: str(128),
    name: str(255),
    state: str(16),
    assignee: str(128, true),
    candidate_groups: text(false),
    candidate_users: text(false),
    due_date: date(),
    follow_up_date: date(),
    priority: int(50),
    form_id: str(255, true),
    created_at: date(false),
    completed_at: date(),
  });
  await qi.addIndex('engine_user_tasks', ['instance_key'], { name: 'engine_user_tasks_instance' });
  await qi.addIndex('engine_user_tasks', ['state', 'assignee'], { name: 'engine_user_tasks_state_assignee' });

  await qi.createTable('engine_timers', {
    timer_key: key(),
    instance_key: str(32),
    wait_key: str(128),
    element_id: str(128),
    due_at: date(false),
    fired_at: date(),
    created_at: date(false),
  });
  await qi.addIndex('engine_timers', ['fired_at', 'due_at'], { name: 'engine_timers_due' });
  await qi.addIndex('engine_timers', ['instance_key'], { name: 'engine_timers_instance' });

  await qi.createTable('engine_message_subscriptions', {
    subscription_key: key(),
    instance_key: str(32),
    wait_key: str(128),
    element_id: str(128),
    kind: str(16),
    name: str(255),
    correlation_key: str(255),
    created_at: date(false),
  });
  await qi.addIndex('engine_message_subscriptions', ['kind', 'name', 'correlation_key'], { name: 'engine_message_subscriptions_lookup' });
  await qi.addIndex('engine_message_subscriptions', ['instance_key'], { name: 'engine_message_subscriptions_instance' });

  await qi.createTable('engine_messages', {
    message_key: key(),
    name: str(255),
    correlation_key: str(255),
    message_id: str(255, true),
    variables: text(false),
    expires_at: date(false),
    correlated_at: date(),
    created_at: date(false),
  });
  await qi.addIndex('engine_messages', ['name', 'correlation_key'], { name: 'engine_messages_lookup' });
  await qi.addIndex('engine_messages', ['message_id'], { unique: true, name: 'engine_messages_message_id' });

  await qi.createTable('engine_incidents', {
    incident_key: key(),
    instance_key: str(32),
    element_id: str(128),
    error_type: str(32),
    error_message: text(false),
    state: str(16),
    job_key: str(32, true),
    retry_action: text(),
    created_at: date(false),
    resolved_at: date(),
  });
  await qi.addIndex('engine_incidents', ['instance_key'], { name: 'engine_incidents_instance' });
  await qi.addIndex('engine_incidents', ['state'], { name: 'engine_incidents_state' });
}

async function hasTable(seq: Sequelize, table: string): Promise<boolean> {
  const tables = (await seq.getQueryInterface().showAllTables()) as unknown[];
  return tables.some((t) => (typeof t === 'string' ? t : (t as { tableName?: string }).tableName) === table);
}

/** Create the group tables if they are missing (tests, benchmarks, stand-alone use). */
export async function ensureGroupSchema(seq: Sequelize): Promise<void> {
  if (!(await hasTable(seq, 'process_definitions'))) await createGroupEngineTables(seq.getQueryInterface());
}

/** Create the tenant tables if they are missing. */
export async function ensureTenantSchema(seq: Sequelize): Promise<void> {
  if (!(await hasTable(seq, 'engine_instances'))) await createTenantEngineTables(seq.getQueryInterface());
}
