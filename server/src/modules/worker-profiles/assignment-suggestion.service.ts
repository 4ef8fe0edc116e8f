import { Op, fn, col as column } from 'sequelize';
import { SUGGESTION_WEIGHTS as W, type AssignmentSuggestions } from '@warmline/contracts';
import { AppError, forbidden, notFound } from '../../core/app-error.js';
import type { Services } from '../../services.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { buildingNodeModel } from '../buildings/building-node.model.js';
import { houseModel } from '../houses/house.model.js';
import { ticketModel } from '../tickets/ticket.model.js';
import type { TicketScope } from '../tickets/ticket-scope.js';
import { parseCodes, parseIds, workerProfileModel } from './worker-profile.model.js';
import { workersUnder } from './worker-profile.service.js';
import { loadWorkerSkills, requiredSkills } from './worker-skills.js';

/** Tickets that keep a worker busy (open workload). */
const BUSY = ['pending_accept', 'in_progress'];

/**
 * Ranked workers of the ticket's station for assigning it (派工建议). Score (weights in
 * SUGGESTION_WEIGHTS): skill match × 100, workload 60 − 15 per open ticket (≥ 0), 20 when the
 * ticket's house lies under one of the worker's areas, 10 when on duty; ties by lower workload,
 * then user id. Each suggestion says why, in Chinese.
 */
export async function suggestAssignees(
  services: Services,
  tenant: TenantHandle,
  scope: TicketScope,
  ticketId: number,
): Promise<AssignmentSuggestions> {
  const ticket = await ticketModel(tenant.db).findByPk(ticketId);
  if (!ticket) throw notFound('工单');
  const stationId = ticket.station_id === null ? null : Number(ticket.station_id);
  if (!scope.all && (stationId === null || !scope.stationIds.includes(stationId))) throw forbidden('只有工单所属站部可以查看派工建议');
  if (stationId === null) throw new AppError('TICKET_STATE_CONFLICT', '工单尚未派往站部，不能给出派工建议');

  const workers = await workersUnder(services, stationId);
  const ids = workers.map((w) => w.id);
  const [skills, profiles, loads, housePath] = await Promise.all([
    loadWorkerSkills(services.dbs.group),
    ids.length ? workerProfileModel(services.dbs.group).findAll({ where: { user_id: { [Op.in]: ids } }, raw: true }) : [],
    ids.length
      ? (ticketModel(tenant.db).findAll({
          attributes: ['worker_id', [fn('COUNT', column('id')), 'n']],
          where: { worker_id: { [Op.in]: ids }, status: { [Op.in]: BUSY } },
          group: ['worker_id'],
          raw: true,
        }) as unknown as Promise<{ worker_id: number; n: number | string }[]>)
      : [],
    pathOfHouse(tenant, ticket.house_id),
  ]);
  const needed = requiredSkills(skills, ticket.type_code, ticket.category_code);
  const profileOf = new Map(profiles.map((p) => [Number(p.user_id), p]));
  const loadOf = new Map(loads.map((l) => [Number(l.worker_id), Number(l.n)]));
  const areaIds = [...new Set(profiles.flatMap((p) => parseIds(p.area_node_ids)))];
  const areaNames = new Map(
    areaIds.length
      ? (await buildingNodeModel(tenant.db).findAll({ where: { id: { [Op.in]: areaIds } }, attributes: ['id', 'name'], raw: true })).map(
          (n) => [Number(n.id), n.name],
        )
      : [],
  );

  const items = workers.map((w) => {
    const profile = profileOf.get(w.id);
    const has = new Set(parseCodes(profile?.skills));
    const matched = needed.filter((s) => has.has(s.code));
    const missing = needed.filter((s) => !has.has(s.code));
    const skillMatch = needed.length === 0 ? 1 : matched.length / needed.length;
    const open = loadOf.get(w.id) ?? 0;
    const area = housePath ? parseIds(profile?.area_node_ids).find((id) => housePath.includes(`/${id}/`)) : undefined;
    const onDuty = profile ? Boolean(profile.on_duty) : true;
    const workload = Math.max(0, W.workloadMax - W.workloadPerTicket * open);
    const score = Math.round(W.skill * skillMatch + workload + (area ? W.area : 0) + (onDuty ? W.onDuty : 0));
    const labels = (list: typeof needed) => list.map((s) => s.label).join('、');
    const reasons = [
      needed.length === 0
        ? '该类工单无特定技能要求'
        : missing.length === 0
          ? `技能匹配：${labels(matched)}`
          : matched.length > 0
            ? `部分技能匹配：具备${labels(matched)}，缺少${labels(missing)}`
            : `缺少所需技能：${labels(missing)}`,
      open === 0 ? '当前无在办工单' : `在办工单 ${open} 件`,
      area ? `服务片区包含该房屋（${areaNames.get(area) ?? area}）` : housePath ? '该房屋不在其服务片区' : '工单未关联房屋，不计片区',
      onDuty ? '在岗' : '不在岗',
    ];
    if (!profile) reasons.push('尚未维护人员档案（按无技能、在岗计）');
    return { workerId: w.id, displayName: w.displayName, score, skillMatch, openWorkload: open, inArea: Boolean(area), onDuty, reasons };
  });
  items.sort((a, b) => b.score - a.score || a.openWorkload - b.openWorkload || a.workerId - b.workerId);
  return { ticketId, stationId, requiredSkills: needed.map((s) => ({ code: s.code, label: s.label })), items };
}

/** The building-tree path of the ticket's house (its unit's path), or null without a house. */
async function pathOfHouse(tenant: TenantHandle, houseId: number | null): Promise<string | null> {
  if (houseId === null) return null;
  const house = await houseModel(tenant.db).findByPk(houseId, { attributes: ['unit_id'], raw: true });
  if (!house) return null;
  const unit = await buildingNodeModel(tenant.db).findByPk(house.unit_id, { attributes: ['path'], raw: true });
  return unit?.path ?? null;
}
