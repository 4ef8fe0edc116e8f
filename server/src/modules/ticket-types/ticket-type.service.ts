import { QueryTypes, type Transaction } from 'sequelize';
import type { z } from 'zod';
import { DEFAULT_TICKET_PROCESS_ID, type TicketTypeItem, type ticketTypeCreateBody, type ticketTypeUpdateBody } from '@warmline/contracts';
import type { AuditEntry } from '../../audit/audit.types.js';
import { AppError, conflict, duplicate, notFound } from '../../core/app-error.js';
import { snapshot } from '../../db/snapshot.js';
import type { Services } from '../../services.js';
import { ticketTypeModel, type TicketTypeRow } from './ticket-type.model.js';
import { assertIntakeForm, assertTicketProcess } from './ticket-type.rules.js';
import { removeDictMirror, syncDictMirror } from './ticket-type-dict-sync.js';

type Audit = (e: AuditEntry) => Promise<void>;

const rootOrgId = async (services: Services) => (await services.orgs.all()).find((o) => o.parent_id === null)?.id ?? null;

export const toTicketType = (r: TicketTypeRow): TicketTypeItem => ({
  id: r.id,
  code: r.code,
  name: r.name,
  description: r.description ?? null,
  core: Boolean(r.core),
  enabled: Boolean(r.enabled),
  isConsultation: Boolean(r.is_consultation),
  intakeFormId: r.intake_form_id ?? null,
  processId: r.process_id,
  sort: r.sort,
});

const protectedError = (field: string, message: string) => new AppError('PROTECTED', message, [{ field, message }]);

export async function listTicketTypes(services: Services, includeDisabled = false): Promise<TicketTypeItem[]> {
  const rows = await ticketTypeModel(services.dbs.group).findAll({
    where: includeDisabled ? {} : { enabled: true },
    order: [
      ['sort', 'ASC'],
      ['id', 'ASC'],
    ],
    raw: true,
  });
  return rows.map(toTicketType);
}

/** An enabled ticket type, or undefined: what intake and the knowledge base validate codes against. */
export async function enabledTicketType(services: Services, code: string, tx?: Transaction): Promise<TicketTypeItem | undefined> {
  const row = await ticketTypeModel(services.dbs.group).findOne({ where: { code, enabled: true }, raw: true, transaction: tx });
  return row ? toTicketType(row) : undefined;
}

async function findType(services: Services, code: string, tx: Transaction) {
  const row = await ticketTypeModel(services.dbs.group).findOne({ where: { code }, transaction: tx });
  if (!row) throw notFound('工单类型');
  return row;
}

export async function getTicketType(services: Services, code: string): Promise<TicketTypeItem> {
  const row = await ticketTypeModel(services.dbs.group).findOne({ where: { code }, raw: true });
  if (!row) throw notFound('工单类型');
  return toTicketType(row);
}

async function assertNameFree(services: Services, name: string, tx: Transaction, exceptId?: number) {
  const other = await ticketTypeModel(services.dbs.group).findOne({ where: { name }, raw: true, transaction: tx });
  if (other && other.id !== exceptId) throw duplicate('body.name', '已有同名工单类型');
}

export async function createTicketType(
  services: Services,
  body: z.output<typeof ticketTypeCreateBody>,
  tx: Transaction,
  audit: Audit,
): Promise<TicketTypeItem> {
  const model = ticketTypeModel(services.dbs.group);
  if (await model.findOne({ where: { code: body.code }, transaction: tx })) throw duplicate('body.code', '工单类型编码已存在');
  await assertNameFree(services, body.name, tx);
  if (body.intakeFormId) await assertIntakeForm(services, body.intakeFormId, tx);
  const processId = body.processId ?? DEFAULT_TICKET_PROCESS_ID;
  await assertTicketProcess(services, processId);
  const created = await model.create(
    {
      code: body.code,
      name: body.name,
      description: body.description || null,
      core: false,
      enabled: body.enabled ?? true,
      is_consultation: body.isConsultation ?? false,
      intake_form_id: body.intakeFormId ?? null,
      process_id: processId,
      sort: body.sort ?? 1000,
    },
    { transaction: tx },
  );
  const row = created.get({ plain: true });
  await syncDictMirror(services, row, tx);
  await audit({
    action: 'ticket-type.create',
    entityType: 'ticket_type',
    entityId: row.id,
    orgId: await rootOrgId(services),
    after: row,
    reason: body.reason,
  });
  return toTicketType(row);
}

export async function updateTicketType(
  services: Services,
  code: string,
  body: z.output<typeof ticketTypeUpdateBody>,
  tx: Transaction,
  audit: Audit,
): Promise<TicketTypeItem> {
  const row = await findType(services, code, tx);
  if (row.core) {
    if (body.enabled === false) throw protectedError('body.enabled', '核心工单类型不能停用');
    if (body.isConsultation !== undefined && body.isConsultation !== Boolean(row.is_consultation)) {
      throw protectedError('body.isConsultation', '核心工单类型的咨询属性不能修改');
    }
    if (body.processId !== undefined && body.processId !== row.process_id) {
      throw protectedError('body.processId', '核心工单类型固定使用集团工单流程，不能更换');
    }
  }
  if (body.name !== undefined) await assertNameFree(services, body.name, tx, row.id);
  if (body.intakeFormId) await assertIntakeForm(services, body.intakeFormId, tx);
  if (body.processId !== undefined) await assertTicketProcess(services, body.processId);
  const before = snapshot(row);
  await row.update(
    {
      ...(body.name !== undefined && { name: body.name }),
      ...(body.description !== undefined && { description: body.description || null }),
      ...(body.enabled !== undefined && { enabled: body.enabled }),
      ...(body.isConsultation !== undefined && { is_consultation: body.isConsultation }),
      ...(body.intakeFormId !== undefined && { intake_form_id: body.intakeFormId }),
      ...(body.processId !== undefined && { process_id: body.processId }),
      ...(body.sort !== undefined && { sort: body.sort }),
    },
    { transaction: tx },
  );
  const after = row.get({ plain: true });
  await syncDictMirror(services, after, tx);
  await audit({
    action: 'ticket-type.update',
    entityType: 'ticket_type',
    entityId: row.id,
    orgId: await rootOrgId(services),
    before,
    after,
    reason: body.reason,
  });
  return toTicketType(after);
}

/** Whether any subsidiary has a ticket of this type (a rare admin action: a scan per subsidiary is fine). */
async function typeInUse(services: Services, code: string): Promise<boolean> {
  const subsidiaries = (await services.orgs.all()).filter((o) => o.type === 'subsidiary' && o.db_name);
  for (const s of subsidiaries) {
    const tenant = await services.tenants.byId(s.id);
    const rows = await tenant.db.query('SELECT id FROM tickets WHERE type_code = ? LIMIT 1', {
      replacements: [code],
      type: QueryTypes.SELECT,
    });
    if (rows.length) return true;
  }
  return false;
}

export async function deleteTicketType(services: Services, code: string, tx: Transaction, audit: Audit, reason?: string): Promise<void> {
  const row = await findType(services, code, tx);
  if (row.core) throw new AppError('PROTECTED', '核心工单类型不能删除');
  if (await typeInUse(services, code)) throw conflict('该工单类型已有工单，不能删除；可改为停用');
  const before = snapshot(row);
  await row.destroy({ transaction: tx });
  await removeDictMirror(services, code, tx);
  await audit({
    action: 'ticket-type.delete',
    entityType: 'ticket_type',
    entityId: before.id as number,
    orgId: await rootOrgId(services),
    before,
    reason,
  });
}
