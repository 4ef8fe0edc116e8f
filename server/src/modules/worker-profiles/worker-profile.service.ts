import { Op, QueryTypes, type Transaction } from 'sequelize';
import type { ErrorDetail, WorkerProfile, WorkerProfileBody } from '@warmline/contracts';
import type { AuditEntry } from '../../audit/audit.types.js';
import { AppError } from '../../core/app-error.js';
import type { Services } from '../../services.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { buildingNodeModel } from '../buildings/building-node.model.js';
import { userModel } from '../users/user.model.js';
import { parseCodes, parseIds, workerProfileModel, type WorkerProfileRow } from './worker-profile.model.js';
import { loadWorkerSkills } from './worker-skills.js';

export const WORKER_ROLES = ['repair_worker', 'grid_worker'] as const;

export interface WorkerUser {
  id: number;
  displayName: string;
  orgId: number;
}

const notAWorker = () =>
  new AppError('VALIDATION_FAILED', '该用户不是本分公司的维修人员或网格员', [
    { field: 'params.userId', message: '该用户不是本分公司的维修人员或网格员' },
  ]);

/** Repair / grid workers (enabled) placed at or below `orgId`. */
export async function workersUnder(services: Services, orgId: number): Promise<WorkerUser[]> {
  const org = await services.orgs.get(orgId);
  if (!org) return [];
  const orgIds = (await services.orgs.all()).filter((o) => o.path.startsWith(org.path)).map((o) => o.id);
  const rows = await services.dbs.group.query<{ id: number; display_name: string; org_id: number }>(
    `SELECT DISTINCT u.id, u.display_name, u.org_id FROM users u
       JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
      WHERE r.code IN (?) AND u.enabled = ? AND u.org_id IN (?) ORDER BY u.id`,
    { replacements: [[...WORKER_ROLES], true, orgIds], type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({ id: Number(r.id), displayName: r.display_name, orgId: Number(r.org_id) }));
}

/** The user, when it is a repair or grid worker of the subsidiary; else 422 naming the user id. */
export async function workerOf(services: Services, subsidiaryId: number, userId: number): Promise<WorkerUser> {
  const user = await userModel(services.dbs.group).findByPk(userId, { raw: true });
  if (!user || !(await services.orgs.isWithin(user.org_id, subsidiaryId))) throw notAWorker();
  const roles = await services.dbs.group.query<{ code: string }>(
    'SELECT r.code FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = ?',
    { replacements: [userId], type: QueryTypes.SELECT },
  );
  if (!roles.some((r) => (WORKER_ROLES as readonly string[]).includes(r.code))) throw notAWorker();
  return { id: Number(user.id), displayName: user.display_name, orgId: Number(user.org_id) };
}

async function toProfile(
  services: Services,
  tenant: TenantHandle,
  worker: WorkerUser,
  row: WorkerProfileRow | null,
): Promise<WorkerProfile> {
  const skillCodes = parseCodes(row?.skills);
  const areaIds = parseIds(row?.area_node_ids);
  const labels = new Map((await loadWorkerSkills(services.dbs.group)).map((s) => [s.code, s.label]));
  const nodes = areaIds.length
    ? await buildingNodeModel(tenant.db).findAll({ where: { id: { [Op.in]: areaIds } }, attributes: ['id', 'name', 'type'], raw: true })
    : [];
  const byId = new Map(nodes.map((n) => [Number(n.id), n]));
  return {
    userId: worker.id,
    displayName: worker.displayName,
    orgId: worker.orgId,
    orgName: (await services.orgs.get(worker.orgId))?.name ?? null,
    configured: row !== null,
    skills: skillCodes.map((code) => ({ code, label: labels.get(code) ?? code })),
    areas: areaIds.filter((id) => byId.has(id)).map((id) => ({ id, name: byId.get(id)!.name, type: byId.get(id)!.type })),
    onDuty: row ? Boolean(row.on_duty) : true,
    updatedAt: row ? new Date(row.updated_at).toISOString() : null,
  };
}

/** A worker's profile; a worker without one answers the defaults (no skills, no areas, on duty). */
export async function getWorkerProfile(services: Services, tenant: TenantHandle, userId: number): Promise<WorkerProfile> {
  const worker = await workerOf(services, tenant.subsidiaryId, userId);
  const row = await workerProfileModel(services.dbs.group).findByPk(userId, { raw: true });
  return toProfile(services, tenant, worker, row);
}

/**
 * Replace a worker's profile: skills must be codes of enabled `worker_skill` items, areas nodes of
 * the subsidiary's building tree (422 naming each bad entry). Group database, in the request's transaction.
 */
export async function putWorkerProfile(
  services: Services,
  tenant: TenantHandle,
  userId: number,
  body: WorkerProfileBody,
  tx: Transaction,
  audit: (e: AuditEntry) => Promise<void>,
): Promise<WorkerProfile> {
  const worker = await workerOf(services, tenant.subsidiaryId, userId);
  const details: ErrorDetail[] = [];
  const enabled = new Set((await loadWorkerSkills(services.dbs.group)).filter((s) => s.enabled).map((s) => s.code));
  body.skills.forEach((code, i) => {
    if (!enabled.has(code)) details.push({ field: `body.skills.${i}`, message: `技能「${code}」不存在或已停用` });
  });
  const areaIds = [...new Set(body.areaNodeIds)];
  const found = areaIds.length
    ? new Set(
        (await buildingNodeModel(tenant.db).findAll({ where: { id: { [Op.in]: areaIds } }, attributes: ['id'], raw: true })).map((n) =>
          Number(n.id),
        ),
      )
    : new Set<number>();
  body.areaNodeIds.forEach((id, i) => {
    if (!found.has(id)) details.push({ field: `body.areaNodeIds.${i}`, message: '服务片区必须是本分公司楼宇信息中的节点' });
  });
  if (details.length > 0) throw new AppError('VALIDATION_FAILED', '提交的数据有误', details);

  const Profiles = workerProfileModel(services.dbs.group);
  const before = await Profiles.findByPk(userId, { transaction: tx });
  const values = {
    subsidiary_id: tenant.subsidiaryId,
    skills: JSON.stringify([...new Set(body.skills)]),
    area_node_ids: JSON.stringify(areaIds),
    on_duty: body.onDuty,
  };
  const beforeView = before
    ? { skills: parseCodes(before.skills), areaNodeIds: parseIds(before.area_node_ids), onDuty: Boolean(before.on_duty) }
    : null;
  if (before) await before.update(values, { transaction: tx });
  else await Profiles.create({ user_id: userId, ...values }, { transaction: tx });
  await audit({
    action: 'workerProfile.update',
    entityType: 'worker_profile',
    entityId: userId,
    orgId: worker.orgId,
    before: beforeView,
    after: { skills: JSON.parse(values.skills) as string[], areaNodeIds: areaIds, onDuty: body.onDuty },
    reason: body.reason ?? null,
  });
  const row = await Profiles.findByPk(userId, { transaction: tx, raw: true });
  return toProfile(services, tenant, worker, row);
}
