import type { Transaction } from 'sequelize';
import type { z } from 'zod';
import type { SlaPreview, SlaRule, slaPreviewBody, slaRuleCreateBody, slaRuleUpdateBody } from '@warmline/contracts';
import type { AuditEntry } from '../../audit/audit.types.js';
import { AppError, conflict, invalid, notFound } from '../../core/app-error.js';
import { snapshot } from '../../db/snapshot.js';
import type { Services } from '../../services.js';
import { findCalendar } from '../business-calendars/business-calendar.service.js';
import { groupRootOrgId } from '../business-calendars/group-root.js';
import { enabledDictItem } from '../dictionaries/dictionary.service.js';
import { slaRuleModel, type SlaRuleRow } from './sla-rule.model.js';
import { ruleSpecificity, selectRule, type RuleCriteria } from './sla-rule-match.js';
import { scheduleFor } from './sla-schedule.js';

type Audit = (e: AuditEntry) => Promise<void>;

export const toSlaRule = (r: SlaRuleRow): SlaRule => ({
  id: r.id,
  name: r.name,
  description: r.description,
  ticketType: r.ticket_type,
  urgency: r.urgency,
  source: r.source,
  handleMinutes: r.handle_minutes,
  remindBeforeMinutes: r.remind_before_minutes,
  timeMode: r.time_mode,
  calendarId: r.calendar_id,
  pauseOnCustomerWait: Boolean(r.pause_on_customer_wait),
  enabled: Boolean(r.enabled),
  specificity: ruleSpecificity({ ticketType: r.ticket_type, urgency: r.urgency, source: r.source }),
});

export async function listSlaRules(services: Services): Promise<SlaRule[]> {
  const rows = await slaRuleModel(services.dbs.group).findAll({ order: [['id', 'ASC']], raw: true });
  return rows.map(toSlaRule).sort((a, b) => b.specificity - a.specificity || a.id - b.id);
}

async function findRule(services: Services, id: number, tx?: Transaction) {
  const row = await slaRuleModel(services.dbs.group).findByPk(id, { transaction: tx });
  if (!row) throw notFound('时限规则');
  return row;
}

const DICTS = [
  ['ticketType', 'ticket_type', '工单类型'],
  ['urgency', 'urgency', '紧急程度'],
  ['source', 'ticket_source', '工单来源'],
] as const;

/** Codes must be enabled dictionary items; a business rule needs an existing calendar; one rule per combination. */
async function checkRule(services: Services, v: SlaRuleRow, tx: Transaction, exceptId?: number) {
  const fields = { ticketType: v.ticket_type, urgency: v.urgency, source: v.source };
  for (const [field, category, label] of DICTS) {
    const code = fields[field];
    if (code && !(await enabledDictItem(services, category, code, tx))) throw invalid(`body.${field}`, `${label}“${code}”不存在或已停用`);
  }
  if (v.time_mode === 'business') {
    if (!v.calendar_id) throw invalid('body.calendarId', '按工作时间计时须选择工作日历');
    await findCalendar(services, v.calendar_id, tx).catch(() => {
      throw invalid('body.calendarId', '工作日历不存在');
    });
  }
  if (v.remind_before_minutes >= v.handle_minutes) throw invalid('body.remindBeforeMinutes', '提醒提前量须小于处理时限');
  const same = await slaRuleModel(services.dbs.group).findAll({
    where: { ticket_type: v.ticket_type, urgency: v.urgency, source: v.source },
    raw: true,
    transaction: tx,
  });
  const other = same.find((r) => r.id !== exceptId);
  if (other)
    throw new AppError('DUPLICATE', `已有相同条件的时限规则“${other.name}”`, [
      { field: 'body.ticketType', message: '该工单类型、紧急程度、来源组合已有规则' },
    ]);
}

