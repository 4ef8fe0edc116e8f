import { Op, QueryTypes, type Transaction } from 'sequelize';
import type { z } from 'zod';
import {
  DEFAULT_TIME_ZONE,
  type BusinessCalendar,
  type CalendarOverrides,
  type OverrideKind,
  type WorkingHours,
  type calendarCreateBody,
  type calendarOverridesBody,
  type calendarUpdateBody,
} from '@warmline/contracts';
import type { AuditEntry } from '../../audit/audit.types.js';
import { conflict, duplicate, invalid, notFound } from '../../core/app-error.js';
import { snapshot } from '../../db/snapshot.js';
import type { Services } from '../../services.js';
import { slaRuleModel } from '../sla/sla-rule.model.js';
import { businessCalendarModel, calendarOverrideModel, type BusinessCalendarRow } from './business-calendar.model.js';
import type { CalendarSpec } from './business-time.js';
import { groupRootOrgId } from './group-root.js';

type Audit = (e: AuditEntry) => Promise<void>;

async function overrideYears(services: Services, ids: number[], tx?: Transaction): Promise<Map<number, Record<string, number>>> {
  const out = new Map<number, Record<string, number>>();
  if (ids.length === 0) return out;
  const rows = await services.dbs.group.query<{ calendar_id: number; y: string; n: number | string }>(
    `SELECT calendar_id, SUBSTR(date, 1, 4) AS y, COUNT(*) AS n FROM calendar_overrides WHERE calendar_id IN (${ids.map(Number).join(',')}) GROUP BY calendar_id, SUBSTR(date, 1, 4)`,
    { type: QueryTypes.SELECT, transaction: tx },
  );
  for (const r of rows) {
    const years = out.get(Number(r.calendar_id)) ?? {};
    years[String(r.y)] = Number(r.n);
    out.set(Number(r.calendar_id), years);
  }
  return out;
}

const toCalendar = (r: BusinessCalendarRow, years: Record<string, number> = {}): BusinessCalendar => ({
  id: r.id,
  name: r.name,
  description: r.description,
  timeZone: r.time_zone,
  workingHours: JSON.parse(r.working_hours_json) as WorkingHours,
  overrideYears: years,
});

export async function findCalendar(services: Services, id: number, tx?: Transaction) {
  const row = await businessCalendarModel(services.dbs.group).findByPk(id, { transaction: tx });
  if (!row) throw notFound('工作日历');
  return row;
}

async function present(services: Services, row: BusinessCalendarRow, tx?: Transaction) {
  return toCalendar(row, (await overrideYears(services, [row.id], tx)).get(row.id));
}

export async function listCalendars(services: Services): Promise<BusinessCalendar[]> {
  const rows = await businessCalendarModel(services.dbs.group).findAll({ order: [['id', 'ASC']], raw: true });
  const years = await overrideYears(
    services,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toCalendar(r, years.get(r.id)));
}

async function assertNameFree(services: Services, name: string, tx: Transaction, exceptId?: number) {
  const other = await businessCalendarModel(services.dbs.group).findOne({ where: { name }, raw: true, transaction: tx });
  if (other && other.id !== exceptId) throw duplicate('body.name', '已有同名工作日历');
}

export async function createCalendar(services: Services, body: z.output<typeof calendarCreateBody>, tx: Transaction, audit: Audit) {
  await assertNameFree(services, body.name, tx);
  const created = await businessCalendarModel(services.dbs.group).create(
    {
      name: body.name,
      description: body.description || null,
      time_zone: body.timeZone ?? DEFAULT_TIME_ZONE,
      working_hours_json: JSON.stringify(body.workingHours),
    },
    { transaction: tx },
  );
  const row = created.get({ plain: true });
  await audit({
    action: 'calendar.create',
    entityType: 'business_calendar',
    entityId: row.id,
    orgId: await groupRootOrgId(services),
    after: row,
    reason: body.reason,
  });
  return toCalendar(row);
}

export async function updateCalendar(
  services: Services,
  id: number,
  body: z.output<typeof calendarUpdateBody>,
  tx: Transaction,
  audit: Audit,
) {
  const row = await findCalendar(services, id, tx);
  if (body.name !== undefined) await assertNameFree(services, body.name, tx, id);
  const before = snapshot(row);
  await row.update(
    {
      ...(body.name !== undefined && { name: body.name }),
      ...(body.description !== undefined && { description: body.description || null }),
      ...(body.timeZone !== undefined && { time_zone: body.timeZone }),
      ...(body.workingHours !== undefined && { working_hours_json: JSON.stringify(body.workingHours) }),
    },
    { transaction: tx },
  );
  const after = row.get({ plain: true });
  await audit({
    action: 'calendar.update',
    entityType: 'business_calendar',
    entityId: id,
    orgId: await groupRootOrgId(services),
    before,
    after,
    reason: body.reason,
  });
  return present(services, after, tx);
}

/** Delete a calendar and its overrides; refused while an SLA rule counts on it. */
export async function deleteCalendar(services: Services, id: number, tx: Transaction, audit: Audit, reason?: string) {
  const row = await findCalendar(services, id, tx);
  const users = await slaRuleModel(services.dbs.group).findAll({ where: { calendar_id: id }, raw: true, transaction: tx });
  if (users.length > 0) {
    throw conflict(`该工作日历正被时限规则使用（${users.map((u) => u.name).join('、')}），不能删除`);
  }
  const overrides = await calendarOverrideModel(services.dbs.group).findAll({ where: { calendar_id: id }, raw: true, transaction: tx });
  const before = { ...snapshot(row), overrides: overrides.length };
  await calendarOverrideModel(services.dbs.group).destroy({ where: { calendar_id: id }, transaction: tx });
  await row.destroy({ transaction: tx });
  await audit({
    action: 'calendar.delete',
    entityType: 'business_calendar',
    entityId: id,
    orgId: await groupRootOrgId(services),
    before,
    reason,
  });
}

const yearWhere = (year: number) => ({ [Op.gte]: `${year}-01-01`, [Op.lte]: `${year}-12-31` });

export async function getOverrides(services: Services, id: number, year: number, tx?: Transaction): Promise<CalendarOverrides> {
  await findCalendar(services, id, tx);
  const rows = await calendarOverrideModel(services.dbs.group).findAll({
    where: { calendar_id: id, date: yearWhere(year) },
    order: [['date', 'ASC']],
    raw: true,
    transaction: tx,
  });
  return { calendarId: id, year, items: rows.map((r) => ({ date: r.date, kind: r.kind, name: r.name })) };
}

/** Replace every override of one year with the given list (dates must lie in that year). */
export async function replaceOverrides(
  services: Services,
  id: number,
  year: number,
  body: z.output<typeof calendarOverridesBody>,
  tx: Transaction,
  audit: Audit,
): Promise<CalendarOverrides> {
  body.items.forEach((it, i) => {
    if (!it.date.startsWith(`${year}-`)) throw invalid(`body.items.${i}.date`, `日期 ${it.date} 不在 ${year} 年内`);
  });
  const before = await getOverrides(services, id, year, tx);
  const model = calendarOverrideModel(services.dbs.group);
  await model.destroy({ where: { calendar_id: id, date: yearWhere(year) }, transaction: tx });
  const items = [...body.items].sort((a, b) => a.date.localeCompare(b.date));
  if (items.length)
    await model.bulkCreate(
      items.map((it) => ({ calendar_id: id, ...it })),
      { transaction: tx },
    );
  await audit({
    action: 'calendar.overrides.replace',
    entityType: 'business_calendar',
    entityId: id,
    orgId: await groupRootOrgId(services),
    before: before.items,
    after: { year, items },
    reason: body.reason,
  });
  return { calendarId: id, year, items };
}

/** The calendar as the business-time functions need it (all years' overrides). */
export async function loadCalendarSpec(services: Services, id: number, tx?: Transaction): Promise<CalendarSpec> {
  const row = await findCalendar(services, id, tx);
  const overrides = await calendarOverrideModel(services.dbs.group).findAll({ where: { calendar_id: id }, raw: true, transaction: tx });
  return {
    timeZone: row.time_zone,
    workingHours: JSON.parse(row.working_hours_json) as WorkingHours,
    overrides: new Map<string, OverrideKind>(overrides.map((o) => [o.date, o.kind])),
  };
}