export async function createSlaRule(services: Services, body: z.output<typeof slaRuleCreateBody>, tx: Transaction, audit: Audit) {
  const values = {
    name: body.name,
    description: body.description || null,
    ticket_type: body.ticketType ?? null,
    urgency: body.urgency ?? null,
    source: body.source ?? null,
    handle_minutes: body.handleMinutes,
    remind_before_minutes: body.remindBeforeMinutes,
    time_mode: body.timeMode,
    calendar_id: body.timeMode === 'business' ? (body.calendarId ?? null) : null,
    pause_on_customer_wait: body.pauseOnCustomerWait ?? false,
    enabled: body.enabled ?? true,
  };
  await checkRule(services, { id: 0, ...values }, tx);
  const row = (await slaRuleModel(services.dbs.group).create(values, { transaction: tx })).get({ plain: true });
  await audit({
    action: 'sla-rule.create',
    entityType: 'sla_rule',
    entityId: row.id,
    orgId: await groupRootOrgId(services),
    after: row,
    reason: body.reason,
  });
  return toSlaRule(row);
}

export async function updateSlaRule(
  services: Services,
  id: number,
  body: z.output<typeof slaRuleUpdateBody>,
  tx: Transaction,
  audit: Audit,
) {
  const row = await findRule(services, id, tx);
  const before = snapshot(row);
  const next: SlaRuleRow = {
    ...before,
    ...(body.name !== undefined && { name: body.name }),
    ...(body.description !== undefined && { description: body.description || null }),
    ...(body.ticketType !== undefined && { ticket_type: body.ticketType }),
    ...(body.urgency !== undefined && { urgency: body.urgency }),
    ...(body.source !== undefined && { source: body.source }),
    ...(body.handleMinutes !== undefined && { handle_minutes: body.handleMinutes }),
    ...(body.remindBeforeMinutes !== undefined && { remind_before_minutes: body.remindBeforeMinutes }),
    ...(body.timeMode !== undefined && { time_mode: body.timeMode }),
    ...(body.calendarId !== undefined && { calendar_id: body.calendarId }),
    ...(body.pauseOnCustomerWait !== undefined && { pause_on_customer_wait: body.pauseOnCustomerWait }),
    ...(body.enabled !== undefined && { enabled: body.enabled }),
  };
  if (next.time_mode === 'natural') next.calendar_id = null;
  await checkRule(services, next, tx, id);
  const { id: _id, ...changes } = next;
  await row.update(changes, { transaction: tx });
  const after = row.get({ plain: true });
  await audit({
    action: 'sla-rule.update',
    entityType: 'sla_rule',
    entityId: id,
    orgId: await groupRootOrgId(services),
    before,
    after,
    reason: body.reason,
  });
  return toSlaRule(after);
}

export async function deleteSlaRule(services: Services, id: number, tx: Transaction, audit: Audit, reason?: string) {
  const row = await findRule(services, id, tx);
  const before = snapshot(row);
  await row.destroy({ transaction: tx });
  await audit({ action: 'sla-rule.delete', entityType: 'sla_rule', entityId: id, orgId: await groupRootOrgId(services), before, reason });
}

/** The enabled rule that applies to a ticket: the most specific match. */
export async function resolveSlaRule(services: Services, criteria: RuleCriteria, tx?: Transaction): Promise<SlaRule> {
  const rows = await slaRuleModel(services.dbs.group).findAll({ where: { enabled: true }, raw: true, transaction: tx });
  const rule = selectRule(rows.map(toSlaRule), criteria);
  if (!rule) throw conflict('没有适用的时限规则：请至少配置一条不限条件的默认规则');
  return rule;
}

export async function getSlaRule(services: Services, id: number, tx?: Transaction): Promise<SlaRule | undefined> {
  const row = await slaRuleModel(services.dbs.group).findByPk(id, { raw: true, transaction: tx });
  return row ? toSlaRule(row) : undefined;
}

/** Which rule a ticket would get and its due / reminder times, for admins checking their rules. */
export async function previewSla(services: Services, body: z.output<typeof slaPreviewBody>, now: Date): Promise<SlaPreview> {
  const rule = await resolveSlaRule(services, {
    ticketType: body.ticketType ?? null,
    urgency: body.urgency ?? null,
    source: body.source ?? null,
  });
  const start = body.startAt ? new Date(body.startAt) : now;
  const s = await scheduleFor(services, rule, { segmentStart: start, consumedMinutes: 0, extendedMinutes: 0 });
  return { rule, startAt: start.toISOString(), dueAt: s.dueAt.toISOString(), remindAt: s.remindAt.toISOString() };
}
